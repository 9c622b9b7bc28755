// User data header (TS 23.040 §9.2.3.24): UDHL then information elements (IEI, IEDL,
// data). Every element is kept in order, unknown ones included, so a header re-encodes
// byte for byte; typed accessors read the concatenation (0x00, 0x08), application port
// (0x04, 0x05) and national language shift (0x24, 0x25) elements. An element of a known
// type with a wrong length or out-of-range values is kept but ignored by its accessor, as
// the spec tells receivers to.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "proto/base/result.h"
#include "proto/sms/reader.h"

namespace msrpgw::proto::sms {

enum Iei : uint8_t {
  kIeiConcat8 = 0x00,
  kIeiSpecialSms = 0x01,
  kIeiPort8 = 0x04,
  kIeiPort16 = 0x05,
  kIeiConcat16 = 0x08,
  kIeiSingleShift = 0x24,
  kIeiLockingShift = 0x25,
};

struct InformationElement {
  uint8_t iei = 0;
  Octets data;
  bool operator==(const InformationElement&) const = default;
};

struct Concat {
  uint16_t reference = 0;
  uint8_t total = 0;   // 1-255
  uint8_t seq = 0;     // 1-total
  bool ref16 = false;  // IE 0x08 (16-bit reference) rather than 0x00
  bool operator==(const Concat&) const = default;
};

struct Ports {
  uint16_t destination = 0;
  uint16_t source = 0;
  bool wide = false;  // IE 0x05 (16-bit ports) rather than 0x04
  bool operator==(const Ports&) const = default;
};

struct Udh {
  std::vector<InformationElement> elements;

  std::optional<Concat> concat() const;
  std::optional<Ports> ports() const;
  std::optional<uint8_t> singleShift() const;  // national language table id
  std::optional<uint8_t> lockingShift() const;

  // Octets the header takes in TP-UD, UDHL included.
  size_t size() const;
  bool operator==(const Udh&) const = default;
};

InformationElement concatElement(const Concat& c);
InformationElement portsElement(const Ports& p);

// Reads UDHL and the elements from the start of `ud` (TP-UD); `base` is ud's offset in the
// message. kBadUdh when UDHL passes the user data or an element passes UDHL.
Result<Udh> decodeUdh(ByteView ud, uint32_t base);
// Appends UDHL and the elements; kBadUdh when the header is over 140 octets.
Status encodeUdh(const Udh& h, Octets& out);

// Fill bits that align GSM 7-bit text after a header of `udh_octets` (UDHL included).
constexpr unsigned fillBits(size_t udh_octets) {
  return (7 - (udh_octets * 8) % 7) % 7;
}
// Septets a header of `udh_octets` takes out of TP-UDL, fill bits included.
constexpr size_t udhSeptets(size_t udh_octets) {
  return (udh_octets * 8 + 6) / 7;
}

}  // namespace msrpgw::proto::sms
