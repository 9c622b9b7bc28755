// msrpload at a fixed rate through the raw forwarder: it starts the messages the clock
// makes due, no more and no fewer (what every latency figure of tools/bench rests on),
// and rejects a pace outside its range.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/support/loopback.h"
#include "tests/support/subprocess.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

nlohmann::json runThroughForwarder(const std::vector<std::string>& extra, int* code) {
  const uint16_t listen = freeTcpPort();
  ChildProcess fwd({TCPFWD_BIN, "--listen", "127.0.0.1:0", "--to",
                    "127.0.0.1:" + std::to_string(listen), "--print-port"});
  // Its first line: {"event":"listening","port":N}.
  int port = 0;
  for (int i = 0; i < 1000 && port == 0; ++i) {
    const std::string out = fwd.out();
    if (out.find('\n') != std::string::npos) {
      port = nlohmann::json::parse(out.substr(0, out.find('\n')), nullptr, false).value("port", 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  if (port == 0) {
    ADD_FAILURE() << "tcpfwd did not print its port: " << fwd.err();
    return {};
  }
  std::vector<std::string> argv = {MSRPGW_MSRPLOAD_BIN,
                                   "--target",
                                   "raw",
                                   "--connect",
                                   "127.0.0.1:" + std::to_string(port),
                                   "--listen",
                                   "127.0.0.1:" + std::to_string(listen)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  ChildProcess load(argv);
  auto rc = load.waitExit(60s);
  *code = rc.value_or(-1);
  auto j = nlohmann::json::parse(load.out(), nullptr, false);
  if (!j.is_object()) ADD_FAILURE() << load.out() << load.err();
  return j.is_object() ? j : nlohmann::json();
}

TEST(MsrpLoadRate, StartsTheMessagesTheClockMakesDue) {
  // 8,000 messages/s for 1.5 s over 8 sessions: 12,000 messages, 1,500 per session. The
  // load phase ends on the first 1 ms tick after 1.5 s, so a few more may be due by then;
  // a pacer that fell behind, stalled or ran ahead would miss by thousands.
  int code = 0;
  auto j = runThroughForwarder({"--sessions", "8", "--size", "200", "--rate", "8000", "--duration",
                                "1.5", "--pace-us", "250"},
                               &code);
  ASSERT_FALSE(j.is_null());
  EXPECT_EQ(code, 0) << j.dump();
  EXPECT_EQ(j["errors"], 0) << j.dump();
  const auto sent = j["messages_sent"].get<uint64_t>();
  EXPECT_GE(sent, 12000u * 99 / 100) << j.dump();
  EXPECT_LE(sent, 12000u * 102 / 100) << j.dump();
  EXPECT_EQ(j["messages_received"], j["messages_sent"]) << j.dump();
  EXPECT_EQ(j["latency_samples"], j["messages_received"]) << j.dump();
}

TEST(MsrpLoadRate, APaceOutsideItsRangeIsAUsageError) {
  for (const char* pace : {"0", "9", "1000001"}) {
    ChildProcess load({MSRPGW_MSRPLOAD_BIN, "--target", "raw", "--connect", "127.0.0.1:9",
                       "--listen", "127.0.0.1:9", "--rate", "10", "--pace-us", pace});
    auto rc = load.waitExit(10s);
    ASSERT_TRUE(rc.has_value()) << pace;
    EXPECT_NE(*rc, 0) << pace;
    EXPECT_NE(load.err().find("--pace-us"), std::string::npos) << pace << ": " << load.err();
  }
}

}  // namespace
}  // namespace msrpgw::test
