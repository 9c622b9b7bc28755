// An ordered sequence of Slices: a body, or a leg's pending output. Moving bytes from one
// chain to another moves slice references (splitting at most one slice), never bytes.
// Owner: one worker loop.
#pragma once

#include <cstddef>
#include <deque>
#include <string>

#include "media/buffer/slice.h"

namespace msrpgw::media::buffer {

class Chain {
 public:
  void append(Slice s) {
    if (s.empty()) return;
    size_ += s.size();
    slices_.push_back(std::move(s));
  }
  void append(Chain&& other) {
    for (Slice& s : other.slices_) append(std::move(s));
    other.clear();
  }
  // Moves the first min(n, size()) bytes into a new chain.
  Chain takeFront(size_t n);
  // Drops the first min(n, size()) bytes (e.g. once written).
  void drainFront(size_t n);
  void clear() {
    slices_.clear();
    size_ = 0;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t sliceCount() const { return slices_.size(); }
  const std::deque<Slice>& slices() const { return slices_; }
  // A copy of the bytes, for tests and diagnostics only (never on the data path).
  std::string toStringForTest() const;

 private:
  std::deque<Slice> slices_;
  size_t size_ = 0;
};

}  // namespace msrpgw::media::buffer
