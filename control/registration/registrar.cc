#include "control/registration/registrar.h"

#include "proto/h248/errc.h"
#include "spdlog/spdlog.h"

namespace msrpgw::control::registration {

namespace h248 = proto::h248;

const char* stateName(State s) {
  switch (s) {
    case State::kIdle: return "idle";
    case State::kRegistering: return "registering";
    case State::kRegistered: return "registered";
    case State::kWaitingRetry: return "waiting_retry";
    case State::kShuttingDown: return "shutting_down";
    case State::kStopped: return "stopped";
  }
  return "?";
}

std::string hostOf(const std::string& endpoint) {
  size_t colon = endpoint.rfind(':');
  std::string host = colon == std::string::npos ? endpoint : endpoint.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

std::optional<std::string> mgcAddress(const h248::MId& mid) {
  uint16_t port = mid.port.value_or(2944);
  switch (mid.kind) {
    case h248::MId::Kind::kIp4: return mid.address + ":" + std::to_string(port);
    case h248::MId::Kind::kIp6: return "[" + mid.address + "]:" + std::to_string(port);
    case h248::MId::Kind::kDomain:
    case h248::MId::Kind::kDevice:
    case h248::MId::Kind::kMtp: break;
  }
  return std::nullopt;
}

Registrar::Registrar(const Clock& clock, RegistrarConfig config,
                     transaction::TransactionLayer& layer, Hooks hooks)
    : clock_(clock), config_(std::move(config)), layer_(layer), hooks_(std::move(hooks)) {
  version_ = offered_version_ = config_.version;
  for (const std::string& m : config_.mgcs) allowed_ips_.insert(hostOf(m));
}

bool Registrar::allowed(const std::string& peer) const {
  return allowed_ips_.count(hostOf(peer)) > 0;
}

void Registrar::start() {
  index_ = 0;
  tried_.clear();
  offered_version_ = config_.version;
  registerWith(config_.mgcs.at(0), h248::ServiceChangeMethod::kRestart, "901 Cold Boot");
}

void Registrar::registerWith(const std::string& mgc, h248::ServiceChangeMethod method,
                             const std::string& reason) {
  bool was_registered = state_ == State::kRegistered;
  state_ = State::kRegistering;
  mgc_ = mgc;
  method_ = method;
  reason_ = reason;
  tried_.insert(mgc);
  allowed_ips_.insert(hostOf(mgc));
  if (was_registered && hooks_.lost) hooks_.lost();
  h248::ServiceChangeParms p;
  p.method = method;
  p.reason = reason;
  if (config_.service_change_port) p.address_port = config_.service_change_port;
  p.profile = h248::ServiceChangeProfile{config_.profile_name, config_.profile_version};
  p.version = offered_version_;
  h248::CommandRequest sc;
  sc.kind = h248::CommandKind::kServiceChange;
  sc.termination_id = "ROOT";
  sc.descriptors.push_back(p);
  h248::ActionRequest a;
  a.context_id = h248::kNullContext;
  a.commands.push_back(sc);
  uint64_t attempt = ++attempt_;
  ++attempts_;
  spdlog::get("h248") ? spdlog::get("h248")->info("registering mgc={} version={} reason=\"{}\"",
                                                  mgc, offered_version_, reason)
                      : void();
  layer_.sendRequest(mgc, offered_version_, {a}, [this, attempt](Result<h248::TransactionReply> r) {
    onReply(attempt, std::move(r));
  });
}

void Registrar::onReply(uint64_t attempt, Result<h248::TransactionReply> r) {
  if (attempt != attempt_) return;  // a stale registration
  if (state_ == State::kShuttingDown) return finishShutdown();
  if (state_ != State::kRegistering) return;
  auto log = spdlog::get("h248");
  if (!r.ok()) {
    if (log) log->warn("no reply to ServiceChange mgc={}", mgc_);
    return nextMgc();
  }
  const h248::TransactionReply& reply = r.value();
  std::optional<h248::ErrorDescriptor> error = reply.error;
  const h248::ServiceChangeParms* parms = nullptr;
  for (const h248::ActionReply& a : reply.actions) {
    if (a.error && !error) error = a.error;
    for (const h248::CommandReply& c : a.replies) {
      for (const h248::Descriptor& d : c.descriptors) {
        if (const auto* e = std::get_if<h248::ErrorDescriptor>(&d)) {
          if (!error) error = *e;
        }
        if (const auto* p = std::get_if<h248::ServiceChangeParms>(&d)) parms = p;
      }
    }
  }
  if (error) {
    if (log) log->warn("ServiceChange refused mgc={} code={}", mgc_, error->code);
    if (error->code == static_cast<uint16_t>(h248::Errc::kVersionNotSupported) &&
        offered_version_ > 1) {
      --offered_version_;
      return registerWith(mgc_, method_, reason_);
    }
    return nextMgc();
  }
  if (parms && parms->mgc_id) {
    std::optional<std::string> target = mgcAddress(*parms->mgc_id);
    if (target && *target != mgc_) {
      if (tried_.count(*target)) {
        if (log) log->warn("MgcIdToTry loops back mgc={} target={}", mgc_, *target);
        return nextMgc();
      }
      if (log) log->info("following MgcIdToTry from={} to={}", mgc_, *target);
      return registerWith(*target, method_, reason_);
    }
    // MgcIdToTry naming the MGC we registered with (or a name we cannot reach): stay.
  }
  version_ = offered_version_;
  if (parms && parms->version && *parms->version >= 1 && *parms->version < version_) {
    version_ = static_cast<uint8_t>(*parms->version);
  }
  state_ = State::kRegistered;
  last_heard_ = clock_.now();
  tried_.clear();
  if (log) log->info("registered mgc={} version={}", mgc_, version_);
  if (hooks_.registered) hooks_.registered(mgc_, version_);
}

void Registrar::nextMgc() {
  // Next configured MGC not tried in this round.
  while (++index_ < config_.mgcs.size()) {
    if (!tried_.count(config_.mgcs[index_])) {
      return registerWith(config_.mgcs[index_], method_, reason_);
    }
  }
  state_ = State::kWaitingRetry;
  retry_at_ = clock_.now() + config_.retry_delay;
  if (auto log = spdlog::get("h248")) {
    log->warn("no MGC accepted the registration; retrying in {} ms", config_.retry_delay);
  }
}

void Registrar::onActivity(const std::string& peer) {
  if (state_ == State::kRegistered && peer == mgc_) last_heard_ = clock_.now();
}

void Registrar::poll() {
  Millis now = clock_.now();
  if (state_ == State::kWaitingRetry && retry_at_ <= now) {
    index_ = 0;
    tried_.clear();
    offered_version_ = config_.version;
    registerWith(config_.mgcs.at(0), method_, reason_);
  } else if (state_ == State::kRegistered && config_.mgc_silence > 0 &&
             last_heard_ + config_.mgc_silence <= now) {
    if (auto log = spdlog::get("h248")) log->warn("MGC silent; re-registering mgc={}", mgc_);
    index_ = 0;
    tried_.clear();
    // Try the same MGC first, then the configured list.
    std::string mgc = mgc_;
    for (size_t i = 0; i < config_.mgcs.size(); ++i) {
      if (config_.mgcs[i] == mgc) index_ = i;
    }
    registerWith(mgc, h248::ServiceChangeMethod::kDisconnected, "900 Service Restored");
  } else if (state_ == State::kShuttingDown && shutdown_deadline_ <= now) {
    finishShutdown();
  }
}

std::optional<Millis> Registrar::nextDeadline() const {
  switch (state_) {
    case State::kWaitingRetry: return retry_at_;
    case State::kRegistered:
      if (config_.mgc_silence > 0) return last_heard_ + config_.mgc_silence;
      return std::nullopt;
    case State::kShuttingDown: return shutdown_deadline_;
    case State::kIdle:
    case State::kRegistering:
    case State::kStopped: break;
  }
  return std::nullopt;
}

h248::CommandReply Registrar::onServiceChange(const std::string& from,
                                              const h248::CommandRequest& sc) {
  h248::CommandReply reply;
  reply.kind = h248::CommandKind::kServiceChange;
  reply.termination_id = sc.termination_id;
  const h248::ServiceChangeParms* p = nullptr;
  for (const h248::Descriptor& d : sc.descriptors) {
    if (const auto* x = std::get_if<h248::ServiceChangeParms>(&d)) p = x;
  }
  if (!p || !p->method) {
    reply.descriptors.push_back(h248::ErrorDescriptor{
        static_cast<uint16_t>(h248::Errc::kMissingParameter), "ServiceChange without Method"});
    return reply;
  }
  if (sc.termination_id != "ROOT" && sc.termination_id != "root") {
    reply.descriptors.push_back(
        h248::ErrorDescriptor{static_cast<uint16_t>(h248::Errc::kNotImplemented),
                              "ServiceChange is supported on ROOT only, not " + sc.termination_id});
    return reply;
  }
  auto log = spdlog::get("h248");
  switch (*p->method) {
    case h248::ServiceChangeMethod::kHandOff:
    case h248::ServiceChangeMethod::kFailover: {
      std::optional<std::string> target =
          p->mgc_id ? mgcAddress(*p->mgc_id) : std::optional<std::string>();
      if (!target) {
        reply.descriptors.push_back(
            h248::ErrorDescriptor{static_cast<uint16_t>(h248::Errc::kMissingParameter),
                                  "HandOff/Failover needs MgcIdToTry with an IP address"});
        return reply;
      }
      if (log) log->info("handoff from={} to={}", from, *target);
      tried_.clear();
      allowed_ips_.insert(hostOf(*target));
      std::string t = *target;
      // Register after this reply is on its way: the layer sends it first.
      registerWith(t, h248::ServiceChangeMethod::kHandOff, "903 MGC Directed Change");
      return reply;
    }
    case h248::ServiceChangeMethod::kRestart:
    case h248::ServiceChangeMethod::kDisconnected:
      if (log) log->info("MGC restarted; registering again mgc={}", from);
      tried_.clear();
      registerWith(from, h248::ServiceChangeMethod::kRestart, "900 Service Restored");
      return reply;
    case h248::ServiceChangeMethod::kForced:
    case h248::ServiceChangeMethod::kGraceful:
      if (log) log->warn("MGC took ROOT out of service method={}", static_cast<int>(*p->method));
      return reply;
  }
  return reply;
}

void Registrar::shutdown(bool graceful, uint32_t delay_s, Millis wait, std::function<void()> done) {
  shutdown_done_ = std::move(done);
  if (state_ != State::kRegistered) {
    state_ = State::kShuttingDown;
    return finishShutdown();
  }
  state_ = State::kShuttingDown;
  shutdown_deadline_ = clock_.now() + wait;
  h248::ServiceChangeParms p;
  p.method = graceful ? h248::ServiceChangeMethod::kGraceful : h248::ServiceChangeMethod::kForced;
  p.reason = "905 Termination taken out of service";
  if (graceful) p.delay = delay_s;
  h248::CommandRequest sc;
  sc.kind = h248::CommandKind::kServiceChange;
  sc.termination_id = "ROOT";
  sc.descriptors.push_back(p);
  h248::ActionRequest a;
  a.context_id = h248::kNullContext;
  a.commands.push_back(sc);
  uint64_t attempt = ++attempt_;
  layer_.sendRequest(mgc_, version_, {a}, [this, attempt](Result<h248::TransactionReply> r) {
    onReply(attempt, std::move(r));
  });
}

void Registrar::finishShutdown() {
  if (state_ == State::kStopped) return;
  state_ = State::kStopped;
  if (shutdown_done_) {
    auto done = std::move(shutdown_done_);
    shutdown_done_ = nullptr;
    done();
  }
}

}  // namespace msrpgw::control::registration
