// Random MSRP idents (RFC 4975 section 7.1: transaction ids "random enough" that a body
// is unlikely to contain the end-line; also Message-IDs and session-ids). The caller
// passes the random source, so codecs stay free of global state and tests are repeatable.
// Thread-safe: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <string>

namespace msrpgw::proto::msrp {

inline constexpr size_t kDefaultIdentLength = 16;  // 62^16 ~ 2^95 values

// `len` characters of ALPHANUM (a valid ident for 4 <= len <= 32), drawn uniformly with
// `rng` (any UniformRandomBitGenerator).
template <class Rng>
std::string makeIdent(Rng& rng, size_t len = kDefaultIdentLength) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string s(len, '0');
  for (char& c : s) {
    // Rejection sampling keeps the draw uniform over 62 symbols.
    for (;;) {
      auto v = static_cast<unsigned>(rng() & 0xff);
      if (v < 248) {
        c = kAlphabet[v % 62];
        break;
      }
    }
  }
  return s;
}

}  // namespace msrpgw::proto::msrp
