// Malformed RP messages and TPDUs: each is refused with its own code at the right offset.
#include <gtest/gtest.h>

#include "proto/sms/rp.h"
#include "proto/sms/tpdu.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sms/hex.h"

namespace msrpgw::proto::sms {
namespace {

using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
using test::fromHex;

auto rp(const char* hex) {
  return decodeRp(view(fromHex(hex)));
}
auto mo(const char* hex, ReportForm f = ReportForm::kAck) {
  return decodeTpdu(view(fromHex(hex)), Direction::kMsToSc, f);
}
auto mt(const char* hex, ReportForm f = ReportForm::kAck) {
  return decodeTpdu(view(fromHex(hex)), Direction::kScToMs, f);
}

TEST(MalformedRp, Lengths) {
  EXPECT_THAT(rp(""), HasErrcAt(Errc::kTruncated, 0u));
  EXPECT_THAT(rp("00"), HasErrcAt(Errc::kTruncated, 1u));
  EXPECT_THAT(rp("07 01"), HasErrcAt(Errc::kBadMessageType, 0u));
  // RP-DA length 7 with only 3 octets left.
  EXPECT_THAT(rp("00 01 00 07 91 72 83"), HasErrcAt(Errc::kTruncated, 4u));
  // RP-DA over 11 octets.
  EXPECT_THAT(rp("00 01 00 0C 91 00 00 00 00 00 00 00 00 00 00 00"),
              HasErrcAt(Errc::kBadAddress, 3u));
  // RP-User-Data missing, empty, truncated, followed by junk.
  EXPECT_THAT(rp("00 01 00 00"), HasErrcAt(Errc::kTruncated, 4u));
  EXPECT_THAT(rp("00 01 00 00 00"), HasErrcAt(Errc::kBadElement, 4u));
  EXPECT_THAT(rp("00 01 00 00 05 01 02"), HasErrcAt(Errc::kTruncated, 5u));
  EXPECT_THAT(rp("00 01 00 00 01 01 FF"), HasErrcAt(Errc::kTrailingData, 6u));
  // RP addresses are BCD: an alphanumeric type cannot be one.
  EXPECT_THAT(rp("00 02 00 07 D1 14 70 80 00 65 78 01 01"), HasErrcAt(Errc::kBadAddress, 4u));
  // F filler inside an RP address.
  EXPECT_THAT(rp("00 01 00 03 91 F1 21 01 01"), HasErrcAt(Errc::kBadDigit, 5u));
}

TEST(MalformedRp, AckAndError) {
  EXPECT_THAT(rp("03 01 42 01 00"), HasErrcAt(Errc::kBadElement, 2u));
  EXPECT_THAT(rp("03 01 41"), HasErrcAt(Errc::kTruncated, 3u));
  EXPECT_THAT(rp("03 01 41 00"), HasErrcAt(Errc::kBadElement, 3u));
  EXPECT_THAT(rp("03 01 41 05 01 00"), HasErrcAt(Errc::kTruncated, 4u));
  EXPECT_THAT(rp("03 01 41 01 00 00"), HasErrcAt(Errc::kTrailingData, 5u));
  EXPECT_THAT(rp("05 01"), HasErrcAt(Errc::kTruncated, 2u));
  EXPECT_THAT(rp("05 01 00"), HasErrcAt(Errc::kBadCause, 2u));
  EXPECT_THAT(rp("05 01 03 2A 00 00"), HasErrcAt(Errc::kBadCause, 2u));
  EXPECT_THAT(rp("05 01 02 2A"), HasErrcAt(Errc::kTruncated, 3u));
  EXPECT_THAT(rp("06 01 00"), HasErrcAt(Errc::kTrailingData, 2u));
}

TEST(MalformedTpdu, Structure) {
  EXPECT_THAT(mt(""), HasErrcAt(Errc::kTruncated, 0u));
  EXPECT_THAT(mt("03"), HasErrcAt(Errc::kBadMessageType, 0u));
  EXPECT_THAT(mo("03"), HasErrcAt(Errc::kBadMessageType, 0u));
  // SUBMIT cut after TP-MR, inside TP-DA, before TP-PID, TP-DCS, TP-VP, TP-UDL.
  EXPECT_THAT(mo("11 00"), HasErrcAt(Errc::kTruncated, 2u));
  EXPECT_THAT(mo("11 00 0B 91 64 07"), HasErrcAt(Errc::kTruncated, 4u));
  EXPECT_THAT(mo("11 00 0B 91 64 07 28 15 53 F8"), HasErrcAt(Errc::kTruncated, 10u));
  EXPECT_THAT(mo("11 00 0B 91 64 07 28 15 53 F8 00"), HasErrcAt(Errc::kTruncated, 11u));
  EXPECT_THAT(mo("11 00 0B 91 64 07 28 15 53 F8 00 00"), HasErrcAt(Errc::kTruncated, 12u));
  EXPECT_THAT(mo("11 00 0B 91 64 07 28 15 53 F8 00 00 AA"), HasErrcAt(Errc::kTruncated, 13u));
  EXPECT_THAT(mo("19 00 0B 91 64 07 28 15 53 F8 00 00 11 22 33"), HasErrcAt(Errc::kTruncated, 12u));
  // TP-DA of 21 digits.
  EXPECT_THAT(mo("01 00 15 91 00 00 00 00 00 00 00 00 00 00 00 00 00"),
              HasErrcAt(Errc::kBadAddress, 2u));
  // Octets after the user data.
  EXPECT_THAT(mo("01 00 00 80 00 00 00 FF"), HasErrcAt(Errc::kTrailingData, 7u));
}

TEST(MalformedTpdu, UserDataLengths) {
  // GSM 7-bit UDL 161 septets = 141 octets.
  EXPECT_THAT(mo("01 00 00 80 00 00 A1"), HasErrcAt(Errc::kBadUserDataLength, 6u));
  // UCS2 UDL 141 octets.
  EXPECT_THAT(mo("01 00 00 80 00 08 8D"), HasErrcAt(Errc::kBadUserDataLength, 6u));
  // UDL 10 septets (9 octets) with 2 present.
  EXPECT_THAT(mo("01 00 00 80 00 00 0A E8 32"), HasErrcAt(Errc::kBadUserDataLength, 6u));
  // UDHI with UDHL beyond the user data.
  EXPECT_THAT(mo("41 00 00 80 00 04 03 09 00 03"), HasErrcAt(Errc::kBadUdh, 7u));
  // UDHI with an element beyond UDHL.
  EXPECT_THAT(mo("41 00 00 80 00 04 04 03 00 05 01"), HasErrcAt(Errc::kBadUdh, 8u));
  // UDHI with an element missing its length.
  EXPECT_THAT(mo("41 00 00 80 00 04 02 01 00"), HasErrcAt(Errc::kBadUdh, 8u));
  // UDHI set, UD empty.
  EXPECT_THAT(mo("41 00 00 80 00 04 00"), HasErrcAt(Errc::kBadUdh, 7u));
  // GSM 7-bit UDL 6 septets below a 6-octet header (7 septets).
  EXPECT_THAT(mo("41 00 00 80 00 00 06 05 00 03 01 02 01"),
              HasErrcAt(Errc::kBadUserDataLength, 6u));
}

TEST(MalformedTpdu, TimestampsAndReports) {
  // DELIVER with SCTS month 13.
  EXPECT_THAT(mt("04 00 80 00 00 99 31 92 51 61 95 80 00"), HasErrcAt(Errc::kBadTimestamp, 5u));
  // DELIVER with SCTS digit A.
  EXPECT_THAT(mt("04 00 80 00 00 99 30 9A 51 61 95 80 00"), HasErrcAt(Errc::kBadTimestamp, 7u));
  // Time zone units digit over 9.
  EXPECT_THAT(mt("04 00 80 00 00 99 30 92 51 61 95 A0 00"), HasErrcAt(Errc::kBadTimestamp, 11u));
  // February 30th.
  EXPECT_THAT(mt("04 00 80 00 00 99 20 03 51 61 95 80 00"), HasErrcAt(Errc::kBadTimestamp, 5u));
  // SUBMIT-REPORT error form without its TP-FCS.
  EXPECT_THAT(mt("01", ReportForm::kError), HasErrcAt(Errc::kTruncated, 1u));
  // TP-PI announcing a TP-PID that is not there.
  EXPECT_THAT(mo("00 01"), HasErrcAt(Errc::kTruncated, 2u));
  // TP-PI extension bit.
  EXPECT_THAT(mo("00 80"), HasErrcAt(Errc::kBadElement, 1u));
  // UDHI set but TP-PI announces no user data.
  EXPECT_THAT(mo("40 00"), HasErrcAt(Errc::kBadUdh, 1u));
  // STATUS-REPORT with junk after its parameters.
  EXPECT_THAT(mt("02 00 00 80 99 30 92 51 61 95 80 99 30 92 51 61 95 80 00 00 FF"),
              HasErrcAt(Errc::kTrailingData, 20u));
  // SMS-COMMAND with TP-CDL beyond the input.
  EXPECT_THAT(mo("02 05 00 01 04 00 80 05 00"), HasErrcAt(Errc::kBadUserDataLength, 7u));
}

TEST(MalformedTpdu, EncodersRefuseWhatCannotBeSent) {
  Submit s;
  s.da = Address{Ton::kInternational, Npi::kIsdn, "46-70"};
  EXPECT_THAT(encodeTpdu(s), msrpgw::test::HasErrc(Errc::kBadDigit));
  s.da = internationalNumber("123456789012345678901");
  EXPECT_THAT(encodeTpdu(s), msrpgw::test::HasErrc(Errc::kBadAddress));
  s.da = internationalNumber("1");
  s.ud.septets.assign(161, 'a');
  EXPECT_THAT(encodeTpdu(s), msrpgw::test::HasErrc(Errc::kBadUserDataLength));
  s.ud.septets.clear();
  s.vp.format = VpFormat::kAbsolute;
  s.vp.absolute.month = 0;
  EXPECT_THAT(encodeTpdu(s), msrpgw::test::HasErrc(Errc::kBadTimestamp));
}

}  // namespace
}  // namespace msrpgw::proto::sms
