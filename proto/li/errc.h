// Error codes of the lawful-interception codecs, all in Domain::kLi.
// Two disjoint ranges share one enum so a single Error type travels from the codecs to
// the X1 server:
//   1..99     X2/X3 PDU and framer errors (TS 103 221-2 defines no wire codes for them);
//   1000..    X1 errorInformation.errorCode values of ETSI TS 103 221-1 (the wire codes).
// errcName() gives a stable snake_case name; x1ErrorDescription() a short text for the
// errorDescription element. Thread-safe: constants and pure functions.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::li {

enum class Errc : uint16_t {
  // X2/X3 PDU decoding and encoding.
  kTruncated = 1,             // fewer bytes than the header or the lengths announce
  kUnsupportedVersion = 2,    // another major version
  kUnknownPduType = 3,        // PDU type not 1..4
  kBadHeaderLength = 4,       // header length < 40
  kHeaderTooLarge = 5,        // header length above the configured limit
  kPayloadTooLarge = 6,       // payload length above the configured limit
  kUnknownPayloadFormat = 7,  // payload format not in table 5.4.1-1
  kFormatNotPermitted = 8,    // format not allowed in this PDU type (e.g. MSRP in X2)
  kBadPayloadDirection = 9,   // direction above 5, or 0 outside keepalives
  kAttributeTruncated = 10,   // a TLV runs past the header length
  kBadAttributeLength = 11,   // a fixed-size attribute with another length
  kBadAttributeValue = 12,    // e.g. NUL in a text attribute, nanoseconds >= 10^9
  kBadKeepalive = 13,         // keepalive with payload, format, direction or no seqno
  kAttributeValueKind = 14,   // encoder: value kind does not fit the attribute type
  kAttributeTooLong = 15,     // encoder: value longer than 65535 octets
  kTrailingBytes = 16,        // bytes after header length + payload length
  // X1 (TS 103 221-1 errorCode values).
  kGenericError = 1000,
  kSyntaxError = 1010,  // XML not well formed or not schema valid
  kUnsupportedX1Version = 1020,
  kAdmfIdCertMismatch = 1030,
  kUnexpectedAdmfId = 1040,
  kNeIdCertMismatch = 1050,
  kUnexpectedNeId = 1060,
  kKeepaliveNotSupported = 1070,
  kUnsupportedRequest = 1080,
  kXidExists = 2010,
  kXidDoesNotExist = 2020,
  kDidExists = 2030,
  kDidDoesNotExist = 2040,
  kObjectIdExists = 2050,
  kObjectIdDoesNotExist = 2060,
  kActivateTaskFailed = 3000,
  kModifyTaskFailed = 3001,
  kUnsupportedTargetType = 3010,
  kUnsupportedTargetCombination = 3020,
  kMultipleDestinationsNotSupported = 3030,
  kBadDeliveryTypeForDestinations = 3040,
  kUnsupportedServiceType = 3050,
  kDeactivateTaskFailed = 4000,
  kDeactivateAllTasksFailed = 5000,
  kDeactivateAllTasksNotEnabled = 5010,
  kCreateDestinationFailed = 6000,
  kModifyDestinationFailed = 6001,
  kUnsupportedDeliveryAddress = 6020,
  kRemoveDestinationFailed = 7000,
  kDestinationInUse = 7010,
  kRemoveAllDestinationsRefused = 8010,
  kRemoveAllDestinationsNotEnabled = 8020,
};

const char* errcName(Errc e);

// The text our X1 responses put in errorDescription when no more specific reason exists.
const char* x1ErrorDescription(Errc e);

// True for the X1 wire codes (1000 and above).
constexpr bool isX1Code(Errc e) {
  return static_cast<uint16_t>(e) >= 1000;
}

inline Error makeError(Errc e, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kLi, static_cast<uint16_t>(e), reason, offset};
}

}  // namespace msrpgw::proto::li
