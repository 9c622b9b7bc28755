// X2/X3 PDU codec against the byte-exact example of reference/li.md section 1.6, the
// keepalive layout of section 1.2, and every decode and encode refusal.
#include "proto/li/pdu.h"

#include <gtest/gtest.h>

#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/li/li_vectors.h"

namespace msrpgw::proto::li {
namespace {

using test::HasErrc;
using test::HasErrcAt;
using test::IsOk;
using test::li::fromHex;

std::string encode(const Pdu& p) {
  std::string out;
  Status s = appendPdu(p, out);
  EXPECT_THAT(s, IsOk());
  return out;
}

TEST(PduGolden, MsrpExampleEncodesByteExact) {
  const std::string want = test::li::msrpExampleBytes();
  ASSERT_EQ(want.size(), 117u + 183u);
  EXPECT_EQ(encode(test::li::msrpExamplePdu()), want);
  EXPECT_EQ(encodedHeaderLength(test::li::msrpExamplePdu()).value(), 117u);
}

TEST(PduGolden, MsrpExampleDecodesToItsFields) {
  const std::string bytes = test::li::msrpExampleBytes();
  test::GuardedBuffer g(bytes);
  auto r = decodePdu(asBytes(g.view()));
  ASSERT_THAT(r, IsOk());
  const Pdu& p = *r;
  EXPECT_EQ(p.version, (Version{0, 5}));
  EXPECT_EQ(p.type, PduType::kX3);
  EXPECT_EQ(p.payload_format, PayloadFormat::kMsrpMessage);
  EXPECT_EQ(p.direction, PayloadDirection::kFromTarget);
  EXPECT_EQ(p.correlation_id, 0xabcdefu);
  EXPECT_EQ(p.sequenceNumber(), 42u);
  ASSERT_NE(p.find(AttributeType::kTimestamp), nullptr);
  EXPECT_EQ(std::get<Timestamp>(p.find(AttributeType::kTimestamp)->value),
            (Timestamp{0x65123456, 123456789}));
  EXPECT_EQ(std::get<Text>(p.find(AttributeType::kNetworkFunctionId)->value).text, "msrp-gw-1");
  EXPECT_EQ(std::get<Text>(p.find(AttributeType::kInterceptionPointId)->value).text, "relay-a");
  EXPECT_EQ(std::get<uint16_t>(p.find(AttributeType::kSourcePort)->value), 2855);
  EXPECT_EQ(std::get<uint16_t>(p.find(AttributeType::kDestinationPort)->value), 40001);
  EXPECT_EQ(std::get<uint8_t>(p.find(AttributeType::kIpProtocol)->value), 6);
  EXPECT_EQ(asText(p.payload), test::li::kMsrpExamplePayload);
  // The payload is a view into the input, not a copy.
  EXPECT_EQ(reinterpret_cast<const char*>(p.payload.data()), g.view().data() + 117);
  EXPECT_EQ(p, test::li::msrpExamplePdu());
}

TEST(PduGolden, AppendHeaderWritesOnlyTheHeaderAnnouncingThePayload) {
  std::string out;
  ASSERT_THAT(appendHeader(test::li::msrpExamplePdu(), 183, out), IsOk());
  EXPECT_EQ(out, fromHex(test::li::kMsrpExampleHeaderHex));
}

TEST(PduGolden, KeepaliveAndAckAreTheReferenceLayout) {
  const std::string ka = fromHex(
      "00 05 00 03 00 00 00 30 00 00 00 00 00 00 00 00"
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
      "00 08 00 04 00 00 01 02");
  EXPECT_EQ(encode(makeKeepalive(0x102)), ka);
  std::string ack = ka;
  ack[3] = 4;
  EXPECT_EQ(encode(makeKeepaliveAck(0x102)), ack);
  auto r = decodePdu(asBytes(ack));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->type, PduType::kKeepaliveAck);
  EXPECT_EQ(r->sequenceNumber(), 0x102u);
  EXPECT_EQ(r->payload.size(), 0u);
}

TEST(PduVersion, WireVersionIsConfigurableAndOtherMinorsDecode) {
  Pdu p = test::li::msrpExamplePdu();
  p.version = {0, 6};
  std::string bytes = encode(p);
  EXPECT_EQ(bytes.substr(0, 2), fromHex("00 06"));
  auto r = decodePdu(asBytes(bytes));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->version, (Version{0, 6}));
  bytes[0] = 1;
  EXPECT_THAT(decodePdu(asBytes(bytes)), HasErrcAt(Errc::kUnsupportedVersion, 0u));
  Limits l;
  l.major_version = 1;
  EXPECT_THAT(decodePdu(asBytes(bytes), l), IsOk());
}

// Each malformed variant of the golden PDU gets its own code and offset.
struct BadCase {
  const char* name;
  size_t pos;        // octet to overwrite in the golden PDU
  std::string with;  // new bytes at pos
  Errc errc;
  uint32_t offset;
};

TEST(PduDecode, EachMalformationHasItsOwnError) {
  const std::string good = test::li::msrpExampleBytes();
  const std::vector<BadCase> cases = {
      {"pdu type 5", 2, fromHex("00 05"), Errc::kUnknownPduType, 2},
      {"pdu type 0", 2, fromHex("00 00"), Errc::kUnknownPduType, 2},
      {"header length 39", 4, fromHex("00 00 00 27"), Errc::kBadHeaderLength, 4},
      {"header length huge", 4, fromHex("00 10 00 00"), Errc::kHeaderTooLarge, 4},
      {"payload length huge", 8, fromHex("7f 00 00 00"), Errc::kPayloadTooLarge, 8},
      {"format 18", 12, fromHex("00 12"), Errc::kUnknownPayloadFormat, 12},
      {"format 0 in X3", 12, fromHex("00 00"), Errc::kUnknownPayloadFormat, 12},
      {"SIP in X3", 12, fromHex("00 09"), Errc::kFormatNotPermitted, 12},
      {"direction 6", 14, fromHex("00 06"), Errc::kBadPayloadDirection, 14},
      {"direction 0 in X3", 14, fromHex("00 00"), Errc::kBadPayloadDirection, 14},
      {"seqno length 3", 0x42, fromHex("00 03"), Errc::kBadAttributeLength, 0x40},
      {"NUL in NFID", 0x2c, fromHex("00"), Errc::kBadAttributeValue, 0x28},
      {"bad UTF-8 in IPID", 0x39, fromHex("ff"), Errc::kBadAttributeValue, 0x35},
      {"nanoseconds 10^9", 0x50, fromHex("3b 9a ca 00"), Errc::kBadAttributeValue, 0x48},
      {"last TLV past header", 0x72, fromHex("00 02"), Errc::kAttributeTruncated, 0x70},
  };
  for (const auto& c : cases) {
    std::string b = good;
    b.replace(c.pos, c.with.size(), c.with);
    EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(c.errc, c.offset)) << c.name;
  }
  // MSRP is not permitted in X2.
  std::string x2 = good;
  x2[3] = 1;
  EXPECT_THAT(decodePdu(asBytes(x2)), HasErrcAt(Errc::kFormatNotPermitted, 12u));
}

TEST(PduDecode, LengthsMustMatchTheInput) {
  const std::string good = test::li::msrpExampleBytes();
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_THAT(decodePdu(asBytes(std::string_view(good).substr(0, n))), HasErrc(Errc::kTruncated))
        << n;
  }
  EXPECT_THAT(decodePdu(asBytes(good + "x")), HasErrcAt(Errc::kTrailingBytes, 300u));
  // Header length ending inside an attribute header (117 -> 116 moves a byte to payload).
  std::string b = good;
  b.replace(4, 4, fromHex("00 00 00 74"));
  b.replace(8, 4, fromHex("00 00 00 b8"));
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kAttributeTruncated, 0x70u));
  b.replace(4, 4, fromHex("00 00 00 72"));
  b.replace(8, 4, fromHex("00 00 00 ba"));
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kAttributeTruncated, 0x70u));
}

TEST(PduDecode, KeepaliveShapeIsChecked) {
  std::string ka = encode(makeKeepalive(7));
  std::string b = ka;
  b[13] = 13;
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kBadKeepalive, 12u));
  b = ka;
  b[15] = 2;
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kBadKeepalive, 14u));
  b = ka + "x";
  b[11] = 1;
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kBadKeepalive, 8u));
  // Without the sequence number TLV.
  b = ka.substr(0, 40);
  b[7] = 40;
  EXPECT_THAT(decodePdu(asBytes(b)), HasErrcAt(Errc::kBadKeepalive, 40u));
}

TEST(PduEncode, RefusesWhatTheDecoderWouldReject) {
  std::string out = "keep";
  Pdu p = test::li::msrpExamplePdu();
  p.type = PduType::kX2;
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kFormatNotPermitted));
  p = test::li::msrpExamplePdu();
  p.direction = PayloadDirection::kKeepalive;
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kBadPayloadDirection));
  p = test::li::msrpExamplePdu();
  p.attributes.push_back({8, Text{"x"}});
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kAttributeValueKind));
  p = test::li::msrpExamplePdu();
  p.attributes.push_back(attr::networkFunctionId(std::string_view("a\0b", 3)));
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kBadAttributeValue));
  p = test::li::msrpExamplePdu();
  p.attributes.push_back(attr::timestamp({1, 1000000000}));
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kBadAttributeValue));
  p = test::li::msrpExamplePdu();
  const std::string big(70000, 'x');
  p.attributes.push_back(attr::sdp(big));
  EXPECT_THAT(appendPdu(p, out), HasErrc(Errc::kAttributeTooLong));
  p = test::li::msrpExamplePdu();
  Limits small;
  small.max_payload_length = 100;
  EXPECT_THAT(appendPdu(p, out, small), HasErrc(Errc::kPayloadTooLarge));
  small = {};
  small.max_header_length = 100;
  EXPECT_THAT(appendPdu(p, out, small), HasErrc(Errc::kHeaderTooLarge));
  Pdu ka = makeKeepalive(1);
  ka.attributes.clear();
  EXPECT_THAT(appendPdu(ka, out), HasErrc(Errc::kBadKeepalive));
  ka = makeKeepalive(1);
  ka.payload = asBytes("x");
  EXPECT_THAT(appendPdu(ka, out), HasErrc(Errc::kBadKeepalive));
  EXPECT_EQ(out, "keep");
}

TEST(PayloadFormat, PermissionsFollowTable541) {
  EXPECT_TRUE(permittedInX3(PayloadFormat::kMsrpMessage));
  EXPECT_FALSE(permittedInX2(PayloadFormat::kMsrpMessage));
  EXPECT_TRUE(permittedInX2(PayloadFormat::kSipMessage));
  EXPECT_FALSE(permittedInX3(PayloadFormat::kSipMessage));
  EXPECT_TRUE(permittedInX2(PayloadFormat::kTs33128) && permittedInX3(PayloadFormat::kTs33128));
  EXPECT_FALSE(permittedInX2(PayloadFormat::kRtpPacket));
  EXPECT_FALSE(permittedInX2(PayloadFormat::kReserved) || permittedInX3(PayloadFormat::kReserved));
  EXPECT_FALSE(formatPermission(18).x2 || formatPermission(18).x3);
}

}  // namespace
}  // namespace msrpgw::proto::li
