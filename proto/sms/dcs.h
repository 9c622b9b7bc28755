// TP-DCS (TS 23.038 §4): one octet decoded into its coding group, alphabet, message class,
// compression and message-waiting indication. Decoding never fails: reserved groups and the
// reserved alphabet are read as GSM 7-bit, as the spec tells receivers to.
// Thread-safe: functions of their arguments only.
#pragma once

#include <cstdint>
#include <optional>

namespace msrpgw::proto::sms {

enum class Alphabet : uint8_t { kGsm7, k8Bit, kUcs2 };

enum class DcsGroup : uint8_t {
  kGeneral,           // 00xx xxxx
  kAutoDeletion,      // 01xx xxxx (marked for automatic deletion)
  kReserved,          // 1000-1011 xxxx
  kWaitingDiscard,    // 1100 xxxx: message waiting, discard message (GSM 7-bit)
  kWaitingStoreGsm7,  // 1101 xxxx
  kWaitingStoreUcs2,  // 1110 xxxx
  kDataCodingClass,   // 1111 xxxx
};

enum class WaitingType : uint8_t { kVoicemail = 0, kFax = 1, kEmail = 2, kOther = 3 };

struct Dcs {
  DcsGroup group = DcsGroup::kGeneral;
  Alphabet alphabet = Alphabet::kGsm7;
  bool reserved_alphabet = false;        // alphabet bits 11 (read as GSM 7-bit)
  bool compressed = false;               // general / auto-deletion groups, bit 5
  std::optional<uint8_t> message_class;  // 0-3 when the octet gives one
  bool waiting_active = false;           // message waiting groups, bit 3
  WaitingType waiting_type = WaitingType::kVoicemail;
};

Dcs decodeDcs(uint8_t octet);

// The octet of the general group for an uncompressed alphabet, with an optional class:
// 0x00 GSM 7-bit, 0x04 8-bit, 0x08 UCS2; with class c: 0x10 | alphabet | c.
uint8_t makeDcs(Alphabet alphabet, std::optional<uint8_t> message_class = std::nullopt);

}  // namespace msrpgw::proto::sms
