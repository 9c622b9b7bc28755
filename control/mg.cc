#include "control/mg.h"

#include <algorithm>
#include <charconv>

#include "control/mid.h"
#include "control/package/builtin.h"
#include "control/transport/tcp_transport.h"
#include "control/transport/udp_transport.h"
#include "proto/h248/encode.h"
#include "proto/h248/errc.h"
#include "proto/h248/parser.h"
#include "proto/h248/peek.h"
#include "spdlog/spdlog.h"

namespace msrpgw::control {

namespace h248 = proto::h248;

namespace {

std::shared_ptr<spdlog::logger> logger() {
  auto l = spdlog::get("h248");
  return l ? l : spdlog::default_logger();
}

Millis number(const std::string& s, Millis fallback) {
  Millis v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : fallback;
}

std::unique_ptr<transport::Transport> makeTransport(const std::string& kind, uv_loop_t* loop,
                                                    transport::Transport::OnMessage on) {
  if (kind == "tcp") return std::make_unique<transport::TcpTransport>(loop, std::move(on));
  return std::make_unique<transport::UdpTransport>(loop, std::move(on));
}

// A reply larger than the transport carries in one message becomes 533 (H.248.1 D.1);
// over TCP our requests go once (D.2).
transaction::TimerConfig withTransport(transaction::TimerConfig t,
                                       const transport::Transport& transport, size_t udp_max) {
  t.max_message_bytes = transport.reliable() ? transport.maxMessageBytes()
                                             : std::min(transport.maxMessageBytes(), udp_max);
  t.reliable_transport = transport.reliable();
  return t;
}

}  // namespace

h248::MId midOf(const std::string& endpoint) {
  h248::MId m;
  std::string host = registration::hostOf(endpoint);
  m.kind = host.find(':') != std::string::npos ? h248::MId::Kind::kIp6 : h248::MId::Kind::kIp4;
  m.address = host;
  size_t colon = endpoint.rfind(':');
  if (colon != std::string::npos) {
    m.port = static_cast<uint16_t>(std::atoi(endpoint.c_str() + colon + 1));
  }
  return m;
}

MediaGateway::MediaGateway(uv_loop_t* loop, MgConfig config, media::MediaEngine& engine)
    : loop_(loop),
      config_(std::move(config)),
      clock_(loop),
      registry_(package::builtinRegistry()),
      table_(config_.max_contexts),
      transport_(makeTransport(
          config_.transport, loop,
          [this](const std::string& peer, std::string_view b) { onDatagram(peer, b); })),
      layer_(
          clock_, withTransport(config_.timers, *transport_, config_.udp_max_message),
          midOf(config_.listen),
          [this](const std::string& peer, const std::string& bytes) {
            transport_->send(peer, bytes);
          },
          [this](const std::string& peer, uint8_t version, const h248::TransactionRequest& request,
                 transaction::TransactionLayer::ReplyFn reply) {
            onRequest(peer, version, request, std::move(reply));
          }),
      registrar_(clock_,
                 registration::RegistrarConfig{config_.mgcs, config_.version, config_.profile_name,
                                               config_.profile_version, 0, config_.register_retry,
                                               config_.mgc_silence},
                 layer_,
                 {[this](const std::string&, uint8_t) { last_from_mgc_ = clock_.now(); }, {}}),
      executor_(clock_, registry_, table_, engine,
                {[this](uint32_t ctx, h248::CommandRequest n) { sendNotify(ctx, std::move(n)); },
                 [this] { onRootChanged(); }}) {
  const transaction::TimerConfig& t = config_.timers;
  executor_.setRootProperty(package::kRootNormalMgExecTime, std::to_string(t.normal_mg_execution));
  executor_.setRootProperty(package::kRootMgProvisional, std::to_string(t.provisional_interval));
  executor_.setRootProperty(package::kRootMgPendingLimit, std::to_string(t.mg_pending_limit));
  uv_timer_init(loop_, timer_.get());
  timer_.markInitialised();
  timer_->data = this;
}

MediaGateway::~MediaGateway() = default;

h248::MId MediaGateway::selfMid() const {
  if (!config_.mid.empty()) {
    if (std::optional<h248::MId> m = parseMid(config_.mid)) return *m;
    logger()->warn("h248 unusable mid={}; using the listen address", config_.mid);
  }
  // The mId carries the port actually bound (listen may say port 0 in tests).
  h248::MId self = midOf(config_.listen);
  self.port = transport_->port();
  return self;
}

Status MediaGateway::start() {
  Status s = transport_->bind(config_.listen);
  if (!s.ok()) return s;
  layer_.setSelf(selfMid());
  registrar_.setServiceChangePort(transport_->port());
  logger()->info("h248 listening addr={} port={} transport={}", config_.listen, transport_->port(),
                 transport_->name());
  registrar_.start();
  rearm();
  return {};
}

void MediaGateway::onDatagram(const std::string& peer, std::string_view bytes) {
  if (!registrar_.allowed(peer)) {
    ++stats_.dropped_unauthorized;
    logger()->debug("dropped message from unauthorized peer={}", peer);
    return;
  }
  if (peer == registrar_.mgc()) last_from_mgc_ = clock_.now();
  registrar_.onActivity(peer);
  Result<h248::Message> m = h248::parseMessage(bytes);
  if (!m.ok()) {
    ++stats_.parse_errors;
    const Error& e = m.error();
    logger()->debug("unparsable message peer={} error=\"{}\"", peer, describe(e));
    Result<h248::PeekedHeader> head = h248::peekHeader(bytes);
    h248::Message reply;
    reply.version = head.ok() && head->version >= 1 && head->version <= 3 ? head->version : 1;
    reply.mid = selfMid();
    h248::ErrorDescriptor err{
        e.code,
        std::string(h248::errcText(static_cast<h248::Errc>(e.code))) + ": " + e.reason +
            (e.offset != kNoOffset ? " at byte " + std::to_string(e.offset) : std::string())};
    if (head.ok() && head->first_kind == h248::TransactionKind::kRequest && head->first_id) {
      h248::TransactionReply r;
      r.id = *head->first_id;
      r.error = err;
      reply.transactions.push_back(r);
    } else if (head.ok() && head->first_kind != h248::TransactionKind::kNone) {
      return;  // a broken reply, pending or ack: nothing to answer
    } else {
      reply.error = err;
    }
    transport_->send(peer, h248::encodeCompact(reply));
    rearm();
    return;
  }
  layer_.onMessage(peer, m.value());
  rearm();
}

void MediaGateway::onRequest(const std::string& peer, uint8_t version,
                             const h248::TransactionRequest& request,
                             transaction::TransactionLayer::ReplyFn reply) {
  auto refuse = [&](h248::Errc code, std::string text) {
    transaction::TransactionLayer::Answer a;
    a.error = h248::ErrorDescriptor{static_cast<uint16_t>(code), std::move(text)};
    reply(std::move(a));
  };
  // A ServiceChange on ROOT from an MGC: registration business, accepted in any state.
  if (request.actions.size() == 1 && request.actions[0].commands.size() == 1 &&
      request.actions[0].commands[0].kind == h248::CommandKind::kServiceChange) {
    h248::ActionReply ar;
    ar.context_id = request.actions[0].context_id;
    ar.replies.push_back(registrar_.onServiceChange(peer, request.actions[0].commands[0]));
    transaction::TransactionLayer::Answer a;
    a.actions.push_back(std::move(ar));
    reply(std::move(a));
    return;
  }
  if (stopping_ && !registrar_.registered()) {
    return refuse(h248::Errc::kServiceUnavailable, "Service unavailable: the MG is stopping");
  }
  if (!registrar_.registered()) {
    ++stats_.rejected_before_registration;
    return refuse(h248::Errc::kBeforeServiceChangeReply,
                  "Transaction received before ServiceChange reply");
  }
  if (peer != registrar_.mgc()) {
    ++stats_.rejected_wrong_mgc;
    return refuse(h248::Errc::kUnauthorizedEntity, "Command from unauthorized entity " + peer +
                                                       ": the MG is registered with " +
                                                       registrar_.mgc());
  }
  if (version > registrar_.version()) {
    return refuse(h248::Errc::kVersionNotSupported, "Version " + std::to_string(version) +
                                                        " not supported; negotiated version " +
                                                        std::to_string(registrar_.version()));
  }
  executor_.execute(request.actions, [this, reply](std::vector<h248::ActionReply> replies) {
    transaction::TransactionLayer::Answer a;
    a.actions = std::move(replies);
    reply(std::move(a));
    rearm();
  });
}

void MediaGateway::onRootChanged() {
  transaction::TimerConfig t = layer_.timers();
  t.normal_mg_execution =
      number(executor_.rootProperty(package::kRootNormalMgExecTime), t.normal_mg_execution);
  t.provisional_interval =
      number(executor_.rootProperty(package::kRootMgProvisional), t.provisional_interval);
  t.mg_pending_limit = static_cast<uint32_t>(
      number(executor_.rootProperty(package::kRootMgPendingLimit), t.mg_pending_limit));
  layer_.setTimers(t);
  inactivity_ = 0;
  if (const auto& ev = executor_.rootEvents()) {
    for (const h248::RequestedEvent& e : ev->events) {
      if (package::lower(e.name) != "it/ito") continue;
      Millis mit = 0;
      for (const h248::Parm& p : e.params) {
        if (package::lower(p.name) == "mit") mit = number(p.values.at(0), 0) * 10;
      }
      inactivity_ = mit > 0 ? mit : 0;
      inactivity_request_id_ = ev->request_id.value_or(0);
    }
  }
  last_from_mgc_ = clock_.now();
  rearm();
}

void MediaGateway::sendNotify(uint32_t context, h248::CommandRequest notify) {
  if (!registrar_.registered()) return;
  h248::ActionRequest a;
  a.context_id = context;
  a.commands.push_back(std::move(notify));
  layer_.sendRequest(registrar_.mgc(), registrar_.version(), {a},
                     [](const Result<h248::TransactionReply>& r) {
                       if (!r.ok()) logger()->warn("Notify not answered by the MGC");
                     });
  rearm();
}

void MediaGateway::rearm() {
  if (!timer_.initialised()) return;
  std::optional<Millis> d = layer_.nextDeadline();
  auto take = [&d](std::optional<Millis> t) {
    if (t) d = d ? std::min(*d, *t) : *t;
  };
  take(registrar_.nextDeadline());
  if (inactivity_ > 0 && registrar_.registered()) take(last_from_mgc_ + inactivity_);
  if (stopping_ && drain_deadline_) take(drain_deadline_);
  if (!d) {
    uv_timer_stop(timer_.get());
    return;
  }
  Millis now = clock_.now();
  uint64_t wait = *d > now ? static_cast<uint64_t>(*d - now) : 0;
  uv_timer_start(timer_.get(), onTimer, wait, 0);
}

void MediaGateway::onTimer(uv_timer_t* t) {
  auto* self = static_cast<MediaGateway*>(t->data);
  if (!self) return;
  self->layer_.poll();
  self->registrar_.poll();
  Millis now = self->clock_.now();
  if (self->inactivity_ > 0 && self->registrar_.registered() &&
      self->last_from_mgc_ + self->inactivity_ <= now) {
    ++self->stats_.inactivity_notifies;
    self->last_from_mgc_ = now;
    h248::CommandRequest n;
    n.kind = h248::CommandKind::kNotify;
    n.termination_id = "ROOT";
    h248::ObservedEvent oe;
    oe.name = "it/ito";
    n.descriptors.push_back(h248::ObservedEventsDescriptor{self->inactivity_request_id_, {oe}});
    self->sendNotify(h248::kNullContext, std::move(n));
  }
  if (self->stopping_ && self->drain_deadline_ &&
      (self->drain_deadline_ <= now || self->table_.size() == 0)) {
    return self->finishStop();
  }
  self->rearm();
}

void MediaGateway::stop(std::function<void()> done) {
  if (stopping_) return;
  stopping_ = true;
  stop_done_ = std::move(done);
  logger()->info("h248 stopping method={} delay={}s", config_.graceful ? "graceful" : "forced",
                 config_.graceful_delay_s);
  registrar_.shutdown(config_.graceful, config_.graceful_delay_s, config_.shutdown_wait, [this] {
    if (config_.graceful && config_.graceful_delay_s > 0 && table_.size() > 0) {
      drain_deadline_ = clock_.now() + static_cast<Millis>(config_.graceful_delay_s) * 1000;
      rearm();
      return;
    }
    finishStop();
  });
  rearm();
}

void MediaGateway::finishStop() {
  const transaction::LayerStats& st = layer_.stats();
  logger()->info(
      "h248 stopped requests={} duplicates={} pending_sent={} replies_segmented={} "
      "segments_sent={} segments_resent={} segment_acks={} replies_too_large={} "
      "requests_sent={} retransmissions={} requests_timed_out={}",
      st.requests_received, st.duplicates_answered, st.pending_sent, st.replies_segmented,
      st.segments_sent, st.segments_resent, st.segment_acks_received, st.replies_too_large,
      st.requests_sent, st.retransmissions, st.requests_timed_out);
  drain_deadline_ = 0;
  layer_.cancelRequests();
  timer_.reset();
  transport_->close();
  if (stop_done_) {
    auto done = std::move(stop_done_);
    stop_done_ = nullptr;
    done();
  }
}

}  // namespace msrpgw::control
