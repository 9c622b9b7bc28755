// Small text helpers shared by the SDP parser and writer. Internal to proto/sdp.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace msrpgw::proto::sdp::detail {

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);
// 1*DIGIT that fits in 64 bits.
std::optional<uint64_t> parseDecimal(std::string_view s);
// RFC 2045 token character (MIME type and subtype names).
bool isTokenChar(char c);

}  // namespace msrpgw::proto::sdp::detail
