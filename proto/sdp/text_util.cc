#include "proto/sdp/text_util.h"

#include <cstring>

namespace msrpgw::proto::sdp::detail {

namespace {
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<uint64_t> parseDecimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

bool isTokenChar(char c) {
  // token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>
  if (c <= 0x20 || c >= 0x7f) return false;
  return std::strchr("()<>@,;:\\\"/[]?=", c) == nullptr;
}

}  // namespace msrpgw::proto::sdp::detail
