#include "media/loop/worker.h"

#include <future>

#include "proto/base/assert.h"

namespace msrpgw::media {

Worker::Worker(std::string name) : name_(std::move(name)) {
  MSRPGW_RELEASE_ASSERT(uv_loop_init(&loop_) == 0, "uv_loop_init");
  MSRPGW_RELEASE_ASSERT(uv_async_init(&loop_, async_.get(), &Worker::onAsync) == 0,
                        "uv_async_init");
  async_.markInitialised();
  async_->data = this;
}

Worker::~Worker() {
  if (running_) stop();
  if (async_.initialised()) {
    // Never started: close the async handle on this thread and finish the loop.
    async_.reset();
    uv_run(&loop_, UV_RUN_DEFAULT);
  }
  uv_loop_close(&loop_);
}

void Worker::start() {
  std::promise<void> started;
  thread_ = std::thread([this, &started] {
    thread_id_ = std::this_thread::get_id();
    started.set_value();
    uv_run(&loop_, UV_RUN_DEFAULT);
  });
  started.get_future().wait();
  running_ = true;
}

bool Worker::post(Task task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    queue_.push_back(std::move(task));
  }
  uv_async_send(async_.get());
  return true;
}

void Worker::stop(Task last) {
  MSRPGW_RELEASE_ASSERT(!onLoop(), "Worker::stop from its own loop would deadlock");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    last_ = std::move(last);
  }
  uv_async_send(async_.get());
  if (thread_.joinable()) thread_.join();
  running_ = false;
}

void Worker::onAsync(uv_async_t* a) {
  auto* self = static_cast<Worker*>(a->data);
  if (self) self->drain();
}

void Worker::drain() {
  std::vector<Task> tasks;
  bool stopping;
  Task last;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks.swap(queue_);
    stopping = stopping_;
    if (stopping) last = std::move(last_);
  }
  for (Task& t : tasks) t();
  if (stopping) {
    if (last) last();
    async_.reset();  // the loop ends once every other owner has closed its handles
  }
}

}  // namespace msrpgw::media
