// accept-types lists (RFC 4975 section 8.6) and the wildcard match the content filter uses.
#include "proto/sdp/accept_types.h"

#include <gtest/gtest.h>

#include "proto/sdp/errc.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::sdp {
namespace {

using msrpgw::test::HasErrcAt;

std::vector<MediaRange> list(const char* text) {
  return parseAcceptTypes(text).value();
}

TEST(AcceptTypes, ParsesEveryForm) {
  EXPECT_EQ(list("*"), (std::vector<MediaRange>{{"*", ""}}));
  EXPECT_EQ(list("message/cpim text/plain image/*"),
            (std::vector<MediaRange>{{"message", "cpim"}, {"text", "plain"}, {"image", "*"}}));
  EXPECT_EQ(list("  text/plain \t application/im-iscomposing+xml "),
            (std::vector<MediaRange>{{"text", "plain"}, {"application", "im-iscomposing+xml"}}));
  EXPECT_EQ(formatAcceptTypes(list("  text/plain   *  image/*")), "text/plain * image/*");
}

TEST(AcceptTypes, MalformedWithOffset) {
  EXPECT_THAT(parseAcceptTypes(""), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("   "), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("text/plain html"), HasErrcAt(Errc::kBadAcceptTypes, 11u));
  EXPECT_THAT(parseAcceptTypes("text/plain */html"), HasErrcAt(Errc::kBadAcceptTypes, 11u));
  EXPECT_THAT(parseAcceptTypes("/plain"), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("text/"), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("text/a/b"), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("text/plain;charset=utf-8"), HasErrcAt(Errc::kBadAcceptTypes, 0u));
  EXPECT_THAT(parseAcceptTypes("te\"xt/plain"), HasErrcAt(Errc::kBadAcceptTypes, 0u));
}

TEST(AcceptTypes, WildcardMatch) {
  const auto l = list("message/cpim image/*");
  EXPECT_TRUE(accepts(l, "message", "cpim"));
  EXPECT_TRUE(accepts(l, "Message", "CPIM"));  // case-insensitive
  EXPECT_TRUE(accepts(l, "image", "jpeg"));
  EXPECT_TRUE(accepts(l, "IMAGE", "png"));
  EXPECT_FALSE(accepts(l, "text", "plain"));
  EXPECT_FALSE(accepts(l, "message", "imdn+xml"));
  EXPECT_FALSE(accepts(l, "imag", "jpeg"));
  EXPECT_FALSE(accepts(l, "images", "jpeg"));
  EXPECT_TRUE(accepts(list("*"), "application", "octet-stream"));
  EXPECT_TRUE(accepts(list("text/plain *"), "video", "mp4"));
  EXPECT_FALSE(accepts({}, "text", "plain"));  // absent list accepts nothing
  EXPECT_FALSE(accepts(list("text/plain"), "text", "plain2"));
}

}  // namespace
}  // namespace msrpgw::proto::sdp
