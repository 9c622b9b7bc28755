#include "tools/msrp/outbox.h"

#include <cmath>

namespace msrpgw::tools::msrp {

OutMessage* Outbox::next(uint64_t elapsed_ms, uint64_t* retry_in_ms) {
  *retry_in_ms = 0;
  while (first_open_ < messages_.size() && messages_[first_open_]->written) ++first_open_;
  if (first_open_ == messages_.size()) return nullptr;
  auto may_start = [&]() -> bool {
    if (rate_ <= 0) return true;
    double allowed = std::floor(rate_ * static_cast<double>(elapsed_ms) / 1000.0) + 1;
    if (static_cast<double>(started_) < allowed) return true;
    double due_ms = static_cast<double>(started_) * 1000.0 / rate_;
    *retry_in_ms = static_cast<uint64_t>(std::max(1.0, due_ms - static_cast<double>(elapsed_ms)));
    return false;
  };
  auto take = [&](OutMessage* m) -> OutMessage* {
    if (!m->started) {
      if (!may_start()) return nullptr;
      m->started = true;
      ++started_;
    }
    return m;
  };
  if (!interleave_) return take(messages_[first_open_].get());
  // Round-robin over the open messages; with a rate, only started ones plus the next.
  size_t n = messages_.size();
  for (size_t i = 0; i < n; ++i) {
    size_t at = (rr_ + i) % n;
    if (at < first_open_) continue;
    OutMessage* m = messages_[at].get();
    if (m->written) continue;
    if (!m->started && rate_ > 0 && !may_start()) continue;
    rr_ = at + 1;
    return take(m);
  }
  return nullptr;
}

bool Outbox::allWritten() const {
  for (const auto& m : messages_) {
    if (!m->written || m->outstanding > 0) return false;
  }
  return true;
}

OutMessage* Outbox::find(const std::string& message_id) {
  auto it = index_.find(message_id);
  return it == index_.end() ? nullptr : it->second;
}

}  // namespace msrpgw::tools::msrp
