#include "proto/msrp/header_id.h"

#include <array>

#include "proto/base/bytes.h"

namespace msrpgw::proto::msrp {
namespace {

constexpr std::array<std::string_view, kKnownHeaderCount> kNames = {
    "To-Path",
    "From-Path",
    "Message-ID",
    "Byte-Range",
    "Success-Report",
    "Failure-Report",
    "Status",
    "Content-Type",
    "Content-ID",
    "Content-Description",
    "Content-Disposition",
    "Use-Path",
    "Expires",
    "Min-Expires",
    "Max-Expires",
    "WWW-Authenticate",
    "Authorization",
    "Authentication-Info",
};

}  // namespace

HeaderId classifyHeader(std::string_view name) {
  // The length and a letter or two pick the one candidate; one case-insensitive compare
  // confirms it. Runs for every header line of every frame.
  auto is = [name](HeaderId id) {
    return iequals(name, kNames[static_cast<size_t>(id)]) ? id : HeaderId::kOther;
  };
  auto at = [name](size_t i) { return asciiLower(name[i]); };
  switch (name.size()) {
    case 6: return is(HeaderId::kStatus);
    case 7: return at(0) == 't' ? is(HeaderId::kToPath) : is(HeaderId::kExpires);
    case 8: return is(HeaderId::kUsePath);
    case 9: return is(HeaderId::kFromPath);
    case 10:
      return at(0) == 'm'   ? is(HeaderId::kMessageId)
             : at(0) == 'b' ? is(HeaderId::kByteRange)
                            : is(HeaderId::kContentId);
    case 11: return at(1) == 'i' ? is(HeaderId::kMinExpires) : is(HeaderId::kMaxExpires);
    case 12: return is(HeaderId::kContentType);
    case 13: return is(HeaderId::kAuthorization);
    case 14: return at(0) == 's' ? is(HeaderId::kSuccessReport) : is(HeaderId::kFailureReport);
    case 16: return is(HeaderId::kWwwAuthenticate);
    case 19:
      return at(0) == 'a'   ? is(HeaderId::kAuthenticationInfo)
             : at(9) == 'e' ? is(HeaderId::kContentDescription)
                            : is(HeaderId::kContentDisposition);
    default: return HeaderId::kOther;
  }
}

std::string_view headerName(HeaderId id) {
  size_t i = static_cast<size_t>(id);
  return i < kNames.size() ? kNames[i] : std::string_view();
}

bool isSingletonHeader(HeaderId id) {
  switch (id) {
    case HeaderId::kWwwAuthenticate:
    case HeaderId::kAuthorization:
    case HeaderId::kOther: return false;
    default: return true;
  }
}

}  // namespace msrpgw::proto::msrp
