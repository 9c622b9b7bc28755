// TP-PID (TS 23.040 §9.2.3.9) decoded into what the interworking has to decide on: plain
// SME-to-SME (0x00), telematic interworking with its device type, the SM-AL protocol,
// type 0 (0x40, acknowledge and discard), replace types 1-7 (0x41-0x47), return call
// (0x5F), ME / SIM data download (0x7D / 0x7F), ANSI-136 R-DATA (0x7C), ME de-personalization
// (0x7E) and the reserved / SC-specific ranges. Never fails.
// Thread-safe: functions of their arguments only.
#pragma once

#include <cstdint>

namespace msrpgw::proto::sms {

enum class PidKind : uint8_t {
  kSmeToSme,                // 00 0 xxxxx: no telematic interworking (SM-AL protocol in bits 4-0)
  kTelematic,               // 00 1 xxxxx: telematic interworking, device type in bits 4-0
  kShortMessageType0,       // 0x40
  kReplace,                 // 0x41-0x47 (replace short message type 1-7)
  kReturnCall,              // 0x5F
  kAnsi136RData,            // 0x7C
  kMeDataDownload,          // 0x7D
  kMeDepersonalization,     // 0x7E
  kSimDataDownload,         // 0x7F
  kEnhancedMessageService,  // 0x5E
  kReserved,                // other 01xxxxxx values, and 10xxxxxx
  kScSpecific,              // 11xxxxxx
};

struct Pid {
  PidKind kind = PidKind::kSmeToSme;
  uint8_t value = 0;  // device type, SM-AL protocol, or replace type (1-7); else 0
};

Pid decodePid(uint8_t octet);

// Whether TS 29.311 interworking to an instant message applies (reference/sms.md §2: plain
// SME-to-SME only; type 0, replace types and SIM data download are not interworked).
bool pidInterworks(uint8_t octet);

}  // namespace msrpgw::proto::sms
