// The real msrpgw with a small h248.udp.max_message_size against a scripted MGC over UDP:
// a reply too large for one datagram arrives as v3 segments ("P=id/n", last "id/n/END"),
// each within the limit and read by our parser and by tshark's megaco dissector; segments
// the MGC acknowledges ("SM=id/n") are not resent, the others are; a version 2 request
// gets 533 instead. Also the configured mId and Profile in the registration.
#include <gtest/gtest.h>

#include <regex>

#include "proto/h248/parser.h"
#include "tests/integration/h248/udp_peer.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;
namespace h248 = proto::h248;

const std::string kLocal = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\na=setup:passive\n}";
// Three Adds in two contexts: about 500 bytes of reply, some 150 per Add.
const std::string kThreeAdds =
    "C=${A=${M{" + kLocal + "}},A=${M{" + kLocal + "}}},C=${A=${M{" + kLocal + "}}}";
constexpr size_t kLimit = 256;  // the smallest h248.udp.max_message_size

std::string head(const UdpPeer& mgc, int version = 3) {
  return "MEGACO/" + std::to_string(version) + " [127.0.0.1]:" + std::to_string(mgc.port()) + "\n";
}

uint32_t transactionId(const std::string& text) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(text, m, std::regex(R"((?:T|Transaction)\s*=\s*(\d+))"))) << text;
  return m.empty() ? 0 : static_cast<uint32_t>(std::stoul(m[1]));
}

// Registers msrpgw with `mgc`; returns the ServiceChange text.
std::string registerWith(UdpPeer& mgc, Gateway& gw) {
  auto sc = mgc.receive(10s);
  EXPECT_TRUE(sc.has_value()) << "no ServiceChange";
  if (!sc) return "";
  mgc.sendTo(gw.port, head(mgc) + "P=" + std::to_string(transactionId(*sc)) + "{C=-{SC=ROOT}}");
  EXPECT_TRUE(gw.process->waitForErr("registered", 10s)) << gw.process->err();
  return *sc;
}

// Datagrams from the MG until one holds the last segment (or a reply not segmented).
std::vector<std::string> receiveSegments(UdpPeer& mgc) {
  std::vector<std::string> out;
  for (int i = 0; i < 64; ++i) {
    auto d = mgc.receive(5s);
    if (!d) break;
    auto m = h248::parseMessage(*d);
    EXPECT_TRUE(m.ok()) << *d;
    if (!m.ok()) break;
    const auto* r = std::get_if<h248::TransactionReply>(&m.value().transactions.at(0));
    if (!r) continue;  // a Pending
    out.push_back(*d);
    if (!r->segment_number || r->segmentation_complete) break;
  }
  return out;
}

h248::TransactionReply replyOf(const std::string& text) {
  auto m = h248::parseMessage(text);
  EXPECT_TRUE(m.ok()) << text;
  if (!m.ok()) return {};
  const auto* r = std::get_if<h248::TransactionReply>(&m.value().transactions.at(0));
  EXPECT_NE(r, nullptr) << text;
  return r ? *r : h248::TransactionReply{};
}

Gateway start(UdpPeer& mgc, std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"--set", "h248.mgc=[\"" + mgc.endpoint() + "\"]",
                                   "--set", "media.engine=signalling",
                                   "--set", "h248.shutdown.wait_ms=300",
                                   "--set", "h248.udp.max_message_size=" + std::to_string(kLimit),
                                   "--set", "h248.retransmit.initial_ms=200"};
  args.insert(args.end(), more.begin(), more.end());
  return startGateway(args);
}

TEST(MgSegments, LargeReplyArrivesInSegmentsWithinTheLimit) {
  UdpPeer mgc;
  Gateway gw = start(mgc);
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  registerWith(mgc, gw);
  mgc.sendTo(gw.port, head(mgc) + "T=21{" + kThreeAdds + "}");
  std::vector<std::string> segs = receiveSegments(mgc);
  ASSERT_GE(segs.size(), 2u);
  std::vector<h248::CommandReply> commands;
  PcapWriter pcap(tempPath("segments.pcap"));
  for (size_t i = 0; i < segs.size(); ++i) {
    SCOPED_TRACE(segs[i]);
    EXPECT_LE(segs[i].size(), kLimit);
    h248::TransactionReply r = replyOf(segs[i]);
    EXPECT_EQ(r.id, 21u);
    EXPECT_EQ(r.segment_number, i + 1);
    EXPECT_EQ(r.segmentation_complete, i + 1 == segs.size());
    for (const auto& a : r.actions) {
      EXPECT_TRUE(a.context_id == 1u || a.context_id == 2u) << a.context_id;
      commands.insert(commands.end(), a.replies.begin(), a.replies.end());
    }
    pcap.udp({0x7f000001, gw.port}, {0x7f000001, mgc.port()}, segs[i]);
  }
  ASSERT_TRUE(pcap.close());
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0].termination_id, "msrp/1");
  EXPECT_EQ(commands[1].termination_id, "msrp/2");
  EXPECT_EQ(commands[2].termination_id, "msrp/3");
  // tshark's megaco dissector reads every segment as a reply with its Local SDP, cleanly.
  std::vector<std::string> decode = {"udp.port==" + std::to_string(mgc.port()) + ",megaco"};
  TsharkFields f = tsharkFields(tempPath("segments.pcap"), decode, "megaco",
                                {"megaco.transaction", "megaco.termid", "sdp.media"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  ASSERT_EQ(f.rows.size(), segs.size()) << tsharkVerbose(tempPath("segments.pcap"), decode);
  std::string terms;
  for (const auto& row : f.rows) {
    EXPECT_NE(row.at(0).find("Reply"), std::string::npos) << row.at(0);
    terms += row.at(1) + ";";
  }
  EXPECT_NE(terms.find("msrp/1"), std::string::npos) << terms;
  EXPECT_NE(terms.find("msrp/3"), std::string::npos) << terms;
  EXPECT_EQ(tsharkProblemCount(tempPath("segments.pcap"), decode), 0)
      << tsharkVerbose(tempPath("segments.pcap"), decode);
}

TEST(MgSegments, UnacknowledgedSegmentsAreResentAndAcknowledgedOnesAreNot) {
  UdpPeer mgc;
  Gateway gw = start(mgc);
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  registerWith(mgc, gw);
  mgc.sendTo(gw.port, head(mgc) + "T=31{" + kThreeAdds + "}");
  std::vector<std::string> segs = receiveSegments(mgc);
  ASSERT_GE(segs.size(), 2u);
  // Acknowledge all but the first: only the first comes again.
  for (size_t i = 2; i <= segs.size(); ++i) {
    mgc.sendTo(gw.port,
               head(mgc) + "SM=31/" + std::to_string(i) + (i == segs.size() ? "/END" : ""));
  }
  auto again = mgc.receive(5s);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, segs[0]);
  mgc.sendTo(gw.port, head(mgc) + "SM=31/1");
  // Everything acknowledged: nothing more within several resend intervals (200 ms, x2).
  auto more = mgc.receive(1500ms);
  EXPECT_FALSE(more.has_value()) << *more;
}

TEST(MgSegments, LargeReplyToAVersion2RequestIs533) {
  UdpPeer mgc;
  Gateway gw = start(mgc);
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  registerWith(mgc, gw);
  mgc.sendTo(gw.port, head(mgc, 2) + "T=41{" + kThreeAdds + "}");
  auto r = mgc.receive(5s);
  ASSERT_TRUE(r.has_value());
  h248::TransactionReply rep = replyOf(*r);
  EXPECT_FALSE(rep.segment_number.has_value()) << *r;
  ASSERT_TRUE(rep.error.has_value()) << *r;
  EXPECT_EQ(rep.error->code, 533);
  EXPECT_NE(rep.error->text->find("segmentation needs version 3"), std::string::npos) << *r;
}

TEST(MgConfig, ConfiguredMidAndProfileAreUsed) {
  UdpPeer mgc;
  Gateway gw = start(mgc, {"--set", "h248.mid=<mg.example.net>:2944", "--set",
                           "h248.profile.name=ims_mrfp", "--set", "h248.profile.version=2"});
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  std::string sc = registerWith(mgc, gw);
  auto m = h248::parseMessage(sc);
  ASSERT_TRUE(m.ok()) << sc;
  EXPECT_EQ(m.value().mid.kind, h248::MId::Kind::kDomain);
  EXPECT_EQ(m.value().mid.address, "mg.example.net");
  EXPECT_EQ(m.value().mid.port, 2944);
  const auto& cmd =
      std::get<h248::TransactionRequest>(m.value().transactions.at(0)).actions.at(0).commands.at(0);
  const auto& p = std::get<h248::ServiceChangeParms>(cmd.descriptors.at(0));
  ASSERT_TRUE(p.profile.has_value());
  EXPECT_EQ(p.profile->name, "ims_mrfp");
  EXPECT_EQ(p.profile->version, 2u);
  // Replies carry it too.
  mgc.sendTo(gw.port, head(mgc) + "T=5{C=-{AV=ROOT{AT{}}}}");
  auto r = mgc.receive(5s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->rfind("!/3 <mg.example.net>:2944", 0), 0u) << *r;
}

TEST(MgConfig, BadMidProfileAndSizeAreRefusedWithTheirKeys) {
  CommandResult r = runCommand({MSRPGW_BIN, "--check", "--set", "h248.mid=[192.0.2.1:2944", "--set",
                                "h248.profile.name=9lives", "--set", "h248.profile.version=100",
                                "--set", "h248.udp.max_message_size=100"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("h248.mid: must be an H.248 mId"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("h248.profile.name: must be a letter"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("h248.profile.version: must be between 1 and 99"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("h248.udp.max_message_size: must be between 256 and 65507"),
            std::string::npos)
      << r.err;
  for (const char* good : {"mg1", "[192.0.2.1]:2944", "[2001:db8::1]", "MTP{0A1B}"}) {
    CommandResult ok =
        runCommand({MSRPGW_BIN, "--check", "--set", std::string("h248.mid=") + good});
    EXPECT_EQ(ok.exit_code, 0) << good << ": " << ok.err;
  }
}

}  // namespace
}  // namespace msrpgw::test
