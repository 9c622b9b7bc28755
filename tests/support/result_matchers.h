// gtest matchers that speak Result/Error: EXPECT_THAT(r, IsOk()),
// EXPECT_THAT(r, HasErrc(msrp::Errc::kBadRequest)), HasErrcAt(code, offset).
#pragma once

#include <gmock/gmock.h>

#include "proto/base/result.h"

namespace msrpgw::test {

MATCHER(IsOk, "succeeded") {
  if (arg.ok()) return true;
  *result_listener << "failed with " << describe(arg.error());
  return false;
}

MATCHER_P(HasErrc, errc, "fails with the given code") {
  if (arg.ok()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << describe(arg.error());
  return arg.error().code == static_cast<uint16_t>(errc);
}

MATCHER_P2(HasErrcAt, errc, offset, "fails with the given code at the given offset") {
  if (arg.ok()) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << describe(arg.error());
  return arg.error().code == static_cast<uint16_t>(errc) && arg.error().offset == offset;
}

}  // namespace msrpgw::test
