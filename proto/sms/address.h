// SMS addresses: TP-OA / TP-DA / TP-RA (TS 23.040 §9.1.2.5: length in useful semi-octets,
// so in digits) and RP-OA / RP-DA (TS 24.011 §8.2.5.1-2: length in octets, type octet
// included, 0 = absent). Type of address `1 TTT NNNN`. Numeric addresses are BCD digits,
// nibble-swapped, padded with F; semi-octets A-E stand for * # a b c. An alphanumeric TP
// address (TON 5) is packed GSM 7-bit text; an RP address never is.
// Errors: kTruncated, kBadAddress (over 20 digits / 10 octets, alphanumeric RP address),
// kBadDigit (an F filler inside the digits; encoding: a character outside 0-9*#abc),
// kUnrepresentable (encoding an alphanumeric address outside GSM 7-bit).
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/base/result.h"
#include "proto/sms/reader.h"

namespace msrpgw::proto::sms {

enum class Ton : uint8_t {
  kUnknown = 0,
  kInternational = 1,
  kNational = 2,
  kNetworkSpecific = 3,
  kSubscriber = 4,
  kAlphanumeric = 5,
  kAbbreviated = 6,
  kReserved = 7,
};

enum class Npi : uint8_t {
  kUnknown = 0,
  kIsdn = 1,  // E.164
  kData = 3,
  kTelex = 4,
  kScSpecific5 = 5,
  kScSpecific6 = 6,
  kNational = 8,
  kPrivate = 9,
  kErmes = 10,
  kReserved = 15,
};

inline constexpr size_t kMaxAddressDigits = 20;

struct Address {
  Ton ton = Ton::kUnknown;
  Npi npi = Npi::kUnknown;
  // Digits "0-9*#abc" for numeric types (no '+'); UTF-8 text for kAlphanumeric.
  std::string value;

  uint8_t typeOctet() const {
    return static_cast<uint8_t>(0x80 | (uint8_t(ton) << 4) | uint8_t(npi));
  }
  bool operator==(const Address&) const = default;
};

// International E.164 number from digits without '+'.
inline Address internationalNumber(std::string digits) {
  return Address{Ton::kInternational, Npi::kIsdn, std::move(digits)};
}

// TP address at the reader's position.
Result<Address> decodeTpAddress(Reader& r);
// Appends the TP form; kBadAddress / kBadDigit / kUnrepresentable when it cannot be held.
Status encodeTpAddress(const Address& a, Octets& out);

// RP address at the reader's position: nullopt-like empty Result value when length is 0.
struct RpAddress {
  bool present = false;
  Address address;
  bool operator==(const RpAddress&) const = default;
};
Result<RpAddress> decodeRpAddress(Reader& r);
Status encodeRpAddress(const RpAddress& a, Octets& out);

// Semi-octet digit strings (shared with the SC timestamp code): digit -> nibble value,
// or -1 when `c` is no SMS digit.
int digitNibble(char c);
char nibbleDigit(uint8_t nibble);  // 0-14; 15 (filler) gives '\0'

}  // namespace msrpgw::proto::sms
