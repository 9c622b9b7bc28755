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
  // The common case first: the per-frame headers of SEND and its response.
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (iequals(name, kNames[i])) return static_cast<HeaderId>(i);
  }
  return HeaderId::kOther;
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
