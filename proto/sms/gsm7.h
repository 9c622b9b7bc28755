// GSM 7-bit default alphabet and its extension table (TS 23.038 §6.2.1), both ways, and
// septet packing (TS 23.038 §6.1.2.1: septet i at bits 7i..7i+6, least significant bit
// first, after `fill_bits` zero bits that align text behind a user data header).
// National language shift tables are not built in: IE 0x24/0x25 are only carried by udh.h.
// Thread-safe: constant tables and functions of their arguments.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/sms/reader.h"

namespace msrpgw::proto::sms {

inline constexpr uint8_t kGsm7Escape = 0x1B;
inline constexpr uint8_t kGsm7Cr = 0x0D;

// Septets for one character: writes 1 (default table) or 2 (ESC + extension code) values
// into `out` and returns how many; 0 when the character is in neither table.
int gsm7FromCodePoint(char32_t cp, uint8_t out[2]);

// The character a default-table septet stands for (ESC 0x1B gives U+00A0, shown as space).
char32_t gsm7DefaultChar(uint8_t septet);

// The character of ESC + `code`, or 0 when the extension table has no entry there.
char32_t gsm7ExtensionChar(uint8_t code);

// UTF-8 text to unpacked septets. A character outside both tables is kUnrepresentable at
// its byte offset (nothing is guessed or replaced); bad UTF-8 is kBadUtf8.
Result<std::vector<uint8_t>> utf8ToGsm7(std::string_view utf8);

// Unpacked septets to UTF-8. ESC + a code without an extension entry gives that code's
// default-table character; a trailing lone ESC, or ESC ESC, gives a space.
std::string gsm7ToUtf8(std::span<const uint8_t> septets);

// Packs septets behind `fill_bits` (0-6) zero bits. When 7 bits of the last octet are left
// over they are set to CR (so they never read as '@').
Octets packSeptets(std::span<const uint8_t> septets, unsigned fill_bits = 0);

// Reads `count` septets starting after `fill_bits` bits of `packed`; kTruncated (at
// `base` + the octet that ran out) when `packed` is too short.
Result<std::vector<uint8_t>> unpackSeptets(ByteView packed, size_t count, unsigned fill_bits = 0,
                                           uint32_t base = 0);

// Number of octets that hold `septets` septets behind `fill_bits` bits.
constexpr size_t packedOctets(size_t septets, unsigned fill_bits = 0) {
  return (septets * 7 + fill_bits + 7) / 8;
}

}  // namespace msrpgw::proto::sms
