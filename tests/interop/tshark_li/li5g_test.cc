// tshark's 5gli dissector (Wireshark 4.0, fields li5g.*) as an independent oracle for the
// X2/X3 PDUs we encode: the worked X3/MSRP example of reference/li.md 1.6 with the field
// values the reference lists, every attribute type, keepalives, several PDUs in one TCP
// segment, and format 13 handed to the MSRP dissector.
#include <gtest/gtest.h>

#include "proto/li/pdu.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/result_matchers.h"
#include "tests/support/tshark.h"
#include "tests/unit/li/li_vectors.h"

namespace msrpgw::proto::li {
namespace {

using test::IsOk;

constexpr uint16_t kMdfPort = 50443;
const test::IpPort kPoi{0xc0000232, 40100};  // 192.0.2.50
const test::IpPort kMdf{0xc6336432, kMdfPort};
const std::vector<std::string> kDecodeAs = {"tcp.port==" + std::to_string(kMdfPort) + ",5gli"};

std::string encode(const Pdu& p) {
  std::string out;
  EXPECT_THAT(appendPdu(p, out), IsOk());
  return out;
}

// Writes each element as one TCP segment from the POI to the MDF.
std::string writePcap(const std::string& name, const std::vector<std::string>& segments) {
  std::string path = test::tempPath(name);
  test::PcapWriter w(path);
  for (const auto& s : segments) w.tcp(kPoi, kMdf, s);
  EXPECT_TRUE(w.close());
  return path;
}

// First value of a field cell ("42|42" -> "42"; tshark repeats some attribute fields).
std::string first(const std::string& cell) {
  return cell.substr(0, cell.find('|'));
}

TEST(Tshark5gli, DecodesTheReferenceMsrpExampleWithItsFieldValues) {
  const std::string pcap = writePcap("x3_msrp.pcap", {encode(test::li::msrpExamplePdu())});
  const std::vector<std::string> fields = {
      "li5g.ver",          "li5g.type",    "li5g.hl",      "li5g.pl",      "li5g.pf",
      "li5g.pd",           "li5g.cid",     "li5g.sq",      "li5g.ts",      "li5g.srcip",
      "li5g.dstip",        "li5g.srcport", "li5g.dstport", "li5g.ipproto", "li5g.xid",
      "msrp.request.line", "msrp.end.line"};
  auto r = test::tsharkFields(pcap, kDecodeAs, "", fields);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.rows.size(), 1u) << test::tsharkVerbose(pcap, kDecodeAs);
  const auto& row = r.rows[0];
  ASSERT_EQ(row.size(), fields.size());
  EXPECT_EQ(first(row[0]), "5");
  EXPECT_EQ(first(row[1]), "2");
  EXPECT_EQ(first(row[2]), "117");
  EXPECT_EQ(first(row[3]), "183");
  EXPECT_EQ(first(row[4]), "13");
  EXPECT_EQ(first(row[5]), "3");
  EXPECT_EQ(first(row[6]), "0000000000abcdef");
  EXPECT_EQ(first(row[7]), "42");
  // 0x65123456 s + 123456789 ns, in tshark 4.0's absolute-time format.
  EXPECT_EQ(first(row[8]), "Sep 26, 2023 01:31:02.123456789 UTC");
  EXPECT_EQ(first(row[9]), "192.0.2.10");
  EXPECT_EQ(first(row[10]), "198.51.100.20");
  EXPECT_EQ(first(row[11]), "2855");
  EXPECT_EQ(first(row[12]), "40001");
  EXPECT_EQ(first(row[13]), "6");
  EXPECT_EQ(first(row[14]), "12345678-1234-5678-1234-567812345678");
  EXPECT_EQ(row[15], "MSRP a786 SEND");
  EXPECT_EQ(row[16], "-------a786$");
  EXPECT_EQ(test::tsharkProblemCount(pcap, kDecodeAs), 0) << test::tsharkVerbose(pcap, kDecodeAs);
}

std::string hexOf(std::string_view s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (char c : s) {
    out.push_back(d[static_cast<uint8_t>(c) >> 4]);
    out.push_back(d[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

TEST(Tshark5gli, DecodesEveryAttributeTypeOfAnX2Pdu) {
  const std::string did = test::li::fromHex("d1d1d1d1000040008000000000000001");
  Pdu p;
  p.type = PduType::kX2;
  p.payload_format = PayloadFormat::kSipMessage;
  p.direction = PayloadDirection::kToTarget;
  p.xid = {0xde, 0xad, 0xbe, 0xef, 0, 1, 0x40, 2, 0x80, 3, 0, 0, 0, 0, 0, 4};
  p.correlation_id = 0x0102030405060708;
  p.attributes = {
      attr::domainId(asBytes(did)),
      attr::networkFunctionId("msrp-gw-1"),
      attr::interceptionPointId("relay-b"),
      attr::sequenceNumber(4294967295u),
      attr::timestamp({1700000000, 5}),
      attr::sourceIpv4({{10, 0, 0, 1}}),
      attr::destinationIpv4({{10, 0, 0, 2}}),
      attr::sourceIpv6({{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}),
      attr::destinationIpv6({{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}}),
      attr::sourcePort(5060),
      attr::destinationPort(5061),
      attr::ipProtocol(17),
      attr::matchedTargetId("sip:alice@ims.example"),
      attr::otherTargetId("tel:+15551234"),
  };
  const std::string sip =
      "MESSAGE sip:bob@ims.example SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
      "From: <sip:alice@ims.example>;tag=1\r\nTo: <sip:bob@ims.example>\r\n"
      "Call-ID: c1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  p.payload = asBytes(sip);
  const std::string pcap = writePcap("x2_all.pcap", {encode(p)});
  const std::vector<std::string> fields = {
      "li5g.type",    "li5g.pf",       "li5g.pd",      "li5g.xid",     "li5g.cid",     "li5g.did",
      "li5g.nfid",    "li5g.ipid",     "li5g.sq",      "li5g.ts",      "li5g.srcip",   "li5g.dstip",
      "li5g.srcipv6", "li5g.dstipv6",  "li5g.srcport", "li5g.dstport", "li5g.ipproto", "li5g.mti",
      "li5g.oti",     "li5g.attrType", "sip.Method"};
  auto r = test::tsharkFields(pcap, kDecodeAs, "", fields);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.rows.size(), 1u) << test::tsharkVerbose(pcap, kDecodeAs);
  const auto& row = r.rows[0];
  ASSERT_EQ(row.size(), fields.size());
  const std::vector<std::string> want = {"1",
                                         "9",
                                         "2",
                                         "deadbeef-0001-4002-8003-000000000004",
                                         "0102030405060708",
                                         "d1d1d1d1000040008000000000000001",
                                         hexOf("msrp-gw-1"),
                                         hexOf("relay-b"),
                                         "4294967295",
                                         "Nov 14, 2023 22:13:20.000000005 UTC",
                                         "10.0.0.1",
                                         "10.0.0.2",
                                         "2001:db8::1",
                                         "2001:db8::2",
                                         "5060",
                                         "5061",
                                         "17",
                                         hexOf("sip:alice@ims.example"),
                                         hexOf("tel:+15551234"),
                                         "5|6|7|8|9|10|11|12|13|14|15|16|17|18",
                                         "MESSAGE"};
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string got = (i == 19) ? row[i] : first(row[i]);
    EXPECT_EQ(got, want[i]) << fields[i] << "\n" << test::tsharkVerbose(pcap, kDecodeAs);
  }
  EXPECT_EQ(test::tsharkProblemCount(pcap, kDecodeAs), 0) << test::tsharkVerbose(pcap, kDecodeAs);
}

TEST(Tshark5gli, DecodesSeveralPdusInOneSegmentAndHandsEachMsrpOneToMsrp) {
  const std::string response =
      "MSRP a786 200 OK\r\nTo-Path: msrp://192.0.2.10:2855/s1;tcp\r\n"
      "From-Path: msrp://198.51.100.20:40001/s2;tcp\r\n-------a786$\r\n";
  Pdu to_target = test::li::msrpExamplePdu();
  to_target.direction = PayloadDirection::kToTarget;
  to_target.attributes[2] = attr::sequenceNumber(43);
  to_target.payload = asBytes(response);
  const std::string segment = encode(makeKeepalive(7)) + encode(test::li::msrpExamplePdu()) +
                              encode(to_target) + encode(makeKeepaliveAck(7));
  // A second segment holds one PDU of each keepalive kind again, sequence 8.
  const std::string pcap =
      writePcap("x3_many.pcap", {segment, encode(makeKeepalive(8)) + encode(makeKeepaliveAck(8))});
  const std::vector<std::string> fields = {
      "li5g.type",          "li5g.pd",      "li5g.hl", "li5g.pl", "msrp.request.line",
      "msrp.response.line", "msrp.end.line"};
  auto r = test::tsharkFields(pcap, kDecodeAs, "", fields);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.rows.size(), 2u) << test::tsharkVerbose(pcap, kDecodeAs);
  EXPECT_EQ(r.rows[0][0], "3|2|2|4");
  EXPECT_EQ(r.rows[0][1], "0|3|2|0");
  EXPECT_EQ(r.rows[0][2], "48|117|117|48");
  EXPECT_EQ(r.rows[0][3], "0|183|" + std::to_string(response.size()) + "|0");
  EXPECT_EQ(r.rows[0][4], "MSRP a786 SEND");
  EXPECT_EQ(r.rows[0][5], "MSRP a786 200 OK");
  EXPECT_EQ(r.rows[0][6], "-------a786$|-------a786$");
  EXPECT_EQ(r.rows[1][0], "3|4");
  auto seq = test::tsharkFields(pcap, kDecodeAs, "li5g.type == 3 || li5g.type == 4", {"li5g.sq"});
  ASSERT_EQ(seq.rows.size(), 2u);
  EXPECT_EQ(seq.rows[1][0].substr(0, 1), "8");
  EXPECT_EQ(test::tsharkProblemCount(pcap, kDecodeAs), 0) << test::tsharkVerbose(pcap, kDecodeAs);
}

// Attributes newer than tshark 4.0's table (19..22) and an unknown type are walked over by
// their length (4.0 shows no type field for them): the Sequence Number after them and the
// MSRP payload still decode.
TEST(Tshark5gli, WalksOverAttributesItDoesNotKnow) {
  Pdu p = test::li::msrpExamplePdu();
  const std::string opaque = "\x30\x03\x02\x01\x05";
  p.attributes.push_back(attr::mimeContentType("message/cpim"));
  p.attributes.push_back(attr::mimeContentTransferEncoding("binary"));
  p.attributes.push_back(attr::additionalXidInfo(asBytes(opaque)));
  p.attributes.push_back(attr::sdp("v=0\r\n"));
  p.attributes.push_back(attr::opaque(999, asBytes(opaque)));
  p.attributes.push_back(attr::sequenceNumber(7));
  const std::string pcap = writePcap("x3_newer_attrs.pcap", {encode(p)});
  auto r =
      test::tsharkFields(pcap, kDecodeAs, "", {"li5g.attrType", "li5g.hl", "msrp.request.line"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "6|7|8|9|10|11|14|15|16|8");
  EXPECT_EQ(r.rows[0][1], std::to_string(*encodedHeaderLength(p)));
  EXPECT_EQ(r.rows[0][2], "MSRP a786 SEND");
}

}  // namespace
}  // namespace msrpgw::proto::li
