// Out-of-line part of result.h.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace msrpgw {

template <class T>
T mustSucceed(Result<T>&& r, const char* why) {
  if (!r.ok()) {
    std::fprintf(stderr, "msrpgw: %s failed: %s\n", why, describe(r.error()).c_str());
    std::abort();
  }
  if constexpr (!std::is_void_v<T>) return std::move(r).value();
}

}  // namespace msrpgw
