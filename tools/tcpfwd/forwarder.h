// The forwarding loop of `tcpfwd`: one epoll loop on one thread. Every accepted
// connection gets a new connection to the target; bytes move each way through a kernel
// pipe with splice(2), so they are never copied into this process. Pipes are held only
// while they carry bytes (a pool of spares), so an idle pair costs two descriptors. A direction
// reads its source only while its pipe has room, so a peer that does not read stops the other side
// being read (back-pressure by the kernel's socket buffers). A FIN is passed on as
// shutdown(SHUT_WR) once the pipe is drained (half-close); the pair closes when both
// directions ended, or at once on an error or reset.
// Not thread-safe: everything runs on the thread that calls run().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/tcpfwd/options.h"

namespace msrpgw::tools::tcpfwd {

// An owned file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.release();
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset();

 private:
  int fd_ = -1;
};

class Forwarder {
 public:
  explicit Forwarder(Options options);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

  // Binds, listens and sets up the loop (SIGTERM and SIGINT must already be blocked in
  // every thread); false with `error` set when that fails.
  bool open(std::string& error);
  uint16_t port() const { return port_; }
  // Forwards until SIGTERM or SIGINT; returns the exit status (0).
  int run();

 private:
  struct Pair;
  struct Direction;
  struct Pipe {
    UniqueFd r;
    UniqueFd w;
    size_t capacity = 0;
  };
  // What an epoll event points at: the listener, the signal fd, or one socket of a pair.
  struct Tag {
    enum Kind : uint8_t { kListener, kSignal, kClient, kUpstream } kind;
    Pair* pair = nullptr;
  };

  void acceptAll();
  void startPair(UniqueFd client);
  void onSocketEvent(Pair& p, bool upstream, uint32_t events);
  // Moves what it can in one direction; false when the pair must close (error/reset).
  bool pump(Direction& d);
  bool takePipe(Pipe& pipe);  // a spare pipe, or a new one; false when out of descriptors
  void givePipe(Pipe& pipe);  // an empty pipe back to the spares (a bounded number kept)
  void closePair(Pair& p);
  void reap();

  Options opts_;
  UniqueFd epoll_;
  UniqueFd listener_;
  UniqueFd signals_;
  uint16_t port_ = 0;
  bool listener_paused_ = false;  // out of descriptors: not accepting until a pair closes
  Tag listener_tag_{Tag::kListener, nullptr};
  Tag signal_tag_{Tag::kSignal, nullptr};
  std::vector<Pair*> pairs_;  // owned; closed ones wait in dead_ until the batch ends
  std::vector<Pair*> dead_;
  std::vector<Pipe> spare_pipes_;
};

}  // namespace msrpgw::tools::tcpfwd
