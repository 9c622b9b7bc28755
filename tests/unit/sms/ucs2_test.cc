#include "proto/sms/ucs2.h"

#include <gtest/gtest.h>

#include "proto/sms/utf8.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

TEST(Ucs2, BmpAndSurrogatePairs) {
  auto u = utf8ToUcs2(".@€£😀A");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(toHex(*u), "002E004020AC00A3D83DDE000041");
  EXPECT_EQ(ucs2ToUtf8(view(*u)), ".@€£😀A");
}

TEST(Ucs2, BrokenInputBecomesReplacementCharacters) {
  EXPECT_EQ(ucs2ToUtf8(view(fromHex("D83D0041"))), "\uFFFDA");  // lone high surrogate
  EXPECT_EQ(ucs2ToUtf8(view(fromHex("DE000041"))), "\uFFFDA");  // lone low surrogate
  EXPECT_EQ(ucs2ToUtf8(view(fromHex("0041D83D"))), "A\uFFFD");  // high at the end
  EXPECT_EQ(ucs2ToUtf8(view(fromHex("004100"))), "A\uFFFD");    // odd octet
}

TEST(Utf8, StrictDecoding) {
  EXPECT_THAT(decodeUtf8("ok\xC0\x80"), HasErrcAt(Errc::kBadUtf8, 2u));         // overlong
  EXPECT_THAT(decodeUtf8("\xED\xA0\x80"), HasErrcAt(Errc::kBadUtf8, 0u));       // surrogate
  EXPECT_THAT(decodeUtf8("a\xF4\x90\x80\x80"), HasErrcAt(Errc::kBadUtf8, 1u));  // > U+10FFFF
  EXPECT_THAT(decodeUtf8("ab\xE2\x82"), HasErrcAt(Errc::kBadUtf8, 2u));         // truncated
  EXPECT_THAT(decodeUtf8("\xE2\x28\xA1"), HasErrcAt(Errc::kBadUtf8, 0u));       // bad continuation
  EXPECT_THAT(decodeUtf8("\xFF"), HasErrcAt(Errc::kBadUtf8, 0u));
  auto ok = decodeUtf8("a€😀");
  ASSERT_THAT(ok, IsOk());
  ASSERT_EQ(ok->size(), 3u);
  EXPECT_EQ((*ok)[2].value, 0x1F600u);
  EXPECT_EQ((*ok)[2].offset, 4u);
  EXPECT_EQ((*ok)[2].size, 4u);
}

}  // namespace
}  // namespace msrpgw::proto::sms
