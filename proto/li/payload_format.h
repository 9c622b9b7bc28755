// X2/X3 payload formats (ETSI TS 103 221-2 table 5.4.1-1) with the PDU types each may
// travel in. Format 13 (MSRP message, X3 only) is what the gateway delivers.
// Thread-safe: constants and constexpr functions.
#pragma once

#include <cstdint>

namespace msrpgw::proto::li {

enum class PayloadFormat : uint16_t {
  kReserved = 0,  // keepalive PDUs only
  kEtsi102232 = 1,
  kTs33128 = 2,
  kTs33108 = 3,
  kProprietary = 4,
  kIpv4Packet = 5,
  kIpv6Packet = 6,
  kEthernetFrame = 7,
  kRtpPacket = 8,
  kSipMessage = 9,
  kDhcpMessage = 10,
  kRadiusPacket = 11,
  kGtpuMessage = 12,
  kMsrpMessage = 13,
  kEpsIriContent = 14,
  kMimeMessage = 15,
  kUnstructuredPdu = 16,
  kEtsi102232PsPayload = 17,
};

inline constexpr uint16_t kMaxPayloadFormat = 17;

struct FormatPermission {
  bool x2;
  bool x3;
};

// X2/X3 permission of a known format; {false,false} for 0 and unknown values.
constexpr FormatPermission formatPermission(uint16_t format) {
  constexpr FormatPermission kTable[kMaxPayloadFormat + 1] = {
      {false, false},  // 0 reserved
      {true, true},    // 1
      {true, true},    // 2
      {true, true},    // 3
      {true, true},    // 4
      {true, true},    // 5
      {true, true},    // 6
      {false, true},   // 7 Ethernet
      {false, true},   // 8 RTP
      {true, false},   // 9 SIP
      {true, false},   // 10 DHCP
      {true, false},   // 11 RADIUS
      {false, true},   // 12 GTP-U
      {false, true},   // 13 MSRP
      {true, false},   // 14 EpsIRIContent
      {true, true},    // 15 MIME
      {false, true},   // 16 unstructured PDU
      {true, true},    // 17 PS-PDU.Payload
  };
  return format <= kMaxPayloadFormat ? kTable[format] : FormatPermission{false, false};
}

constexpr bool permittedInX2(PayloadFormat f) {
  return formatPermission(static_cast<uint16_t>(f)).x2;
}
constexpr bool permittedInX3(PayloadFormat f) {
  return formatPermission(static_cast<uint16_t>(f)).x3;
}

}  // namespace msrpgw::proto::li
