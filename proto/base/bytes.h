// Byte views used by every codec: input arrives as ByteView (a span over the caller's
// bytes); helpers convert between text and bytes without copying.
// Thread-safe: functions of their arguments only.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace msrpgw {

using ByteView = std::span<const std::byte>;

inline ByteView asBytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

inline std::string_view asText(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// ASCII-only case-insensitive comparison (protocol tokens, never user text).
constexpr char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

constexpr std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace msrpgw
