// One MSRP connection (RFC 4975): a TCP connection and its frame parser, carrying one
// MSRP session or several (RFC 4975 lets sessions share a connection; relays such as
// kamailio's reuse theirs). Every frame goes to the session named by the session-id of
// its first To-Path URI: requests and responses alike (a response's To-Path is the hop
// that sent the request: us). A request naming a session not bound here goes to the
// Owner, which binds one, refuses it (the connection answers the status itself, unless
// the frame is a REPORT or its Failure-Report asks for no answer) or, before any session
// was bound, takes the whole socket to another worker.
// Writes are whole frames per call, so frames of different sessions never interleave.
// Reading stops while any session has paused it (TCP flow control then holds the peer
// back, for every session of the connection). The connection closes after its last
// session leaves, when framing is lost (every session is told first), or when the peer
// closes; then it tells its Owner, which frees it on a later turn of the loop.
// Owner: its worker loop. Not thread-safe. Sessions must remove themselves before they
// are destroyed; the connection never destroys a session it does not own.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/connection/tcp_connection.h"
#include "proto/msrp/parser.h"

namespace msrpgw::media {

// What a connection delivers to: one MSRP session on it.
class MsrpSession {
 public:
  virtual ~MsrpSession() = default;
  // One frame of this session: its head, body pieces (inside `block` when `block` is set,
  // so slices of it may be kept; else bytes the parser held itself), its end.
  virtual void onFrameHead(const proto::msrp::FrameHead& head) = 0;
  virtual void onFrameBody(ByteView piece, const buffer::BlockRef& block) = 0;
  virtual void onFrameEnd(proto::msrp::EndFlag flag) = 0;
  // Framing was lost inside a frame of this session (answer it if possible); the
  // connection closes next.
  virtual void onFramingError(const Error& error, std::string_view tid) = 0;
  // Bytes queued toward the peer fell below the low watermark again.
  virtual void onWritable() = 0;
  // The connection closed; the session is no longer on it.
  virtual void onConnectionClosed(CloseReason reason) = 0;
};

struct MsrpConnectionStats {
  uint64_t frames_refused = 0;    // requests for sessions not bound here, answered or not
  uint64_t frames_unmatched = 0;  // responses naming no session of this connection
};

class MsrpConnection final : private TcpConnection::Handler, private proto::msrp::FrameSink {
 public:
  // The Owner's decision for a request naming a session that is not bound here.
  struct Bind {
    MsrpSession* session = nullptr;  // bound now (addSession done): the frame goes there
    uint16_t refuse = 0;             // else this status is answered (0: none)
    // Else (only offered while nothing was ever bound): the socket and every byte read so
    // far go to whoever this names; the connection is finished afterwards.
    std::function<void(uv_os_sock_t fd, std::string bytes)> hand_over;
  };
  class Owner {
   public:
    virtual ~Owner() = default;
    // `session_id` is empty when the request's first To-Path URI names none.
    virtual Bind bindSession(MsrpConnection& c, std::string_view session_id,
                             const proto::msrp::FrameHead& head) = 0;
    // The connection is closed (or its socket given away) and has no session; free it
    // on a later turn of the loop, never inside this call.
    virtual void finished(MsrpConnection& c) = 0;
  };

  // `peer_ip` is the peer's address as sessions see it (for a spliced connection from
  // another worker, the address of the real peer).
  MsrpConnection(std::unique_ptr<TcpConnection> tcp, proto::msrp::ParserLimits limits, Owner& owner,
                 std::string peer_ip, uint64_t now_ms);
  ~MsrpConnection() override;
  MsrpConnection(const MsrpConnection&) = delete;
  MsrpConnection& operator=(const MsrpConnection&) = delete;

  // Starts reading; `already_read` (bytes another worker read before handing the socket
  // over) is parsed first.
  void start(const std::string& already_read = {});

  // Frames naming `session_id` go to `s` from now on.
  void addSession(const std::string& session_id, MsrpSession* s);
  // `s` leaves (no callback follows); the connection closes after its queued writes when
  // no session is left. An owned session is freed on a later turn.
  void removeSession(MsrpSession* s);
  // The connection owns `s` (a splice toward another worker) until it leaves or the
  // connection is freed.
  void own(std::unique_ptr<MsrpSession> s) { owned_.push_back(std::move(s)); }
  size_t sessionCount() const { return sessions_.size(); }
  bool everBound() const { return ever_bound_; }

  // Queues one whole frame (or response) toward the peer.
  void write(std::string head, buffer::Chain body = {}, std::string tail = {});
  // The same, copying the text (for callers that reuse their buffers).
  void writeText(std::string_view head, const buffer::Chain& body = {}, std::string_view tail = {});
  bool closing() const { return closing_; }
  bool writeBlocked() const { return tcp_ && tcp_->writeBlocked(); }
  size_t unwritten() const { return tcp_ ? tcp_->unwritten() : 0; }
  void setWatermarks(TcpConnection::Watermarks w) {
    if (tcp_) tcp_->setWatermarks(w);
  }

  // Reading stops while any session has paused it.
  void pause(MsrpSession* s);
  void resume(MsrpSession* s);

  // Between frames with nothing unwritten.
  bool quiet() const;
  // With `s` its only session and quiet: gives the socket up (H.248 Move to another
  // worker) and finishes; `s` is no longer on it. Otherwise nullopt and nothing changes.
  std::optional<uv_os_sock_t> release(MsrpSession* s);
  // Closes now: every session is told (onConnectionClosed) on a later turn.
  void close(CloseReason reason);

  const std::string& peerIp() const { return peer_ip_; }
  uint64_t startedMs() const { return started_ms_; }
  const MsrpConnectionStats& stats() const { return stats_; }

 private:
  // TcpConnection::Handler
  void onData(ByteView bytes, const buffer::BlockRef& block) override;
  void onWriteDrained() override;
  void onClose(CloseReason reason) override;
  // proto::msrp::FrameSink
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView piece) override;
  void onEnd(proto::msrp::EndFlag flag) override;

  void feed(ByteView bytes, const buffer::BlockRef& block);
  MsrpSession* find(std::string_view session_id);
  void refuse(const proto::msrp::FrameHead& head, uint16_t status);
  void framingLost();
  void handOver();
  void finishOnce();

  std::unique_ptr<TcpConnection> tcp_;
  proto::msrp::Parser parser_;
  Owner& owner_;
  std::string peer_ip_;
  uint64_t started_ms_ = 0;
  // By session-id, sorted: binary search, and far less memory than a hash map for the
  // one session most connections carry.
  std::vector<std::pair<std::string, MsrpSession*>> sessions_;
  std::vector<MsrpSession*> paused_;
  std::vector<std::unique_ptr<MsrpSession>> owned_;
  std::vector<std::unique_ptr<MsrpSession>> leaving_;  // owned sessions gone, freed later
  // Most connections carry one session: the last one found is tried first.
  MsrpSession* last_ = nullptr;
  std::string_view last_id_;  // into sessions_ (reset whenever it changes)
  // The frame being received: its session, or a refusal to answer at its end.
  MsrpSession* current_ = nullptr;
  uint16_t refuse_status_ = 0;
  std::string refuse_response_;  // written at the frame's end
  buffer::BlockRef read_block_;
  // Bytes read while nothing is bound, for a hand-over of the whole socket.
  std::string first_bytes_;
  std::function<void(uv_os_sock_t, std::string)> hand_over_;
  MsrpConnectionStats stats_;
  bool ever_bound_ = false;
  bool closing_ = false;
  bool finished_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace msrpgw::media
