// Writes X1 documents (ETSI TS 103 221-1) from the typed model: X1Response with one
// x1ResponseMessage per Response, X1TopLevelErrorResponse, and X1Request documents (the
// requests the gateway originates: ReportTaskIssue / ReportDestinationIssue /
// ReportNEIssue; any Request, for tests and tools).
// Output is compact UTF-8 XML in the X1 namespace (TS 103 280 children of ipAddressAndPort
// and tcpPortRange in theirs, 3GPP extensions in theirs), elements in schema order. Text is
// escaped; CR is written as &#13; so SDP keeps its CRLF; octets that XML cannot carry
// (invalid UTF-8, control characters) become '?'. The output validates against
// X1All.xsd (X1All-3GPP.xsd when 3GPP extensions are present) as long as the model's
// strings meet their schema types (identifiers are xs:token, version matches v1.x.y, the
// timestamp is a QualifiedMicrosecondDateTime; UnsupportedTarget entries are not written).
// Thread-safe: functions of their arguments only.
#pragma once

#include <string>
#include <vector>

#include "proto/li/x1/model.h"

namespace msrpgw::proto::li::x1 {

std::string buildResponse(const std::vector<Response>& messages);
std::string buildTopLevelError(const MessageHeader& header);
std::string buildRequest(const std::vector<Request>& messages);
std::string buildReports(const std::vector<Report>& messages);

// The answer to a message the parser rejected, or to any request the server refuses:
// an ErrorResponse echoing the request's identifiers and transaction id, with our
// `timestamp` and kX1Version.
Response makeErrorResponse(const MessageHeader& request_header, RequestType type, Errc code,
                           std::string description, std::string timestamp);
Response makeErrorResponse(const RejectedRequest& rejected, std::string timestamp);

// XML text escaping as described above (exposed for tests).
std::string escapeXmlText(std::string_view text);

}  // namespace msrpgw::proto::li::x1
