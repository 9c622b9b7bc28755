// One MSRP connection of the tool, as an RFC 4975 endpoint: parses what arrives (frames
// stream through proto/msrp's Parser), answers SENDs (200, or --respond, as the
// Failure-Report asks), never answers REPORTs, reassembles received messages, sends
// success REPORTs, and cuts the Outbox's messages into chunks it writes while the
// connection is not write-blocked (it resumes on onWriteDrained). Responses and REPORTs
// wait for the chunk being written to end, then go out first.
// Owner: the tool's loop. Not thread-safe. Events go to the EventLog; the SessionHost
// hears about progress and the close (never re-entrantly from the constructor).
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "media/connection/tcp_connection.h"
#include "media/loop/uv_handle.h"
#include "proto/msrp/parser.h"
#include "proto/msrp/writer.h"
#include "tools/msrp/counters.h"
#include "tools/msrp/event_log.h"
#include "tools/msrp/options.h"
#include "tools/msrp/outbox.h"
#include "tools/msrp/reassembly.h"
#include "tools/msrp/transactions.h"

namespace msrpgw::tools::msrp {

class Session;

class SessionHost {
 public:
  virtual ~SessionHost() = default;
  virtual uint64_t nowMs() const = 0;
  virtual std::mt19937_64& rng() = 0;
  // Something moved on (a message arrived, a transaction finished): check for done.
  virtual void onProgress() = 0;
  virtual void onSessionClosed(Session* s, media::CloseReason reason) = 0;
};

// The chunk being written (a chunk may take several writes; responses wait for it).
struct OutChunk {
  OutMessage* msg = nullptr;
  std::string tid;
  uint64_t start = 0;  // 0-based offsets in the message
  uint64_t end = 0;
  uint64_t pos = 0;
  char flag = '$';
  proto::msrp::ChunkWriter writer;
};

class Session final : public media::TcpConnection::Handler, public proto::msrp::FrameSink {
 public:
  Session(uv_loop_t* loop, const Options& opts, EventLog& log, Counters& counters,
          SessionHost& host, std::unique_ptr<media::TcpConnection> conn, std::string local_uri,
          std::string remote_path, std::unique_ptr<Outbox> outbox);
  ~Session() override;

  // Starts reading, sends the binding SEND if asked, starts sending.
  void start();
  // Our sends are all written and answered (and success-reported when asked).
  bool sendingDone() const;
  bool hasOutbox() const { return outbox_ != nullptr; }
  // Expires our transactions whose timeout passed.
  void checkTimeouts();
  // Writes what is queued, then closes; the "closed" event names `reason`.
  void closeGracefully(media::CloseReason reason = media::CloseReason::kLocal);
  // Closes at once; what is not written yet is dropped (a timeout, a lost peer).
  void closeNow(media::CloseReason reason);
  bool closed() const { return closed_; }

  // media::TcpConnection::Handler
  void onData(ByteView bytes, const media::buffer::BlockRef& block) override;
  void onConnected() override {}
  void onWriteDrained() override;
  void onClose(media::CloseReason reason) override;

  // proto::msrp::FrameSink
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView piece) override;
  void onEnd(proto::msrp::EndFlag flag) override;

 private:
  // The request being received, copied out of the parser's views.
  struct InFrame {
    bool active = false;
    bool is_request = true;
    proto::msrp::Method method = proto::msrp::Method::kOther;
    std::string tid;
    std::string from_path;  // the full From-Path (REPORT To-Path)
    std::string message_id;
    proto::msrp::ByteRange range;
    bool has_body = false;
    proto::msrp::ReportMode success = proto::msrp::ReportMode::kNo;
    proto::msrp::ReportMode failure = proto::msrp::ReportMode::kYes;
    uint16_t refuse = 0;  // answer this instead of handling (400, 501)
    std::string refuse_reason;
    uint64_t bytes = 0;
    InboundMessage* msg = nullptr;
    // REPORT
    uint16_t report_status = 0;
  };

  void handleResponse(const proto::msrp::FrameHead& head);
  void finishRequest(proto::msrp::EndFlag flag);
  void respond(const InFrame& f, uint16_t status, std::string_view comment);
  void sendSuccessReport(const InFrame& f, const FinishedMessage& m);
  void framingError();
  void learnRemotePath(std::string_view from_path);

  void sendBind();
  void schedulePump(uint64_t delay_ms);
  void pump();
  bool startChunk();
  bool writePiece();
  void flushOut();
  void chunkAnswered(OutMessage* m, uint16_t status, bool awaited);
  void maybeFinishMessage(OutMessage* m);
  void fail(const char* kind, const std::string& detail);
  void limitReadRate();
  void resumeReadingIfAllowed();

  const Options& opts_;
  EventLog& log_;
  Counters& counters_;
  SessionHost& host_;
  std::unique_ptr<media::TcpConnection> conn_;
  std::string local_uri_;
  std::string remote_path_;
  std::unique_ptr<Outbox> outbox_;
  proto::msrp::Parser parser_;
  Reassembly reassembly_;
  Transactions transactions_;
  InFrame in_;
  std::optional<OutChunk> cur_;
  std::string out_;      // frames to write at the next flush
  std::string control_;  // responses and REPORTs waiting for the chunk in progress to end
  media::UvHandle<uv_timer_t> pump_timer_;
  media::UvHandle<uv_timer_t> close_timer_;
  media::UvHandle<uv_timer_t> read_timer_;  // --recv-rate: resumes reading
  uint64_t start_ms_ = 0;
  uint64_t close_deadline_ms_ = 0;
  bool pump_scheduled_ = false;
  bool started_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool read_paused_ = false;  // our output is not being read: stop reading too
  bool rate_paused_ = false;
  bool window_full_ =
      false;  // sending waits for responses (--window)  // --recv-rate: ahead of the allowance
  uint64_t read_bytes_ = 0;
  media::CloseReason close_reason_ = media::CloseReason::kLocal;
  uint64_t finished_ = 0;         // messages whose sent_message event was printed
  uint64_t reports_pending_ = 0;  // finished messages still waiting for a success REPORT
};

}  // namespace msrpgw::tools::msrp
