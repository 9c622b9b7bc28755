// Message bodies that check themselves: the body of message `seq` of session `session`
// is a 64-byte pattern of letters, digits, '.' and '_', drawn from (session, seq), repeated. These
// never form an end-line, and a piece received at any offset is checked against the pattern without
// keeping the message: a swapped, shifted, truncated or corrupted body, or one delivered to the
// wrong session, fails. Thread-safe: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace msrpgw::tools::msrpload {

class Pattern {
 public:
  static constexpr size_t kPeriod = 64;
  Pattern(uint32_t session, uint64_t seq);
  // Appends body bytes [offset, offset + n) to `out`.
  void append(std::string& out, uint64_t offset, size_t n) const;
  // Whether `piece` equals body bytes [offset, offset + piece.size()).
  bool matches(std::string_view piece, uint64_t offset) const;

 private:
  std::array<char, 2 * kPeriod> twice_{};  // the pattern twice: any 64-byte window is contiguous
};

}  // namespace msrpgw::tools::msrpload
