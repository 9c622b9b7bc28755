// Erlang/OTP megaco as the controller of one whole end-to-end case: msrpgw_e2e_mgc.escript
// accepts the real msrpgw's registration and Adds two MSRP terminations with the SDP of
// two msrp tool processes; megaco decodes msrpgw's reply, from which this test takes the
// Local a=path and port that A connects to; A sends a text and a 2 MiB file through
// msrpgw to B (SHA-256 equal); then megaco Subtracts and the statistics it decoded count
// exactly what was carried.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/integration/msrp_e2e/e2e_fixture.h"
#include "tests/support/tshark.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

const std::string kScript = MSRPGW_SOURCE_DIR "/tests/interop/erlang_mgc/msrpgw_e2e_mgc.escript";

// The STEP line `name` of the escript's output ("" when absent).
std::string stepLine(const std::string& err, const std::string& name) {
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("STEP " + name + " |", 0) == 0) return line;
  }
  return "";
}

// The value of `item` (e.g. "stat:nt/os") following " | term=<term> |" in a STEP line.
std::string valueAfter(const std::string& line, const std::string& term, const std::string& item) {
  size_t at = line.find(" | term=" + term + " |");
  if (at == std::string::npos) return "";
  size_t next_term = line.find(" | term=", at + 1);
  std::string part =
      line.substr(at, next_term == std::string::npos ? std::string::npos : next_term - at);
  size_t v = part.find(" | " + item + "=");
  if (v == std::string::npos) return "";
  v += item.size() + 4;
  return part.substr(v, part.find(" |", v) - v);
}

TEST(ErlangMegacoEndToEnd, MegacoAddsTwoMsrpTerminationsAndAFileCrossesMsrpgw) {
  constexpr uint64_t kSize = 2 << 20;
  const std::string b_uri = "msrp://127.0.0.1:1/erlangBsession;tcp";
  const std::string a_uri = "msrp://127.0.0.1:40001/erlangAsession;tcp";
  auto b = startListenerTool(
      b_uri, {"--no-chunk-events", "--expect-messages", "2", "--timeout-ms", "90000"});
  const uint16_t b_port = listeningPort(*b);
  ASSERT_NE(b_port, 0) << b->err();

  const uint16_t mgc_port = freeUdpPort();
  const std::string done_file = tempPath("erlang_e2e.done");
  ChildProcess mgc({"escript", kScript, std::to_string(mgc_port), std::to_string(b_port), b_uri,
                    a_uri, done_file});
  ASSERT_TRUE(mgc.waitForErr("LISTENING", 30s)) << mgc.err();
  Gateway gw = startGateway({"--set", "h248.mgc=[\"127.0.0.1:" + std::to_string(mgc_port) + "\"]",
                             "--set", "msrp.ports=[0,0]", "--set", "h248.shutdown.wait_ms=300",
                             "--set", "workers=2"});
  ASSERT_TRUE(gw.process);
  ASSERT_TRUE(mgc.waitForErr("STEP add", 30s)) << mgc.err() << gw.process->err();

  // What megaco decoded from msrpgw's Add reply: two terminations, and in the first one's
  // Local the port and a=path A must use.
  const std::string add = stepLine(mgc.err(), "add");
  EXPECT_EQ(add.find("code="), std::string::npos) << add;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(add, m, std::regex(R"(\| term=(msrp/\d+) \|.*\| term=(msrp/\d+) \|)")))
      << add;
  const std::string term_a = m[1], term_b = m[2];
  ASSERT_TRUE(std::regex_search(add, m, std::regex(R"(prop:m=message (\d+) TCP/MSRP)"))) << add;
  const std::string gw_port = m[1];
  ASSERT_TRUE(std::regex_search(add, m, std::regex(R"(prop:a=path:(msrp://[^ |]+))"))) << add;
  const std::string gw_path_for_a = m[1];
  EXPECT_NE(add.find("prop:a=setup:passive"), std::string::npos)
      << "msrpgw listens for A (A is active)\n"
      << add;

  const std::string file = randomFile("erlang_e2e.bin", kSize, 11);
  auto a = startConnectorTool(
      gw_port, a_uri, gw_path_for_a,
      {"--no-chunk-events", "--chunk-size", "3000", "--send-text",
       "hello from an Erlang-controlled session", "--send-file", file, "--timeout-ms", "90000"});
  auto a_exit = a->waitExit(100s);
  auto b_exit = b->waitExit(100s);
  ASSERT_TRUE(a_exit.has_value() && b_exit.has_value()) << a->out() << b->out();
  EXPECT_EQ(*a_exit, 0) << a->out() << a->err() << gw.process->err();
  EXPECT_EQ(*b_exit, 0) << b->out() << b->err();
  auto sent = events(a->out(), "sent_message");
  auto got = events(b->out(), "recv_message");
  ASSERT_EQ(sent.size(), 2u) << a->out();
  ASSERT_EQ(got.size(), 2u) << b->out();
  EXPECT_EQ(got[0]["text"], "hello from an Erlang-controlled session");
  EXPECT_EQ(got[1]["size"], kSize);
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]);

  { std::ofstream(done_file) << "done\n"; }
  ASSERT_TRUE(mgc.waitForErr("DONE", 30s)) << mgc.err();
  EXPECT_EQ(mgc.waitExit(20s), 0) << mgc.err();
  const std::string sub = stepLine(mgc.err(), "subtract");
  EXPECT_EQ(sub.find("code="), std::string::npos) << sub;
  // Body octets: A's termination received the text and the file, B's sent them.
  const std::string octets = std::to_string(kSize + got[0]["size"].get<uint64_t>());
  EXPECT_EQ(valueAfter(sub, term_a, "stat:nt/or"), octets) << sub;
  EXPECT_EQ(valueAfter(sub, term_b, "stat:nt/os"), octets) << sub;
  EXPECT_EQ(valueAfter(sub, term_a, "stat:msrpgw/mr"), "2") << sub;
  // Chunks: A's 3000-byte chunks in (the text is one), msrpgw's 2048-byte chunks out. (B's
  // msrpgw/ms is not checked here: see MsrpE2eStats in tests/integration/msrp_e2e.)
  EXPECT_EQ(valueAfter(sub, term_a, "stat:msrpgw/cr"), std::to_string(1 + (kSize + 2999) / 3000))
      << sub;
  EXPECT_EQ(valueAfter(sub, term_b, "stat:msrpgw/cs"), std::to_string(1 + kSize / 2048)) << sub;
  EXPECT_NE(valueAfter(sub, term_a, "stat:nt/dur"), "") << sub;

  gw.process->signal(SIGTERM);
  EXPECT_EQ(gw.process->waitExit(20s), 0) << gw.process->err();
}

}  // namespace
}  // namespace msrpgw::test::e2e
