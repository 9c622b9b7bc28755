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
  constexpr int kBitsPerDraw = static_cast<int>(8 * sizeof(typename Rng::result_type));
  std::string s(len, '0');
  uint64_t bits = 0;
  int left = 0;  // unused bits in `bits`: one draw serves several characters
  for (char& c : s) {
    // Six bits pick one of 64 values; the two above 61 are drawn again, so the 62 symbols
    // stay equally likely (a byte modulo 62 cost a division per character).
    for (;;) {
      if (left < 6) {
        bits = static_cast<uint64_t>(rng());
        left = kBitsPerDraw;
      }
      const auto v = static_cast<unsigned>(bits & 63);
      bits >>= 6;
      left -= 6;
      if (v < 62) {
        c = kAlphabet[v];
        break;
      }
    }
  }
  return s;
}

}  // namespace msrpgw::proto::msrp
