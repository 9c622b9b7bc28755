// The header fields MSRP defines (RFC 4975, RFC 4976) and the MIME headers that may
// precede Content-Type, each with an id; anything else is kOther and kept in order.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace msrpgw::proto::msrp {

enum class HeaderId : uint8_t {
  kToPath,
  kFromPath,
  kMessageId,
  kByteRange,
  kSuccessReport,
  kFailureReport,
  kStatus,
  kContentType,
  kContentId,
  kContentDescription,
  kContentDisposition,
  kUsePath,
  kExpires,
  kMinExpires,
  kMaxExpires,
  kWwwAuthenticate,
  kAuthorization,
  kAuthenticationInfo,
  kOther,
};
inline constexpr size_t kKnownHeaderCount = static_cast<size_t>(HeaderId::kOther);

// Classifies a header name, ASCII case-insensitively.
HeaderId classifyHeader(std::string_view name);

// The canonical spelling ("To-Path"); "" for kOther.
std::string_view headerName(HeaderId id);

// True for headers that may appear at most once in a frame; authentication headers may
// repeat (several challenges), unknown extension headers too.
bool isSingletonHeader(HeaderId id);

}  // namespace msrpgw::proto::msrp
