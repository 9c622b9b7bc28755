#include "tools/msrpload/pattern.h"

#include <cstring>

namespace msrpgw::tools::msrpload {

Pattern::Pattern(uint32_t session, uint64_t seq) {
  // 64 symbols, none of them '-', CR or LF, so no run of bytes can form an end-line.
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";
  // splitmix64 over (session, seq): different messages get unrelated patterns; each
  // 64-bit draw gives ten 6-bit symbols.
  uint64_t x = (uint64_t{session} << 40) ^ seq ^ 0x9e3779b97f4a7c15ULL;
  for (size_t i = 0; i < kPeriod;) {
    x += 0x9e3779b97f4a7c15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int k = 0; k < 10 && i < kPeriod; ++k, ++i, z >>= 6) {
      twice_[i] = twice_[i + kPeriod] = kAlphabet[z & 63];
    }
  }
}

void Pattern::append(std::string& out, uint64_t offset, size_t n) const {
  while (n > 0) {
    size_t at = offset % kPeriod;
    size_t take = n < kPeriod ? n : kPeriod;
    out.append(twice_.data() + at, take);
    offset += take;
    n -= take;
  }
}

bool Pattern::matches(std::string_view piece, uint64_t offset) const {
  size_t done = 0;
  while (done < piece.size()) {
    size_t at = (offset + done) % kPeriod;
    size_t take = piece.size() - done < kPeriod ? piece.size() - done : kPeriod;
    if (std::memcmp(piece.data() + done, twice_.data() + at, take) != 0) return false;
    done += take;
  }
  return true;
}

}  // namespace msrpgw::tools::msrpload
