// Registration of the MG with its MGC (H.248.1 clause 11): ServiceChange on ROOT with
// Method Restart, Reason 901, our Profile and Version; the reply's Version (lower wins),
// MgcIdToTry (followed unless it names the current MGC or one already tried this round)
// and errors (next MGC; 406 steps the version down). The configured MGCs are tried in
// turn; when all failed the round starts again after the retry delay.
// Also: MGC-originated ServiceChange on ROOT (HandOff/Failover with MgcIdToTry: register
// there with HandOff 903; Restart/Disconnected: register again), re-registration with
// Method Disconnected when the MGC has been silent too long, and shutdown (Graceful with
// Delay, or Forced).
// Owner: control loop. Not thread-safe. Time from the injected Clock; the owner calls
// poll() when nextDeadline() passes.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "control/clock.h"
#include "control/transaction/transaction_layer.h"
#include "proto/h248/ast.h"

namespace msrpgw::control::registration {

struct RegistrarConfig {
  std::vector<std::string> mgcs;  // "ip:port", tried in order
  uint8_t version = 3;            // the highest version we offer
  std::string profile_name = "msrpgw";
  uint32_t profile_version = 1;
  uint16_t service_change_port = 0;  // ServiceChangeAddress (our port); 0: omitted
  Millis retry_delay = 5000;         // after every MGC of the list failed
  Millis mgc_silence = 0;            // re-register after this long without a message; 0: off
};

enum class State { kIdle, kRegistering, kRegistered, kWaitingRetry, kShuttingDown, kStopped };
const char* stateName(State s);

class Registrar {
 public:
  struct Hooks {
    std::function<void(const std::string& mgc, uint8_t version)> registered;
    std::function<void()> lost;  // no longer registered (re-registration starts)
  };

  Registrar(const Clock& clock, RegistrarConfig config, transaction::TransactionLayer& layer,
            Hooks hooks);

  void start();
  // Our H.248 port, sent as ServiceChangeAddress (known once the transport is bound).
  void setServiceChangePort(uint16_t port) { config_.service_change_port = port; }
  // A message arrived from `peer` (for the silence timer).
  void onActivity(const std::string& peer);
  void poll();
  std::optional<Millis> nextDeadline() const;

  // A ServiceChange on ROOT sent by an MGC; returns the reply to put in the transaction.
  proto::h248::CommandReply onServiceChange(const std::string& from,
                                            const proto::h248::CommandRequest& sc);

  // Sends Graceful (with `delay_s`) or Forced; `done` runs once the MGC answered or
  // `wait` passed (at once when not registered).
  void shutdown(bool graceful, uint32_t delay_s, Millis wait, std::function<void()> done);

  State state() const { return state_; }
  bool registered() const { return state_ == State::kRegistered; }
  const std::string& mgc() const { return mgc_; }
  uint8_t version() const { return version_; }
  // Addresses (ip) we accept H.248 from: the configured MGCs and any MgcIdToTry followed.
  bool allowed(const std::string& peer) const;
  uint64_t attempts() const { return attempts_; }

 private:
  void registerWith(const std::string& mgc, proto::h248::ServiceChangeMethod method,
                    const std::string& reason);
  void onReply(uint64_t attempt, Result<proto::h248::TransactionReply> r);
  void nextMgc();
  void finishShutdown();

  const Clock& clock_;
  RegistrarConfig config_;
  transaction::TransactionLayer& layer_;
  Hooks hooks_;
  State state_ = State::kIdle;
  std::string mgc_;
  size_t index_ = 0;  // position in config_.mgcs of this round
  std::set<std::string> tried_;
  std::set<std::string> allowed_ips_;
  uint8_t version_ = 3;
  uint8_t offered_version_ = 3;
  proto::h248::ServiceChangeMethod method_ = proto::h248::ServiceChangeMethod::kRestart;
  std::string reason_;
  uint64_t attempt_ = 0;
  uint64_t attempts_ = 0;
  Millis retry_at_ = 0;
  Millis last_heard_ = 0;
  Millis shutdown_deadline_ = 0;
  std::function<void()> shutdown_done_;
};

// "ip:port" of an MgcIdToTry ([192.0.2.1]:2944 -> "192.0.2.1:2944"); nullopt for names.
std::optional<std::string> mgcAddress(const proto::h248::MId& mid);
// The ip part of "ip:port" / "[v6]:port".
std::string hostOf(const std::string& endpoint);

}  // namespace msrpgw::control::registration
