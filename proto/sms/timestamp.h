// Service-centre time stamps (TS 23.040 §9.2.3.11): TP-SCTS, TP-DT and the absolute TP-VP,
// seven swapped-BCD octets YY MM DD hh mm ss TZ, the time zone in quarter hours with its
// sign in bit 3 of the low nibble. Converts to and from an RFC 3339 date-time (the CPIM
// DateTime) keeping the sender's offset. Two-digit years expand with a window:
// 00-89 -> 2000-2089, 90-99 -> 1990-1999.
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/base/result.h"
#include "proto/sms/reader.h"

namespace msrpgw::proto::sms {

struct Timestamp {
  uint16_t year = 2000;  // 1990-2089
  uint8_t month = 1;
  uint8_t day = 1;
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;
  int8_t tz_quarters = 0;  // offset from UTC in 15-minute steps, -79..79

  bool operator==(const Timestamp&) const = default;
};

inline constexpr size_t kTimestampOctets = 7;

// Seven octets at the reader; `what` names the field in errors ("TP-SCTS", ...).
Result<Timestamp> decodeTimestamp(Reader& r, const char* what);
// kBadTimestamp when a field is out of range.
Status encodeTimestamp(const Timestamp& t, Octets& out);

// "1999-03-29T15:16:59+02:00" ("Z" is never written: +00:00 keeps the offset explicit).
std::string toDateTime(const Timestamp& t);
// Accepts RFC 3339 date-times (fractional seconds dropped, "Z" or +hh:mm / -hh:mm).
// kBadDateTime when malformed, outside 1990-2089, or the offset is no whole quarter hour.
Result<Timestamp> fromDateTime(std::string_view text);

}  // namespace msrpgw::proto::sms
