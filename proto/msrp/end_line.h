// Finds the end-line of one MSRP frame in a byte stream (RFC 4975 section 7.1): only
// CRLF "-------" <this frame's tid> ('$' / '+' / '#') CRLF ends a body; any other dashed
// line is body. Shared by the parser (to cut bodies) and the writer (to prove a body
// cannot be cut early). Accepts any split of the input: a possible end-line that runs
// past the end of one piece is held back and settled by the next.
// Owner: the parser or writer that holds it. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include "proto/base/bytes.h"
#include "proto/msrp/frame.h"

namespace msrpgw::proto::msrp {

namespace detail {
// First offset in [0, n) where p could start "\r\n-": either all three bytes match, or
// p[i] == '\r' and the bytes after it run out; n when none. The vector version and its
// scalar twin must agree on every input (tested).
size_t findEndLineCandidate(const char* p, size_t n);
size_t findEndLineCandidateScalar(const char* p, size_t n);
}  // namespace detail

class EndLineScanner {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  // Starts a new body for transaction id `tid` (4..32 characters, already validated).
  void start(std::string_view tid) {
    pattern_len_ = 9 + tid.size();
    std::memcpy(pattern_, "\r\n-------", 9);
    std::memcpy(pattern_ + 9, tid.data(), tid.size());
    match_ = 0;
  }

  // Scans `in`. Every run of bytes now known to be body is passed, in order, to
  // emit(ByteView) (runs held back from earlier calls come from internal storage).
  // Returns npos when no end-line completed within `in`; otherwise the offset just past
  // the end-line's final LF, and flag() tells which flag it carried.
  template <class Emit>
  size_t scan(std::string_view in, Emit&& emit);

  EndFlag flag() const { return flag_; }
  // Bytes held back as a possible end-line prefix (not yet passed to emit).
  size_t heldBack() const { return match_; }
  // The full end-line length for this tid, CRLF before and after included.
  size_t endLineLength() const { return pattern_len_ + 3; }

 private:
  bool matchesAt(size_t k, char c) const {
    if (k < pattern_len_) return c == pattern_[k];
    if (k == pattern_len_) return c == '$' || c == '+' || c == '#';
    if (k == pattern_len_ + 1) return c == '\r';
    return c == '\n';
  }
  template <class Emit>
  void emitHeldBack(Emit& emit) {
    size_t from_pattern = match_ < pattern_len_ ? match_ : pattern_len_;
    emit(asBytes(std::string_view(pattern_, from_pattern)));
    if (match_ > pattern_len_) {
      tail_[0] = static_cast<char>(flag_);
      tail_[1] = '\r';
      emit(asBytes(std::string_view(tail_, match_ - pattern_len_)));
    }
    match_ = 0;
  }

  char pattern_[9 + 32] = {};
  size_t pattern_len_ = 0;
  size_t match_ = 0;  // bytes of a possible end-line matched and held back
  EndFlag flag_ = EndFlag::kComplete;
  char tail_[2] = {};
};

template <class Emit>
size_t EndLineScanner::scan(std::string_view in, Emit&& emit) {
  const char* p = in.data();
  const size_t n = in.size();
  const size_t total = pattern_len_ + 3;
  size_t i = 0;
  if (match_ > 0) {
    // Continue a possible end-line held back from the previous piece.
    while (i < n && match_ < total && matchesAt(match_, p[i])) {
      if (match_ == pattern_len_) flag_ = static_cast<EndFlag>(p[i]);
      ++match_;
      ++i;
    }
    if (match_ == total) {
      match_ = 0;
      return i;
    }
    if (i == n) return npos;  // still possible: keep holding
    // Mismatch: what was held back is body. No later start can hide inside it, since '\r'
    // occurs in the pattern only at its first byte; re-examine p[i] below.
    emitHeldBack(emit);
  }
  size_t body_from = i;
  while (i < n) {
    size_t c = i + detail::findEndLineCandidate(p + i, n - i);
    if (c >= n) break;
    size_t k = 0;
    size_t j = c;
    while (j < n && k < total && matchesAt(k, p[j])) {
      if (k == pattern_len_) flag_ = static_cast<EndFlag>(p[j]);
      ++k;
      ++j;
    }
    if (k == total) {
      if (c > body_from) emit(asBytes(in.substr(body_from, c - body_from)));
      return j;
    }
    if (j == n) {
      // A possible end-line runs past this piece: hold it back.
      if (c > body_from) emit(asBytes(in.substr(body_from, c - body_from)));
      match_ = k;
      return npos;
    }
    i = c + 1;
  }
  if (n > body_from) emit(asBytes(in.substr(body_from, n - body_from)));
  return npos;
}

}  // namespace msrpgw::proto::msrp
