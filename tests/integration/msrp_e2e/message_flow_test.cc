// Message semantics end to end through the real msrpgw (RFC 4975): interleaved messages
// on one session arrive intact, a '#' abort reaches the receiver as an abort (never as a
// complete message), and Success-Report: yes brings the receiver's 200 REPORT back to the
// sender with the sender's Message-ID and the Byte-Range of the whole message.
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <map>
#include <set>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

TEST(MsrpE2eFlow, InterleavedMessagesOnOneSessionArriveIntact) {
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--expect-messages", "4", "--timeout-ms", "100000"}));
  const std::vector<uint64_t> sizes = {700 * 1024 + 13, uint64_t{1536} * 1024, 333'333};
  std::vector<std::string> a_args = {"--interleave",      "--chunk-size", "1000",  "--send-text",
                                     "interleaved hello", "--timeout-ms", "100000"};
  for (size_t i = 0; i < sizes.size(); ++i) {
    a_args.push_back("--send-file");
    a_args.push_back(randomFile("il" + std::to_string(i) + ".bin", sizes[i], 30 + i));
  }
  h.startA(a_args);
  ASSERT_TRUE(h.waitBoth(120s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(sent.size(), 4u) << h.log();
  ASSERT_EQ(got.size(), 4u) << h.log();
  for (const auto& s : sent) {
    SCOPED_TRACE(s.dump());
    EXPECT_EQ(s["status"], "ok");
    auto it = std::find_if(got.begin(), got.end(), [&](const nlohmann::json& g) {
      return g["message_id"] == s["message_id"];
    });
    ASSERT_NE(it, got.end()) << "message not received";
    EXPECT_EQ((*it)["size"], s["size"]);
    EXPECT_EQ((*it)["sha256"], s["sha256"]);
  }
  // A really interleaved its chunks: its first chunks belong to different messages.
  auto responses = events(h.a().out(), "response");
  std::set<std::string> first_ids;
  for (size_t i = 0; i < responses.size() && i < 8; ++i) {
    first_ids.insert(responses[i].value("message_id", ""));
  }
  EXPECT_GE(first_ids.size(), 3u) << "the sender did not interleave";
  // How the messages left msrpgw: count changes of Message-ID between consecutive chunks.
  auto chunks = events(h.b().out(), "recv_chunk");
  int switches = 0;
  for (size_t i = 1; i < chunks.size(); ++i) {
    switches += chunks[i]["message_id"] != chunks[i - 1]["message_id"];
  }
  std::cout << "[ interleave ] " << chunks.size() << " chunks out of msrpgw, " << switches
            << " Message-ID changes\n";
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// `chunk`: A's chunk size (0: the message is one chunk, aborted inside its body).
void abortCase(const std::string& chunk) {
  constexpr uint64_t kSize = 1 << 20, kAbortAfter = 300'000;
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--timeout-ms", "60000"}));  // no goal: runs until we stop it
  h.startA({"--chunk-size", chunk, "--abort-after", std::to_string(kAbortAfter), "--send-file",
            randomFile("abort.bin", kSize, 4), "--timeout-ms", "60000"});
  ASSERT_TRUE(waitForEvent(h.b(), "recv_aborted", 60s)) << h.log();
  std::this_thread::sleep_for(200ms);  // anything msrpgw might wrongly send after the '#'
  h.b().signal(SIGTERM);
  ASSERT_TRUE(h.waitBoth(30s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  EXPECT_EQ(sent[0]["status"], "aborted");
  EXPECT_EQ(sent[0]["sent"], kAbortAfter);
  auto aborted = events(h.b().out(), "recv_aborted");
  ASSERT_EQ(aborted.size(), 1u) << h.log();
  EXPECT_EQ(aborted[0]["message_id"], sent[0]["message_id"]);
  EXPECT_LE(aborted[0]["bytes"].get<uint64_t>(), kAbortAfter);
  EXPECT_TRUE(events(h.b().out(), "recv_message").empty()) << "an aborted message completed";
  // Every chunk msrpgw wrote to B belongs to the message, in order, the last one with '#'.
  std::vector<nlohmann::json> chunks;
  for (const auto& c : events(h.b().out(), "recv_chunk")) {
    if (c["message_id"] == sent[0]["message_id"]) chunks.push_back(c);
  }
  ASSERT_FALSE(chunks.empty());
  for (size_t i = 0; i + 1 < chunks.size(); ++i) EXPECT_EQ(chunks[i]["flag"], "+") << chunks[i];
  EXPECT_EQ(chunks.back()["flag"], "#");
  std::cout << "[ abort ] B got " << chunks.size() << " chunks, " << aborted[0]["bytes"]
            << " bytes before '#'\n";
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(statistic(*sub, h.termA(), "msrpgw/ma"), 1) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

TEST(MsrpE2eFlow, AbortAfterChunksReachesTheReceiverAsAbort) {
  abortCase("2048");
}

TEST(MsrpE2eFlow, AbortInsideOneLargeChunkReachesTheReceiverAsAbort) {
  abortCase("0");
}

TEST(MsrpE2eFlow, SuccessReportsComeBackWithMessageIdAndByteRange) {
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(
      h.startSession({"--no-chunk-events", "--expect-messages", "2", "--timeout-ms", "60000"}));
  constexpr uint64_t kSize = 1'000'003;
  h.startA({"--success-report", "yes", "--chunk-size", "4000", "--send-text", "report me",
            "--send-file", randomFile("sr.bin", kSize, 5), "--timeout-ms", "60000"});
  ASSERT_TRUE(h.waitBoth(70s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  ASSERT_EQ(sent.size(), 2u) << h.log();
  auto reports = events(h.a().out(), "report");
  ASSERT_EQ(reports.size(), 2u) << "one success REPORT per message\n" << h.log();
  for (const auto& s : sent) {
    SCOPED_TRACE(s.dump());
    auto it = std::find_if(reports.begin(), reports.end(), [&](const nlohmann::json& r) {
      return r["message_id"] == s["message_id"];
    });
    ASSERT_NE(it, reports.end()) << "no REPORT for this message\n" << h.log();
    EXPECT_EQ((*it)["status"], 200);
    const std::string n = std::to_string(s["size"].get<uint64_t>());
    EXPECT_EQ((*it)["byte_range"], std::string("1-").append(n).append("/").append(n));
  }
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(statistic(*sub, h.termA(), "msrpgw/rs"), 2) << *sub;
  EXPECT_EQ(statistic(*sub, h.termB(), "msrpgw/rr"), 2) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// Many small messages as fast as the sender's window allows: every one arrives, each
// intact, and the rate through msrpgw is printed (the issue's small-message rate).
TEST(MsrpE2eFlow, ManySmallMessagesAllArrive) {
#if defined(MSRPGW_SANITIZED)
  constexpr int kCount = 3000;
#else
  constexpr int kCount = 20000;
#endif
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--no-chunk-events", "--expect-messages", std::to_string(kCount),
                              "--timeout-ms", "100000"}));
  h.startA({"--no-chunk-events", "--count", std::to_string(kCount), "--size", "100", "--timeout-ms",
            "100000"});
  ASSERT_TRUE(h.waitBoth(110s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(sent.size(), static_cast<size_t>(kCount));
  ASSERT_EQ(got.size(), static_cast<size_t>(kCount));
  std::map<std::string, std::string> sha;
  for (const auto& s : sent) sha[s["message_id"]] = s["sha256"];
  for (const auto& g : got) EXPECT_EQ(sha[g["message_id"]], g["sha256"]) << g;
  auto summary = events(h.a().out(), "summary");
  ASSERT_EQ(summary.size(), 1u);
  const double ms = summary[0].value("elapsed_ms", 0.0);
  std::cout << "[ rate ] " << kCount << " messages of 100 bytes through msrpgw in " << ms
            << " ms: " << (ms > 0 ? kCount * 1000.0 / ms : 0) << " SENDs/s\n";
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// `Subtract=*` subtracts the context's terminations one after the other; the first takes
// the bridge down, and the second must still report the messages it carried.
TEST(MsrpE2eStats, SubtractOfTheWholeContextKeepsBothTerminationsMessageCounts) {
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--expect-messages", "1", "--timeout-ms", "30000"}));
  h.startA({"--send-text", "count me", "--timeout-ms", "30000"});
  ASSERT_TRUE(h.waitBoth(40s));
  ASSERT_EQ(events(h.b().out(), "recv_message").size(), 1u) << h.log();
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(statistic(*sub, h.termA(), "msrpgw/mr"), 1) << *sub;
  EXPECT_EQ(statistic(*sub, h.termB(), "msrpgw/ms"), 1) << *sub;
  EXPECT_EQ(statistic(*sub, h.termB(), "msrpgw/cs"), 1) << *sub;
}

}  // namespace
}  // namespace msrpgw::test::e2e
