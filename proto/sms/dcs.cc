#include "proto/sms/dcs.h"

namespace msrpgw::proto::sms {

Dcs decodeDcs(uint8_t v) {
  Dcs d;
  uint8_t hi = v >> 4;
  if (hi <= 0x7) {
    d.group = (hi & 0x4) ? DcsGroup::kAutoDeletion : DcsGroup::kGeneral;
    d.compressed = (v & 0x20) != 0;
    switch ((v >> 2) & 0x3) {
      case 0: d.alphabet = Alphabet::kGsm7; break;
      case 1: d.alphabet = Alphabet::k8Bit; break;
      case 2: d.alphabet = Alphabet::kUcs2; break;
      default: d.alphabet = Alphabet::kGsm7, d.reserved_alphabet = true; break;
    }
    if (v & 0x10) d.message_class = v & 0x3;
    return d;
  }
  if (hi <= 0xB) {
    d.group = DcsGroup::kReserved;
    return d;
  }
  if (hi == 0xF) {
    d.group = DcsGroup::kDataCodingClass;
    d.alphabet = (v & 0x04) ? Alphabet::k8Bit : Alphabet::kGsm7;
    d.message_class = v & 0x3;
    return d;
  }
  d.group = hi == 0xC   ? DcsGroup::kWaitingDiscard
            : hi == 0xD ? DcsGroup::kWaitingStoreGsm7
                        : DcsGroup::kWaitingStoreUcs2;
  d.alphabet = hi == 0xE ? Alphabet::kUcs2 : Alphabet::kGsm7;
  d.waiting_active = (v & 0x08) != 0;
  d.waiting_type = static_cast<WaitingType>(v & 0x3);
  return d;
}

uint8_t makeDcs(Alphabet alphabet, std::optional<uint8_t> message_class) {
  uint8_t v = alphabet == Alphabet::kGsm7 ? 0x00 : alphabet == Alphabet::k8Bit ? 0x04 : 0x08;
  if (message_class) v |= 0x10 | (*message_class & 0x3);
  return v;
}

}  // namespace msrpgw::proto::sms
