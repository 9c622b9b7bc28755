#include "proto/li/attribute.h"

namespace msrpgw::proto::li {

ValueKind valueKindOf(uint16_t type) {
  switch (type) {
    case 6:
    case 7:
    case 17:
    case 18:
    case 19:
    case 20:
    case 22: return ValueKind::kText;
    case 8: return ValueKind::kU32;
    case 9: return ValueKind::kTimestamp;
    case 10:
    case 11: return ValueKind::kIpv4;
    case 12:
    case 13: return ValueKind::kIpv6;
    case 14:
    case 15: return ValueKind::kU16;
    case 16: return ValueKind::kU8;
    default: return ValueKind::kOpaque;
  }
}

uint16_t fixedLengthOf(ValueKind kind) {
  switch (kind) {
    case ValueKind::kOpaque:
    case ValueKind::kText: return 0;
    case ValueKind::kU8: return 1;
    case ValueKind::kU16: return 2;
    case ValueKind::kU32: return 4;
    case ValueKind::kTimestamp: return 8;
    case ValueKind::kIpv4: return 4;
    case ValueKind::kIpv6: return 16;
  }
  return 0;
}

}  // namespace msrpgw::proto::li
