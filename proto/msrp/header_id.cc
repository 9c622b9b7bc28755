#include "proto/msrp/header_id.h"

#include <array>
#include <bit>
#include <cstring>
#include <type_traits>

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

// A known name as overlapping words in lower case, with a mask that has 0x20 on the
// letters: (input word | mask) == word is a case-insensitive compare of a word at once
// (bit 0x20 folds only a letter's case; '-' is compared exactly). Names of 8 or more
// characters (at most 24) take three 8-byte words, at 0, the middle and the end; shorter
// ones (6 or 7) two 4-byte words, at 0 and the end.
struct NameWords {
  uint64_t lower[3] = {};
  uint64_t mask[3] = {};
};

constexpr size_t wordAt(size_t k, size_t len) {
  return k == 0 ? 0 : k == 1 ? (len - 8) / 2 : len - 8;
}

template <size_t N>
constexpr void foldWord(std::string_view name, size_t at, uint64_t* lower, uint64_t* mask) {
  std::array<char, N> l{}, m{};
  for (size_t i = 0; i < N; ++i) {
    const char c = name[at + i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    l[i] = letter ? static_cast<char>(c | 0x20) : c;
    m[i] = letter ? 0x20 : 0;
  }
  using Word = std::conditional_t<N == 8, uint64_t, uint32_t>;
  *lower = std::bit_cast<Word>(l);
  *mask = std::bit_cast<Word>(m);
}

constexpr NameWords wordsOf(std::string_view name) {
  NameWords w;
  if (name.size() >= 8) {
    for (size_t k = 0; k < 3; ++k)
      foldWord<8>(name, wordAt(k, name.size()), &w.lower[k], &w.mask[k]);
  } else {
    foldWord<4>(name, 0, &w.lower[0], &w.mask[0]);
    foldWord<4>(name, name.size() - 4, &w.lower[1], &w.mask[1]);
  }
  return w;
}

constexpr std::array<NameWords, kKnownHeaderCount> kWords = [] {
  std::array<NameWords, kKnownHeaderCount> a{};
  for (size_t i = 0; i < kNames.size(); ++i) a[i] = wordsOf(kNames[i]);
  return a;
}();

static_assert(
    [] {
      for (std::string_view n : kNames) {
        if (n.size() < 4 || n.size() > 24) return false;
      }
      return true;
    }(),
    "sameName compares names of 4 to 24 characters");

template <typename Word>
Word load(const char* p) {
  Word v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

bool sameName(std::string_view name, HeaderId id) {
  const size_t i = static_cast<size_t>(id);
  const size_t n = name.size();
  if (n != kNames[i].size()) return false;
  const NameWords& w = kWords[i];
  const char* p = name.data();
  // The words' differences or-ed together: one test, no branch per word.
  if (n < 8) {
    return (((load<uint32_t>(p) | w.mask[0]) ^ w.lower[0]) |
            ((load<uint32_t>(p + n - 4) | w.mask[1]) ^ w.lower[1])) == 0;
  }
  return (((load<uint64_t>(p) | w.mask[0]) ^ w.lower[0]) |
          ((load<uint64_t>(p + (n - 8) / 2) | w.mask[1]) ^ w.lower[1]) |
          ((load<uint64_t>(p + n - 8) | w.mask[2]) ^ w.lower[2])) == 0;
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
