#include "proto/sms/udh.h"

#include <gtest/gtest.h>

#include "proto/sms/user_data.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;
using test::fromHex;
using test::toHex;

Udh decode(const char* hex) {
  Octets b = fromHex(hex);
  auto h = decodeUdh(view(b), 0);
  EXPECT_THAT(h, IsOk());
  return h.ok() ? *h : Udh{};
}

TEST(Udh, ConcatenationBothReferenceSizes) {
  Udh h8 = decode("05 00 03 7A 02 01");
  EXPECT_EQ(h8.concat(), (Concat{122, 2, 1, false}));
  EXPECT_EQ(h8.size(), 6u);
  Udh h16 = decode("06 08 04 12 34 05 03");
  EXPECT_EQ(h16.concat(), (Concat{0x1234, 5, 3, true}));
  Octets out;
  ASSERT_THAT(encodeUdh(Udh{{concatElement({0x1234, 5, 3, true})}}, out), IsOk());
  EXPECT_EQ(toHex(out),
            "060804123405"
            "03");
  EXPECT_EQ(fillBits(6), 1u);
  EXPECT_EQ(fillBits(7), 0u);
  EXPECT_EQ(udhSeptets(6), 7u);
  EXPECT_EQ(udhSeptets(7), 8u);
}

TEST(Udh, InvalidConcatenationIsIgnored) {
  EXPECT_FALSE(decode("05 00 03 01 00 01").concat());  // total 0
  EXPECT_FALSE(decode("05 00 03 01 02 00").concat());  // seq 0
  EXPECT_FALSE(decode("05 00 03 01 02 03").concat());  // seq > total
  EXPECT_FALSE(decode("04 00 02 01 02").concat());     // wrong length
}

TEST(Udh, PortsShiftsAndUnknownElementsKept) {
  Udh h = decode("13 05 04 0B 84 23 F0 24 01 01 25 01 02 70 00 0A 03 00 05 01");
  EXPECT_EQ(h.ports(), (Ports{0x0B84, 0x23F0, true}));
  EXPECT_EQ(h.singleShift(), 1);
  EXPECT_EQ(h.lockingShift(), 2);
  ASSERT_EQ(h.elements.size(), 5u);
  EXPECT_EQ(h.elements[3], (InformationElement{0x70, {}}));
  EXPECT_EQ(h.elements[4], (InformationElement{0x0A, {0x00, 0x05, 0x01}}));
  Octets out;
  ASSERT_THAT(encodeUdh(h, out), IsOk());
  EXPECT_EQ(toHex(out),
            "1305040B8423F02401012501027000"
            "0A03000501");
  EXPECT_EQ(decode("04 04 02 10 20").ports(), (Ports{0x10, 0x20, false}));
}

TEST(Udh, FillBitsAfterHeaderInUserData) {
  // 16-bit reference: 7-octet header, no fill bit; 8-bit: 6 octets and 1 fill bit.
  for (bool ref16 : {false, true}) {
    Udh h{{concatElement({7, 2, 1, ref16})}};
    auto ud = textUserData("abc€", Alphabet::kGsm7, h);
    ASSERT_THAT(ud, IsOk());
    Octets out;
    ASSERT_THAT(encodeUserData(*ud, 0x00, out), IsOk());
    EXPECT_EQ(out[0], (ref16 ? 8 : 7) + 5);  // UDL counts header septets
    Reader r(view(out));
    auto back = decodeUserData(r, 0x00, true);
    ASSERT_THAT(back, IsOk());
    EXPECT_EQ(userDataText(*back, 0x00), "abc€");
    EXPECT_EQ(back->header->concat()->ref16, ref16);
  }
}

TEST(Udh, TooLongHeader) {
  Udh h;
  h.elements.push_back({0x70, Octets(138, 0)});
  Octets out;
  EXPECT_THAT(encodeUdh(h, out), HasErrc(Errc::kBadUdh));
}

}  // namespace
}  // namespace msrpgw::proto::sms
