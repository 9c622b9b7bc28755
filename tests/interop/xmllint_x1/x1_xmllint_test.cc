// xmllint (libxml2-utils) as the oracle for every X1 document we emit: each response kind,
// error responses (including a 1010 made from a schema error), the top-level error,
// NE-originated reports and requests, validated with `xmllint --noout --schema` against
// the ETSI set (X1All.xsd) and the set with the 3GPP extension (X1All-3GPP.xsd) from the
// shared reference folder beside the repository. Values are read back with --xpath.
#include <gtest/gtest.h>

#include <fstream>

#include "proto/li/x1/build.h"
#include "proto/li/x1/parse.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"
#include "tests/unit/li/x1_samples.h"

namespace msrpgw::proto::li::x1 {
namespace {

namespace s = test::li;

std::string writeTemp(const std::string& name, const std::string& text) {
  std::string path = test::tempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Runs xmllint --schema; returns its exit code, with stderr in `err`.
int xmllint(const std::string& xsd, const std::string& doc_path, std::string* err = nullptr) {
  auto r = test::runCommand({"xmllint", "--noout", "--schema", xsd, doc_path});
  if (err) *err = r.err;
  return r.exit_code;
}

std::string xpath(const std::string& doc_path, const std::string& expr) {
  auto r = test::runCommand({"xmllint", "--xpath", expr, doc_path});
  EXPECT_EQ(r.exit_code, 0) << expr << ": " << r.err;
  std::string out = r.out;
  if (!out.empty() && out.back() == '\n') out.pop_back();  // xmllint ends --xpath with one
  return out;
}

void expectValid(const std::string& name, const std::string& xml, bool etsi_too) {
  const std::string path = writeTemp(name, xml);
  std::string err;
  EXPECT_EQ(xmllint(s::threeGppSchema(), path, &err), 0) << name << "\n" << err << "\n" << xml;
  if (etsi_too) {
    EXPECT_EQ(xmllint(s::etsiSchema(), path, &err), 0) << name << "\n" << err << "\n" << xml;
  }
}

TEST(XmllintX1, TheOracleRejectsAnInvalidDocument) {
  MessageHeader h = s::header(1);
  h.version = "2.0";  // not v1.x.y
  const std::string path = writeTemp("bad_version.xml", buildTopLevelError(h));
  std::string err;
  EXPECT_NE(xmllint(s::etsiSchema(), path, &err), 0);
  EXPECT_NE(err.find("version"), std::string::npos) << err;
}

TEST(XmllintX1, EveryResponseKindValidates) {
  const std::string etsi = buildResponse(s::responses(s::etsiTask()));
  expectValid("responses_etsi.xml", etsi, true);
  const std::string path = writeTemp("responses_etsi_read.xml", etsi);
  EXPECT_EQ(xpath(path, "count(//*[local-name()='x1ResponseMessage'])"),
            std::to_string(s::responses(s::etsiTask()).size()));
  EXPECT_EQ(xpath(path, "string((//*[local-name()='errorCode'])[1])"), "2010");
  EXPECT_EQ(xpath(path, "string((//*[local-name()='correlationID'])[1])"), "18446744073709551615");
  EXPECT_EQ(xpath(path, "string((//*[local-name()='friendlyName'])[1])"), "MDF3 <north> & co");
  // Responses echoing an LI_T3 task carry 3GPP elements: valid with the 3GPP set only.
  const std::string t3 = buildResponse(s::responses(s::t3Task()));
  expectValid("responses_t3.xml", t3, false);
  std::string err;
  EXPECT_NE(xmllint(s::etsiSchema(), writeTemp("responses_t3_etsi.xml", t3), &err), 0);
  const std::string t3path = writeTemp("responses_t3_read.xml", t3);
  EXPECT_EQ(xpath(t3path, "string((//*[local-name()='H248ContextID'])[1])"), "4294967293");
}

TEST(XmllintX1, ErrorResponsesForEveryX1CodeValidate) {
  std::vector<Response> out;
  const std::vector<Errc> codes = {Errc::kGenericError,
                                   Errc::kSyntaxError,
                                   Errc::kUnsupportedX1Version,
                                   Errc::kAdmfIdCertMismatch,
                                   Errc::kUnexpectedAdmfId,
                                   Errc::kNeIdCertMismatch,
                                   Errc::kUnexpectedNeId,
                                   Errc::kKeepaliveNotSupported,
                                   Errc::kUnsupportedRequest,
                                   Errc::kXidExists,
                                   Errc::kXidDoesNotExist,
                                   Errc::kDidExists,
                                   Errc::kDidDoesNotExist,
                                   Errc::kObjectIdExists,
                                   Errc::kObjectIdDoesNotExist,
                                   Errc::kActivateTaskFailed,
                                   Errc::kModifyTaskFailed,
                                   Errc::kUnsupportedTargetType,
                                   Errc::kUnsupportedTargetCombination,
                                   Errc::kMultipleDestinationsNotSupported,
                                   Errc::kBadDeliveryTypeForDestinations,
                                   Errc::kUnsupportedServiceType,
                                   Errc::kDeactivateTaskFailed,
                                   Errc::kDeactivateAllTasksFailed,
                                   Errc::kDeactivateAllTasksNotEnabled,
                                   Errc::kCreateDestinationFailed,
                                   Errc::kModifyDestinationFailed,
                                   Errc::kUnsupportedDeliveryAddress,
                                   Errc::kRemoveDestinationFailed,
                                   Errc::kDestinationInUse,
                                   Errc::kRemoveAllDestinationsRefused,
                                   Errc::kRemoveAllDestinationsNotEnabled};
  for (size_t i = 0; i < codes.size(); ++i) {
    const auto type = static_cast<RequestType>(i % kRequestTypeCount);
    out.push_back(makeErrorResponse(s::header(static_cast<uint8_t>(i)), type, codes[i],
                                    x1ErrorDescription(codes[i]), "2025-01-01T12:00:00.000000Z"));
  }
  const std::string xml = buildResponse(out);
  expectValid("errors.xml", xml, true);
  const std::string path = writeTemp("errors_read.xml", xml);
  EXPECT_EQ(xpath(path, "string((//*[local-name()='errorCode'])[last()])"), "8020");
  EXPECT_EQ(xpath(path, "count(//*[local-name()='errorCode'])"), std::to_string(codes.size()));
}

TEST(XmllintX1, A1010MadeFromASchemaErrorValidatesAndCarriesTheReason) {
  std::string why;
  auto schema = SchemaSet::load(s::etsiSchema(), &why);
  ASSERT_THAT(schema, test::IsOk()) << why;
  std::string bad = s::kReferenceRequest;
  bad.replace(bad.find("<deliveryType>X3Only"), 20, "<deliveryType>X4Only");
  auto msgs = parseRequest(bad, schema->get());
  ASSERT_THAT(msgs, test::IsOk());
  ASSERT_TRUE(std::holds_alternative<RejectedRequest>((*msgs)[0]));
  // Hostile text in the reason (the offending value) must not break the document.
  RejectedRequest rej = std::get<RejectedRequest>((*msgs)[0]);
  rej.reason += std::string(" <&>\x01\xff\r\n]]>");
  const std::string xml = buildResponse({makeErrorResponse(rej, "2025-01-01T12:00:00.000000Z")});
  expectValid("error_1010.xml", xml, true);
  const std::string path = writeTemp("error_1010_read.xml", xml);
  EXPECT_EQ(xpath(path, "string(//*[local-name()='errorCode'])"), "1010");
  EXPECT_EQ(xpath(path, "string(//*[local-name()='requestMessageType'])"), "CreateDestination");
  const std::string desc = xpath(path, "string(//*[local-name()='errorDescription'])");
  EXPECT_NE(desc.find("X4Only"), std::string::npos) << desc;
  EXPECT_NE(desc.find("<&>"), std::string::npos) << desc;
  EXPECT_EQ(xpath(path, "string(//*[local-name()='x1TransactionId'])"),
            "c1b0d9a0-0000-4000-8000-000000000002");
}

TEST(XmllintX1, TopLevelErrorReportsAndRequestsValidate) {
  expectValid("top_level.xml", buildTopLevelError(s::header(0)), true);
  expectValid("reports.xml", buildReports(s::reports()), true);
  expectValid("requests_etsi.xml", buildRequest(s::etsiRequests()), true);
  expectValid("requests_t3.xml", buildRequest(s::t3Requests()), false);
  const std::string path = writeTemp("reports_read.xml", buildReports(s::reports()));
  EXPECT_EQ(xpath(path, "string(//*[local-name()='taskReportType'])"), "Warning");
  EXPECT_EQ(xpath(path, "string(//*[local-name()='typeOfNeIssueMessage'])"), "FaultReport");
  // SDP keeps its CRLF line ends through our escaping: 8 lines, 8 CRs in the local SDP.
  const std::string t3 = writeTemp("requests_t3_read.xml", buildRequest(s::t3Requests()));
  EXPECT_EQ(xpath(t3,
                  "string-length((//*[local-name()='LocalSDP'])[1]) - "
                  "string-length(translate((//*[local-name()='LocalSDP'])[1], '\r', ''))"),
            "8");
}

}  // namespace
}  // namespace msrpgw::proto::li::x1
