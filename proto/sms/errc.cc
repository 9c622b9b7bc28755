#include "proto/sms/errc.h"

namespace msrpgw::proto::sms {

uint8_t rpCauseFor(Errc code) {
  switch (code) {
    case Errc::kTruncated:
    case Errc::kBadAddress:
    case Errc::kBadDigit:
    case Errc::kBadTimestamp:
    case Errc::kBadValidityPeriod:
    case Errc::kBadUserDataLength:
    case Errc::kBadUdh:
    case Errc::kBadCause: return 96;
    case Errc::kTrailingData: return 95;
    case Errc::kBadMessageType: return 97;
    case Errc::kBadElement: return 99;
    case Errc::kUnrepresentable:
    case Errc::kBadUtf8:
    case Errc::kBadUri:
    case Errc::kBadDateTime:
    case Errc::kTooLong: return 111;
  }
  return 111;
}

uint8_t tpFailureCauseFor(Errc code) {
  switch (code) {
    case Errc::kBadMessageType: return 0xB0;
    case Errc::kBadAddress:
    case Errc::kBadDigit: return 0xC3;
    case Errc::kBadTimestamp:
    case Errc::kBadValidityPeriod: return 0xC7;
    case Errc::kTruncated:
    case Errc::kTrailingData:
    case Errc::kBadUserDataLength:
    case Errc::kBadUdh:
    case Errc::kBadElement:
    case Errc::kBadCause:
    case Errc::kUnrepresentable:
    case Errc::kBadUtf8:
    case Errc::kBadUri:
    case Errc::kBadDateTime:
    case Errc::kTooLong: return 0xFF;
  }
  return 0xFF;
}

}  // namespace msrpgw::proto::sms
