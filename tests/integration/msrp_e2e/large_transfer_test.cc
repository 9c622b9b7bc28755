// Large files through the real msrpgw, re-chunked per termination: 2 KiB chunks in and
// 64 KiB out, and the reverse (the far termination's outgoing chunk size comes from the
// private H.248 package property msrpgw/chunksize in its LocalControl, so this also
// proves the property reaches the engine). The receiver's SHA-256 equals the sender's,
// and the chunk counts on both legs are the ones the chunk sizes give.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// 200 MiB in the release build (the size); the sanitizer build is ~20x slower, so
// it moves 32 MiB through the same paths.
#if defined(MSRPGW_SANITIZED)
constexpr uint64_t kBigFile = 32ull << 20;
#else
constexpr uint64_t kBigFile = 200ull << 20;
#endif

double megabytesPerSecond(const nlohmann::json& summary) {
  const double ms = summary.value("elapsed_ms", 0.0);
  return ms > 0 ? static_cast<double>(kBigFile) / 1e6 / (ms / 1000.0) : 0;
}

// The sender writes `in_chunk`-byte chunks to msrpgw; msrpgw writes `out_chunk`-byte chunks
// to the receiver. `reverse`: B (the termination msrpgw connects to) sends and A receives.
void transfer(uint64_t in_chunk, uint64_t out_chunk, bool reverse) {
  Harness h;
  ASSERT_TRUE(h.startGateway());
  const std::string file = randomFile("big.bin", kBigFile, in_chunk);
  const std::string chunksize = "msrpgw/chunksize=" + std::to_string(out_chunk);
  const std::vector<std::string> sender = {
      "--no-chunk-events", "--chunk-size", std::to_string(in_chunk), "--send-file", file,
      "--timeout-ms",      "400000"};
  const std::vector<std::string> receiver = {"--no-chunk-events", "--expect-messages", "1",
                                             "--timeout-ms", "400000"};
  if (!reverse) {
    ASSERT_TRUE(h.startSession(receiver, {}, {chunksize}));
    h.startA(sender);
  } else {
    ASSERT_TRUE(h.startSession(sender, {chunksize}, {}));
    std::vector<std::string> a_args = receiver;
    a_args.push_back("--bind-send");  // A binds its connection; B sends once msrpgw bound B's
    h.startA(a_args);
  }
  ASSERT_TRUE(h.waitBoth(420s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  const std::string send_out = reverse ? h.b().out() : h.a().out();
  const std::string recv_out = reverse ? h.a().out() : h.b().out();
  auto sent = events(send_out, "sent_message");
  auto got = events(recv_out, "recv_message");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(got[0]["size"], kBigFile);
  EXPECT_EQ(got[0]["sha256"], sent[0]["sha256"]) << "the file arrived byte for byte";
  EXPECT_EQ(got[0]["message_id"], sent[0]["message_id"]);
  EXPECT_EQ(sent[0]["chunks"], (kBigFile + in_chunk - 1) / in_chunk);
  EXPECT_EQ(got[0]["chunks"], (kBigFile + out_chunk - 1) / out_chunk)
      << "msrpgw re-cut the message to the far termination's msrpgw/chunksize";

  auto summary = events(send_out, "summary");
  ASSERT_EQ(summary.size(), 1u);
  const double rate = megabytesPerSecond(summary[0]);
  std::cout << "[ throughput ] " << kBigFile / (1 << 20) << " MiB, " << in_chunk << " B in, "
            << out_chunk << " B out: " << rate << " MB/s (sender's elapsed "
            << summary[0]["elapsed_ms"] << " ms)\n";
  ::testing::Test::RecordProperty("throughput_mb_s", std::to_string(rate));

  // The statistics agree: chunks received on the sender's termination, sent on the other.
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  const std::string& in_term = reverse ? h.termB() : h.termA();
  const std::string& out_term = reverse ? h.termA() : h.termB();
  EXPECT_EQ(statistic(*sub, in_term, "msrpgw/cr"), static_cast<int64_t>(sent[0]["chunks"])) << *sub;
  EXPECT_EQ(statistic(*sub, out_term, "msrpgw/cs"), static_cast<int64_t>(got[0]["chunks"])) << *sub;
  EXPECT_EQ(statistic(*sub, in_term, "nt/or"), static_cast<int64_t>(kBigFile)) << *sub;
  EXPECT_EQ(statistic(*sub, out_term, "nt/os"), static_cast<int64_t>(kBigFile)) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

TEST(MsrpE2eLarge, File2KiBChunksIn64KiBChunksOut) {
  transfer(2048, 65536, false);
}

TEST(MsrpE2eLarge, File64KiBChunksIn2KiBChunksOutFromTheConnectedSide) {
  transfer(65536, 2048, true);
}

}  // namespace
}  // namespace msrpgw::test::e2e
