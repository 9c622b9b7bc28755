#include "proto/sms/uri.h"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

TEST(Uri, AddressToUri) {
  UriContext ctx{"+46", "ims.example"};
  EXPECT_EQ(*addressToUri(internationalNumber("46708251358"), ctx), "tel:+46708251358");
  EXPECT_EQ(*addressToUri({Ton::kNational, Npi::kIsdn, "0708251358"}, ctx),
            "tel:0708251358;phone-context=+46");
  EXPECT_EQ(*addressToUri({Ton::kAlphanumeric, Npi::kUnknown, "Bank Ä@x"}, ctx),
            "sip:Bank%20%C3%84%40x@ims.example");
  EXPECT_THAT(addressToUri({Ton::kNational, Npi::kIsdn, "0708"}, {}), HasErrc(Errc::kBadAddress));
  EXPECT_THAT(addressToUri({Ton::kAlphanumeric, Npi::kUnknown, "x"}, {}),
              HasErrc(Errc::kBadAddress));
  EXPECT_THAT(addressToUri(internationalNumber(""), ctx), HasErrc(Errc::kBadAddress));
}

TEST(Uri, UriToAddress) {
  Address intl = internationalNumber("46708251358");
  for (const char* uri :
       {"tel:+46708251358", "<tel:+46-70-825-1358>", "TEL:+46.708.251.358;foo=bar",
        "sip:+46708251358@ims.example;user=phone", "sips:+46708251358@x",
        "<sip:+46708251358;npdi@ims.example;user=phone>", "sip:%2B46708251358@x"}) {
    auto a = uriToAddress(uri);
    ASSERT_THAT(a, IsOk()) << uri;
    EXPECT_EQ(*a, intl) << uri;
  }
  auto local = uriToAddress("tel:0708251358;phone-context=+46");
  ASSERT_THAT(local, IsOk());
  EXPECT_EQ(*local, (Address{Ton::kUnknown, Npi::kIsdn, "0708251358"}));
  auto star = uriToAddress("tel:*100#;phone-context=ims.example");
  ASSERT_THAT(star, IsOk());
  EXPECT_EQ(star->value, "*100#");
}

TEST(Uri, Errors) {
  for (const char* bad :
       {"", "mailto:a@b", "tel:", "tel:+", "tel:+46abc", "sip:alice@example.com", "sip:abc@x",
        "sip:ims.example", "tel:+123456789012345678901", "sip:%2@x", "nocolon"}) {
    EXPECT_THAT(uriToAddress(bad), HasErrc(Errc::kBadUri)) << bad;
  }
}

TEST(Uri, RoundTrip) {
  UriContext ctx{"ims.example", "ims.example"};
  for (const Address& a :
       {internationalNumber("4915112345678"), Address{Ton::kUnknown, Npi::kIsdn, "12345"}}) {
    auto uri = addressToUri(a, ctx);
    ASSERT_THAT(uri, IsOk());
    auto back = uriToAddress(*uri);
    ASSERT_THAT(back, IsOk());
    EXPECT_EQ(*back, a);
  }
}

}  // namespace
}  // namespace msrpgw::proto::sms
