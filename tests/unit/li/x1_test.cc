// X1 model, parser and builder: the reference request of li.md 2.5, build -> parse round
// trips of every request form (with schema validation by libxml2 against the ETSI and
// 3GPP sets), schema errors turned into 1010 rejections with the reason, and top-level
// failures. The xmllint oracle for everything we emit is in tests/interop/xmllint_x1.
#include <gtest/gtest.h>

#include "proto/li/x1/build.h"
#include "proto/li/x1/parse.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/li/x1_samples.h"

namespace msrpgw::proto::li::x1 {
namespace {

using test::HasErrc;
using test::IsOk;
namespace s = test::li;

class X1 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string why;
    auto e = SchemaSet::load(s::etsiSchema(), &why);
    ASSERT_THAT(e, IsOk()) << why;
    etsi_ = std::move(e.value()).release();
    auto g = SchemaSet::load(s::threeGppSchema(), &why);
    ASSERT_THAT(g, IsOk()) << why;
    gpp_ = std::move(g.value()).release();
  }
  static void TearDownTestSuite() {
    delete etsi_;
    delete gpp_;
  }
  static std::vector<RequestMessage> parseOk(const std::string& xml, const SchemaSet* schema) {
    std::string detail;
    auto r = parseRequest(xml, schema, &detail);
    EXPECT_THAT(r, IsOk()) << detail << "\n" << xml;
    return r.ok() ? std::move(r).value() : std::vector<RequestMessage>{};
  }
  static inline SchemaSet* etsi_ = nullptr;
  static inline SchemaSet* gpp_ = nullptr;
};

TEST_F(X1, ReferenceExampleParsesToTheModel) {
  for (const SchemaSet* schema : std::vector<const SchemaSet*>{nullptr, etsi_, gpp_}) {
    auto msgs = parseOk(s::kReferenceRequest, schema);
    ASSERT_EQ(msgs.size(), 2u);
    ASSERT_TRUE(std::holds_alternative<Request>(msgs[0]))
        << std::get<RejectedRequest>(msgs[0]).reason;
    const Request& cd = std::get<Request>(msgs[0]);
    EXPECT_EQ(cd.type, RequestType::kCreateDestination);
    EXPECT_EQ(cd.header.admf_id, "cctf-1");
    EXPECT_EQ(cd.header.ne_id, "msrp-gw-1");
    EXPECT_EQ(cd.header.timestamp, "2025-01-01T12:00:00.000000Z");
    EXPECT_EQ(cd.header.version, "v1.23.1");
    EXPECT_EQ(formatUuid(cd.header.transaction_id), "c1b0d9a0-0000-4000-8000-000000000002");
    ASSERT_TRUE(cd.destination);
    EXPECT_EQ(formatUuid(cd.destination->did), "d1d1d1d1-0000-4000-8000-000000000001");
    EXPECT_EQ(cd.destination->delivery_type, DeliveryType::kX3Only);
    EXPECT_EQ(
        cd.destination->delivery_address,
        DeliveryAddress(IpAddressAndPort{Ipv4Address{{192, 0, 2, 50}}, Transport::kTcp, 42069}));
    ASSERT_TRUE(std::holds_alternative<Request>(msgs[1]));
    const Request& at = std::get<Request>(msgs[1]);
    EXPECT_EQ(at.type, RequestType::kActivateTask);
    ASSERT_TRUE(at.task);
    EXPECT_EQ(formatUuid(at.task->xid), "12345678-1234-5678-1234-567812345678");
    ASSERT_EQ(at.task->targets.size(), 1u);
    EXPECT_EQ(at.task->targets[0], TargetIdentifier(SipUri{"sip:alice@ims.example"}));
    EXPECT_EQ(at.task->delivery_type, DeliveryType::kX3Only);
    EXPECT_EQ(at.task->dids, std::vector<Uuid>{s::uuid("d1d1d1d1-0000-4000-8000-000000000001")});
    EXPECT_EQ(at.task->correlation_id, 11259375u);  // 0xabcdef, the PDU example's Correlation ID
    EXPECT_EQ(at.task->service_types, std::vector<ServiceType>{ServiceType::kMessaging});
    EXPECT_FALSE(at.task->product_id);
  }
}

TEST_F(X1, EveryEtsiRequestRoundTripsThroughBothSchemaSets) {
  const auto reqs = s::etsiRequests();
  const std::string xml = buildRequest(reqs);
  for (const SchemaSet* schema : std::vector<const SchemaSet*>{nullptr, etsi_, gpp_}) {
    auto msgs = parseOk(xml, schema);
    ASSERT_EQ(msgs.size(), reqs.size());
    for (size_t i = 0; i < reqs.size(); ++i) {
      ASSERT_TRUE(std::holds_alternative<Request>(msgs[i]))
          << i << ": " << std::get<RejectedRequest>(msgs[i]).reason;
      EXPECT_EQ(std::get<Request>(msgs[i]), reqs[i]) << i << " " << requestTypeName(reqs[i].type);
    }
  }
}

TEST_F(X1, LiT3RequestsWith3gppExtensionsNeedThe3gppSchema) {
  const auto reqs = s::t3Requests();
  const std::string xml = buildRequest(reqs);
  auto msgs = parseOk(xml, gpp_);
  ASSERT_EQ(msgs.size(), reqs.size());
  for (size_t i = 0; i < reqs.size(); ++i) {
    ASSERT_TRUE(std::holds_alternative<Request>(msgs[i]))
        << std::get<RejectedRequest>(msgs[i]).reason;
    EXPECT_EQ(std::get<Request>(msgs[i]), reqs[i]);
  }
  const Request& r = std::get<Request>(msgs[0]);
  EXPECT_EQ(r.task->sdp[0].sdp.substr(0, 5), "v=0\r\n");  // CRLF kept through XML
  EXPECT_EQ(std::get<H248ContextId>(std::get<ImsT3Extension>(r.task->targets[0]).items[0]).value,
            4294967293u);
  // The ETSI-only set refuses the foreign elements in the strict wildcards: 1010 per message.
  auto refused = parseOk(xml, etsi_);
  ASSERT_EQ(refused.size(), 2u);
  for (const auto& m : refused) {
    ASSERT_TRUE(std::holds_alternative<RejectedRequest>(m));
    const auto& rej = std::get<RejectedRequest>(m);
    EXPECT_EQ(rej.code, Errc::kSyntaxError);
    EXPECT_NE(rej.reason.find("strict wildcard"), std::string::npos) << rej.reason;
  }
}

std::string replaceOnce(std::string s, std::string_view from, std::string_view to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST_F(X1, SchemaErrorsBecome1010RejectionsWithTheReason) {
  // The second message (ActivateTask) gets a bad deliveryType; the first stays valid.
  std::string bad = s::kReferenceRequest;
  const size_t second = bad.find("ActivateTaskRequest");
  bad.replace(bad.find("X3Only", second), 6, "X4Only");
  auto msgs = parseOk(bad, etsi_);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Request>(msgs[0]));
  ASSERT_TRUE(std::holds_alternative<RejectedRequest>(msgs[1]));
  const auto& rej = std::get<RejectedRequest>(msgs[1]);
  EXPECT_EQ(rej.code, Errc::kSyntaxError);
  EXPECT_EQ(rej.type, RequestType::kActivateTask);
  EXPECT_EQ(formatUuid(rej.header.transaction_id), "c1b0d9a0-0000-4000-8000-000000000001");
  EXPECT_NE(rej.reason.find("deliveryType"), std::string::npos) << rej.reason;
  EXPECT_NE(rej.reason.find("X4Only"), std::string::npos) << rej.reason;
  EXPECT_EQ(rej.reason.rfind("line ", 0), 0u) << rej.reason;
  // Without the schema the model check catches the same value.
  auto lax = parseOk(bad, nullptr);
  ASSERT_TRUE(std::holds_alternative<RejectedRequest>(lax[1]));
  EXPECT_NE(std::get<RejectedRequest>(lax[1]).reason.find("deliveryType"), std::string::npos);
  // The answer is an ErrorResponse 1010 carrying the reason.
  Response resp = makeErrorResponse(rej, "2025-01-01T12:00:01.000000Z");
  const auto& body = std::get<ErrorResponse>(resp.body);
  EXPECT_EQ(body.code, Errc::kSyntaxError);
  EXPECT_EQ(body.description, rej.reason);
  const std::string xml = buildResponse({resp});
  EXPECT_EQ(etsi_->validate(xml), "");
  EXPECT_NE(xml.find("<errorCode>1010</errorCode>"), std::string::npos);
  EXPECT_NE(xml.find("<requestMessageType>ActivateTask</requestMessageType>"), std::string::npos);
}

TEST_F(X1, EachSchemaViolationIsRejectedWithItsReason) {
  struct Case {
    const char* name;
    const char* from;
    const char* to;
    const char* reason_part;
  };
  const std::vector<Case> cases = {
      {"missing xId", "<xId>12345678-1234-5678-1234-567812345678</xId>", "", "targetIdentifiers"},
      {"upper-case XID", "12345678-1234-5678-1234-567812345678",
       "12345678-1234-5678-1234-56781234567A", "xId"},
      {"bad version",
       "<version>v1.23.1</version>\n    <x1TransactionId>c1b0d9a0-0000-4000-8000-000000000001",
       "<version>2</version>\n    <x1TransactionId>c1b0d9a0-0000-4000-8000-000000000001",
       "version"},
      {"negative correlation", "11259375", "-1", "correlationID"},
      {"unknown service", ">messaging<", ">fax<", "serviceType"},
      {"port 1", "42069", "1", "TCPPort"},
      {"unqualified address", "<c:address><c:IPv4Address>192.0.2.50</c:IPv4Address></c:address>",
       "<address><IPv4Address>192.0.2.50</IPv4Address></address>", "address"},
  };
  for (const auto& c : cases) {
    const std::string bad = replaceOnce(s::kReferenceRequest, c.from, c.to);
    auto msgs = parseOk(bad, etsi_);
    ASSERT_EQ(msgs.size(), 2u) << c.name;
    size_t rejected = 0;
    for (const auto& m : msgs) {
      if (const auto* r = std::get_if<RejectedRequest>(&m)) {
        ++rejected;
        EXPECT_EQ(r->code, Errc::kSyntaxError) << c.name;
        EXPECT_NE(r->reason.find(c.reason_part), std::string::npos) << c.name << ": " << r->reason;
      }
    }
    EXPECT_EQ(rejected, 1u) << c.name;
  }
}

TEST_F(X1, ModelLimitsBeyondTheSchemaAreRejectedToo) {
  // Schema-valid (nonNegativeInteger) but wider than the 64-bit PDU Correlation ID.
  const std::string big = replaceOnce(s::kReferenceRequest, "11259375", "18446744073709551616");
  auto msgs = parseOk(big, etsi_);
  ASSERT_TRUE(std::holds_alternative<RejectedRequest>(msgs[1]));
  EXPECT_EQ(std::get<RejectedRequest>(msgs[1]).reason, "correlationID is out of range");
  // A schema-valid target form the gateway does not evaluate is kept by name.
  const std::string imsi =
      replaceOnce(s::kReferenceRequest, "<sipUri>sip:alice@ims.example</sipUri>",
                  "<imsi>001010123456789</imsi>");
  auto m2 = parseOk(imsi, etsi_);
  ASSERT_TRUE(std::holds_alternative<Request>(m2[1]));
  EXPECT_EQ(std::get<Request>(m2[1]).task->targets[0], TargetIdentifier(UnsupportedTarget{"imsi"}));
}

TEST_F(X1, DocumentsThatCannotBeAnsweredPerMessageAreTopLevelErrors) {
  const std::string ok_msg = s::kReferenceRequest;
  struct Case {
    const char* name;
    std::string xml;
    const char* detail_part;
  };
  const std::vector<Case> cases = {
      {"empty", "", ""},
      {"not well-formed", ok_msg.substr(0, ok_msg.size() - 5), "line"},
      {"wrong root",
       replaceOnce(replaceOnce(ok_msg, "<X1Request", "<X1Response"), "</X1Request>",
                   "</X1Response>"),
       "X1Response"},
      {"no messages", "<X1Request xmlns=\"http://uri.etsi.org/03221/X1/2017/10\"/>", ""},
      {"DTD", "<!DOCTYPE X1Request [<!ENTITY a \"b\">]>" + ok_msg, "DOCTYPE"},
      {"unknown xsi:type", replaceOnce(ok_msg, "CreateDestinationRequest", "LaunchRocketRequest"),
       ""},
      {"bad transaction id", replaceOnce(ok_msg, "c1b0d9a0-0000-4000-8000-000000000002", "tx-2"),
       ""},
  };
  for (const SchemaSet* schema : std::vector<const SchemaSet*>{nullptr, etsi_}) {
    for (const auto& c : cases) {
      std::string detail;
      auto r = parseRequest(c.xml, schema, &detail);
      EXPECT_THAT(r, HasErrc(Errc::kSyntaxError)) << c.name;
      EXPECT_NE(detail.find(c.detail_part), std::string::npos) << c.name << ": " << detail;
    }
  }
  ParseLimits small;
  small.max_bytes = 100;
  EXPECT_THAT(parseRequest(ok_msg, etsi_, nullptr, small), HasErrc(Errc::kSyntaxError));
  small = {};
  small.max_messages = 1;
  EXPECT_THAT(parseRequest(ok_msg, etsi_, nullptr, small), HasErrc(Errc::kSyntaxError));
}

TEST_F(X1, SchemaLoadFailsCleanly) {
  std::string why;
  EXPECT_THAT(SchemaSet::load(s::schemaDir() + "/missing.xsd", &why), HasErrc(Errc::kGenericError));
  EXPECT_FALSE(why.empty());
}

TEST(X1Model, TextFormsOfIdsTimesAndAddresses) {
  EXPECT_EQ(formatTimestamp(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(formatTimestamp(1735732800000000), "2025-01-01T12:00:00.000000Z");
  EXPECT_EQ(formatTimestamp(951782400123456), "2000-02-29T00:00:00.123456Z");
  EXPECT_EQ(formatTimestamp(-1), "1969-12-31T23:59:59.999999Z");
  auto u = parseUuid("12345678-1234-5678-1234-567812345678");
  ASSERT_TRUE(u);
  EXPECT_EQ((*u)[0], 0x12);
  EXPECT_EQ(formatUuid(*u), "12345678-1234-5678-1234-567812345678");
  EXPECT_FALSE(parseUuid("12345678-1234-5678-1234-56781234567A"));
  EXPECT_FALSE(parseUuid("12345678123456781234567812345678"));
  EXPECT_FALSE(parseUuid("12345678-1234-5678-1234_567812345678"));
  EXPECT_EQ(formatIpv6(*parseIpv6("2001:0db8:0000:0000:0000:0000:0000:abcd")),
            "2001:0db8:0000:0000:0000:0000:0000:abcd");
  EXPECT_FALSE(parseIpv6("2001:db8::1"));
  EXPECT_EQ(formatIpv4(*parseIpv4("192.0.2.1")), "192.0.2.1");
  EXPECT_FALSE(parseIpv4("256.0.0.1"));
  EXPECT_FALSE(parseIpv4("1.2.3"));
  EXPECT_FALSE(parseIpv4("1.2.3.4.5"));
  EXPECT_EQ(requestTypeFromName("GetNEStatus"), RequestType::kGetNEStatus);
  EXPECT_FALSE(requestTypeFromName("GetNeStatus"));
  EXPECT_TRUE(isServed(RequestType::kKeepalive));
  EXPECT_FALSE(isServed(RequestType::kReportNEIssue));
  EXPECT_TRUE(hasOkResponse(RequestType::kDeactivateAllTasks));
  TaskDetails t = s::etsiTask();
  EXPECT_EQ(pduXid(t), *t.product_id);
  t.product_id.reset();
  EXPECT_EQ(pduXid(t), t.xid);
  EXPECT_FALSE(hasOkResponse(RequestType::kListAllDetails));
}

TEST(X1Build, EscapesTextAndReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(escapeXmlText("a<b>&c\r\n"), "a&lt;b&gt;&amp;c&#13;\n");
  EXPECT_EQ(escapeXmlText(std::string("x\x01y\xffz", 5)), "x?y?z");
  EXPECT_EQ(escapeXmlText("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(escapeXmlText("\xed\xa0\x80"), "???");  // a UTF-16 surrogate
}

TEST_F(X1, BuiltResponsesValidateInProcessToo) {
  EXPECT_EQ(etsi_->validate(buildResponse(s::responses(s::etsiTask()))), "");
  EXPECT_EQ(gpp_->validate(buildResponse(s::responses(s::t3Task()))), "");
  EXPECT_NE(etsi_->validate(buildResponse(s::responses(s::t3Task()))), "");
  EXPECT_EQ(etsi_->validate(buildTopLevelError(s::header(1))), "");
  EXPECT_EQ(etsi_->validate(buildReports(s::reports())), "");
}

}  // namespace
}  // namespace msrpgw::proto::li::x1
