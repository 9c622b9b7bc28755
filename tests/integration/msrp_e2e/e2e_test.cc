// End to end, as an operator runs it: msrpgw registers with an MGC (a scripted UDP peer
// here), the MGC adds two MSRP terminations in one context with the endpoints' SDP, and
// two msrp tool processes exchange messages through msrpgw: a text and a 3 MiB file sent
// in 1000-byte chunks that msrpgw re-cuts to its own chunk size; the receiver's SHA-256
// equals the sender's. Subtract returns the statistics. (The shared setup is
// e2e_fixture.h; the other cases of the issue are in the *_test.cc beside this one.)
#include <gtest/gtest.h>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

TEST(MsrpEndToEnd, TwoEndpointsThroughMsrpgwUnderH248Control) {
  constexpr uint64_t kSize = uint64_t{3} * 1024 * 1024;
  Harness h;
  ASSERT_TRUE(h.startGateway());
  // B listens and waits for two messages; A will connect to msrpgw.
  ASSERT_TRUE(
      h.startSession({"--no-chunk-events", "--expect-messages", "2", "--timeout-ms", "60000"}));
  h.startA({"--no-chunk-events", "--chunk-size", "1000", "--send-text", "hello through msrpgw",
            "--send-file", randomFile("e2e_file.bin", kSize, 3), "--timeout-ms", "60000"});
  ASSERT_TRUE(h.waitBoth(90s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();

  auto sent = events(h.a().out(), "sent_message");
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(sent.size(), 2u) << h.log();
  ASSERT_EQ(got.size(), 2u) << h.log();
  EXPECT_EQ(got[0]["text"], "hello through msrpgw");
  EXPECT_EQ(got[1]["size"], kSize);
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]) << "the file arrived byte for byte";
  EXPECT_EQ(got[1]["message_id"], sent[1]["message_id"]) << "Message-ID is kept end to end";
  // 1000-byte chunks in, msrpgw's 2048-byte chunks out.
  EXPECT_EQ(got[1]["chunks"], (kSize + 2047) / 2048);

  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=" + h.termA() + "{SA{nt/dur="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=" + h.termB() + "{SA{nt/dur="), std::string::npos) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
