// Error codes of the SMS codecs (Domain::kSms). Every decoder reports the first problem it
// meets with one of these codes, a static reason naming the field, and the byte offset of
// that field in the input.
// Thread-safe: constants and a pure function.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::sms {

enum class Errc : uint16_t {
  kTruncated = 1,      // a field runs past the end of the input
  kTrailingData,       // bytes left over after the last field
  kBadMessageType,     // RP-MTI or TP-MTI not valid here (reserved, wrong direction)
  kBadAddress,         // address length, type or content out of range
  kBadDigit,           // a semi-octet that is no digit where one is needed
  kBadTimestamp,       // TP-SCTS / TP-DT / absolute TP-VP field out of range
  kBadValidityPeriod,  // enhanced TP-VP malformed, or a VP the format cannot hold
  kBadUserDataLength,  // TP-UDL beyond 140 octets, beyond the input, or below the UDH
  kBadUdh,             // user data header structure (UDHL or an element's length)
  kBadElement,         // RP information element missing, unknown or misplaced
  kBadCause,           // RP-Cause length
  kUnrepresentable,    // a character the chosen alphabet cannot carry
  kBadUtf8,            // input text is not valid UTF-8
  kBadUri,             // a URI that maps to no SMS address
  kBadDateTime,        // an RFC 3339 date-time that maps to no TP-SCTS
  kTooLong,            // text needs more segments or octets than allowed
};

// The RP-Cause (TS 24.011 Table 8.4) that answers an RP message failing with `code`:
// 95 semantically incorrect, 96 invalid mandatory information, 97 message type
// non-existent, 99 information element non-existent, 111 protocol error unspecified.
uint8_t rpCauseFor(Errc code);

// The TP-FCS (TS 23.040 §9.2.3.22) that answers an SMS-SUBMIT failing with `code`:
// 0xB0 TPDU not supported, 0xC3 invalid SME address, 0xC7 TP-VP not supported,
// 0xFF unspecified.
uint8_t tpFailureCauseFor(Errc code);

inline Error error(Errc code, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kSms, static_cast<uint16_t>(code), reason, offset};
}

}  // namespace msrpgw::proto::sms
