// Invariant checks. MSRPGW_ASSERT guards debug-only invariants; MSRPGW_RELEASE_ASSERT ends
// the process on corrupt state in every build. Never use either on peer input: peer input
// gets the protocol's own error code instead.
#pragma once

#include <cstdio>
#include <cstdlib>

#define MSRPGW_RELEASE_ASSERT(cond, msg)                                                       \
  do {                                                                                         \
    if (!(cond)) [[unlikely]] {                                                                \
      std::fprintf(stderr, "msrpgw: assertion failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                   #cond, msg);                                                                \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

#ifdef NDEBUG
#define MSRPGW_ASSERT(cond, msg) ((void)0)
#else
#define MSRPGW_ASSERT(cond, msg) MSRPGW_RELEASE_ASSERT(cond, msg)
#endif
