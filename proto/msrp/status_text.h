// The comment msrpgw writes after an MSRP status code (RFC 4975 section 10 and the
// codes other RFCs add), so every answer says the same thing for the same code.
#pragma once

#include <cstdint>

namespace msrpgw::proto::msrp {

constexpr const char* statusComment(uint16_t status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 408: return "Request Timeout";
    case 413: return "Too Large";
    case 415: return "Unsupported Media Type";
    case 423: return "Interval Out-of-Bounds";
    case 481: return "No Such Session";
    case 501: return "Not Implemented";
    case 506: return "Session Already Bound";
    default: return "Error";
  }
}

}  // namespace msrpgw::proto::msrp
