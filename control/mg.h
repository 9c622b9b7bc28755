// The H.248 media gateway: wires the transport, the transaction layer, registration, the
// package registry and the context executor to one MediaEngine, on the control loop.
// Owner: control loop (the loop given at construction). Not thread-safe.
//
// Inbound path: a message from an address that is not a configured (or followed) MGC is
// dropped and counted; one that does not parse is answered with the parser's code (on the
// transaction when peekHeader() finds its id, else as a message-level Error); requests
// before the registration reply get 505, requests from an MGC other than the one we are
// registered with 504, a version above the negotiated one 406; the rest run in the
// executor. ServiceChange on ROOT from the MGC goes to the registrar.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "control/clock.h"
#include "control/context/context_table.h"
#include "control/context/executor.h"
#include "control/package/registry.h"
#include "control/registration/registrar.h"
#include "control/transaction/transaction_layer.h"
#include "control/transport/transport.h"
#include "media/engine/media_engine.h"
#include "media/loop/uv_handle.h"
#include "proto/base/result.h"

namespace msrpgw::control {

struct MgConfig {
  std::string listen = "127.0.0.1:2944";
  std::string mid;                // our mId (parseMid text); empty: "[listen address]:port"
  std::string transport = "udp";  // udp, or tcp (TPKT)
  size_t udp_max_message = 8192;  // larger replies over UDP: v3 segments, or 533
  std::vector<std::string> mgcs = {"127.0.0.1:2945"};
  uint8_t version = 3;
  std::string profile_name = "msrpgw";
  uint32_t profile_version = 1;
  transaction::TimerConfig timers;
  uint32_t max_contexts = 10000;
  Millis register_retry = 5000;
  Millis mgc_silence = 0;
  bool graceful = true;
  uint32_t graceful_delay_s = 0;
  Millis shutdown_wait = 2000;  // longest wait for the MGC's reply to our last ServiceChange
};

struct MgStats {
  uint64_t dropped_unauthorized = 0;
  uint64_t parse_errors = 0;
  uint64_t rejected_before_registration = 0;
  uint64_t rejected_wrong_mgc = 0;
  uint64_t inactivity_notifies = 0;
};

class MediaGateway {
 public:
  MediaGateway(uv_loop_t* loop, MgConfig config, media::MediaEngine& engine);
  ~MediaGateway();
  MediaGateway(const MediaGateway&) = delete;
  MediaGateway& operator=(const MediaGateway&) = delete;

  // Binds the H.248 socket and starts registration.
  Status start();
  // ServiceChange Graceful/Forced, waits as configured, closes; then `done`.
  void stop(std::function<void()> done);

  uint16_t port() const { return transport_->port(); }
  const MgStats& stats() const { return stats_; }
  const transaction::LayerStats& layerStats() const { return layer_.stats(); }
  const registration::Registrar& registrar() const { return registrar_; }

 private:
  class LoopClock : public Clock {
   public:
    explicit LoopClock(uv_loop_t* loop) : loop_(loop) {}
    Millis now() const override {
      uv_update_time(loop_);
      return static_cast<Millis>(uv_now(loop_));
    }

   private:
    uv_loop_t* loop_;
  };

  void onDatagram(const std::string& peer, std::string_view bytes);
  void onRequest(const std::string& peer, uint8_t version,
                 const proto::h248::TransactionRequest& request,
                 transaction::TransactionLayer::ReplyFn reply);
  void onRootChanged();
  void sendNotify(uint32_t context, proto::h248::CommandRequest notify);
  void rearm();
  static void onTimer(uv_timer_t* t);
  void finishStop();
  // The mId we send: the configured one, or "[listen address]:<bound port>".
  proto::h248::MId selfMid() const;

  uv_loop_t* loop_;
  MgConfig config_;
  LoopClock clock_;
  package::Registry registry_;
  context::ContextTable table_;
  std::unique_ptr<transport::Transport> transport_;
  transaction::TransactionLayer layer_;
  registration::Registrar registrar_;
  context::Executor executor_;
  media::UvHandle<uv_timer_t> timer_;
  MgStats stats_;
  Millis inactivity_ = 0;  // it/ito: 0 = off
  uint32_t inactivity_request_id_ = 0;
  Millis last_from_mgc_ = 0;
  bool stopping_ = false;
  Millis drain_deadline_ = 0;
  std::function<void()> stop_done_;
};

// "[ip]:port" mId of an endpoint "ip:port" / "[ip]:port".
proto::h248::MId midOf(const std::string& endpoint);

}  // namespace msrpgw::control
