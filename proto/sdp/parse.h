// parse(): the SDP of an H.248 Local or Remote descriptor into the typed model (model.h).
// Takes a full SDP (RFC 4566) or the usual H.248 fragment (v=0, c=, m=, a= without
// o=/s=/t=), LF or CRLF line ends, leading blanks on lines, and the H.248 CHOOSE wildcard
// '$' as the c= address and the m= port. sofia-sip's sdp_parse() does the SDP parsing
// (line_scan.h says what is checked and rewritten before it); this layer interprets the
// MSRP attributes of every m=message line with transport TCP/MSRP or TCP/TLS/MSRP.
// The result owns its strings; `text` may die after the call.
// Errors (offset: start of the offending line in `text`, or kNoOffset):
//   kSyntax          a line sofia-sip or the line check (line_scan.h) rejects: not
//                    <type>=, unknown type letter, control characters, non-ASCII outside
//                    text fields, m= fields that are not tokens or lack a format; a port
//                    above 65535, a port count (m=message 7394/2), several c= lines in one
//                    media description, a c=/o= address that is not an IP literal or name
//   kNoMessageMedia  no m=message line with an MSRP transport
//   kBadTransport    m=message with another transport (e.g. TCP/WS/MSRP)
//   kBadPath         a=path twice, without value, or not MSRP URIs (proto/msrp parsePath)
//   kBadSetup, kBadConnection, kBadMaxSize, kBadDirection, kBadAcceptTypes: bad value or
//                    the attribute twice
//   kConflict        the endpoint's own (last) path URI is msrps:// on TCP/MSRP or
//                    msrp:// on TCP/TLS/MSRP (RFC 4975 section 8.1)
// Thread-safe: reentrant; each call has its own sofia-sip home.
#pragma once

#include <cstdint>
#include <string_view>

#include "proto/base/result.h"
#include "proto/sdp/model.h"

namespace msrpgw::proto::sdp {

Result<Sdp> parse(std::string_view text);

// 1-based line number of byte `offset` in `text` (0 for kNoOffset).
uint32_t lineAt(std::string_view text, uint32_t offset);

}  // namespace msrpgw::proto::sdp
