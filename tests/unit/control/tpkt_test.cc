// TPKT framing (RFC 1006): header bytes, every split of a stream of frames, bad headers.
#include "control/transport/tpkt.h"

#include <gtest/gtest.h>

#include <vector>

namespace msrpgw::control::transport {
namespace {

TEST(Tpkt, FrameHasVersion3AndLengthIncludingTheHeader) {
  std::string f = tpktFrame("MEGACO/3 x");
  ASSERT_EQ(f.size(), 14u);
  EXPECT_EQ(f[0], 3);
  EXPECT_EQ(f[1], 0);
  EXPECT_EQ(f[2], 0);
  EXPECT_EQ(f[3], 14);
  EXPECT_EQ(f.substr(4), "MEGACO/3 x");
}

TEST(Tpkt, EveryTwoWaySplitAndByteByByteGiveTheSameMessages) {
  std::string long_one(300, 'x');
  std::string stream = tpktFrame("first") + tpktFrame(long_one) + tpktFrame("third");
  const std::vector<std::string> want = {"first", long_one, "third"};
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    TpktDeframer d;
    std::vector<std::string> got;
    auto sink = [&](std::string_view m) { got.emplace_back(m); };
    EXPECT_EQ(d.feed(std::string_view(stream).substr(0, cut), sink), TpktDeframer::Status::kOk);
    EXPECT_EQ(d.feed(std::string_view(stream).substr(cut), sink), TpktDeframer::Status::kOk);
    EXPECT_EQ(got, want) << "cut at " << cut;
    EXPECT_EQ(d.buffered(), 0u);
  }
  TpktDeframer d;
  std::vector<std::string> got;
  for (char c : stream) {
    d.feed(std::string_view(&c, 1), [&](std::string_view m) { got.emplace_back(m); });
  }
  EXPECT_EQ(got, want);
}

TEST(Tpkt, BadVersionAndBadLengthAreStickyErrors) {
  TpktDeframer d;
  int n = 0;
  auto sink = [&](std::string_view) { ++n; };
  EXPECT_EQ(d.feed(std::string("\x04\x00\x00\x08xxxx", 8), sink),
            TpktDeframer::Status::kBadVersion);
  EXPECT_EQ(d.feed(tpktFrame("ok"), sink), TpktDeframer::Status::kBadVersion);
  EXPECT_EQ(n, 0);
  TpktDeframer e;
  EXPECT_EQ(e.feed(std::string("\x03\x00\x00\x04", 4), sink), TpktDeframer::Status::kBadLength);
}

}  // namespace
}  // namespace msrpgw::control::transport
