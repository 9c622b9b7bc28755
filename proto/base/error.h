// Typed errors shared by every layer: a protocol domain, that domain's code (its wire
// status where the protocol has one), a static reason and the byte offset in the input.
// Thread-safe: a plain value. Cheap to copy; never allocates.
#pragma once

#include <cstdint>
#include <string>

namespace msrpgw {

enum class Domain : uint8_t {
  kMsrp,
  kH248,
  kSdp,
  kCpim,
  kSms,
  kLi,
  kConfig,
  kSys,
  kMedia,
};

// Stable lower-case name of a domain ("msrp", "h248", ...), for logs and statistics.
const char* domainName(Domain d);

inline constexpr uint32_t kNoOffset = UINT32_MAX;

struct [[nodiscard]] Error {
  Domain domain = Domain::kSys;
  uint16_t code = 0;            // the domain's Errc value
  const char* reason = "";      // static text, never owned
  uint32_t offset = kNoOffset;  // byte position in the input, or kNoOffset

  friend bool operator==(const Error& a, const Error& b) {
    return a.domain == b.domain && a.code == b.code && a.offset == b.offset;
  }
};

// "msrp 400 at 17: Byte-Range end beyond total" — for logs and test failures.
std::string describe(const Error& e);

}  // namespace msrpgw
