// A growable ring of values in arrival order, indexed from its front: the bridge keeps
// the chunks it wrote to a leg here, and a leg its transactions awaiting an answer, in
// sending order, because their outcomes come back in (nearly) that order. Lookup by
// position is one array access on memory that is read in sequence (no hashing, no
// probing, prefetch-friendly). An empty ring allocates nothing, and one that grew large
// is released when it empties again, so an idle session holds no memory here.
// Owner: one worker loop. Not thread-safe.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace msrpgw::media::buffer {

template <class T>
class Ring {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The i-th value from the front; i < size().
  T& operator[](size_t i) { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  const T& operator[](size_t i) const { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  T& front() { return slots_[head_]; }
  const T& front() const { return slots_[head_]; }

  void push_back(T v) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = std::move(v);
    ++size_;
  }
  void pop_back() { --size_; }
  // Empties the ring and releases its storage.
  void clear() {
    std::vector<T>().swap(slots_);
    head_ = size_ = 0;
  }
  void swap(Ring& o) noexcept {
    slots_.swap(o.slots_);
    std::swap(head_, o.head_);
    std::swap(size_, o.size_);
  }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    if (--size_ == 0) {
      head_ = 0;
      if (slots_.size() > kKeepWhenEmpty) std::vector<T>().swap(slots_);
    }
  }

 private:
  static constexpr size_t kKeepWhenEmpty = 8;  // slots an emptied ring keeps

  void grow() {
    std::vector<T> bigger(slots_.empty() ? 8 : slots_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = std::move((*this)[i]);
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;  // a power of two in size, or empty
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace msrpgw::media::buffer
