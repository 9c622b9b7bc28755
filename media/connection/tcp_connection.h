// One TCP connection on a worker loop. Reads go into pooled blocks and reach the handler
// as views inside a block the handler may keep slices of (zero copy); a block nobody
// references after a read goes straight back to the pool, so an idle connection holds
// no read buffer. Writes take owned text (frame heads) and slices (bodies: a short one is
// copied in with the text around it, a longer one written from its block) and are
// queued in libuv; the bytes not yet written are accounted, and crossing the high / low
// watermarks is reported so the other leg can stop / resume reading (back-pressure).
//
// Owner: its worker loop. Not thread-safe. Callbacks never run inside the call that
// caused them; after onClose no callback runs again. Destroying the object closes the
// socket without calling onClose.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <string>

#include "media/buffer/chain.h"
#include "media/connection/close_reason.h"
#include "media/loop/uv_handle.h"
#include "proto/base/result.h"

namespace msrpgw::media {

class TcpConnection {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // Bytes read; they lie inside `block`, which the handler may keep slices of.
    virtual void onData(ByteView bytes, const buffer::BlockRef& block) = 0;
    // An active connect finished (only for connect()).
    virtual void onConnected() {}
    // Unwritten bytes fell to the low watermark after having passed the high one
    // (writeBlocked() turned true after a write() call; the caller checks it there).
    virtual void onWriteDrained() {}
    // The connection is closed; no callback follows.
    virtual void onClose(CloseReason reason) = 0;
  };

  struct Watermarks {
    size_t high = 1 << 20;  // bytes queued for writing
    size_t low = 256 << 10;
  };

  // Takes a connection from a listening socket (call from its connection callback).
  static Result<std::unique_ptr<TcpConnection>> accept(uv_stream_t* server,
                                                       buffer::BlockPool& pool);
  // Adopts a connected socket (an fd handed over from another loop).
  static Result<std::unique_ptr<TcpConnection>> adopt(uv_loop_t* loop, uv_os_sock_t fd,
                                                      buffer::BlockPool& pool);
  // Starts connecting; onConnected or onClose(kConnectFailed) follows.
  static Result<std::unique_ptr<TcpConnection>> connect(uv_loop_t* loop, const sockaddr* to,
                                                        buffer::BlockPool& pool, Handler* handler);

  ~TcpConnection();
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  void setHandler(Handler* h) { handler_ = h; }
  void setWatermarks(Watermarks w) { marks_ = w; }
  // Starts or resumes reading; idempotent.
  void resumeReading();
  // Stops reading until resumeReading(); idempotent. TCP flow control does the rest.
  void pauseReading();
  bool reading() const { return reading_; }

  // Queues `head`, `body` then `tail` for writing, in order with earlier writes. Errors are
  // reported through onClose(kWriteError) later, never re-entrantly. Afterwards
  // writeBlocked() tells whether the unwritten bytes passed the high watermark.
  void write(std::string head, buffer::Chain body = {}, std::string tail = {});
  // The same, copying the text (callers that reuse their own buffers: no allocation).
  void writeText(std::string_view head, const buffer::Chain& body = {}, std::string_view tail = {});
  size_t unwritten() const { return unwritten_; }
  bool writeBlocked() const { return blocked_; }

  // Closes now; onClose(reason) follows on a later turn of the loop. Queued writes are
  // dropped.
  void close(CloseReason reason);
  // Stops reading, lets queued writes go out, then closes (onClose(reason) follows).
  void closeAfterWrites(CloseReason reason = CloseReason::kLocal);
  bool closing() const { return closing_; }

  // The loop's current time in ms (uv_now).
  uint64_t loopNowMs() const { return uv_now(tcp_->loop); }
  // The peer's and our own address ("ip", port).
  std::string peerIp() const;
  uint16_t peerPort() const;
  uint16_t localPort() const;
  // Detaches the socket for handing to another loop: returns a duplicate fd and closes
  // this handle (no onClose). Only before any byte was read into a kept block.
  Result<uv_os_sock_t> detach();

 private:
  explicit TcpConnection(buffer::BlockPool& pool);
  static void onAlloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* s, ssize_t n, const uv_buf_t* buf);
  static void onWritten(uv_write_t* req, int status);
  static void onConnect(uv_connect_t* req, int status);
  void finish(CloseReason reason);  // reports onClose once, on a later turn
  void cork();                      // a write request for this turn of the loop
  // Writes the corked bytes, what the socket does not take at once through libuv.
  // `from_loop`: called from the loop (not inside a caller's call), so a drain may be told.
  void flush(bool from_loop);

  struct WriteReq;
  // Write requests done with, kept by each thread for its next writes (bounded memory).
  struct KeptWriteReqs;
  static KeptWriteReqs& keptWriteReqs();
  static std::unique_ptr<WriteReq> takeWriteReq();
  static void giveBackWriteReq(std::unique_ptr<WriteReq> w);
  buffer::BlockPool& pool_;
  UvHandle<uv_tcp_t> tcp_;
  UvHandle<uv_timer_t> deferred_;   // runs the deferred onClose
  UvHandle<uv_idle_t> flush_;       // runs flush() on the next turn of the loop
  std::unique_ptr<WriteReq> cork_;  // writes of this turn, not yet handed to libuv
  Handler* handler_ = nullptr;
  Watermarks marks_;
  buffer::BlockRef read_block_;
  size_t read_used_ = 0;
  size_t unwritten_ = 0;
  // Sizes of the last write request (text, pieces, body slices): the next one is reserved
  // alike, so a busy connection's containers do not regrow every turn.
  uint32_t text_hint_ = 0;
  uint32_t pieces_hint_ = 0;
  uint32_t slices_hint_ = 0;
  size_t pending_writes_ = 0;
  bool reading_ = false;
  bool blocked_ = false;
  bool closing_ = false;
  bool shutting_down_ = false;  // closeAfterWrites(): no new writes
  bool close_reported_ = false;
  CloseReason close_reason_ = CloseReason::kLocal;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for write completions after death
};

}  // namespace msrpgw::media
