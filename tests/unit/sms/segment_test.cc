// Segment counts and split points, including every row of reference/sms.md §11 (the same
// cases are checked against the npm oracles in tests/interop/npm_sms).
#include "proto/sms/segment.h"

#include <gtest/gtest.h>

#include "proto/sms/tpdu.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;

std::string rep(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Characters per part, as split-sms reports them (UTF-16 code units per part's text).
std::vector<size_t> parts(const std::string& text, Alphabet* alphabet = nullptr) {
  auto plan = segmentText(text);
  EXPECT_THAT(plan, IsOk());
  if (!plan.ok()) return {};
  if (alphabet) *alphabet = plan->alphabet;
  std::vector<size_t> out;
  for (const auto& s : plan->segments) {
    size_t units = 0;
    Octets u = s.ucs2;
    if (plan->alphabet == Alphabet::kGsm7) {
      // count characters (ESC pairs once)
      for (size_t i = 0; i < s.septets.size(); ++i, ++units) {
        if (s.septets[i] == 0x1B) ++i;
      }
    } else {
      units = u.size() / 2;
    }
    out.push_back(units);
  }
  return out;
}

using V = std::vector<size_t>;

TEST(Segment, ReferenceTable) {
  Alphabet a;
  EXPECT_EQ(parts(rep("a", 160), &a), V{160});
  EXPECT_EQ(a, Alphabet::kGsm7);
  EXPECT_EQ(parts(rep("a", 161)), (V{153, 8}));
  EXPECT_EQ(parts(rep("a", 306)), (V{153, 153}));
  EXPECT_EQ(parts(rep("a", 307)), (V{153, 153, 1}));
  EXPECT_EQ(parts(rep("€", 80)), V{80});
  EXPECT_EQ(parts(rep("€", 81)), (V{76, 5}));
  EXPECT_EQ(parts(rep("a", 152) + "€" + "a"), V{154});
  EXPECT_EQ(parts(rep("ç", 70), &a), V{70});
  EXPECT_EQ(a, Alphabet::kUcs2);
  EXPECT_EQ(parts(rep("ç", 71)), (V{67, 4}));
  EXPECT_EQ(parts(rep("Ж", 134)), (V{67, 67}));
  EXPECT_EQ(parts(rep("Ж", 135)), (V{67, 67, 1}));
  EXPECT_EQ(parts(rep("😀", 35)), V{70});
  EXPECT_EQ(parts(rep("😀", 36)), (V{66, 6}));
  EXPECT_EQ(parts(rep("a", 66) + "😀" + rep("a", 5)), (V{66, 7}));
}

TEST(Segment, NeverSplitsEscapeOrSurrogatePair) {
  auto plan = segmentText(rep("a", 152) + "€" + rep("a", 10));
  ASSERT_THAT(plan, IsOk());
  ASSERT_EQ(plan->segments.size(), 2u);
  EXPECT_EQ(plan->segments[0].units, 152u);  // € would need septets 153-154
  EXPECT_EQ(plan->segments[1].text, "€" + rep("a", 10));
  auto emoji = segmentText(rep("a", 66) + "😀" + rep("a", 5));
  ASSERT_THAT(emoji, IsOk());
  EXPECT_EQ(emoji->segments[0].text, rep("a", 66));
  EXPECT_EQ(emoji->segments[1].text, "😀" + rep("a", 5));
}

TEST(Segment, SixteenBitReferenceCapacity) {
  SegmentOptions o;
  o.ref16 = true;
  auto plan = segmentText(rep("a", 161), o);
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->segments[0].units, 152u);
  auto u = segmentText(rep("Ж", 71), o);
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->segments[0].units, 66u);
}

TEST(Segment, LimitsAndErrors) {
  SegmentOptions o;
  o.max_segments = 2;
  EXPECT_THAT(segmentText(rep("a", 307), o), HasErrcAt(Errc::kTooLong, 306u));
  EXPECT_THAT(segmentText(rep("a", 255 * 153 + 1)), HasErrc(Errc::kTooLong));
  auto max = segmentText(rep("a", 255 * 153));
  ASSERT_THAT(max, IsOk());
  EXPECT_EQ(max->segments.size(), 255u);
  SegmentOptions gsm_only;
  gsm_only.allow_ucs2 = false;
  EXPECT_THAT(segmentText("ok ç", gsm_only), HasErrcAt(Errc::kUnrepresentable, 3u));
  EXPECT_THAT(segmentText("bad \xFF"), HasErrcAt(Errc::kBadUtf8, 4u));
  auto empty = segmentText("");
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->segments.size(), 1u);
}

TEST(Segment, UserDataAndSubmitsRoundTrip) {
  std::string text = rep("Жa", 40) + "😀";
  auto plan = segmentText(text);
  ASSERT_THAT(plan, IsOk());
  ASSERT_EQ(plan->segments.size(), 2u);
  std::string joined;
  for (size_t i = 0; i < plan->segments.size(); ++i) {
    Submit s;
    s.da = internationalNumber("46708251358");
    s.dcs = makeDcs(plan->alphabet);
    s.ud = segmentUserData(*plan, i, 0x1A7);
    auto enc = encodeTpdu(s);
    ASSERT_THAT(enc, IsOk());
    auto back = decodeTpdu(view(*enc), Direction::kMsToSc);
    ASSERT_THAT(back, IsOk());
    const auto& b = std::get<Submit>(*back);
    EXPECT_EQ(b.ud.header->concat(), (Concat{0xA7, 2, static_cast<uint8_t>(i + 1), false}));
    joined += *userDataText(b.ud, b.dcs);
  }
  EXPECT_EQ(joined, text);
}

}  // namespace
}  // namespace msrpgw::proto::sms
