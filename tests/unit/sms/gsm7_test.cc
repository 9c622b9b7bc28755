#include "proto/sms/gsm7.h"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

std::string packUtf8(std::string_view text, unsigned fill = 0) {
  auto s = utf8ToGsm7(text);
  EXPECT_THAT(s, IsOk());
  return s.ok() ? toHex(packSeptets(*s, fill)) : "";
}

TEST(Gsm7, ReferenceVectors) {
  EXPECT_EQ(packUtf8("hellohello"), "E8329BFD4697D9EC37");  // T3
  EXPECT_EQ(packUtf8("a€"), "E14D19");                      // ESC 0x65 = 3 septets
  auto s = utf8ToGsm7("a€");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(*s, (std::vector<uint8_t>{0x61, 0x1B, 0x65}));
}

TEST(Gsm7, EveryDefaultCharacterRoundTrips) {
  std::vector<uint8_t> all;
  for (uint8_t i = 0; i < 128; ++i) {
    if (i != kGsm7Escape) all.push_back(i);
  }
  std::string text = gsm7ToUtf8(all);
  auto back = utf8ToGsm7(text);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, all);
  EXPECT_EQ(gsm7ToUtf8(std::vector<uint8_t>{0x00, 0x02, 0x24, 0x09, 0x11, 0x1F}), "@$¤Ç_É");
}

TEST(Gsm7, ExtensionTableBothWays) {
  const std::string ext = "\f^{}\\[~]|€";
  auto s = utf8ToGsm7(ext);
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->size(), 20u);
  EXPECT_EQ(toHex(Octets(s->begin(), s->end())), "1B0A1B141B281B291B2F1B3C1B3D1B3E1B401B65");
  EXPECT_EQ(gsm7ToUtf8(*s), ext);
}

TEST(Gsm7, EscapeEdgeCases) {
  // ESC + a code without an extension entry: the default-table character.
  EXPECT_EQ(gsm7ToUtf8(std::vector<uint8_t>{0x1B, 0x41}), "A");
  // Trailing lone ESC and ESC ESC read as a space.
  EXPECT_EQ(gsm7ToUtf8(std::vector<uint8_t>{0x61, 0x1B}), "a ");
  EXPECT_EQ(gsm7ToUtf8(std::vector<uint8_t>{0x1B, 0x1B, 0x61}), " a");
}

TEST(Gsm7, UnrepresentableIsReportedNotGuessed) {
  EXPECT_THAT(utf8ToGsm7("ab`"), HasErrcAt(Errc::kUnrepresentable, 2u));
  EXPECT_THAT(utf8ToGsm7("façade"), HasErrcAt(Errc::kUnrepresentable, 2u));  // ç is not Ç
  EXPECT_THAT(utf8ToGsm7("x😀"), HasErrcAt(Errc::kUnrepresentable, 1u));
  EXPECT_THAT(utf8ToGsm7("\xA0"), HasErrcAt(Errc::kBadUtf8, 0u));
  EXPECT_THAT(utf8ToGsm7("\xC2\xA0"), HasErrcAt(Errc::kUnrepresentable, 0u));  // NBSP
}

TEST(Gsm7, PackingWithFillBitsAndCrPad) {
  // 7 septets leave 7 spare bits: CR pads them, so no trailing '@' appears.
  auto s = utf8ToGsm7("1234567");
  ASSERT_THAT(s, IsOk());
  Octets packed = packSeptets(*s);
  ASSERT_EQ(packed.size(), 7u);
  EXPECT_EQ(packed.back() >> 1, kGsm7Cr);
  auto eight = unpackSeptets(view(packed), 8);
  ASSERT_THAT(eight, IsOk());
  EXPECT_EQ(eight->back(), kGsm7Cr);
  // With 1 fill bit (after a concatenation header), the text starts at bit 1.
  Octets fill1 = packSeptets(*s, 1);
  EXPECT_EQ(fill1.size(), 7u);
  EXPECT_EQ(fill1[0] & 1, 0);
  auto back = unpackSeptets(view(fill1), 7, 1);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(*back, *s);
  for (unsigned fill = 0; fill < 7; ++fill) {
    for (size_t n = 0; n < 20; ++n) {
      std::vector<uint8_t> septets(n);
      for (size_t i = 0; i < n; ++i) septets[i] = static_cast<uint8_t>((i * 37 + fill) & 0x7F);
      Octets p = packSeptets(septets, fill);
      EXPECT_EQ(p.size(), packedOctets(n, fill));
      auto u = unpackSeptets(view(p), n, fill);
      ASSERT_THAT(u, IsOk());
      EXPECT_EQ(*u, septets) << "fill " << fill << " n " << n;
    }
  }
}

TEST(Gsm7, UnpackBeyondInputIsTruncated) {
  Octets two = fromHex("E832");
  EXPECT_THAT(unpackSeptets(view(two), 3, 0, 10), HasErrcAt(Errc::kTruncated, 12u));
}

}  // namespace
}  // namespace msrpgw::proto::sms
