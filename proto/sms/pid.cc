#include "proto/sms/pid.h"

namespace msrpgw::proto::sms {

Pid decodePid(uint8_t v) {
  switch (v >> 6) {
    case 0:
      return (v & 0x20) ? Pid{PidKind::kTelematic, uint8_t(v & 0x1F)}
                        : Pid{PidKind::kSmeToSme, uint8_t(v & 0x1F)};
    case 1:
      if (v == 0x40) return {PidKind::kShortMessageType0, 0};
      if (v >= 0x41 && v <= 0x47) return {PidKind::kReplace, uint8_t(v - 0x40)};
      if (v == 0x5E) return {PidKind::kEnhancedMessageService, 0};
      if (v == 0x5F) return {PidKind::kReturnCall, 0};
      if (v == 0x7C) return {PidKind::kAnsi136RData, 0};
      if (v == 0x7D) return {PidKind::kMeDataDownload, 0};
      if (v == 0x7E) return {PidKind::kMeDepersonalization, 0};
      if (v == 0x7F) return {PidKind::kSimDataDownload, 0};
      return {PidKind::kReserved, 0};
    case 2: return {PidKind::kReserved, 0};
    default: return {PidKind::kScSpecific, uint8_t(v & 0x3F)};
  }
}

bool pidInterworks(uint8_t v) {
  return decodePid(v).kind == PidKind::kSmeToSme && (v & 0x1F) == 0;
}

}  // namespace msrpgw::proto::sms
