// An ordered sequence of Slices: a body, or a leg's pending output. Moving bytes from one
// chain to another moves slice references (splitting at most one slice), never bytes.
// Owner: one worker loop.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "media/buffer/slice.h"

namespace msrpgw::media::buffer {

class Chain {
 public:
  Chain() = default;
  Chain(Chain&& o) noexcept : slices_(std::move(o.slices_)), head_(o.head_), size_(o.size_) {
    o.slices_.clear();
    o.head_ = o.size_ = 0;
  }
  Chain& operator=(Chain&& o) noexcept {
    slices_ = std::move(o.slices_);
    head_ = o.head_;
    size_ = o.size_;
    o.slices_.clear();
    o.head_ = o.size_ = 0;
    return *this;
  }

  void append(Slice s) {
    if (s.empty()) return;
    size_ += s.size();
    slices_.push_back(std::move(s));
  }
  void append(Chain&& other) {
    if (slices_.empty()) {
      *this = std::move(other);
      return;
    }
    for (Slice& s : other.live()) append(std::move(s));
    other.clear();
  }
  // Moves the first min(n, size()) bytes into a new chain.
  Chain takeFront(size_t n);
  // The same, appended to `out`. Taking all into an empty `out`, the two chains trade
  // storage, so a pair of long-lived chains stops allocating.
  void takeFront(size_t n, Chain& out);
  // Drops the first min(n, size()) bytes (e.g. once written).
  void drainFront(size_t n);
  void clear() {
    slices_.clear();  // keeps the capacity: a long-lived chain stops allocating
    head_ = 0;
    size_ = 0;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t sliceCount() const { return slices_.size() - head_; }
  std::span<const Slice> slices() const { return {slices_.data() + head_, sliceCount()}; }
  // A copy of the bytes, for tests and diagnostics only (never on the data path).
  std::string toStringForTest() const;

 private:
  std::span<Slice> live() { return {slices_.data() + head_, sliceCount()}; }
  void popFront();

  // A vector with a moving front instead of a deque: an empty chain allocates nothing and
  // a chain of one slice allocates once (a deque allocates its map and a node up front).
  std::vector<Slice> slices_;
  size_t head_ = 0;  // slices before head_ were taken
  size_t size_ = 0;
};

}  // namespace msrpgw::media::buffer
