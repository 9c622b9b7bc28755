#include "media/buffer/chain.h"

namespace msrpgw::media::buffer {

Chain Chain::takeFront(size_t n) {
  Chain out;
  while (n > 0 && !slices_.empty()) {
    Slice& s = slices_.front();
    if (s.size() <= n) {
      n -= s.size();
      size_ -= s.size();
      out.append(std::move(s));
      slices_.pop_front();
    } else {
      size_ -= n;
      out.append(s.takeFront(n));
      n = 0;
    }
  }
  return out;
}

void Chain::drainFront(size_t n) {
  while (n > 0 && !slices_.empty()) {
    Slice& s = slices_.front();
    if (s.size() <= n) {
      n -= s.size();
      size_ -= s.size();
      slices_.pop_front();
    } else {
      size_ -= n;
      (void)s.takeFront(n);
      n = 0;
    }
  }
}

std::string Chain::toStringForTest() const {
  std::string out;
  for (const Slice& s : slices_) out.append(s.text());
  return out;
}

}  // namespace msrpgw::media::buffer
