#include "proto/cpim/disposition.h"

#include <gtest/gtest.h>

namespace msrpgw::proto::cpim {
namespace {

TEST(Disposition, ParseAndFormat) {
  DispositionRequest r = parseDispositionNotification("positive-delivery, display");
  EXPECT_TRUE(r.positive_delivery);
  EXPECT_FALSE(r.negative_delivery);
  EXPECT_TRUE(r.display);
  EXPECT_EQ(formatDispositionNotification(r), "positive-delivery, display");
  DispositionRequest all =
      parseDispositionNotification(" Negative-Delivery ,processing,x-future,,");
  EXPECT_TRUE(all.negative_delivery);
  EXPECT_TRUE(all.processing);
  EXPECT_EQ(all.unknown, 1u);
  EXPECT_FALSE(parseDispositionNotification("").any());
  DispositionRequest sms{true, true, false, false, 0};
  EXPECT_EQ(formatDispositionNotification(sms), "positive-delivery, negative-delivery");
}

}  // namespace
}  // namespace msrpgw::proto::cpim
