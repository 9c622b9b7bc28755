// The tool as a whole: one uv loop, a listener (--listen, any number of connections) or
// one outgoing connection (--connect), the messages to send (handed to the first
// connection), the done / timeout / signal logic, and the final "summary" event.
// Exit codes: 0 done; 1 --timeout-ms passed first; 2 usage or local setup error;
// 3 connection failed or lost before done; 4 a sent message failed (non-200 response or
// transaction timeout).
// Owner: the thread that calls run(). Not thread-safe.
#pragma once

#include <uv.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "media/buffer/block.h"
#include "media/connection/listener.h"
#include "media/connection/tcp_connection.h"
#include "media/loop/uv_handle.h"
#include "tools/msrp/counters.h"
#include "tools/msrp/event_log.h"
#include "tools/msrp/options.h"
#include "tools/msrp/outbox.h"
#include "tools/msrp/session.h"

namespace msrpgw::tools::msrp {

class Endpoint final : public SessionHost, public media::TcpConnection::Handler {
 public:
  explicit Endpoint(Options opts);
  ~Endpoint() override;
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Runs until done; returns the exit code.
  int run();

  // SessionHost
  uint64_t nowMs() const override;
  std::mt19937_64& rng() override { return rng_; }
  void onProgress() override;
  void onSessionClosed(Session* s, media::CloseReason reason) override;

  // media::TcpConnection::Handler, while connecting (--connect)
  void onData(ByteView, const media::buffer::BlockRef&) override {}
  void onConnected() override;
  void onClose(media::CloseReason reason) override;

 private:
  bool buildOutbox();
  bool startListening();
  bool startConnecting();
  void startSession(std::unique_ptr<media::TcpConnection> conn, std::string remote_path);
  bool goalsMet() const;
  bool hasGoals() const;
  void finish(int code);
  void stopIfIdle();
  void emitSummary();
  void startTimer(media::UvHandle<uv_timer_t>& t, uint64_t timeout, uint64_t repeat,
                  uv_timer_cb cb);

  Options opts_;
  uv_loop_t loop_{};
  EventLog log_;
  Counters counters_;
  std::mt19937_64 rng_;
  media::buffer::BlockPool pool_;
  std::unique_ptr<Outbox> outbox_;  // until handed to the first session
  bool had_outbox_ = false;
  Session* sender_ = nullptr;  // the session that got the outbox
  std::unique_ptr<media::Listener> listener_;
  std::unique_ptr<media::TcpConnection> connecting_;
  std::vector<std::unique_ptr<Session>> sessions_;
  std::vector<std::unique_ptr<Session>> graveyard_;  // freed on the next loop turn
  std::string local_uri_;
  media::UvHandle<uv_timer_t> tick_;
  media::UvHandle<uv_timer_t> deadline_;
  media::UvHandle<uv_signal_t> sigint_;
  media::UvHandle<uv_signal_t> sigterm_;
  media::UvHandle<uv_check_t> flush_;
  uint64_t start_ms_ = 0;
  bool finishing_ = false;
  bool stopped_ = false;
  int exit_code_ = 0;
};

}  // namespace msrpgw::tools::msrp
