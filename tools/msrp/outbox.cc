#include "tools/msrp/outbox.h"

#include <algorithm>
#include <cmath>

namespace msrpgw::tools::msrp {

void Outbox::add(PayloadPtr payload, std::string content_type) {
  auto m = std::make_unique<OutMessage>();
  m->content_type = std::move(content_type);
  m->size = payload->size();
  m->payload = std::move(payload);
  queued_.push_back(std::move(m));
  ++total_;
}

void Outbox::addGenerated(uint64_t count, uint64_t size, std::string content_type) {
  gen_left_ += count;
  gen_size_ = size;
  gen_type_ = std::move(content_type);
  total_ += count;
}

bool Outbox::mayOpen(uint64_t elapsed_ms, uint64_t* retry_in_ms) const {
  if (rate_ <= 0) return true;
  double allowed = std::floor(rate_ * static_cast<double>(elapsed_ms) / 1000.0) + 1;
  if (static_cast<double>(opened_) < allowed) return true;
  double due_ms = static_cast<double>(opened_) * 1000.0 / rate_;
  *retry_in_ms = static_cast<uint64_t>(std::max(1.0, due_ms - static_cast<double>(elapsed_ms)));
  return false;
}

bool Outbox::openOne() {
  std::unique_ptr<OutMessage> m;
  if (!queued_.empty()) {
    m = std::move(queued_.front());
    queued_.pop_front();
  } else if (gen_left_ > 0) {
    --gen_left_;
    m = std::make_unique<OutMessage>();
    m->content_type = gen_type_;
    m->size = gen_size_;
    m->payload = patternPayload(gen_size_, gen_seed_++);
  } else {
    return false;
  }
  m->message_id = make_id_();
  ++opened_;
  open_.push_back(m.get());
  std::string id = m->message_id;
  live_.emplace(std::move(id), std::move(m));
  return true;
}

OutMessage* Outbox::next(uint64_t elapsed_ms, uint64_t* retry_in_ms) {
  *retry_in_ms = 0;
  std::erase_if(open_, [](const OutMessage* m) { return m->written; });
  size_t window = interleave_ ? kInterleaveWindow : 1;
  while (open_.size() < window && (!queued_.empty() || gen_left_ > 0)) {
    if (!mayOpen(elapsed_ms, retry_in_ms)) break;
    openOne();
  }
  if (open_.empty()) return nullptr;
  *retry_in_ms = 0;  // there is work now
  return open_[rr_++ % open_.size()];
}

OutMessage* Outbox::find(const std::string& message_id) {
  auto it = live_.find(message_id);
  return it == live_.end() ? nullptr : it->second.get();
}

void Outbox::retire(OutMessage* m) {
  std::erase(open_, m);
  std::string id = m->message_id;
  live_.erase(id);
}

}  // namespace msrpgw::tools::msrp
