// Bounded reading of SMS octets: every read checks what remains and reports kTruncated at
// the offset of the field that did not fit. Offsets are absolute (base + position), so a
// nested decoder (a TPDU inside RP-User-Data) reports positions in the outer message.
// Thread-safe: a plain value over caller-owned bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/sms/errc.h"

namespace msrpgw::proto::sms {

// Owned octets produced by the encoders.
using Octets = std::vector<uint8_t>;

inline ByteView view(const Octets& o) {
  return {reinterpret_cast<const std::byte*>(o.data()), o.size()};
}

class Reader {
 public:
  explicit Reader(ByteView bytes, uint32_t base = 0) : b_(bytes), base_(base) {}

  size_t remaining() const { return b_.size() - pos_; }
  bool empty() const { return pos_ == b_.size(); }
  uint32_t offset() const { return base_ + static_cast<uint32_t>(pos_); }
  uint8_t peek() const { return static_cast<uint8_t>(b_[pos_]); }

  // One octet; `what` is the static reason reported when none is left.
  Result<uint8_t> u8(const char* what) {
    if (pos_ >= b_.size()) return error(Errc::kTruncated, what, offset());
    return static_cast<uint8_t>(b_[pos_++]);
  }

  // The next n octets as a view.
  Result<ByteView> take(size_t n, const char* what) {
    if (n > remaining()) return error(Errc::kTruncated, what, offset());
    ByteView v = b_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

  // kTrailingData at the first octet left over, if any.
  Status expectEnd(const char* what) const {
    if (!empty()) return error(Errc::kTrailingData, what, offset());
    return {};
  }

  // Everything left.
  ByteView rest() {
    ByteView v = b_.subspan(pos_);
    pos_ = b_.size();
    return v;
  }

 private:
  ByteView b_;
  uint32_t base_;
  size_t pos_ = 0;
};

inline uint8_t at(ByteView b, size_t i) {
  return static_cast<uint8_t>(b[i]);
}

}  // namespace msrpgw::proto::sms

// Unwraps a Result into `decl` or returns its error from the enclosing function.
#define MSRPGW_SMS_CONCAT_INNER(a, b) a##b
#define MSRPGW_SMS_CONCAT(a, b) MSRPGW_SMS_CONCAT_INNER(a, b)
#define MSRPGW_SMS_TRY(decl, expr) \
  MSRPGW_SMS_TRY_IMPL(MSRPGW_SMS_CONCAT(sms_try_, __LINE__), decl, expr)
// `tmp` is a name being declared and `decl` a declaration: neither can be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define MSRPGW_SMS_TRY_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                         \
  if (!tmp.ok()) return tmp.error();         \
  decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
#define MSRPGW_SMS_CHECK(expr)                       \
  do {                                               \
    auto sms_check_ = (expr);                        \
    if (!sms_check_.ok()) return sms_check_.error(); \
  } while (0)
