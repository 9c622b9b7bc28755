// A worker: one thread running one uv_loop. Everything that lives on a worker (contexts,
// legs, connections, timers, taps) is created, used and destroyed on its loop; other
// threads reach it only through post() (an Inbox: uv_async plus a queue).
// Thread-safe: post(), stop() and onLoop(); everything else belongs to the loop thread.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "media/loop/inbox.h"

namespace msrpgw::media {

class Worker {
 public:
  using Task = Inbox::Task;

  explicit Worker(std::string name);
  ~Worker();  // stops and joins if still running
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread; returns once its loop is running.
  void start();
  // Runs `task` on the loop thread soon (never inside this call, even from the loop).
  // Tasks run in the order posted. Returns false once the worker is stopping.
  bool post(Task task) { return inbox_->post(std::move(task)); }
  // Runs the tasks already posted, then `last` (to close what lives on the loop), then
  // ends the loop once its handles are closed, and joins. Call from another thread.
  void stop(Task last = {});

  uv_loop_t* loop() { return &loop_; }
  bool onLoop() const { return std::this_thread::get_id() == thread_id_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  uv_loop_t loop_;
  std::unique_ptr<Inbox> inbox_;
  std::thread thread_;
  std::thread::id thread_id_;
  bool running_ = false;
  bool stopped_ = false;
};

}  // namespace msrpgw::media
