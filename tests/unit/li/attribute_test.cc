// Every conditional attribute of table 5.3.1-2 (and an unknown type) encodes to the
// expected TLV octets and decodes back to the same value, alone and all together.
#include "proto/li/attribute.h"

#include <gtest/gtest.h>

#include "proto/li/pdu.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/li/li_vectors.h"

namespace msrpgw::proto::li {
namespace {

using test::IsOk;
using test::li::fromHex;

struct AttrCase {
  const char* name;
  Attribute attr;
  std::string tlv_hex;
};

const std::string kDid = fromHex("d1 d1 d1 d1 00 00 40 00 80 00 00 00 00 00 00 01");
const std::string kOpaque = fromHex("30 03 02 01 05");

std::vector<AttrCase> allCases() {
  const Ipv6Address v6src{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
  const Ipv6Address v6dst{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
  return {
      {"ETSI 102 232-1", attr::opaque(1, asBytes(kOpaque)), "0001 0005 3003020105"},
      {"TS 33.128", attr::opaque(2, asBytes(kOpaque)), "0002 0005 3003020105"},
      {"TS 33.108", attr::opaque(3, asBytes(kOpaque)), "0003 0005 3003020105"},
      {"proprietary", attr::opaque(4, asBytes(kOpaque)), "0004 0005 3003020105"},
      {"DID", attr::domainId(asBytes(kDid)), "0005 0010 d1d1d1d1000040008000000000000001"},
      {"NFID", attr::networkFunctionId("msrp-gw-1"), "0006 0009 6d7372702d67772d31"},
      {"IPID", attr::interceptionPointId("relay-\xc3\xa9"), "0007 0008 72656c61792dc3a9"},
      {"sequence", attr::sequenceNumber(0xfffffffe), "0008 0004 fffffffe"},
      {"timestamp", attr::timestamp({0x65123456, 999999999}), "0009 0008 65123456 3b9ac9ff"},
      {"source IPv4", attr::sourceIpv4({{192, 0, 2, 10}}), "000a 0004 c000020a"},
      {"destination IPv4", attr::destinationIpv4({{198, 51, 100, 20}}), "000b 0004 c6336414"},
      {"source IPv6", attr::sourceIpv6(v6src), "000c 0010 20010db8000000000000000000000001"},
      {"destination IPv6", attr::destinationIpv6(v6dst),
       "000d 0010 20010db8000000000000000000000002"},
      {"source port", attr::sourcePort(2855), "000e 0002 0b27"},
      {"destination port", attr::destinationPort(65535), "000f 0002 ffff"},
      {"IP protocol", attr::ipProtocol(6), "0010 0001 06"},
      {"matched target", attr::matchedTargetId("sip:alice@ims.example"),
       "0011 0015 7369703a616c69636540696d732e6578616d706c65"},
      {"other target", attr::otherTargetId("tel:+1"), "0012 0006 74656c3a2b31"},
      {"MIME type", attr::mimeContentType("text/plain"), "0013 000a 746578742f706c61696e"},
      {"MIME encoding", attr::mimeContentTransferEncoding("8bit"), "0014 0004 38626974"},
      {"AXRI", attr::additionalXidInfo(asBytes(kOpaque)), "0015 0005 3003020105"},
      {"SDP", attr::sdp("v=0\r\n"), "0016 0005 763d300d0a"},
      {"unknown type", attr::opaque(0x7fff, asBytes(kOpaque)), "7fff 0005 3003020105"},
      {"empty text", attr::otherTargetId(""), "0012 0000"},
  };
}

Pdu x2With(std::vector<Attribute> attrs) {
  Pdu p;
  p.type = PduType::kX2;
  p.payload_format = PayloadFormat::kSipMessage;
  p.direction = PayloadDirection::kToTarget;
  p.correlation_id = 1;
  p.attributes = std::move(attrs);
  p.payload = asBytes("INVITE");
  return p;
}

TEST(Attribute, EachTypeEncodesToItsTlvAndRoundTrips) {
  for (const auto& c : allCases()) {
    std::string out;
    ASSERT_THAT(appendPdu(x2With({c.attr}), out), IsOk()) << c.name;
    const std::string tlv = fromHex(c.tlv_hex);
    EXPECT_EQ(out.substr(40, out.size() - 40 - 6), tlv) << c.name;
    auto r = decodePdu(asBytes(out));
    ASSERT_THAT(r, IsOk()) << c.name;
    ASSERT_EQ(r->attributes.size(), 1u) << c.name;
    EXPECT_EQ(r->attributes[0], c.attr) << c.name;
    EXPECT_EQ(r->attributes[0].kind(), valueKindOf(c.attr.type)) << c.name;
  }
}

TEST(Attribute, AllTogetherKeepTheirOrderAndDuplicates) {
  std::vector<Attribute> attrs;
  for (const auto& c : allCases()) attrs.push_back(c.attr);
  attrs.push_back(attr::otherTargetId("tel:+2"));  // a second Other Target Identifier
  std::reverse(attrs.begin(), attrs.end());
  const Pdu p = x2With(attrs);
  std::string out;
  ASSERT_THAT(appendPdu(p, out), IsOk());
  auto r = decodePdu(asBytes(out));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(*r, p);
  std::string again;
  ASSERT_THAT(appendPdu(*r, again), IsOk());
  EXPECT_EQ(again, out);
}

TEST(Attribute, KindsFollowTheTable) {
  EXPECT_EQ(valueKindOf(5), ValueKind::kOpaque);
  EXPECT_EQ(valueKindOf(6), ValueKind::kText);
  EXPECT_EQ(valueKindOf(9), ValueKind::kTimestamp);
  EXPECT_EQ(valueKindOf(16), ValueKind::kU8);
  EXPECT_EQ(valueKindOf(23), ValueKind::kOpaque);
  EXPECT_EQ(fixedLengthOf(ValueKind::kIpv6), 16);
}

}  // namespace
}  // namespace msrpgw::proto::li
