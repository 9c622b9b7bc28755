#include "media/buffer/chain.h"

namespace msrpgw::media::buffer {

void Chain::popFront() {
  slices_[head_] = Slice();  // lets go of its block now
  if (++head_ == slices_.size()) {
    slices_.clear();
    head_ = 0;
  }
}

Chain Chain::takeFront(size_t n) {
  Chain out;
  takeFront(n, out);
  return out;
}

void Chain::takeFront(size_t n, Chain& out) {
  if (n >= size_ && head_ == 0 && out.slices_.empty()) {
    // All of it: hand the storage over (and take out's empty storage in return).
    std::swap(out.slices_, slices_);
    out.head_ = 0;
    out.size_ = size_;
    size_ = 0;
    return;
  }
  while (n > 0 && head_ < slices_.size()) {
    Slice& s = slices_[head_];
    if (s.size() <= n) {
      n -= s.size();
      size_ -= s.size();
      out.append(std::move(s));
      popFront();
    } else {
      size_ -= n;
      out.append(s.takeFront(n));
      n = 0;
    }
  }
}

void Chain::drainFront(size_t n) {
  while (n > 0 && head_ < slices_.size()) {
    Slice& s = slices_[head_];
    if (s.size() <= n) {
      n -= s.size();
      size_ -= s.size();
      popFront();
    } else {
      size_ -= n;
      (void)s.takeFront(n);
      n = 0;
    }
  }
}

std::string Chain::toStringForTest() const {
  std::string out;
  for (const Slice& s : slices()) out.append(s.text());
  return out;
}

}  // namespace msrpgw::media::buffer
