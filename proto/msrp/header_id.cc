#include "proto/msrp/header_id.h"

#include <array>
#include <bit>
#include <cstring>

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

// A known name of 8 or more characters as three overlapping 8-byte words (at 0, the
// middle and the end; names are at most 24 long) in lower case, with a mask that has
// 0x20 on the letters: (input word | mask) == word is a case-insensitive compare of 8
// characters at once (bit 0x20 folds only a letter's case; '-' is compared exactly).
struct NameWords {
  uint64_t lower[3] = {};
  uint64_t mask[3] = {};
};

constexpr size_t wordAt(size_t k, size_t len) {
  return k == 0 ? 0 : k == 1 ? (len - 8) / 2 : len - 8;
}

constexpr NameWords wordsOf(std::string_view name) {
  NameWords w;
  if (name.size() < 8) return w;
  for (size_t k = 0; k < 3; ++k) {
    std::array<char, 8> lower{}, mask{};
    for (size_t i = 0; i < 8; ++i) {
      const char c = name[wordAt(k, name.size()) + i];
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      lower[i] = letter ? static_cast<char>(c | 0x20) : c;
      mask[i] = letter ? 0x20 : 0;
    }
    w.lower[k] = std::bit_cast<uint64_t>(lower);
    w.mask[k] = std::bit_cast<uint64_t>(mask);
  }
  return w;
}

constexpr std::array<NameWords, kKnownHeaderCount> kWords = [] {
  std::array<NameWords, kKnownHeaderCount> a{};
  for (size_t i = 0; i < kNames.size(); ++i) a[i] = wordsOf(kNames[i]);
  return a;
}();

bool sameName(std::string_view name, HeaderId id) {
  const size_t i = static_cast<size_t>(id);
  if (name.size() != kNames[i].size()) return false;
  if (name.size() < 8) return iequals(name, kNames[i]);
  for (size_t k = 0; k < 3; ++k) {
    uint64_t v;
    std::memcpy(&v, name.data() + wordAt(k, name.size()), 8);
    if ((v | kWords[i].mask[k]) != kWords[i].lower[k]) return false;
  }
  return true;
}

}  // namespace

HeaderId classifyHeader(std::string_view name) {
  // The length and a letter or two pick the one candidate; one case-insensitive compare
  // confirms it. Runs for every header line of every frame.
  auto is = [name](HeaderId id) { return sameName(name, id) ? id : HeaderId::kOther; };
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
