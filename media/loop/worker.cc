#include "media/loop/worker.h"

#include <future>

#include "proto/base/assert.h"

namespace msrpgw::media {

Worker::Worker(std::string name) : name_(std::move(name)) {
  MSRPGW_RELEASE_ASSERT(uv_loop_init(&loop_) == 0, "uv_loop_init");
  inbox_ = std::make_unique<Inbox>(&loop_);
}

Worker::~Worker() {
  if (running_) stop();
  if (!stopped_) {
    // Never started: close the inbox on this thread and finish the loop.
    inbox_->close();
    uv_run(&loop_, UV_RUN_DEFAULT);
  }
  inbox_.reset();
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

void Worker::stop(Task last) {
  MSRPGW_RELEASE_ASSERT(!onLoop(), "Worker::stop from its own loop would deadlock");
  if (stopped_) return;
  inbox_->closeAfterDrain(std::move(last));  // the loop ends once every owner closed its handles
  if (thread_.joinable()) thread_.join();
  running_ = false;
  stopped_ = true;
}

}  // namespace msrpgw::media
