// Failures on the far side become failure REPORTs to the sender (RFC 4975 sections 7.1.2
// and 7.2; msrpgw answers the sender 200 once it took a chunk and from then on owns its
// delivery, media/bridge/bridge.h): B answering 415, 413 or 481 gives the sender a REPORT
// with that status, the sender's Message-ID and the Byte-Range of the refused bytes; B
// vanishing in the middle of a large file gives the sender a 408 REPORT (bridge.cc: lost
// connection fails the outstanding and held bytes with 408), and msrpgw carries a new
// session afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <map>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

class MsrpE2eFarSideRefuses : public ::testing::TestWithParam<int> {};

TEST_P(MsrpE2eFarSideRefuses, SenderGetsAFailureReportWithThatStatus) {
  const int code = GetParam();
  const std::string text = "refuse me with " + std::to_string(code);
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--respond", std::to_string(code), "--timeout-ms", "30000"}));
  h.startA({"--failure-report", "yes", "--send-text", text, "--expect-reports", "1", "--timeout-ms",
            "30000"});
  ASSERT_TRUE(h.a().waitExit(40s).has_value()) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  auto reports = events(h.a().out(), "report");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  ASSERT_EQ(reports.size(), 1u) << "expected one failure REPORT\n" << h.log();
  EXPECT_EQ(reports[0]["status"], code) << h.log();
  EXPECT_EQ(reports[0]["message_id"], sent[0]["message_id"]);
  const std::string n = std::to_string(text.size());
  EXPECT_EQ(reports[0]["byte_range"], "1-" + n + "/" + n);
  // B really answered msrpgw's SEND with the code (and got the text unchanged).
  auto chunks = events(h.b().out(), "recv_chunk");
  ASSERT_FALSE(chunks.empty()) << h.log();
  EXPECT_EQ(chunks.back()["status"], code);
  EXPECT_EQ(chunks.back()["message_id"], sent[0]["message_id"]);
  EXPECT_TRUE(events(h.b().out(), "recv_message").empty());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

INSTANTIATE_TEST_SUITE_P(Codes, MsrpE2eFarSideRefuses, ::testing::Values(415, 413, 481));

// A sends a 64 MiB file toward a slow B (so the transfer is surely in the middle), B is
// killed; returns when A exited. A's own transaction timeout is 10 s, so chunks msrpgw
// leaves unanswered show as `transaction_timeout` errors.
void vanishMidTransfer(Harness& h) {
  constexpr uint64_t kSize = 64 << 20;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--recv-rate", "2000000", "--timeout-ms", "60000"}));
  h.startA({"--failure-report", "yes", "--send-file", randomFile("vanish.bin", kSize, 9),
            "--expect-reports", "1", "--transaction-timeout-ms", "10000", "--timeout-ms", "60000"});
  ASSERT_TRUE(waitForEvent(h.b(), "recv_chunk", 20s)) << h.log();
  std::this_thread::sleep_for(500ms);
  h.b().signal(SIGKILL);
  ASSERT_TRUE(h.a().waitExit(60s).has_value()) << h.log();
  std::map<std::string, int> kinds;
  for (const auto& e : events(h.a().out(), "error")) ++kinds[e.value("kind", "")];
  std::map<int, int> statuses;
  for (const auto& e : events(h.a().out(), "response")) ++statuses[e.value("status", 0)];
  std::cout << "[ vanish ] A errors:";
  for (auto& [k, n] : kinds) std::cout << " " << k << "=" << n;
  std::cout << "; responses:";
  for (auto& [k, n] : statuses) std::cout << " " << k << "=" << n;
  std::cout << "\n";
}

TEST(MsrpE2eFarSideVanishes, SenderGetsA408ReportAndMsrpgwCarriesANewSession) {
  Harness h;
  ASSERT_NO_FATAL_FAILURE(vanishMidTransfer(h));
  auto sent = events(h.a().out(), "sent_message");
  auto reports = events(h.a().out(), "report");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  ASSERT_FALSE(reports.empty()) << "no failure REPORT after B vanished\n" << h.log();
  for (const auto& r : reports) {
    SCOPED_TRACE(r.dump());
    EXPECT_EQ(r["status"], 408);
    EXPECT_EQ(r["message_id"], sent[0]["message_id"]);
  }
  EXPECT_NE(sent[0]["status"], "ok") << "the message cannot have been delivered\n" << h.log();
  std::cout << "[ vanish ] A: " << sent[0].dump() << ", " << reports.size() << " REPORT(s), first "
            << reports[0].dump() << "\n";
  ASSERT_TRUE(h.gatewayRunning()) << h.log();
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;

  // msrpgw keeps serving: a new session carries a message.
  ASSERT_TRUE(h.startSession({"--expect-messages", "1", "--timeout-ms", "30000"}));
  h.startA({"--send-text", "still here", "--timeout-ms", "30000"});
  ASSERT_TRUE(h.waitBoth(40s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(got[0]["text"], "still here");
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// After B vanishes, msrpgw answers every chunk A still sends (481: the far session is
// gone) although it had paused reading A for the slow B; none of A's transactions may
// time out (RFC 4975 section 7.1: every SEND transaction gets a response).
TEST(MsrpE2eFarSideVanishes, SenderChunksAfterTheVanishAreAnsweredNotLeftToTimeOut) {
  Harness h;
  ASSERT_NO_FATAL_FAILURE(vanishMidTransfer(h));
  EXPECT_TRUE(events(h.a().out(), "error").empty()) << "msrpgw left A's SENDs unanswered";
  auto sent = events(h.a().out(), "sent_message");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  EXPECT_EQ(sent[0]["failure_status"], 481) << sent[0];
}

}  // namespace
}  // namespace msrpgw::test::e2e
