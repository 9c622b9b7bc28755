// 1,000 concurrent MSRP sessions through the real msrpgw: msrpload is msrpgw's MGC (it
// answers the registration and Adds one context of two terminations per session), then
// connects senders and receivers (a connection per session, or ten sessions sharing each)
// and sends messages on all of them at once; the receiver checks every message (its
// session, its order, every body byte).
#include <gtest/gtest.h>

#include <iostream>

#include "nlohmann/json.hpp"
#include "tests/integration/h248/udp_peer.h"
#include "tests/support/subprocess.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

// msrpload drives `sessions` sessions, `per_conn` of them on each connection, three
// 300-byte messages each (100-byte chunks in), through msrpgw with two workers.
void runConcurrent(int sessions, int per_conn) {
  constexpr int kPerSession = 3;
  const uint16_t mgc_port = freeUdpPort();
  const std::string mgc = "127.0.0.1:" + std::to_string(mgc_port);
  // msrpload listens for the registration before msrpgw starts sending it.
  ChildProcess load({MSRPGW_MSRPLOAD_BIN, "--target", "msrpgw", "--mgc-listen", mgc, "--sessions",
                     std::to_string(sessions), "--sessions-per-conn", std::to_string(per_conn),
                     "--size", "300", "--chunk-size", "100", "--messages",
                     std::to_string(sessions * kPerSession), "--drain-timeout", "60"});
  Gateway gw = startGateway({"--set", "h248.mgc=[\"" + mgc + "\"]", "--set", "msrp.ports=[0,0]",
                             "--set", "workers=2", "--set", "h248.shutdown.wait_ms=200"});
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  auto code = load.waitExit(240s);
  ASSERT_TRUE(code.has_value()) << load.err();
  auto out = nlohmann::json::parse(load.out(), nullptr, false);
  ASSERT_TRUE(out.is_object()) << load.out() << load.err() << gw.process->err();
  EXPECT_EQ(*code, 0) << out.dump() << gw.process->err();
  std::cout << "[ sessions ] " << sessions << " (" << per_conn << " per connection) set up in "
            << out["setup_s"] << " s, " << out["messages_received"] << " messages in "
            << out["load_s"] << " s\n";
  EXPECT_EQ(out["sessions"], sessions);
  EXPECT_EQ(out["sessions_per_conn"], per_conn);
  EXPECT_EQ(out["errors"], 0) << out["error_kinds"];
  EXPECT_EQ(out["messages_sent"], sessions * kPerSession);
  EXPECT_EQ(out["messages_received"], sessions * kPerSession)
      << "every message of every session arrived, in order and intact";
  // 300-byte bodies cut into 100-byte chunks in, msrpgw's own 2048-byte chunks out.
  EXPECT_EQ(out["bytes_received"], sessions * kPerSession * 300);
  gw.process->signal(SIGTERM);
  EXPECT_EQ(gw.process->waitExit(30s), 0) << gw.process->err();
}

TEST(MsrpE2eConcurrentSessions, AThousandSessionsAtOnceEachDeliveredAndChecked) {
  runConcurrent(1000, 1);
}

// RFC 4975 lets sessions share a connection: ten per connection, consecutive contexts on
// alternate workers, so most connections carry sessions of both workers (spliced).
TEST(MsrpE2eConcurrentSessions, AThousandSessionsTenPerConnectionEachDeliveredAndChecked) {
  runConcurrent(1000, 10);
}

}  // namespace
}  // namespace msrpgw::test
