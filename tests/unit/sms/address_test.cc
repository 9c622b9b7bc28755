#include "proto/sms/address.h"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

std::string encodeTp(const Address& a) {
  Octets out;
  EXPECT_THAT(encodeTpAddress(a, out), IsOk());
  return toHex(out);
}

Address decodeTp(const char* hex) {
  Octets b = fromHex(hex);
  Reader r(view(b));
  auto a = decodeTpAddress(r);
  EXPECT_THAT(a, IsOk());
  EXPECT_TRUE(r.empty());
  return a.ok() ? *a : Address{};
}

TEST(Address, TpNumericDigitsCountSemiOctets) {
  EXPECT_EQ(encodeTp(internationalNumber("46708251358")), "0B916407281553F8");
  EXPECT_EQ(decodeTp("0B916407281553F8"), internationalNumber("46708251358"));
  EXPECT_EQ(encodeTp(Address{Ton::kUnknown, Npi::kUnknown, "1234"}), "04802143");
  EXPECT_EQ(encodeTp(Address{Ton::kUnknown, Npi::kUnknown, ""}), "0080");
  // Extra BCD values: A = *, B = #, C/D/E = a/b/c.
  Address star{Ton::kUnknown, Npi::kIsdn, "*100#abc"};
  EXPECT_EQ(decodeTp(encodeTp(star).c_str()), star);
  EXPECT_EQ(encodeTp(star), "08811A00CBED");
}

TEST(Address, TpAlphanumeric) {
  Address alnum{Ton::kAlphanumeric, Npi::kUnknown, "Design@Home"};
  // 11 septets = 77 bits = 20 useful semi-octets in 10 octets; TOA 0xD0.
  std::string hex = encodeTp(alnum);
  EXPECT_EQ(hex.substr(0, 4), "14D0");
  EXPECT_EQ(hex, "14D0C4F23C7D760390EF7619");
  EXPECT_EQ(decodeTp(hex.c_str()), alnum);
  Address shortName{Ton::kAlphanumeric, Npi::kUnknown, "Bank€"};
  EXPECT_EQ(decodeTp(encodeTp(shortName).c_str()), shortName);
  Octets out;
  EXPECT_THAT(encodeTpAddress({Ton::kAlphanumeric, Npi::kUnknown, "TwelveChars!"}, out),
              HasErrc(Errc::kBadAddress));
  EXPECT_THAT(encodeTpAddress({Ton::kAlphanumeric, Npi::kUnknown, "ça"}, out),
              HasErrc(Errc::kUnrepresentable));
}

TEST(Address, TpErrors) {
  Octets b = fromHex("0B916407");
  Reader r(view(b), 100);
  EXPECT_THAT(decodeTpAddress(r), HasErrcAt(Errc::kTruncated, 102u));
  Octets f = fromHex("0491F121");
  Reader rf(view(f));
  EXPECT_THAT(decodeTpAddress(rf), HasErrcAt(Errc::kBadDigit, 2u));
  Octets wide = fromHex("15D0");
  Reader rw(view(wide));
  EXPECT_THAT(decodeTpAddress(rw), HasErrcAt(Errc::kBadAddress, 0u));
}

TEST(Address, RpLengthCountsOctets) {
  Octets out;
  ASSERT_THAT(encodeRpAddress({true, internationalNumber("27381000015")}, out), IsOk());
  EXPECT_EQ(toHex(out), "07917283010010F5");
  Reader r(view(out));
  auto a = decodeRpAddress(r);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->address, internationalNumber("27381000015"));
  out.clear();
  ASSERT_THAT(encodeRpAddress({}, out), IsOk());
  EXPECT_EQ(toHex(out), "00");
  EXPECT_THAT(encodeRpAddress({true, {Ton::kAlphanumeric, Npi::kUnknown, "x"}}, out),
              HasErrc(Errc::kBadAddress));
}

}  // namespace
}  // namespace msrpgw::proto::sms
