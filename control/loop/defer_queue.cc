#include "control/loop/defer_queue.h"

namespace msrpgw::control::loop {

DeferQueue::DeferQueue(uv_loop_t* loop) {
  uv_idle_init(loop, idle_.get());
  idle_.markInitialised();
  idle_->data = this;
}

void DeferQueue::post(std::function<void()> task) {
  if (!idle_.initialised()) return;
  tasks_.push_back(std::move(task));
  if (tasks_.size() == 1) uv_idle_start(idle_.get(), onIdle);
}

void DeferQueue::onIdle(uv_idle_t* h) {
  auto* self = static_cast<DeferQueue*>(h->data);
  if (!self) return;
  // Only what was queued before this turn; tasks queued now run on the next turn.
  std::deque<std::function<void()>> now;
  now.swap(self->tasks_);
  uv_idle_stop(h);
  for (auto& t : now) t();
}

}  // namespace msrpgw::control::loop
