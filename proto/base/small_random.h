// A small, fast random bit generator (xoshiro256**, by Blackman and Vigna) for values that
// must be hard to predict and collide rarely, such as MSRP transaction ids, made per frame:
// its state is 32 bytes where std::mt19937_64 holds 2.5 KB, which counts when every MSRP
// leg has one. Not for cryptographic keys. Satisfies UniformRandomBitGenerator.
// Thread-safety: one instance per thread (no shared state).
#pragma once

#include <sys/random.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

namespace msrpgw {

// Random bits straight from the kernel (getrandom(2)), for what must be unguessable, such
// as MSRP session-ids that route connections. Cheap to make (std::random_device's
// constructor is not), one syscall per 64 bytes drawn. Satisfies UniformRandomBitGenerator.
class OsRandom {
 public:
  using result_type = uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    if (next_ == kWords) refill();
    return words_[next_++];
  }

 private:
  static constexpr size_t kWords = 8;
  void refill() {
    size_t got = 0;
    auto* p = reinterpret_cast<unsigned char*>(words_);
    while (got < sizeof words_) {
      ssize_t n = getrandom(p + got, sizeof words_ - got, 0);
      if (n > 0) {
        got += static_cast<size_t>(n);
        continue;
      }
      // getrandom unavailable (very old kernel): the library's source instead.
      std::random_device rd;
      for (; got < sizeof words_; ++got) p[got] = static_cast<unsigned char>(rd());
    }
    next_ = 0;
  }
  uint64_t words_[kWords] = {};
  size_t next_ = kWords;
};

class SmallRandom {
 public:
  using result_type = uint64_t;

  // Seeded from the operating system's random source.
  SmallRandom() {
    OsRandom os;
    for (uint64_t& word : s_) word = os();
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the one state it must avoid
  }
  explicit SmallRandom(uint64_t seed) {
    for (uint64_t& word : s_) word = splitmix(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static constexpr uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // Spreads one seed over the state (never all zero).
  static uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t s_[4];
};

}  // namespace msrpgw
