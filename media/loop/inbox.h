// A thread-safe way into a loop that runs elsewhere (a worker's, or main's control loop):
// post() from any thread queues a task; the loop runs the tasks in order on its own
// thread (uv_async plus a mutex-guarded queue), never inside post().
// Thread-safe: post(). close() and the destructor belong to the loop's thread.
#pragma once

#include <uv.h>

#include <functional>
#include <mutex>
#include <vector>

#include "media/loop/uv_handle.h"

namespace msrpgw::media {

class Inbox {
 public:
  using Task = std::function<void()>;

  explicit Inbox(uv_loop_t* loop);
  ~Inbox() { close(); }
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  // Queues `task`; false once closed.
  bool post(Task task);
  // Refuses new tasks and runs the ones already queued, then `last`, on the next turn;
  // after that the inbox holds no handle open (the loop may end).
  void closeAfterDrain(Task last = {});
  // Closes now on the loop's thread; queued tasks are dropped.
  void close();

 private:
  static void onAsync(uv_async_t* a);
  void drain();

  UvHandle<uv_async_t> async_;
  std::mutex mu_;
  std::vector<Task> queue_;  // guarded by mu_
  bool closing_ = false;     // guarded by mu_
  Task last_;                // guarded by mu_
};

}  // namespace msrpgw::media
