// a=accept-types and a=accept-wrapped-types (RFC 4975 section 8.6, 9):
//   format-list = format-entry *( SP format-entry )
//   format-entry = "*" / ( type "/" subtype ) / ( type "/" "*" )
// and the wildcard match the content filter applies to a SEND's Content-Type.
// Errors: Errc::kBadAcceptTypes, offset within the value.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "proto/base/result.h"
#include "proto/sdp/model.h"

namespace msrpgw::proto::sdp {

// Entries separated by blanks (runs tolerated); an empty list is an error.
Result<std::vector<MediaRange>> parseAcceptTypes(std::string_view value);

// "message/cpim text/plain image/*" (single spaces).
std::string formatAcceptTypes(const std::vector<MediaRange>& list);

// True when an entry of `list` covers type/subtype: "*" covers everything, "type/*"
// every subtype of type, "type/subtype" itself; comparisons ignore ASCII case.
bool accepts(const std::vector<MediaRange>& list, std::string_view type, std::string_view subtype);

}  // namespace msrpgw::proto::sdp
