#include "media/loop/inbox.h"

#include "proto/base/assert.h"

namespace msrpgw::media {

Inbox::Inbox(uv_loop_t* loop) {
  MSRPGW_RELEASE_ASSERT(uv_async_init(loop, async_.get(), &Inbox::onAsync) == 0, "uv_async_init");
  async_.markInitialised();
  async_->data = this;
}

bool Inbox::post(Task task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return false;
    queue_.push_back(std::move(task));
  }
  uv_async_send(async_.get());
  return true;
}

void Inbox::closeAfterDrain(Task last) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return;
    closing_ = true;
    last_ = std::move(last);
  }
  uv_async_send(async_.get());
}

void Inbox::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
    queue_.clear();
  }
  async_.reset();
}

void Inbox::onAsync(uv_async_t* a) {
  if (auto* self = static_cast<Inbox*>(a->data)) self->drain();
}

void Inbox::drain() {
  std::vector<Task> tasks;
  bool closing;
  Task last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks.swap(queue_);
    closing = closing_;
    if (closing) last = std::move(last_);
  }
  for (Task& t : tasks) t();
  if (closing) {
    if (last) last();
    async_.reset();
  }
}

}  // namespace msrpgw::media
