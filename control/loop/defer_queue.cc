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
  uv_idle_start(idle_.get(), onIdle);  // no-op when already started
}

void DeferQueue::onIdle(uv_idle_t* h) {
  auto* self = static_cast<DeferQueue*>(h->data);
  if (!self) return;
  // Tasks queued by a task run in this turn too (after it returned, so never inside the
  // call that queued them), up to a bound so I/O is not starved.
  for (int i = 0; i < 4096 && !self->tasks_.empty(); ++i) {
    std::function<void()> t = std::move(self->tasks_.front());
    self->tasks_.pop_front();
    t();
    if (!h->data) return;  // the queue was closed by the task
  }
  if (self->tasks_.empty()) uv_idle_stop(h);
}

}  // namespace msrpgw::control::loop
