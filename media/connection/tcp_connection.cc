#include "media/connection/tcp_connection.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace msrpgw::media {
namespace {

// A read buffer tail smaller than this is not offered to the kernel; a fresh block is.
constexpr size_t kMinReadSpace = 4096;

Error sysError(int uv_rc, const char* reason) {
  return Error{Domain::kSys, static_cast<uint16_t>(-uv_rc), reason, kNoOffset};
}

CloseReason reasonOfReadError(ssize_t n) {
  if (n == UV_EOF) return CloseReason::kPeerClosed;
  if (n == UV_ECONNRESET || n == UV_EPIPE) return CloseReason::kPeerReset;
  return CloseReason::kReadError;
}

}  // namespace

// One write of everything written during one turn of the loop (uv_try_write, and what the
// socket did not take through uv_write): the text is owned here
// (iovecs are built once nothing more is added, so it may move meanwhile), body slices
// longer than kCopySliceUpTo keep their blocks alive.
struct TcpConnection::WriteReq {
  // Text up to this size is copied into one buffer per write (frame heads, end-lines and
  // responses, written together in the order they came): no allocation per frame and one
  // iovec for neighbouring texts. Larger text is moved in whole.
  static constexpr size_t kCopyUpTo = 2048;
  static constexpr size_t kCopySliceUpTo = 512;
  struct Piece {
    enum Kind : uint8_t { kArena, kBig, kSlice } kind;
    size_t at;  // offset in arena, or index in big / slices
    size_t len;
  };

  uv_write_t req;
  TcpConnection* conn = nullptr;
  std::shared_ptr<bool> alive;
  std::string arena;
  std::vector<std::string> big;
  std::vector<buffer::Slice> slices;
  std::vector<Piece> pieces;
  std::vector<uv_buf_t> bufs;  // built by seal(), once nothing more is added
  size_t bytes = 0;

  void add(std::string_view s) {
    if (s.empty()) return;
    bytes += s.size();
    if (!pieces.empty() && pieces.back().kind == Piece::kArena) {
      pieces.back().len += s.size();
    } else {
      pieces.push_back({Piece::kArena, arena.size(), s.size()});
    }
    arena.append(s);
  }
  void add(std::string&& s) {
    if (s.size() <= kCopyUpTo) return add(std::string_view(s));
    bytes += s.size();
    pieces.push_back({Piece::kBig, big.size(), s.size()});
    big.push_back(std::move(s));
  }
  void add(const buffer::Slice& sl) {
    if (sl.size() == 0) return;
    // A small body is copied in with its head: a stream of short messages becomes one
    // iovec, and its read block goes back to the pool now rather than after the write.
    if (sl.size() <= kCopySliceUpTo) return add(sl.text());
    bytes += sl.size();
    pieces.push_back({Piece::kSlice, slices.size(), sl.size()});
    slices.push_back(sl);
  }
  // Drops the first n bytes (written already) from bufs and from the count.
  void skip(size_t n) {
    bytes -= n;
    size_t i = 0;
    while (n >= bufs[i].len) n -= bufs[i++].len;
    bufs.erase(bufs.begin(), bufs.begin() + static_cast<std::ptrdiff_t>(i));
    bufs.front().base += n;
    bufs.front().len -= n;
  }
  // Ready for another turn's writes; the containers keep their capacity.
  void reset() {
    conn = nullptr;
    alive.reset();
    arena.clear();
    big.clear();
    slices.clear();  // gives the body blocks back now
    pieces.clear();
    bufs.clear();
    bytes = 0;
  }
  size_t capacityBytes() const {
    return sizeof(WriteReq) + arena.capacity() + big.capacity() * sizeof(std::string) +
           slices.capacity() * sizeof(buffer::Slice) + pieces.capacity() * sizeof(Piece) +
           bufs.capacity() * sizeof(uv_buf_t);
  }
  void seal() {
    bufs.reserve(pieces.size());
    for (const Piece& p : pieces) {
      char* base = p.kind == Piece::kArena ? arena.data() + p.at
                   : p.kind == Piece::kBig ? big[p.at].data()
                                           : const_cast<char*>(slices[p.at].text().data());
      bufs.push_back(uv_buf_init(base, static_cast<unsigned>(p.len)));
    }
  }
};

namespace {

// Write requests done with are kept by their thread for the next ones (a busy loop writes
// on hundreds of connections per turn, each write request being five allocations), up
// to this much memory per thread; a request grown larger than a sixteenth of it is freed.
// (At 1 MiB, 200 connections each writing 200-byte messages every turn outgrew it: fresh
// requests and their regrowth were half the data path's remaining mallocs.)
constexpr size_t kKeptWriteBytes = 4 << 20;

}  // namespace

struct TcpConnection::KeptWriteReqs {
  std::vector<std::unique_ptr<WriteReq>> reqs;
  size_t bytes = 0;  // their capacityBytes()
};

TcpConnection::KeptWriteReqs& TcpConnection::keptWriteReqs() {
  thread_local KeptWriteReqs kept;
  return kept;
}

std::unique_ptr<TcpConnection::WriteReq> TcpConnection::takeWriteReq() {
  KeptWriteReqs& kept = keptWriteReqs();
  if (kept.reqs.empty()) return std::make_unique<WriteReq>();
  std::unique_ptr<WriteReq> w = std::move(kept.reqs.back());
  kept.reqs.pop_back();
  kept.bytes -= w->capacityBytes();
  return w;
}

void TcpConnection::giveBackWriteReq(std::unique_ptr<WriteReq> w) {
  w->reset();
  const size_t size = w->capacityBytes();
  KeptWriteReqs& kept = keptWriteReqs();
  if (size > kKeptWriteBytes / 16 || kept.bytes + size > kKeptWriteBytes) return;
  kept.bytes += size;
  kept.reqs.push_back(std::move(w));
}

Result<std::unique_ptr<TcpConnection>> TcpConnection::accept(uv_stream_t* server,
                                                             buffer::BlockPool& pool) {
  std::unique_ptr<TcpConnection> c(new TcpConnection(pool));
  int rc = uv_tcp_init(server->loop, c->tcp_.get());
  if (rc != 0) return sysError(rc, "uv_tcp_init");
  c->tcp_.markInitialised();
  c->tcp_->data = c.get();
  rc = uv_accept(server, c->tcp_.stream());
  if (rc != 0) return sysError(rc, "uv_accept");
  uv_tcp_nodelay(c->tcp_.get(), 1);
  return c;
}

Result<std::unique_ptr<TcpConnection>> TcpConnection::adopt(uv_loop_t* loop, uv_os_sock_t fd,
                                                            buffer::BlockPool& pool) {
  std::unique_ptr<TcpConnection> c(new TcpConnection(pool));
  int rc = uv_tcp_init(loop, c->tcp_.get());
  if (rc != 0) return sysError(rc, "uv_tcp_init");
  c->tcp_.markInitialised();
  c->tcp_->data = c.get();
  rc = uv_tcp_open(c->tcp_.get(), fd);
  if (rc != 0) {
    ::close(fd);
    return sysError(rc, "uv_tcp_open");
  }
  uv_tcp_nodelay(c->tcp_.get(), 1);
  return c;
}

Result<std::unique_ptr<TcpConnection>> TcpConnection::connect(uv_loop_t* loop, const sockaddr* to,
                                                              buffer::BlockPool& pool,
                                                              Handler* handler) {
  std::unique_ptr<TcpConnection> c(new TcpConnection(pool));
  c->handler_ = handler;
  int rc = uv_tcp_init(loop, c->tcp_.get());
  if (rc != 0) return sysError(rc, "uv_tcp_init");
  c->tcp_.markInitialised();
  c->tcp_->data = c.get();
  uv_tcp_nodelay(c->tcp_.get(), 1);
  auto* req = new uv_connect_t;
  req->data = new std::pair<TcpConnection*, std::shared_ptr<bool>>(c.get(), c->alive_);
  rc = uv_tcp_connect(req, c->tcp_.get(), to, &TcpConnection::onConnect);
  if (rc != 0) {
    delete static_cast<std::pair<TcpConnection*, std::shared_ptr<bool>>*>(req->data);
    delete req;
    return sysError(rc, "uv_tcp_connect");
  }
  return c;
}

TcpConnection::TcpConnection(buffer::BlockPool& pool) : pool_(pool) {}

TcpConnection::~TcpConnection() {
  *alive_ = false;
}

void TcpConnection::onConnect(uv_connect_t* req, int status) {
  auto* ctx = static_cast<std::pair<TcpConnection*, std::shared_ptr<bool>>*>(req->data);
  TcpConnection* self = *ctx->second ? ctx->first : nullptr;
  delete ctx;
  delete req;
  if (!self || self->closing_) return;
  if (status != 0) {
    self->close(CloseReason::kConnectFailed);
    return;
  }
  if (self->handler_) self->handler_->onConnected();
}

void TcpConnection::resumeReading() {
  if (reading_ || closing_) return;
  if (uv_read_start(tcp_.stream(), &TcpConnection::onAlloc, &TcpConnection::onRead) == 0)
    reading_ = true;
}

void TcpConnection::pauseReading() {
  if (!reading_) return;
  uv_read_stop(tcp_.stream());
  reading_ = false;
}

void TcpConnection::onAlloc(uv_handle_t* h, size_t, uv_buf_t* buf) {
  auto* self = static_cast<TcpConnection*>(h->data);
  if (!self->read_block_ || self->read_block_->capacity() - self->read_used_ < kMinReadSpace) {
    self->read_block_ = self->pool_.allocate();
    self->read_used_ = 0;
  }
  buf->base = reinterpret_cast<char*>(self->read_block_->data() + self->read_used_);
  buf->len = self->read_block_->capacity() - self->read_used_;
}

void TcpConnection::onRead(uv_stream_t* s, ssize_t n, const uv_buf_t*) {
  auto* self = static_cast<TcpConnection*>(s->data);
  if (!self) return;
  if (n < 0) {
    self->pauseReading();
    self->read_block_ = {};
    self->close(reasonOfReadError(n));
    return;
  }
  if (n == 0) return;                          // EAGAIN
  buffer::BlockRef block = self->read_block_;  // the handler may drop the connection
  ByteView bytes(block->data() + self->read_used_, static_cast<size_t>(n));
  self->read_used_ += static_cast<size_t>(n);
  std::shared_ptr<bool> alive = self->alive_;
  if (self->handler_) self->handler_->onData(bytes, block);
  if (!*alive) return;
  // Nobody kept a slice of the block: give it back, so idle connections hold none.
  if (self->read_block_ && self->read_block_->refs() == 2) {  // ours + the local copy
    self->read_block_ = {};
    self->read_used_ = 0;
  }
}

void TcpConnection::write(std::string head, buffer::Chain body, std::string tail) {
  if (closing_ || shutting_down_) return;
  cork();
  const size_t before = cork_->bytes;
  cork_->add(std::move(head));
  for (const buffer::Slice& sl : body.slices()) cork_->add(sl);
  cork_->add(std::move(tail));
  unwritten_ += cork_->bytes - before;
  if (unwritten_ > marks_.high) blocked_ = true;
}

void TcpConnection::cork() {
  // Writes made during one turn of the loop (e.g. the answers to every frame of one read)
  // go out together on the next turn: one syscall instead of many.
  if (!cork_) {
    cork_ = takeWriteReq();
    // Sized like the last turn's writes: a busy connection's text does not regrow (and
    // copy itself) many times per turn.
    cork_->pieces.reserve(std::max<size_t>(16, pieces_hint_));
    cork_->slices.reserve(slices_hint_);
    cork_->arena.reserve(std::max<size_t>(1024, text_hint_));
    cork_->conn = this;
    cork_->alive = alive_;
    if (!flush_.initialised()) {
      uv_idle_init(tcp_->loop, flush_.get());
      flush_.markInitialised();
      flush_->data = this;
    }
    uv_idle_start(flush_.get(), [](uv_idle_t* h) {
      if (auto* self = static_cast<TcpConnection*>(h->data)) self->flush(true);
    });
  }
}

void TcpConnection::writeText(std::string_view head, const buffer::Chain& body,
                              std::string_view tail) {
  if (closing_ || shutting_down_) return;
  cork();
  const size_t before = cork_->bytes;
  cork_->add(head);
  for (const buffer::Slice& sl : body.slices()) cork_->add(sl);
  cork_->add(tail);
  unwritten_ += cork_->bytes - before;
  if (unwritten_ > marks_.high) blocked_ = true;
}

void TcpConnection::flush(bool from_loop) {
  if (flush_.initialised()) uv_idle_stop(flush_.get());
  if (!cork_ || closing_) return;
  std::unique_ptr<WriteReq> w = std::move(cork_);
  if (w->pieces.empty()) return giveBackWriteReq(std::move(w));
  constexpr size_t kMaxHint = 1 << 20;
  text_hint_ = static_cast<uint32_t>(std::min(w->arena.size(), kMaxHint));
  pieces_hint_ =
      static_cast<uint32_t>(std::min(w->pieces.size(), kMaxHint / sizeof(WriteReq::Piece)));
  slices_hint_ =
      static_cast<uint32_t>(std::min(w->slices.size(), kMaxHint / sizeof(buffer::Slice)));
  w->seal();
  if (pending_writes_ == 0) {
    // Nothing queued in libuv: offer the bytes to the socket now. Taken whole (the usual
    // case) they need no write request, no completion callback on a later turn and no
    // poll for writability (libuv re-arms its poll after every queued write).
    const int n =
        uv_try_write(tcp_.stream(), w->bufs.data(), static_cast<unsigned>(w->bufs.size()));
    if (n > 0) {
      const auto taken = static_cast<size_t>(n);
      unwritten_ -= taken;
      if (taken == w->bytes) {
        if (from_loop && blocked_ && unwritten_ <= marks_.low) {
          blocked_ = false;
          if (handler_) handler_->onWriteDrained();
        }
        return giveBackWriteReq(std::move(w));  // and with it its hold on body blocks
      }
      w->skip(taken);
    }
    // EAGAIN: all of it waits for libuv; another error: uv_write meets it again and reports.
  }
  w->req.data = w.get();
  int rc = uv_write(&w->req, tcp_.stream(), w->bufs.data(), static_cast<unsigned>(w->bufs.size()),
                    &TcpConnection::onWritten);
  if (rc != 0) {
    unwritten_ -= w->bytes;
    close(CloseReason::kWriteError);
    return;
  }
  ++pending_writes_;
  (void)w.release();  // owned by libuv until onWritten
}

void TcpConnection::onWritten(uv_write_t* req, int status) {
  std::unique_ptr<WriteReq> w(static_cast<WriteReq*>(req->data));
  if (!*w->alive) return;
  TcpConnection* self = w->conn;
  const size_t bytes = w->bytes;
  giveBackWriteReq(std::move(w));
  --self->pending_writes_;
  self->unwritten_ -= bytes;
  if (status != 0) {
    if (status != UV_ECANCELED)
      self->close(status == UV_EPIPE || status == UV_ECONNRESET ? CloseReason::kPeerReset
                                                                : CloseReason::kWriteError);
    return;
  }
  if (self->blocked_ && self->unwritten_ <= self->marks_.low) {
    self->blocked_ = false;
    if (self->handler_) self->handler_->onWriteDrained();
  }
}

void TcpConnection::close(CloseReason reason) {
  if (closing_) return;
  closing_ = true;
  close_reason_ = reason;
  pauseReading();
  read_block_ = {};
  if (cork_) {
    unwritten_ -= cork_->bytes;
    cork_.reset();
  }
  flush_.reset();
  // Report on a later turn of the loop, never inside the caller's own call.
  if (uv_timer_init(tcp_->loop, deferred_.get()) == 0) {
    deferred_.markInitialised();
    deferred_->data = this;
    uv_timer_start(
        deferred_.get(),
        [](uv_timer_t* t) {
          auto* self = static_cast<TcpConnection*>(t->data);
          if (self) self->finish(self->close_reason_);
        },
        0, 0);
  }
  // Closing the socket cancels queued writes (their callbacks see ECANCELED).
  tcp_.reset();
}

void TcpConnection::closeAfterWrites(CloseReason reason) {
  if (closing_) return;
  flush(false);
  shutting_down_ = true;
  pauseReading();
  close_reason_ = reason;
  auto* req = new uv_shutdown_t;
  req->data = new std::pair<TcpConnection*, std::shared_ptr<bool>>(this, alive_);
  int rc = uv_shutdown(req, tcp_.stream(), [](uv_shutdown_t* r, int) {
    auto* ctx = static_cast<std::pair<TcpConnection*, std::shared_ptr<bool>>*>(r->data);
    TcpConnection* self = *ctx->second ? ctx->first : nullptr;
    delete ctx;
    delete r;
    if (self) self->close(self->close_reason_);
  });
  if (rc != 0) {
    delete static_cast<std::pair<TcpConnection*, std::shared_ptr<bool>>*>(req->data);
    delete req;
    close(reason);
  }
}

void TcpConnection::finish(CloseReason reason) {
  if (close_reported_) return;
  close_reported_ = true;
  if (handler_) handler_->onClose(reason);
}

std::string TcpConnection::peerIp() const {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (!tcp_.initialised() ||
      uv_tcp_getpeername(tcp_.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    return "";
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    uv_ip4_name(reinterpret_cast<sockaddr_in*>(&ss), buf, sizeof buf);
  } else {
    uv_ip6_name(reinterpret_cast<sockaddr_in6*>(&ss), buf, sizeof buf);
  }
  return buf;
}

uint16_t TcpConnection::peerPort() const {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (!tcp_.initialised() ||
      uv_tcp_getpeername(tcp_.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    return 0;
  return ntohs(ss.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                       : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

uint16_t TcpConnection::localPort() const {
  sockaddr_storage ss{};
  int len = sizeof ss;
  if (!tcp_.initialised() ||
      uv_tcp_getsockname(tcp_.get(), reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    return 0;
  return ntohs(ss.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&ss)->sin_port
                                       : reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

Result<uv_os_sock_t> TcpConnection::detach() {
  uv_os_fd_t fd;
  int rc = uv_fileno(tcp_.handle(), &fd);
  if (rc != 0) return sysError(rc, "uv_fileno");
  int copy = ::dup(fd);
  if (copy < 0) return sysError(-errno, "dup");
  pauseReading();
  closing_ = true;
  close_reported_ = true;  // handed over: no onClose
  tcp_.reset();
  return copy;
}

}  // namespace msrpgw::media
