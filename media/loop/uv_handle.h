// RAII for libuv handles (libuv: memory may be freed only in or after the close
// callback). UvHandle<T> allocates the handle, closes it in its destructor and frees it
// in the close callback, so the owning object may die at once, even inside one of the
// handle's own callbacks. handle->data points at the owner and is cleared on close.
// Owner: the loop the handle was initialised on.
#pragma once

#include <uv.h>

#include <utility>

namespace msrpgw::media {

template <class T>
class UvHandle {
 public:
  UvHandle() : h_(new T{}) {}
  ~UvHandle() { reset(); }
  UvHandle(const UvHandle&) = delete;
  UvHandle& operator=(const UvHandle&) = delete;
  UvHandle(UvHandle&& o) noexcept
      : h_(std::exchange(o.h_, nullptr)), live_(std::exchange(o.live_, false)) {}

  T* get() const { return h_; }
  T* operator->() const { return h_; }
  uv_handle_t* handle() const { return reinterpret_cast<uv_handle_t*>(h_); }
  uv_stream_t* stream() const { return reinterpret_cast<uv_stream_t*>(h_); }

  // Call after a successful uv_*_init: from then on the handle must be closed, not freed.
  void markInitialised() { live_ = true; }
  bool initialised() const { return live_; }

  // Closes (or frees, if never initialised) now.
  void reset() {
    if (!h_) return;
    if (live_) {
      handle()->data = nullptr;
      if (!uv_is_closing(handle())) {
        uv_close(handle(), [](uv_handle_t* h) { delete reinterpret_cast<T*>(h); });
      }
      // A handle already closing (closed by libuv user code) is freed by whoever closed it.
    } else {
      delete h_;
    }
    h_ = nullptr;
    live_ = false;
  }

 private:
  T* h_;
  bool live_ = false;
};

}  // namespace msrpgw::media
