// X2/X3 PDUs of ETSI TS 103 221-2: the 40-octet header, the conditional attributes and
// the payload; keepalive and keepalive-ack PDUs.
//
// decodePdu() takes exactly one PDU (as cut by li::Framer) and validates it fully. The
// returned Pdu's attribute texts and payload are views into the input and live as long
// as the caller keeps those bytes. Errc values: kTruncated, kTrailingBytes,
// kUnsupportedVersion, kUnknownPduType, kBadHeaderLength, kHeaderTooLarge,
// kPayloadTooLarge, kUnknownPayloadFormat, kFormatNotPermitted, kBadPayloadDirection,
// kAttributeTruncated, kBadAttributeLength, kBadAttributeValue, kBadKeepalive; offsets are
// from the start of the PDU.
//
// appendPdu()/appendHeader() write big-endian with attributes in the order given and no
// padding. They refuse (kAttributeValueKind, kAttributeTooLong, kBadAttributeValue,
// kHeaderTooLarge, kPayloadTooLarge, kFormatNotPermitted, kBadPayloadDirection,
// kBadKeepalive) rather than write a PDU the decoder would reject; on error `out` is left
// as it was. Thread-safe: functions of their arguments only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/li/attribute.h"
#include "proto/li/errc.h"
#include "proto/li/payload_format.h"

namespace msrpgw::proto::li {

inline constexpr uint32_t kHeaderSize = 40;

enum class PduType : uint16_t { kX2 = 1, kX3 = 2, kKeepalive = 3, kKeepaliveAck = 4 };

// Relative to the target (table 5.2.6-1).
enum class PayloadDirection : uint16_t {
  kKeepalive = 0,
  kUnknown = 1,
  kToTarget = 2,
  kFromTarget = 3,
  kCombined = 4,
  kNotApplicable = 5,
};

// Version of the PDU format: major (high octet) . minor (low octet). 0.5 for TS 103 221-2
// V1.4.1 to V1.9.1; configurable because V1.10.1 moves to 0.6.
struct Version {
  uint8_t major = 0;
  uint8_t minor = 5;
  friend bool operator==(const Version&, const Version&) = default;
};

using Xid = std::array<uint8_t, 16>;

struct Pdu {
  Version version;
  PduType type = PduType::kX3;
  PayloadFormat payload_format = PayloadFormat::kMsrpMessage;
  PayloadDirection direction = PayloadDirection::kUnknown;
  Xid xid{};
  uint64_t correlation_id = 0;
  std::vector<Attribute> attributes;
  ByteView payload;

  // First attribute of the type, or nullptr.
  const Attribute* find(AttributeType t) const;
  // The Sequence Number attribute's value, if present.
  std::optional<uint32_t> sequenceNumber() const;

  friend bool operator==(const Pdu& a, const Pdu& b);
};

// A keepalive (or its ack, which echoes the keepalive's sequence number): all fields zero
// but version, type and header length; one Sequence Number attribute; 48 octets.
Pdu makeKeepalive(uint32_t sequence, Version v = {});
Pdu makeKeepaliveAck(uint32_t sequence, Version v = {});

struct Limits {
  uint8_t major_version = 0;                // another major is kUnsupportedVersion
  uint32_t max_header_length = 64 * 1024;   // kHeaderTooLarge above
  uint32_t max_payload_length = 16u << 20;  // kPayloadTooLarge above
};

// Header length and payload length read from the first 12 octets (fewer: kTruncated),
// checked against the limits: the framing step shared by Framer and decodePdu().
struct FrameLengths {
  uint32_t header_length = 0;
  uint32_t payload_length = 0;
  uint64_t total() const { return uint64_t{header_length} + payload_length; }
};
Result<FrameLengths> peekFrameLengths(ByteView in, const Limits& limits = {});

Result<Pdu> decodePdu(ByteView in, const Limits& limits = {});

// Header length the PDU will have (40 + attributes).
Result<uint32_t> encodedHeaderLength(const Pdu& pdu);

// Appends header, attributes and pdu.payload.
Status appendPdu(const Pdu& pdu, std::string& out, const Limits& limits = {});

// Appends header and attributes only, announcing `payload_length` octets the caller sends
// after them (pdu.payload is ignored): lets X3 delivery write a payload without copying it.
Status appendHeader(const Pdu& pdu, uint32_t payload_length, std::string& out,
                    const Limits& limits = {});

}  // namespace msrpgw::proto::li
