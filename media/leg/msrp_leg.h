// MSRP over TCP as a Leg (RFC 4975): one MSRP session of the gateway, on an
// MsrpConnection it may share with other sessions.
// Receives: the frames its connection routes to it; answers each SEND chunk per its Failure-Report
// once the bridge has taken it (200) or refused it (its status), never answers a REPORT, answers
// 501 for an unknown method, 400 for a malformed request (and for a frame that broke
// the framing, after which the connection closes). Bodiless SENDs (binding and
// keep-alive) are answered and not passed on.
// Sends: a fresh random transaction id per request, To-Path / From-Path of this leg,
// a body checked against its own end-line, and tracks each SEND's transaction: a
// response, the transaction timeout (408) or the loss of the connection (408) becomes
// onChunkOutcome.
// Owner: the worker loop of its context. Not thread-safe. The sink must not destroy the
// leg inside one of its callbacks (defer it to a later turn of the loop).
#pragma once

#include <uv.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "media/buffer/ring.h"
#include "media/connection/tcp_connection.h"
#include "media/leg/leg.h"
#include "media/leg/msrp_connection.h"
#include "media/loop/uv_handle.h"
#include "proto/base/small_random.h"
#include "proto/msrp/parser.h"
#include "proto/msrp/request_check.h"
#include "proto/msrp/transaction_id.h"
#include "proto/msrp/writer.h"

namespace msrpgw::media {

struct MsrpLegConfig {
  std::string local_uri;    // our a=path URI: From-Path of what we send
  std::string remote_path;  // the peer's a=path (URIs separated by spaces): To-Path of what we send
  uint32_t transaction_timeout_ms = 30000;
  proto::msrp::ParserLimits limits;
  TcpConnection::Watermarks watermarks;
  // A side connection of a session bound elsewhere: REPORTs are taken, SENDs answered 506
  // (RFC 4975: the session is bound to another connection) and never passed on.
  bool reports_only = false;
};

#define MSRPGW_LEG_STATS(COUNTER) \
  COUNTER(bytes_received)         \
  COUNTER(bytes_sent)             \
  COUNTER(chunks_received)        \
  COUNTER(chunks_sent)            \
  COUNTER(keepalives_received)    \
  COUNTER(reports_received)       \
  COUNTER(reports_sent)           \
  COUNTER(requests_rejected)      \
  COUNTER(responses_unmatched)    \
  COUNTER(transaction_timeouts)

struct LegStats {
#define MSRPGW_LEG_COUNTER_FIELD(name) uint64_t name = 0;
  MSRPGW_LEG_STATS(MSRPGW_LEG_COUNTER_FIELD)
#undef MSRPGW_LEG_COUNTER_FIELD
  std::unordered_map<uint16_t, uint64_t> answered_by_status;  // non-200 answers we gave
  std::unordered_map<uint16_t, uint64_t> received_by_status;  // non-200 answers we got
};

class MsrpLeg final : public Leg, public MsrpSession {
 public:
  MsrpLeg(uv_loop_t* loop, buffer::BlockPool& pool, MsrpLegConfig config);
  ~MsrpLeg() override;
  MsrpLeg(const MsrpLeg&) = delete;
  MsrpLeg& operator=(const MsrpLeg&) = delete;

  // Binds the leg's session to `conn` (accepted, or connected by the engine; it must
  // outlive the leg's use of it: it tells the leg when it closes). With `send_bind`, the
  // leg first sends the bodiless SEND that lets the peer bind the connection (the side
  // that opened it must). Calls onLegUp.
  void attach(MsrpConnection& conn, bool send_bind);
  // The session-id of our a=path URI: what the connection routes by.
  const std::string& localSession() const { return local_session_; }

  // Connected, between frames, nothing unanswered, unwritten or paused.
  bool quiet() const;
  // Gives the connection up so another worker can adopt its socket (H.248 Move across
  // workers). Only a quiet leg alone on its connection can; otherwise nothing changes and
  // nullopt is returned. After it the leg is down without onLegDown (the connection
  // lives on elsewhere).
  std::optional<uv_os_sock_t> releaseConnection();
  // The connection the leg is on (nullptr when down).
  MsrpConnection* connection() const { return conn_; }
  // Counters carried over from the leg this one replaces (a moved termination's).
  void inheritStats(LegStats stats) { stats_ = std::move(stats); }

  const MsrpLegConfig& config() const { return config_; }
  const LegStats& stats() const { return stats_; }
  size_t outstandingTransactions() const { return live_; }

  // Leg
  void setSink(LegSink* sink) override { sink_ = sink; }
  LegSink* sink() const { return sink_; }
  bool sendChunk(const ChunkMeta& meta, const buffer::Chain& body, EndFlag flag,
                 uint64_t ref) override;
  bool sendReport(const ReportMeta& report) override;
  bool up() const override { return conn_ != nullptr && !conn_->closing(); }
  bool writeBlocked() const override { return conn_ && conn_->writeBlocked(); }
  void pauseReceiving() override;
  void resumeReceiving() override;
  void close() override;

 private:
  // MsrpSession
  void onFrameHead(const proto::msrp::FrameHead& head) override;
  void onFrameBody(ByteView piece, const buffer::BlockRef& block) override;
  void onFrameEnd(EndFlag flag) override;
  void onFramingError(const Error& error, std::string_view tid) override;
  void onWritable() override;
  void onConnectionClosed(CloseReason reason) override;

  enum class Incoming : uint8_t { kNone, kAccepted, kRejected, kBodiless, kIgnore };
  static constexpr size_t kTidLength = 12;
  // A SEND (or the binding SEND) waiting for its response.
  struct Outstanding {
    std::array<char, kTidLength> tid;
    bool answered;
    uint64_t ref;
    uint64_t deadline_ms;
  };

  void answer(uint16_t status, const char* comment);
  void armTimer();
  void onTimer();
  void failAllOutstanding(uint16_t status);
  // 12 characters (62^12 ~ 2^71): unguessable enough for an end-line, and short enough to
  // live inside std::string without allocating.
  std::string newTid() { return proto::msrp::makeIdent(rng_, kTidLength); }
  void track(const std::string& tid, uint64_t ref);
  // Drops answered transactions from the front.
  void trimAnswered();

  uv_loop_t* loop_;
  buffer::BlockPool& pool_;
  MsrpLegConfig config_;
  std::string local_session_;  // session-id of local_uri
  std::string remote_first_;   // first URI of remote_path (our direct peer)
  LegSink* sink_ = nullptr;
  MsrpConnection* conn_ = nullptr;
  SmallRandom rng_;  // 32 bytes of state, seeded from the OS: a leg per session adds up
  UvHandle<uv_timer_t> timer_;
  bool paused_ = false;

  // The frame being received.
  Incoming in_ = Incoming::kNone;
  uint16_t in_status_ = 0;
  std::string in_tid_;
  std::string in_reply_to_;  // first URI of the request's From-Path
  ReportMode in_failure_report_ = ReportMode::kYes;
  ChunkMeta in_meta_;

  // In sending order, which is deadline order too (one timeout per leg). Responses come
  // back in order from a peer over TCP, so the one answered is almost always the first:
  // no hashing and no allocation per transaction.
  buffer::Ring<Outstanding> outstanding_;  // in sending order
  size_t live_ = 0;                        // entries of outstanding_ not answered yet
  LegStats stats_;
  // Every frame of the session repeats its paths: each distinct one is validated once.
  proto::msrp::RequestChecker checker_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace msrpgw::media
