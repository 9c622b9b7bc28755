#include "tools/tcpfwd/forwarder.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace msrpgw::tools::tcpfwd {

void UniqueFd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

// One direction: source socket -> pipe -> destination socket. The pipe is taken from the
// spare pool when there is something to read and given back once it is empty, so idle
// connections hold two descriptors instead of six.
struct Forwarder::Direction {
  int src = -1;
  int dst = -1;
  Pipe pipe;
  size_t in_pipe = 0;    // bytes spliced in and not yet out
  bool src_eof = false;  // FIN read from src
  bool done = false;     // FIN passed on to dst (shutdown SHUT_WR)
};

struct Forwarder::Pair {
  UniqueFd client;
  UniqueFd upstream;
  Tag client_tag{Tag::kClient, nullptr};
  Tag upstream_tag{Tag::kUpstream, nullptr};
  Direction up;    // client -> upstream
  Direction down;  // upstream -> client
  bool connected = false;
  bool closed = false;
};

namespace {

void setNoDelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

Forwarder::Forwarder(Options options) : opts_(options) {}

Forwarder::~Forwarder() {
  reap();  // closed pairs are in both lists until reaped
  for (Pair* p : pairs_) delete p;
}

bool Forwarder::open(std::string& error) {
  auto fail = [&](const char* what) {
    error = std::string(what) + ": " + std::strerror(errno);
    return false;
  };
  epoll_ = UniqueFd(epoll_create1(EPOLL_CLOEXEC));
  if (epoll_.get() < 0) return fail("epoll_create1");
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  signals_ = UniqueFd(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (signals_.get() < 0) return fail("signalfd");
  listener_ = UniqueFd(
      socket(opts_.listen.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
  if (listener_.get() < 0) return fail("socket");
  int one = 1;
  setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listener_.get(), reinterpret_cast<sockaddr*>(&opts_.listen), opts_.listen_len) != 0)
    return fail("bind");
  if (::listen(listener_.get(), 1024) != 0) return fail("listen");
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  if (getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&bound), &len) != 0)
    return fail("getsockname");
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &listener_tag_;
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, listener_.get(), &ev) != 0) return fail("epoll_ctl");
  ev.data.ptr = &signal_tag_;
  if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, signals_.get(), &ev) != 0) return fail("epoll_ctl");
  return true;
}

int Forwarder::run() {
  constexpr int kBatch = 256;
  epoll_event events[kBatch];
  for (;;) {
    int n = epoll_wait(epoll_.get(), events, kBatch, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    for (int i = 0; i < n; ++i) {
      auto* tag = static_cast<Tag*>(events[i].data.ptr);
      switch (tag->kind) {
        case Tag::kListener: acceptAll(); break;
        case Tag::kSignal: return 0;
        case Tag::kClient:
        case Tag::kUpstream:
          if (!tag->pair->closed)
            onSocketEvent(*tag->pair, tag->kind == Tag::kUpstream, events[i].events);
          break;
      }
    }
    reap();  // closed pairs are freed only after the batch that may still name them
  }
}

void Forwarder::acceptAll() {
  for (;;) {
    int fd = accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      startPair(UniqueFd(fd));
      continue;
    }
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // Out of descriptors: the listener stays readable, so stop watching it (no busy
      // loop) until a pair closes and frees some.
      epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listener_.get(), nullptr);
      listener_paused_ = true;
    }
    return;  // EAGAIN, or a connection that went away before we took it
  }
}

void Forwarder::startPair(UniqueFd client) {
  auto* p = new Pair;
  p->client = std::move(client);
  p->client_tag.pair = p;
  p->upstream_tag.pair = p;
  p->upstream =
      UniqueFd(socket(opts_.to.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
  if (p->upstream.get() < 0) {  // out of descriptors: the client is closed, we go on
    delete p;
    return;
  }
  setNoDelay(p->client.get());
  setNoDelay(p->upstream.get());
  p->up.src = p->client.get();
  p->up.dst = p->upstream.get();
  p->down.src = p->upstream.get();
  p->down.dst = p->client.get();
  int rc = connect(p->upstream.get(), reinterpret_cast<sockaddr*>(&opts_.to), opts_.to_len);
  if (rc != 0 && errno != EINPROGRESS) {
    delete p;  // the client sees its connection closed
    return;
  }
  p->connected = rc == 0;
  // Edge-triggered with a fixed interest set: pump() always goes on until EAGAIN (or a
  // full pipe, whose draining is itself an event), so no epoll_ctl per transfer.
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = &p->client_tag;
  epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, p->client.get(), &ev);
  ev.data.ptr = &p->upstream_tag;
  epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, p->upstream.get(), &ev);
  pairs_.push_back(p);
}

void Forwarder::onSocketEvent(Pair& p, bool upstream, uint32_t events) {
  if (!p.connected) {
    if (!upstream) return;  // the client's bytes wait in its socket until we are connected
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(p.upstream.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return closePair(p);
    if (!(events & (EPOLLOUT | EPOLLIN | EPOLLHUP | EPOLLERR))) return;
    p.connected = true;
  }
  if (!pump(p.up) || !pump(p.down)) return closePair(p);
  // A pending socket error (a reset after our last read) or both FINs passed on: done.
  if ((events & EPOLLERR) || (p.up.done && p.down.done)) closePair(p);
}

bool Forwarder::takePipe(Pipe& pipe) {
  if (!spare_pipes_.empty()) {
    pipe = std::move(spare_pipes_.back());
    spare_pipes_.pop_back();
    return true;
  }
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return false;
  pipe.r = UniqueFd(fds[0]);
  pipe.w = UniqueFd(fds[1]);
  // Larger pipes mean fewer wake-ups; the kernel may cap the size (pipe-max-size).
  int got = fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(opts_.pipe_bytes));
  if (got < 0) got = fcntl(fds[1], F_GETPIPE_SZ);
  pipe.capacity = got > 0 ? static_cast<size_t>(got) : 65536;
  return true;
}

void Forwarder::givePipe(Pipe& pipe) {
  constexpr size_t kMaxSpare = 256;
  if (spare_pipes_.size() < kMaxSpare) {
    spare_pipes_.push_back(std::move(pipe));
  } else {
    pipe.r.reset();
    pipe.w.reset();
  }
}

bool Forwarder::pump(Direction& d) {
  constexpr unsigned kFlags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
  for (;;) {
    bool progress = false;
    if (d.in_pipe > 0) {
      ssize_t n = splice(d.pipe.r.get(), nullptr, d.dst, nullptr, d.in_pipe, kFlags);
      if (n > 0) {
        d.in_pipe -= static_cast<size_t>(n);
        progress = true;
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return false;  // EPIPE, ECONNRESET: the destination is gone
      }
    }
    if (!d.src_eof && d.pipe.r.get() < 0 && !takePipe(d.pipe)) return false;
    if (!d.src_eof && d.in_pipe < d.pipe.capacity) {
      ssize_t n =
          splice(d.src, nullptr, d.pipe.w.get(), nullptr, d.pipe.capacity - d.in_pipe, kFlags);
      if (n > 0) {
        d.in_pipe += static_cast<size_t>(n);
        progress = true;
      } else if (n == 0) {
        d.src_eof = true;
        progress = true;
      } else if (errno != EAGAIN && errno != EINTR) {
        return false;  // reset by the source
      }
    }
    if (d.src_eof && d.in_pipe == 0 && !d.done) {
      shutdown(d.dst, SHUT_WR);  // pass the FIN on: the other direction keeps going
      d.done = true;
    }
    if (!progress) break;
  }
  if (d.in_pipe == 0 && d.pipe.r.get() >= 0) givePipe(d.pipe);  // empty: back to the pool
  return true;
}

void Forwarder::closePair(Pair& p) {
  if (p.closed) return;
  p.closed = true;
  // Closing the sockets drops them from the epoll set (no other copies of the fds exist).
  p.client.reset();
  p.upstream.reset();
  // A pipe still holding bytes of this pair is closed with it (never given back).
  p.up.pipe = Pipe{};
  p.down.pipe = Pipe{};
  dead_.push_back(&p);
}

void Forwarder::reap() {
  if (dead_.empty()) return;
  for (Pair* p : dead_) {
    pairs_.erase(std::find(pairs_.begin(), pairs_.end(), p));
    delete p;
  }
  dead_.clear();
  if (listener_paused_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &listener_tag_;
    if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, listener_.get(), &ev) == 0) listener_paused_ = false;
  }
}

}  // namespace msrpgw::tools::tcpfwd
