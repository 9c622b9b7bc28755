#include "proto/sms/timestamp.h"

#include <gtest/gtest.h>

#include "proto/sms/validity.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

Timestamp decode(const char* hex) {
  Octets b = fromHex(hex);
  Reader r(view(b));
  auto t = decodeTimestamp(r, "t");
  EXPECT_THAT(t, IsOk());
  return t.ok() ? *t : Timestamp{};
}

TEST(Timestamp, TimeZonesInQuarterHours) {
  EXPECT_EQ(decode("99309251619580").tz_quarters, 8);    // +2:00
  EXPECT_EQ(decode("99309251619540").tz_quarters, 4);    // +1:00
  EXPECT_EQ(decode("99309251619563").tz_quarters, 36);   // +9:00
  EXPECT_EQ(decode("9930925161954A").tz_quarters, -24);  // -6:00
  EXPECT_EQ(toDateTime(decode("9930925161954A")), "1999-03-29T15:16:59-06:00");
  EXPECT_EQ(toDateTime(decode("00101010101000")), "2000-01-01T01:01:01+00:00");
  Timestamp t{2089, 12, 31, 23, 59, 59, -79};
  Octets out;
  ASSERT_THAT(encodeTimestamp(t, out), IsOk());
  EXPECT_EQ(toHex(out), "9821133295959F");
  EXPECT_EQ(decode("9821133295959F"), t);
}

TEST(Timestamp, YearWindow) {
  EXPECT_EQ(decode("98 10 10 00 00 00 00").year, 2089);
  EXPECT_EQ(decode("09 10 10 00 00 00 00").year, 1990);
  EXPECT_EQ(decode("99 10 10 00 00 00 00").year, 1999);
}

TEST(Timestamp, DateTimeBothWays) {
  auto t = fromDateTime("1999-03-29T15:16:59+02:00");
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(*t, (Timestamp{1999, 3, 29, 15, 16, 59, 8}));
  auto z = fromDateTime("2024-02-29t23:59:59.123z");
  ASSERT_THAT(z, IsOk());
  EXPECT_EQ(*z, (Timestamp{2024, 2, 29, 23, 59, 59, 0}));
  auto nepal = fromDateTime("2026-11-26T01:00:00+05:45");
  ASSERT_THAT(nepal, IsOk());
  EXPECT_EQ(nepal->tz_quarters, 23);
  EXPECT_EQ(toDateTime(*nepal), "2026-11-26T01:00:00+05:45");
  auto neg = fromDateTime("2026-11-26T01:00:00-03:30");
  ASSERT_THAT(neg, IsOk());
  EXPECT_EQ(neg->tz_quarters, -14);
  Octets out;
  ASSERT_THAT(encodeTimestamp(*neg, out), IsOk());
  Reader r(view(out));
  auto back = decodeTimestamp(r, "t");
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(toDateTime(*back), "2026-11-26T01:00:00-03:30");
}

TEST(Timestamp, DateTimeErrors) {
  for (const char* bad :
       {"", "1999-03-29", "1999-03-29T15:16:59", "1999-03-29T15:16:59+02",
        "1999-03-29T15:16:59+02:10", "1989-12-31T00:00:00Z", "2090-01-01T00:00:00Z",
        "1999-02-29T00:00:00Z", "1999-03-29T24:00:00Z", "1999-03-29T15:16:59Zjunk",
        "1999-03-29T15:16:59.+01:00", "1999-03-29T15:16:59+20:00"}) {
    EXPECT_THAT(fromDateTime(bad), HasErrc(Errc::kBadDateTime)) << bad;
  }
}

TEST(ValidityPeriod, RelativeCodes) {
  EXPECT_EQ(relativeVpSeconds(0), 300u);
  EXPECT_EQ(relativeVpSeconds(143), 12u * 3600);
  EXPECT_EQ(relativeVpSeconds(144), 12u * 3600 + 1800);
  EXPECT_EQ(relativeVpSeconds(167), 24u * 3600);
  EXPECT_EQ(relativeVpSeconds(168), 2u * 86400);
  EXPECT_EQ(relativeVpSeconds(0xAA), 4u * 86400);
  EXPECT_EQ(relativeVpSeconds(196), 30u * 86400);
  EXPECT_EQ(relativeVpSeconds(197), 5u * 7 * 86400);
  EXPECT_EQ(relativeVpSeconds(255), 63u * 7 * 86400);
  EXPECT_EQ(relativeVpCode(1), 0);
  EXPECT_EQ(relativeVpCode(301), 1);
  EXPECT_EQ(relativeVpCode(86400), 167);
  EXPECT_EQ(relativeVpCode(4 * 86400), 0xAA);
  EXPECT_EQ(relativeVpCode(UINT32_MAX), 255);
}

TEST(ValidityPeriod, Enhanced) {
  auto rel = decodeEnhancedVp({0x01, 0xAA, 0, 0, 0, 0, 0});
  ASSERT_THAT(rel, IsOk());
  EXPECT_EQ(rel->seconds, 4u * 86400);
  auto secs = decodeEnhancedVp({0x02, 0x3C, 0, 0, 0, 0, 0});
  ASSERT_THAT(secs, IsOk());
  EXPECT_EQ(secs->seconds, 60u);
  auto none = decodeEnhancedVp({0x40, 0, 0, 0, 0, 0, 0});
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->single_shot);
  EXPECT_FALSE(none->seconds);
  EXPECT_THAT(decodeEnhancedVp({0x80, 0, 0, 0, 0, 0, 0}), HasErrc(Errc::kBadValidityPeriod));
  EXPECT_THAT(decodeEnhancedVp({0x04, 0, 0, 0, 0, 0, 0}), HasErrc(Errc::kBadValidityPeriod));
  EXPECT_THAT(decodeEnhancedVp({0x03, 0xA0, 0, 0, 0, 0, 0}), HasErrc(Errc::kBadValidityPeriod));
}

}  // namespace
}  // namespace msrpgw::proto::sms
