// msrpload's self-checking bodies: what the receiver accepts is exactly the body the
// sender wrote for that (session, seq), at any offset and cut into any pieces; a body of
// another message, a shifted one or one changed byte is refused; no body can contain an
// end-line.
#include <gtest/gtest.h>

#include <string>

#include "tools/msrpload/pattern.h"

namespace msrpgw::tools::msrpload {
namespace {

std::string body(uint32_t session, uint64_t seq, size_t n) {
  std::string s;
  Pattern(session, seq).append(s, 0, n);
  return s;
}

TEST(MsrpLoadPattern, WrittenBodyMatchesInEveryTwoWaySplit) {
  const std::string b = body(7, 42, 1000);
  ASSERT_EQ(b.size(), 1000u);
  Pattern p(7, 42);
  for (size_t cut = 0; cut <= b.size(); ++cut) {
    EXPECT_TRUE(p.matches(std::string_view(b).substr(0, cut), 0)) << cut;
    EXPECT_TRUE(p.matches(std::string_view(b).substr(cut), cut)) << cut;
  }
}

TEST(MsrpLoadPattern, AppendAtAnOffsetContinuesTheSameBody) {
  std::string a;
  Pattern p(3, 9);
  p.append(a, 0, 70);
  p.append(a, 70, 130);
  EXPECT_EQ(a, body(3, 9, 200));
}

TEST(MsrpLoadPattern, OtherMessageShiftedOrChangedBodyFails) {
  const std::string b = body(1, 5, 300);
  EXPECT_FALSE(Pattern(1, 6).matches(b, 0)) << "next message of the session";
  EXPECT_FALSE(Pattern(2, 5).matches(b, 0)) << "same seq, other session";
  EXPECT_FALSE(Pattern(1, 5).matches(std::string_view(b).substr(1), 0)) << "shifted by one";
  for (size_t i = 0; i < b.size(); i += 37) {
    std::string c = b;
    c[i] = c[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(Pattern(1, 5).matches(c, 0)) << "byte " << i;
  }
}

TEST(MsrpLoadPattern, BodiesNeverHoldEndLineCharacters) {
  for (uint32_t s = 0; s < 50; ++s) {
    for (uint64_t q = 0; q < 50; ++q) {
      const std::string b = body(s, q, Pattern::kPeriod);
      EXPECT_EQ(b.find_first_of("-\r\n"), std::string::npos) << s << " " << q;
    }
  }
}

}  // namespace
}  // namespace msrpgw::tools::msrpload
