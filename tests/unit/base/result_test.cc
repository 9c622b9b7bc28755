#include "proto/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/support/result_matchers.h"

namespace msrpgw {
namespace {

using test::HasErrc;
using test::HasErrcAt;
using test::IsOk;

Result<int> half(int v) {
  if (v % 2) return Error{Domain::kMsrp, 400, "odd", 3};
  return v / 2;
}

TEST(Result, CarriesValueOrError) {
  auto a = half(8);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(*a, 4);
  auto b = half(7);
  EXPECT_FALSE(b.ok());
  EXPECT_THAT(b, HasErrc(400));
  EXPECT_THAT(b, HasErrcAt(400, 3u));
  EXPECT_EQ(b.error().domain, Domain::kMsrp);
  EXPECT_STREQ(b.error().reason, "odd");
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Result, VoidStatus) {
  Status ok;
  EXPECT_THAT(ok, IsOk());
  Status bad = Error{Domain::kH248, 430, "unknown termination", kNoOffset};
  EXPECT_THAT(bad, HasErrc(430));
}

TEST(Error, DescribeNamesDomainCodeOffsetReason) {
  EXPECT_EQ(describe(Error{Domain::kMsrp, 413, "too large", 17}), "msrp 413 at 17: too large");
  EXPECT_EQ(describe(Error{Domain::kSdp, 2, "no m=", kNoOffset}), "sdp 2: no m=");
}

TEST(Result, MustSucceedReturnsTheValue) {
  EXPECT_EQ(mustSucceed(half(10), "halving"), 5);
}

TEST(ResultDeathTest, MustSucceedAbortsOnError) {
  EXPECT_DEATH((void)mustSucceed(half(3), "halving"), "halving failed: msrp 400 at 3: odd");
}

}  // namespace
}  // namespace msrpgw
