#include "proto/msrp/end_line.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace msrpgw::proto::msrp::detail {
namespace {

// True when p[i] starts "\r\n-" as far as the input goes.
inline bool candidateAt(const char* p, size_t n, size_t i) {
  return p[i] == '\r' && (i + 1 >= n || p[i + 1] == '\n') && (i + 2 >= n || p[i + 2] == '-');
}

#if defined(__x86_64__)
// 64 positions per step: '\r' at i and '-' at i+2 (rare together in any data), then each
// hit is confirmed by candidateAt. Only called where AVX2 exists.
__attribute__((target("avx2"))) size_t findAvx2(const char* p, size_t n, size_t& i) {
  const __m256i cr = _mm256_set1_epi8('\r');
  const __m256i dash = _mm256_set1_epi8('-');
  while (i + 66 <= n) {
    __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 2));
    __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32));
    __m256i c1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 34));
    __m256i m0 = _mm256_and_si256(_mm256_cmpeq_epi8(a0, cr), _mm256_cmpeq_epi8(c0, dash));
    __m256i m1 = _mm256_and_si256(_mm256_cmpeq_epi8(a1, cr), _mm256_cmpeq_epi8(c1, dash));
    if (!_mm256_testz_si256(_mm256_or_si256(m0, m1), _mm256_or_si256(m0, m1))) [[unlikely]] {
      uint64_t mask =
          static_cast<uint32_t>(_mm256_movemask_epi8(m0)) |
          (static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(m1))) << 32);
      while (mask) {
        size_t j = i + static_cast<size_t>(__builtin_ctzll(mask));
        if (p[j + 1] == '\n') return j;
        mask &= mask - 1;
      }
    }
    i += 64;
  }
  return n;
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2");
#endif

}  // namespace

size_t findEndLineCandidateScalar(const char* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    const void* cr = std::memchr(p + i, '\r', n - i);
    if (!cr) return n;
    i = static_cast<size_t>(static_cast<const char*>(cr) - p);
    if (candidateAt(p, n, i)) return i;
    ++i;
  }
  return n;
}

size_t findEndLineCandidate(const char* p, size_t n) {
  size_t i = 0;
#if defined(__x86_64__)
  if (kHaveAvx2) {
    size_t r = findAvx2(p, n, i);
    if (r != n) return r;
  }
  // SSE2 is part of x86-64: 16 positions at a time for what is left.
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i dash = _mm_set1_epi8('-');
  while (i + 18 <= n) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 2));
    __m128i m = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, cr), _mm_cmpeq_epi8(b, lf)),
                              _mm_cmpeq_epi8(c, dash));
    int mask = _mm_movemask_epi8(m);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  return i + findEndLineCandidateScalar(p + i, n - i);
}

}  // namespace msrpgw::proto::msrp::detail
