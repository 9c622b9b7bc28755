// Runs tasks on the loop soon, never inside the call that queued them (libuv's rule for
// callbacks), in queue order. Used to deliver completions of in-process engines.
// Owner: the loop it was created on. Not thread-safe.
#pragma once

#include <uv.h>

#include <deque>
#include <functional>

#include "media/loop/uv_handle.h"

namespace msrpgw::control::loop {

class DeferQueue {
 public:
  explicit DeferQueue(uv_loop_t* loop);
  void post(std::function<void()> task);
  void close() { idle_.reset(); }

 private:
  static void onIdle(uv_idle_t* h);
  media::UvHandle<uv_idle_t> idle_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace msrpgw::control::loop
