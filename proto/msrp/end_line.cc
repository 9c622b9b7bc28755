#include "proto/msrp/end_line.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace msrpgw::proto::msrp::detail {

size_t findEndLineCandidateScalar(const char* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    const void* cr = std::memchr(p + i, '\r', n - i);
    if (!cr) return n;
    i = static_cast<size_t>(static_cast<const char*>(cr) - p);
    if ((i + 1 >= n || p[i + 1] == '\n') && (i + 2 >= n || p[i + 2] == '-')) return i;
    ++i;
  }
  return n;
}

size_t findEndLineCandidate(const char* p, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  // 16 positions at a time: '\r' at i, '\n' at i+1, '-' at i+2, all inside the input.
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
