// Shared LI test vectors: the worked X3/MSRP example of reference/li.md section 1.6 and a
// hex helper. Header-only so the unit, interop and fuzz-seed code agree on the bytes.
#pragma once

#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>

#include "proto/li/pdu.h"

namespace msrpgw::test::li {

// "00 05 00 02 ..." -> bytes; whitespace ignored.
inline std::string fromHex(std::string_view hex) {
  std::string out;
  int hi = -1;
  for (char c : hex) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
            : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                        : -1;
    if (v < 0) throw std::invalid_argument("bad hex");
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<char>(hi * 16 + v));
      hi = -1;
    }
  }
  if (hi >= 0) throw std::invalid_argument("odd hex");
  return out;
}

// Reference section 1.6, header and attributes (117 octets), copied from the hex dump.
inline const std::string kMsrpExampleHeaderHex =
    "00 05 00 02 00 00 00 75 00 00 00 b7 00 0d 00 03"
    "12 34 56 78 12 34 56 78 12 34 56 78 12 34 56 78"
    "00 00 00 00 00 ab cd ef"
    "                        00 06 00 09 6d 73 72 70"
    "2d 67 77 2d 31 00 07 00 07 72 65 6c 61 79 2d 61"
    "00 08 00 04 00 00 00 2a 00 09 00 08 65 12 34 56"
    "07 5b cd 15 00 0a 00 04 c0 00 02 0a 00 0b 00 04"
    "c6 33 64 14 00 0e 00 02 0b 27 00 0f 00 02 9c 41"
    "00 10 00 01 06";

// Reference section 1.6, payload: the MSRP SEND exactly as relayed (183 octets).
inline const std::string kMsrpExamplePayload =
    "MSRP a786 SEND\r\n"
    "To-Path: msrp://198.51.100.20:40001/s2;tcp\r\n"
    "From-Path: msrp://192.0.2.10:2855/s1;tcp\r\n"
    "Message-ID: m1\r\n"
    "Byte-Range: 1-2/2\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "Hi\r\n"
    "-------a786$\r\n";

inline std::string msrpExampleBytes() {
  return fromHex(kMsrpExampleHeaderHex) + kMsrpExamplePayload;
}

// The same PDU as a value, built from the reference's field descriptions.
inline proto::li::Pdu msrpExamplePdu() {
  using namespace proto::li;
  Pdu p;
  p.version = {0, 5};
  p.type = PduType::kX3;
  p.payload_format = PayloadFormat::kMsrpMessage;
  p.direction = PayloadDirection::kFromTarget;
  p.xid = {0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78,
           0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78};
  p.correlation_id = 0xabcdef;
  p.attributes = {attr::networkFunctionId("msrp-gw-1"),
                  attr::interceptionPointId("relay-a"),
                  attr::sequenceNumber(42),
                  attr::timestamp({0x65123456, 123456789}),
                  attr::sourceIpv4({{192, 0, 2, 10}}),
                  attr::destinationIpv4({{198, 51, 100, 20}}),
                  attr::sourcePort(2855),
                  attr::destinationPort(40001),
                  attr::ipProtocol(6)};
  p.payload = asBytes(kMsrpExamplePayload);
  return p;
}

}  // namespace msrpgw::test::li
