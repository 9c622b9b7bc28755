// TP-VP (TS 23.040 §9.2.3.12) in its three forms, selected by TP-VPF in the SMS-SUBMIT
// first octet: relative (1 octet), absolute (a 7-octet time stamp) and enhanced (7 octets,
// §9.2.3.12.3). Relative codes: 0-143 (v+1)x5 min; 144-167 12 h + (v-143)x30 min; 168-196
// (v-166) days; 197-255 (v-192) weeks.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "proto/base/result.h"
#include "proto/sms/reader.h"
#include "proto/sms/timestamp.h"

namespace msrpgw::proto::sms {

// TP-VPF values as they sit in bits 4-3 of the first octet.
enum class VpFormat : uint8_t { kNone = 0, kEnhanced = 1, kRelative = 2, kAbsolute = 3 };

struct ValidityPeriod {
  VpFormat format = VpFormat::kNone;
  uint8_t relative = 0;               // kRelative
  Timestamp absolute;                 // kAbsolute
  std::array<uint8_t, 7> enhanced{};  // kEnhanced, as received

  bool operator==(const ValidityPeriod&) const = default;
};

Result<ValidityPeriod> decodeValidityPeriod(Reader& r, VpFormat format);
Status encodeValidityPeriod(const ValidityPeriod& vp, Octets& out);

// Seconds of a relative code.
uint32_t relativeVpSeconds(uint8_t code);
// The smallest relative code lasting at least `seconds` (255 = 63 weeks when longer).
uint8_t relativeVpCode(uint32_t seconds);

// The enhanced form's functionality indicator and its period in seconds (nullopt for
// "no validity period specified"). kBadValidityPeriod for reserved formats, a set
// extension bit (no extension is defined) or bad BCD.
struct EnhancedVp {
  bool single_shot = false;
  uint8_t format = 0;  // bits 2-0
  std::optional<uint32_t> seconds;
};
Result<EnhancedVp> decodeEnhancedVp(const std::array<uint8_t, 7>& octets);

}  // namespace msrpgw::proto::sms
