// Random MSRP idents (RFC 4975 section 7.1: transaction ids "random enough" that a body
// is unlikely to contain the end-line; also Message-IDs and session-ids). The caller
// passes the random source, so codecs stay free of global state and tests are repeatable.
// Thread-safe: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace msrpgw::proto::msrp {

inline constexpr size_t kDefaultIdentLength = 16;  // 62^16 ~ 2^95 values

// `len` characters of ALPHANUM (a valid ident for 4 <= len <= 32), drawn uniformly with
// `rng` (any UniformRandomBitGenerator).
template <class Rng>
std::string makeIdent(Rng& rng, size_t len = kDefaultIdentLength) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  constexpr int kBytesPerDraw = static_cast<int>(sizeof(typename Rng::result_type));
  std::string s(len, '0');
  uint64_t bits = 0;
  int left = 0;  // unused bytes in `bits`: one draw serves several characters
  for (char& c : s) {
    // Rejection sampling keeps the draw uniform over 62 symbols.
    for (;;) {
      if (left == 0) {
        bits = static_cast<uint64_t>(rng());
        left = kBytesPerDraw;
      }
      auto v = static_cast<unsigned>(bits & 0xff);
      bits >>= 8;
      --left;
      if (v < 248) {
        c = kAlphabet[v % 62];
        break;
      }
    }
  }
  return s;
}

}  // namespace msrpgw::proto::msrp
