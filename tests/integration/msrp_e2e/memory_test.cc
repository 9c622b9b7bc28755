// msrpgw's memory stays flat while it carries more than it may hold: one 50 MiB message
// sent as a single chunk streams out as small chunks, and a fast sender toward a slow
// receiver is held back (msrp.max_buffered) instead of being buffered. The oracle is the
// kernel's own account of the msrpgw process: VmHWM (peak RSS) in /proc/<pid>/status.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

constexpr uint64_t kMiB = 1 << 20;

// Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default) before it
// is reused, so msrpgw's RSS would measure the quarantine instead of what msrpgw holds.
// The children of these cases (msrpgw, the tools) inherit a small quarantine.
void smallQuarantineForChildren() {
#if defined(MSRPGW_SANITIZED)
  const char* old = getenv("ASAN_OPTIONS");
  std::string opts = old ? std::string(old) + ":" : "";
  setenv("ASAN_OPTIONS", (opts + "quarantine_size_mb=1:thread_local_quarantine_size_kb=64").c_str(),
         1);
#endif
}

TEST(MsrpE2eMemory, OneFiftyMiBChunkStreamsOutAsSmallChunksWithFlatMemory) {
  constexpr uint64_t kSize = 50 * kMiB;
  smallQuarantineForChildren();
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(
      h.startSession({"--no-chunk-events", "--expect-messages", "1", "--timeout-ms", "170000"}));
  const std::string file = randomFile("one_chunk.bin", kSize, 50);
  const ProcMemory before = procMemory(h.gw().pid());
  ASSERT_GT(before.hwm_kib, 0u);
  h.startA(
      {"--no-chunk-events", "--chunk-size", "0", "--send-file", file, "--timeout-ms", "170000"});
  ASSERT_TRUE(h.waitBoth(180s));
  const ProcMemory after = procMemory(h.gw().pid());
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(sent[0]["chunks"], 1) << "A sent the message as one chunk";
  EXPECT_EQ(got[0]["chunks"], kSize / 2048) << "msrpgw streamed it out in 2048-byte chunks";
  EXPECT_EQ(got[0]["sha256"], sent[0]["sha256"]);

  std::cout << "[ memory ] msrpgw VmHWM " << before.hwm_kib << " KiB before, " << after.hwm_kib
            << " KiB after the 50 MiB chunk (VmRSS " << after.rss_kib << " KiB)\n";
  ::testing::Test::RecordProperty("hwm_growth_kib", std::to_string(after.hwm_kib - before.hwm_kib));
  EXPECT_LT(after.hwm_kib - before.hwm_kib, 32u * 1024)
      << "msrpgw's peak RSS grew by more than 32 MiB: it held the chunk instead of streaming it";
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

TEST(MsrpE2eMemory, SlowReceiverHoldsBackAFastSenderWithBoundedMemory) {
  constexpr uint64_t kSize = 24 * kMiB;
  constexpr uint64_t kRate = 6'000'000;  // B reads 6 MB/s: ~4 s for the file
  smallQuarantineForChildren();
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startSession({"--no-chunk-events", "--expect-messages", "1", "--recv-rate",
                              std::to_string(kRate), "--timeout-ms", "170000"}));
  const std::string file = randomFile("slow.bin", kSize, 7);
  const ProcMemory before = procMemory(h.gw().pid());
  h.startA(
      {"--no-chunk-events", "--chunk-size", "2048", "--send-file", file, "--timeout-ms", "170000"});
  ASSERT_TRUE(h.waitBoth(180s));
  const ProcMemory after = procMemory(h.gw().pid());
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto sent = events(h.a().out(), "sent_message");
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(sent.size(), 1u) << h.log();
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(got[0]["size"], kSize);
  EXPECT_EQ(got[0]["sha256"], sent[0]["sha256"]);

  // Back-pressure reached the sender: A could not finish much before B read the file
  // (msrpgw answers a chunk only once it took it, and stops reading A above
  // max_buffered). Half the slow reading time leaves room for socket buffers.
  auto summary = events(h.a().out(), "summary");
  ASSERT_EQ(summary.size(), 1u);
  const double a_ms = summary[0].value("elapsed_ms", 0.0);
  EXPECT_GT(a_ms, 0.5 * 1000.0 * kSize / kRate) << "A was not held back by the slow B";

  std::cout << "[ memory ] slow receiver: msrpgw VmHWM " << before.hwm_kib << " KiB before, "
            << after.hwm_kib << " KiB after (VmRSS " << after.rss_kib << " KiB); A took " << a_ms
            << " ms\n";
  ::testing::Test::RecordProperty("hwm_growth_kib", std::to_string(after.hwm_kib - before.hwm_kib));
  EXPECT_LT(after.hwm_kib - before.hwm_kib, 16u * 1024)
      << "msrpgw buffered far more than msrp.max_buffered (1 MiB) for the slow receiver";
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
