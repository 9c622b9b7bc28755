// RP layer (TS 24.011 §7.3, §8.2) as SMS over IP carries it: the bare RP message is the
// body of a SIP MESSAGE with Content-Type application/vnd.3gpp.sms (TS 24.341), binary,
// with no CP layer and no length prefix. RP-DATA (both directions), RP-ACK, RP-ERROR (with
// RP-Cause and its diagnostic) and RP-SMMA; the RP-User-Data element holds a TPDU, kept
// as a view and decoded on demand with rpTpdu(). Every length is checked against what
// remains; unknown or repeated elements are kBadElement.
// Views: a decoded message's user_data points into the bytes given to decodeRp() and lives
// as long as they do; to encode, point user_data at the caller's encoded TPDU.
// Errors: kTruncated, kTrailingData, kBadMessageType, kBadAddress, kBadDigit,
// kBadElement, kBadCause (decode); kBadAddress, kBadDigit, kBadElement (encode).
// Thread-safe: plain values and functions of their arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "proto/base/result.h"
#include "proto/sms/address.h"
#include "proto/sms/reader.h"
#include "proto/sms/tpdu.h"

namespace msrpgw::proto::sms {

enum class RpMti : uint8_t {
  kDataMsToN = 0,
  kDataNToMs = 1,
  kAckMsToN = 2,
  kAckNToMs = 3,
  kErrorMsToN = 4,
  kErrorNToMs = 5,
  kSmmaMsToN = 6,
};

inline constexpr uint8_t kRpUserDataIei = 0x41;

// RP-Cause values (TS 24.011 §8.2.5.4, Table 8.4).
enum RpCause : uint8_t {
  kCauseUnassignedNumber = 1,
  kCauseOperatorBarring = 8,
  kCauseCallBarred = 10,
  kCauseSmTransferRejected = 21,
  kCauseMemoryCapacityExceeded = 22,
  kCauseDestinationOutOfOrder = 27,
  kCauseUnidentifiedSubscriber = 28,
  kCauseFacilityRejected = 29,
  kCauseUnknownSubscriber = 30,
  kCauseNetworkOutOfOrder = 38,
  kCauseTemporaryFailure = 41,
  kCauseCongestion = 42,
  kCauseResourcesUnavailable = 47,
  kCauseFacilityNotSubscribed = 50,
  kCauseFacilityNotImplemented = 69,
  kCauseInvalidReference = 81,
  kCauseSemanticallyIncorrect = 95,
  kCauseInvalidMandatoryInfo = 96,
  kCauseMessageTypeNonExistent = 97,
  kCauseMessageNotCompatible = 98,
  kCauseIeNonExistent = 99,
  kCauseProtocolError = 111,
  kCauseInterworking = 127,
};

struct RpData {
  Direction dir = Direction::kMsToSc;
  uint8_t mr = 0;
  RpAddress oa;                   // empty MS -> N; the SC address N -> MS
  RpAddress da;                   // the SC address MS -> N; empty N -> MS
  ByteView user_data;             // SMS-SUBMIT / SMS-COMMAND, or SMS-DELIVER / SMS-STATUS-REPORT
  uint32_t user_data_offset = 0;  // where the TPDU starts in the decoded message
  bool operator==(const RpData& o) const;
};

struct RpAck {
  Direction dir = Direction::kMsToSc;
  uint8_t mr = 0;
  std::optional<ByteView> user_data;  // SMS-DELIVER-REPORT / SMS-SUBMIT-REPORT (ack form)
  uint32_t user_data_offset = 0;
  bool operator==(const RpAck& o) const;
};

struct RpError {
  Direction dir = Direction::kMsToSc;
  uint8_t mr = 0;
  uint8_t cause = 0;  // 7 bits
  std::optional<uint8_t> diagnostic;
  std::optional<ByteView> user_data;  // report TPDU (error form, with TP-FCS)
  uint32_t user_data_offset = 0;
  bool operator==(const RpError& o) const;
};

struct RpSmma {
  uint8_t mr = 0;
  bool operator==(const RpSmma&) const = default;
};

using RpMessage = std::variant<RpData, RpAck, RpError, RpSmma>;

Result<RpMessage> decodeRp(ByteView b);
// kBadAddress from the addresses, kBadElement when RP-User-Data is over 255 octets.
Result<Octets> encodeRp(const RpMessage& m);

// The TPDU inside an RP message, decoded for its direction and form; kBadElement when the
// message carries none.
Result<Tpdu> rpTpdu(const RpMessage& m);

}  // namespace msrpgw::proto::sms
