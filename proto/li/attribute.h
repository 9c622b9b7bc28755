// Conditional attributes of X2/X3 PDUs (ETSI TS 103 221-2 table 5.3.1-2): a type and a
// typed value. Text and opaque values are views: after decodePdu() they point into the
// decoded bytes; for encoding they point into memory the caller keeps alive until the
// encode call returns. Unknown types keep their raw bytes (kind kOpaque).
// Thread-safe: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <variant>

#include "proto/base/bytes.h"

namespace msrpgw::proto::li {

enum class AttributeType : uint16_t {
  kEtsi102232 = 1,
  kTs33128 = 2,
  kTs33108 = 3,
  kProprietary = 4,
  kDomainId = 5,
  kNetworkFunctionId = 6,
  kInterceptionPointId = 7,
  kSequenceNumber = 8,
  kTimestamp = 9,
  kSourceIpv4 = 10,
  kDestinationIpv4 = 11,
  kSourceIpv6 = 12,
  kDestinationIpv6 = 13,
  kSourcePort = 14,
  kDestinationPort = 15,
  kIpProtocol = 16,
  kMatchedTargetId = 17,
  kOtherTargetId = 18,
  kMimeContentType = 19,
  kMimeContentTransferEncoding = 20,
  kAdditionalXidInfo = 21,
  kSdp = 22,
};

// Timestamp attribute: Unix seconds and nanoseconds (not NTP).
struct Timestamp {
  uint32_t seconds = 0;
  uint32_t nanoseconds = 0;
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

struct Ipv4Address {
  std::array<uint8_t, 4> octets{};
  friend bool operator==(const Ipv4Address&, const Ipv4Address&) = default;
};

struct Ipv6Address {
  std::array<uint8_t, 16> octets{};
  friend bool operator==(const Ipv6Address&, const Ipv6Address&) = default;
};

// Opaque octets (DID, the 1..4 and 21 payload-defined attributes, unknown types).
struct Opaque {
  ByteView bytes;
  friend bool operator==(const Opaque& a, const Opaque& b) {
    return asText(a.bytes) == asText(b.bytes);
  }
};

// UTF-8 text without NUL (NFID, IPID, target identifiers, MIME fields, SDP).
struct Text {
  std::string_view text;
  friend bool operator==(const Text&, const Text&) = default;
};

// Value kinds, in the order of the variant alternatives.
enum class ValueKind : uint8_t { kOpaque, kText, kU8, kU16, kU32, kTimestamp, kIpv4, kIpv6 };

using AttributeValue =
    std::variant<Opaque, Text, uint8_t, uint16_t, uint32_t, Timestamp, Ipv4Address, Ipv6Address>;

// The kind a type's value has on the wire; kOpaque for unknown types.
ValueKind valueKindOf(uint16_t type);

// Encoded value length of fixed-size kinds; 0 for variable ones (opaque, text).
uint16_t fixedLengthOf(ValueKind kind);

struct Attribute {
  uint16_t type = 0;  // an AttributeType value, or any unknown value
  AttributeValue value;

  ValueKind kind() const { return static_cast<ValueKind>(value.index()); }
  friend bool operator==(const Attribute&, const Attribute&) = default;
};

// Builders that pair each type with the kind it needs.
namespace attr {
inline Attribute domainId(ByteView did) {
  return {5, Opaque{did}};
}
inline Attribute networkFunctionId(std::string_view s) {
  return {6, Text{s}};
}
inline Attribute interceptionPointId(std::string_view s) {
  return {7, Text{s}};
}
inline Attribute sequenceNumber(uint32_t n) {
  return {8, n};
}
inline Attribute timestamp(Timestamp t) {
  return {9, t};
}
inline Attribute sourceIpv4(Ipv4Address a) {
  return {10, a};
}
inline Attribute destinationIpv4(Ipv4Address a) {
  return {11, a};
}
inline Attribute sourceIpv6(Ipv6Address a) {
  return {12, a};
}
inline Attribute destinationIpv6(Ipv6Address a) {
  return {13, a};
}
inline Attribute sourcePort(uint16_t p) {
  return {14, p};
}
inline Attribute destinationPort(uint16_t p) {
  return {15, p};
}
inline Attribute ipProtocol(uint8_t p) {
  return {16, p};
}
inline Attribute matchedTargetId(std::string_view s) {
  return {17, Text{s}};
}
inline Attribute otherTargetId(std::string_view s) {
  return {18, Text{s}};
}
inline Attribute mimeContentType(std::string_view s) {
  return {19, Text{s}};
}
inline Attribute mimeContentTransferEncoding(std::string_view s) {
  return {20, Text{s}};
}
inline Attribute additionalXidInfo(ByteView b) {
  return {21, Opaque{b}};
}
inline Attribute sdp(std::string_view s) {
  return {22, Text{s}};
}
inline Attribute opaque(uint16_t type, ByteView b) {
  return {type, Opaque{b}};
}
}  // namespace attr

}  // namespace msrpgw::proto::li
