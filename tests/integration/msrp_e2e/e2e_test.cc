// End to end, as an operator runs it: msrpgw registers with an MGC (a scripted UDP peer
// here), the MGC adds two MSRP terminations in one context with the endpoints' SDP, and
// two msrp tool processes exchange messages through msrpgw: a text and a 3 MiB file sent
// in 1000-byte chunks that msrpgw re-cuts to its own chunk size; the receiver's SHA-256
// equals the sender's. Subtract returns the statistics.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <regex>

#include "nlohmann/json.hpp"
#include "tests/integration/h248/udp_peer.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

std::string mgcHeader(const UdpPeer& mgc) {
  return "MEGACO/3 [127.0.0.1]:" + std::to_string(mgc.port()) + "\n";
}

uint32_t transactionId(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(R"((?:T|Transaction)\s*=\s*(\d+))"))
             ? std::stoul(m[1])
             : 0;
}

// Every JSON event line of a tool's output with this "event".
std::vector<nlohmann::json> events(const std::string& out, const std::string& kind) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == kind) v.push_back(j);
  }
  return v;
}

uint16_t listeningPort(ChildProcess& p) {
  for (int i = 0; i < 4000; ++i) {
    auto l = events(p.out(), "listening");
    if (!l.empty()) return l[0]["port"].get<uint16_t>();
    std::this_thread::sleep_for(5ms);
  }
  return 0;
}

TEST(MsrpEndToEnd, TwoEndpointsThroughMsrpgwUnderH248Control) {
  UdpPeer mgc;
  Gateway gw =
      startGateway({"--set", "h248.mgc=[\"" + mgc.endpoint() + "\"]", "--set", "msrp.ports=[0,0]",
                    "--set", "h248.shutdown.wait_ms=200", "--set", "workers=2"});
  ASSERT_TRUE(gw.process);
  uint16_t mg_port = 0;
  auto sc = mgc.receive(10s, &mg_port);
  ASSERT_TRUE(sc.has_value()) << gw.process->err();
  mgc.sendTo(mg_port,
             mgcHeader(mgc) + "P=" + std::to_string(transactionId(*sc)) + "{C=-{SC=ROOT}}");
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s)) << gw.process->err();

  // B listens and waits for two messages; A will connect to msrpgw.
  const std::string b_uri = "msrp://127.0.0.1:1/e2eBsession;tcp";
  const std::string a_uri = "msrp://127.0.0.1:40001/e2eAsession;tcp";
  ChildProcess b({MSRPGW_MSRP_BIN, "--listen", "127.0.0.1:0", "--print-port", "--json",
                  "--no-chunk-events", "--local-uri", b_uri, "--expect-messages", "2",
                  "--timeout-ms", "60000"});
  const uint16_t b_port = listeningPort(b);
  ASSERT_NE(b_port, 0) << b.err();

  const std::string local = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}";
  const std::string remote_a =
      "R{\nv=0\nc=IN IP4 127.0.0.1\nm=message 40001 TCP/MSRP *\na=path:" + a_uri +
      "\na=setup:active\na=accept-types:text/plain application/octet-stream\n}";
  const std::string remote_b =
      "R{\nv=0\nc=IN IP4 127.0.0.1\nm=message " + std::to_string(b_port) +
      " TCP/MSRP *\na=path:" + b_uri +
      "\na=setup:passive\na=accept-types:text/plain application/octet-stream\n}";
  mgc.sendTo(mg_port, mgcHeader(mgc) + "T=10{C=${A=${M{ST=1{O{MO=SR}," + local + "," + remote_a +
                          "}}},A=${M{ST=1{O{MO=SR}," + local + "," + remote_b + "}}}}}");
  std::optional<std::string> reply;
  for (int i = 0; i < 10 && (!reply || reply->find("PN=") != std::string::npos); ++i)
    reply = mgc.receive(10s);
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->find("ER="), std::string::npos) << *reply;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*reply, m, std::regex(R"(C=(\d+)\{)"))) << *reply;
  const std::string context = m[1];
  ASSERT_TRUE(std::regex_search(*reply, m, std::regex(R"(m=message (\d+) TCP/MSRP)"))) << *reply;
  const std::string gw_msrp_port = m[1];
  ASSERT_TRUE(std::regex_search(*reply, m, std::regex(R"(a=path:(msrp://[^\s]+))"))) << *reply;
  const std::string gw_uri_for_a = m[1];  // the first termination's Local: A's side

  // A 3 MiB file of random bytes, and a text.
  std::string file = tempPath("e2e_file.bin");
  {
    std::mt19937_64 rng(3);
    std::ofstream f(file, std::ios::binary);
    for (int i = 0; i < 3 * 1024 * 1024 / 8; ++i) {
      uint64_t v = rng();
      f.write(reinterpret_cast<const char*>(&v), 8);
    }
  }
  ChildProcess a({MSRPGW_MSRP_BIN, "--connect", "127.0.0.1:" + gw_msrp_port, "--local-uri", a_uri,
                  "--remote-path", gw_uri_for_a, "--json", "--no-chunk-events", "--chunk-size",
                  "1000", "--send-text", "hello through msrpgw", "--send-file", file,
                  "--timeout-ms", "60000"});
  auto a_exit = a.waitExit(90s);
  auto b_exit = b.waitExit(90s);
  ASSERT_TRUE(a_exit.has_value() && b_exit.has_value());
  EXPECT_EQ(*a_exit, 0) << a.out() << a.err() << gw.process->err();
  EXPECT_EQ(*b_exit, 0) << b.out() << b.err();

  auto sent = events(a.out(), "sent_message");
  auto got = events(b.out(), "recv_message");
  ASSERT_EQ(sent.size(), 2u) << a.out();
  ASSERT_EQ(got.size(), 2u) << b.out();
  EXPECT_EQ(got[0]["text"], "hello through msrpgw");
  EXPECT_EQ(got[1]["size"], 3 * 1024 * 1024);
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]) << "the file arrived byte for byte";
  EXPECT_EQ(got[1]["message_id"], sent[1]["message_id"]) << "Message-ID is kept end to end";
  // 1000-byte chunks in, msrpgw's 2048-byte chunks out.
  EXPECT_EQ(got[1]["chunks"], (3 * 1024 * 1024 + 2047) / 2048);

  mgc.sendTo(mg_port, mgcHeader(mgc) + "T=11{C=" + context + "{S=*}}");
  auto sub = mgc.receive(10s);
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=msrp/1{SA{nt/dur="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=msrp/2{SA{nt/dur="), std::string::npos) << *sub;
  gw.process->signal(SIGTERM);
  EXPECT_EQ(gw.process->waitExit(20s), 0) << gw.process->err();
}

}  // namespace
}  // namespace msrpgw::test
