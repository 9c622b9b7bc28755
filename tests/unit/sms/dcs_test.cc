#include "proto/sms/dcs.h"

#include <gtest/gtest.h>

namespace msrpgw::proto::sms {
namespace {

TEST(Dcs, GeneralGroup) {
  Dcs d = decodeDcs(0x00);
  EXPECT_EQ(d.group, DcsGroup::kGeneral);
  EXPECT_EQ(d.alphabet, Alphabet::kGsm7);
  EXPECT_FALSE(d.message_class);
  EXPECT_EQ(decodeDcs(0x04).alphabet, Alphabet::k8Bit);
  EXPECT_EQ(decodeDcs(0x08).alphabet, Alphabet::kUcs2);
  Dcs r = decodeDcs(0x0C);
  EXPECT_EQ(r.alphabet, Alphabet::kGsm7);
  EXPECT_TRUE(r.reserved_alphabet);
  Dcs c = decodeDcs(0x32);  // compressed, class 2, GSM 7-bit
  EXPECT_TRUE(c.compressed);
  EXPECT_EQ(c.message_class, 2);
  Dcs flash = decodeDcs(0x18);  // UCS2 class 0
  EXPECT_EQ(flash.alphabet, Alphabet::kUcs2);
  EXPECT_EQ(flash.message_class, 0);
  EXPECT_EQ(decodeDcs(0x48).group, DcsGroup::kAutoDeletion);
  EXPECT_EQ(decodeDcs(0x48).alphabet, Alphabet::kUcs2);
}

TEST(Dcs, OtherGroups) {
  EXPECT_EQ(decodeDcs(0x85).group, DcsGroup::kReserved);
  EXPECT_EQ(decodeDcs(0x85).alphabet, Alphabet::kGsm7);
  Dcs f = decodeDcs(0xF5);
  EXPECT_EQ(f.group, DcsGroup::kDataCodingClass);
  EXPECT_EQ(f.alphabet, Alphabet::k8Bit);
  EXPECT_EQ(f.message_class, 1);
  EXPECT_EQ(decodeDcs(0xF0).alphabet, Alphabet::kGsm7);
  Dcs mw = decodeDcs(0xC8);
  EXPECT_EQ(mw.group, DcsGroup::kWaitingDiscard);
  EXPECT_TRUE(mw.waiting_active);
  EXPECT_EQ(mw.waiting_type, WaitingType::kVoicemail);
  Dcs store = decodeDcs(0xD1);
  EXPECT_EQ(store.group, DcsGroup::kWaitingStoreGsm7);
  EXPECT_FALSE(store.waiting_active);
  EXPECT_EQ(store.waiting_type, WaitingType::kFax);
  Dcs ucs2 = decodeDcs(0xEA);
  EXPECT_EQ(ucs2.group, DcsGroup::kWaitingStoreUcs2);
  EXPECT_EQ(ucs2.alphabet, Alphabet::kUcs2);
  EXPECT_EQ(ucs2.waiting_type, WaitingType::kEmail);
}

TEST(Dcs, Make) {
  EXPECT_EQ(makeDcs(Alphabet::kGsm7), 0x00);
  EXPECT_EQ(makeDcs(Alphabet::k8Bit), 0x04);
  EXPECT_EQ(makeDcs(Alphabet::kUcs2), 0x08);
  EXPECT_EQ(makeDcs(Alphabet::kGsm7, 0), 0x10);
  EXPECT_EQ(makeDcs(Alphabet::kUcs2, 3), 0x1B);
}

}  // namespace
}  // namespace msrpgw::proto::sms
