#include "proto/sdp/accept_types.h"

#include "proto/sdp/errc.h"
#include "proto/sdp/text_util.h"

namespace msrpgw::proto::sdp {

using detail::iequals;
using detail::isTokenChar;

namespace {

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<MediaRange>> parseAcceptTypes(std::string_view value) {
  std::vector<MediaRange> out;
  size_t i = 0;
  while (i < value.size()) {
    if (value[i] == ' ' || value[i] == '\t') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < value.size() && value[end] != ' ' && value[end] != '\t') ++end;
    std::string_view entry = value.substr(i, end - i);
    const uint32_t at = static_cast<uint32_t>(i);
    if (entry == "*") {
      out.push_back({"*", ""});
    } else {
      size_t slash = entry.find('/');
      if (slash == std::string_view::npos) {
        return makeError(Errc::kBadAcceptTypes, "accept-types entry without '/'", at);
      }
      std::string_view type = entry.substr(0, slash);
      std::string_view subtype = entry.substr(slash + 1);
      if (type == "*") {
        return makeError(Errc::kBadAcceptTypes, "accept-types entry */subtype", at);
      }
      if (!isToken(type) || (subtype != "*" && !isToken(subtype))) {
        return makeError(Errc::kBadAcceptTypes, "accept-types entry not type/subtype", at);
      }
      out.push_back({std::string(type), std::string(subtype)});
    }
    i = end;
  }
  if (out.empty()) return makeError(Errc::kBadAcceptTypes, "empty accept-types", 0);
  return out;
}

std::string formatAcceptTypes(const std::vector<MediaRange>& list) {
  std::string out;
  for (const MediaRange& r : list) {
    if (!out.empty()) out += ' ';
    out += r.type;
    if (r.type != "*") {
      out += '/';
      out += r.subtype;
    }
  }
  return out;
}

bool accepts(const std::vector<MediaRange>& list, std::string_view type, std::string_view subtype) {
  for (const MediaRange& r : list) {
    if (r.type == "*") return true;
    if (!iequals(r.type, type)) continue;
    if (r.subtype == "*" || iequals(r.subtype, subtype)) return true;
  }
  return false;
}

}  // namespace msrpgw::proto::sdp
