#include "media/engine/engine.h"

#include <algorithm>
#include <future>
#include <random>
#include <unordered_map>

#include "media/bridge/bridge.h"
#include "media/connection/listener.h"
#include "media/filter/accept_types_filter.h"
#include "media/leg/msrp_connection.h"
#include "media/leg/msrp_leg.h"
#include "media/leg/msrp_splice.h"
#include "proto/base/small_random.h"
#include "proto/msrp/transaction_id.h"
#include "proto/msrp/uri.h"
#include "proto/msrp/writer.h"
#include "proto/sdp/parse.h"
#include "proto/sdp/write.h"

namespace msrpgw::media {

namespace sdp = proto::sdp;
namespace msrp = proto::msrp;

namespace {

bool receives(StreamMode m) {
  return m == StreamMode::kSendReceive || m == StreamMode::kReceiveOnly;
}
bool sends(StreamMode m) {
  return m == StreamMode::kSendReceive || m == StreamMode::kSendOnly;
}

std::string joinPath(const std::vector<std::string>& path) {
  std::string s;
  for (const std::string& u : path) {
    if (!s.empty()) s += ' ';
    s += u;
  }
  return s;
}

// Session-ids route connections, so they must be unguessable: drawn from the OS.
std::string newSessionId() {
  OsRandom os;  // the kernel's random bits: one getrandom(2), no std::random_device set-up
  return msrp::makeIdent(os, 20);
}

// A leg's sink while its context has no bridge yet: nothing to deliver to.
class NoBridge final : public LegSink {
 public:
  std::function<void(bool up, CloseReason)> on_state;
  Verdict onChunkStart(Leg&, const ChunkMeta&) override { return 481; }
  void onChunkBody(Leg&, buffer::Slice) override {}
  Verdict onChunkEnd(Leg&, EndFlag) override { return 481; }
  void onReport(Leg&, const ReportMeta&) override {}
  void onChunkOutcome(Leg&, uint64_t, uint16_t) override {}
  void onLegUp(Leg&) override {
    if (on_state) on_state(true, CloseReason::kLocal);
  }
  void onLegDown(Leg&, CloseReason r) override {
    if (on_state) on_state(false, r);
  }
  void onLegWritable(Leg&) override {}
};

// The sink of a side connection (MsrpLegConfig::reports_only): its REPORTs reach whoever
// listens to the session's own leg, as if they had come on that leg's connection.
class ReportsToPrimary final : public LegSink {
 public:
  explicit ReportsToPrimary(MsrpLeg& primary) : primary_(primary) {}
  Verdict onChunkStart(Leg&, const ChunkMeta&) override { return 506; }
  void onChunkBody(Leg&, buffer::Slice) override {}
  Verdict onChunkEnd(Leg&, EndFlag) override { return 506; }
  void onReport(Leg&, const ReportMeta& report) override {
    if (LegSink* s = primary_.sink()) s->onReport(primary_, report);
  }
  void onChunkOutcome(Leg&, uint64_t, uint16_t) override {}
  void onLegUp(Leg&) override {}
  void onLegDown(Leg&, CloseReason) override {}
  void onLegWritable(Leg&) override {}

 private:
  MsrpLeg& primary_;
};

}  // namespace

struct Engine::Termination final : TcpConnection::Handler {
  Engine* engine = nullptr;
  WorkerState* ws = nullptr;  // the worker it lives on
  uint32_t context = 0;
  std::string id;
  std::string session_id;
  std::string local_uri;
  sdp::Sdp remote;
  bool has_remote = false;
  StreamMode mode = StreamMode::kSendReceive;
  LegOverrides overrides;
  bool active = false;
  uint64_t started_ms = 0;
  uint16_t port = 0;                   // in Local's m= and a=path
  std::unique_ptr<Listener> listener;  // port_per_leg only
  std::unique_ptr<MsrpLeg> leg;
  std::unique_ptr<TcpConnection> connecting;
  NoBridge lone;
  // Side connections: a relay (e.g. kamailio's, stateless) that cannot find the connection
  // this leg opened to it opens one of its own to our port for what it sends back. Only
  // REPORTs are taken there (RFC 4975 binds the session to one connection: SENDs get 506).
  struct Side {
    std::unique_ptr<ReportsToPrimary> sink;
    std::unique_ptr<MsrpLeg> leg;
  };
  std::vector<Side> sides;
  static constexpr size_t kMaxSides = 4;
  std::string local_answer;  // the Local last returned to control
  // Message counters of bridges already gone (Subtract of the other termination, a Move,
  // a new Remote): statistics add the current bridge's to these.
  uint64_t messages_received = 0, messages_sent = 0, messages_aborted = 0;
  // Idle detection: the leg's traffic count when it last changed, and when.
  uint64_t traffic_seen = 0;
  uint64_t traffic_ms = 0;
  bool idle_reported = false;
  // While a Move carries it to another worker: its leg's state (the leg stays behind).
  std::optional<uv_os_sock_t> moving_fd;
  MsrpLegConfig moving_config;
  LegStats moving_stats;

  const sdp::MsrpMedia* remoteMedia() const {
    if (!has_remote) return nullptr;
    auto m = remote.messageMedia();
    return m.empty() ? nullptr : m.front();
  }
  // TcpConnection::Handler, while an active connect is in progress.
  void onData(ByteView, const buffer::BlockRef&) override {}
  void onConnected() override {
    MsrpConnection& c = engine->adoptConnection(ws, std::move(connecting), "");
    leg->attach(c, /*send_bind=*/true);
    c.start();
  }
  void onClose(CloseReason) override {
    connecting.reset();
    engine->emitEvent({context, id, EventKind::kConnectionFailed, "connect_failed"});
  }
};

void Engine::retireBridge(std::vector<std::unique_ptr<Termination>>& terms,
                          std::unique_ptr<Bridge>& bridge) {
  if (bridge && terms.size() == 2) {
    for (size_t i = 0; i < 2; ++i) {
      const Bridge::Side side = i == 0 ? Bridge::kA : Bridge::kB;
      const Bridge::Side other = i == 0 ? Bridge::kB : Bridge::kA;
      terms[i]->messages_received += bridge->stats(side).messages_forwarded;
      terms[i]->messages_aborted += bridge->stats(side).messages_aborted;
      terms[i]->messages_sent += bridge->stats(other).messages_forwarded;
    }
  }
  bridge.reset();
}

struct Engine::WorkerState final : MsrpConnection::Owner {
  Engine* engine = nullptr;
  uint32_t index = 0;
  uv_loop_t* loop = nullptr;
  Worker* worker = nullptr;
  buffer::BlockPool pool{size_t{64} * 1024, 256};
  struct Context {
    std::vector<std::unique_ptr<Termination>> terms;
    std::unique_ptr<Bridge> bridge;  // declared last: destroyed before the legs it uses
  };
  std::unordered_map<uint32_t, Context> contexts;
  std::unique_ptr<Listener> listener;  // worker 0 only, shared port mode
  UvHandle<uv_timer_t> sweep;          // closes connections that never bind
  UvHandle<uv_timer_t> idle_sweep;     // every worker: finds idle legs
  uint64_t bind_timeout_ms = 30000;
  // Every MSRP connection of this worker (accepted, connected, adopted, spliced).
  std::unordered_map<MsrpConnection*, std::unique_ptr<MsrpConnection>> connections;

  Termination* find(uint32_t context, const std::string& id) {
    auto it = contexts.find(context);
    if (it == contexts.end()) return nullptr;
    for (auto& t : it->second.terms) {
      if (t->id == id) return t.get();
    }
    return nullptr;
  }
  // MsrpConnection::Owner
  MsrpConnection::Bind bindSession(MsrpConnection& c, std::string_view session_id,
                                   const msrp::FrameHead&) override {
    return engine->bindSession(this, c, session_id);
  }
  void finished(MsrpConnection& c) override {
    // Freed on a later turn: it may be inside its own callback.
    worker->post([this, raw = &c] { connections.erase(raw); });
  }
};

Engine::Engine(EngineConfig config, Poster to_control)
    : config_(std::move(config)), to_control_(std::move(to_control)) {
  if (config_.workers == 0) config_.workers = 1;
  for (uint32_t i = 0; i < config_.workers; ++i) {
    workers_.push_back(std::make_unique<Worker>("media" + std::to_string(i)));
    auto ws = std::make_unique<WorkerState>();
    ws->index = i;
    ws->loop = workers_.back()->loop();
    ws->worker = workers_.back().get();
    ws->engine = this;
    states_.push_back(std::move(ws));
  }
}

Engine::~Engine() {
  stop();
}

void Engine::emitEvent(TerminationEvent e) {
  if (!on_event_) return;
  to_control_([h = on_event_, e = std::move(e)] { h(e); });
}

MsrpConnection& Engine::adoptConnection(WorkerState* ws, std::unique_ptr<TcpConnection> tcp,
                                        std::string peer_ip) {
  if (peer_ip.empty()) peer_ip = tcp->peerIp();
  auto c = std::make_unique<MsrpConnection>(std::move(tcp), config_.limits, *ws, std::move(peer_ip),
                                            uv_now(ws->loop));
  MsrpConnection* raw = c.get();
  ws->connections[raw] = std::move(c);
  return *raw;
}

void Engine::accept(WorkerState* ws, std::unique_ptr<TcpConnection> tcp,
                    const std::string& already_read, std::string peer_ip) {
  adoptConnection(ws, std::move(tcp), std::move(peer_ip)).start(already_read);
}

Status Engine::start() {
  for (auto& w : workers_) w->start();
  // Every worker closes connections that send no valid head within bind_timeout_ms.
  const uint64_t every = std::max<uint64_t>(config_.bind_timeout_ms / 4, 10);
  for (size_t i = 0; i < workers_.size(); ++i) {
    WorkerState* ws = states_[i].get();
    ws->bind_timeout_ms = config_.bind_timeout_ms;
    workers_[i]->post([ws, every] {
      uv_timer_init(ws->loop, ws->sweep.get());
      ws->sweep.markInitialised();
      ws->sweep->data = ws;
      uv_timer_start(
          ws->sweep.get(),
          [](uv_timer_t* t) {
            auto* w = static_cast<WorkerState*>(t->data);
            const uint64_t now = uv_now(w->loop);
            for (auto& [raw, c] : w->connections) {
              if (!c->everBound() && !c->closing() && now - c->startedMs() >= w->bind_timeout_ms)
                c->close(CloseReason::kIdleTimeout);
            }
          },
          every, every);
    });
  }
  std::promise<Status> bound;
  WorkerState* ws0 = states_[0].get();
  if (config_.port_per_leg) {
    bound.set_value(Status{});
  } else {
    workers_[0]->post([this, ws0, &bound] {
      auto l = Listener::listen(
          ws0->loop, config_.address, config_.port, ws0->pool,
          [this, ws0](std::unique_ptr<TcpConnection> conn) { accept(ws0, std::move(conn)); });
      if (!l.ok()) {
        bound.set_value(l.error());
        return;
      }
      ws0->listener = std::move(l).value();
      port_ = ws0->listener->port();
      bound.set_value(Status{});
    });
  }
  Status s = bound.get_future().get();
  if (config_.idle_timeout_ms != 0) {
    for (size_t i = 0; i < workers_.size(); ++i) {
      WorkerState* ws = states_[i].get();
      workers_[i]->post([ws, every = std::max<uint64_t>(config_.idle_timeout_ms / 4, 10)] {
        uv_timer_init(ws->loop, ws->idle_sweep.get());
        ws->idle_sweep.markInitialised();
        ws->idle_sweep->data = ws;
        uv_timer_start(
            ws->idle_sweep.get(),
            [](uv_timer_t* t) {
              auto* w = static_cast<WorkerState*>(t->data);
              w->engine->sweepIdle(w);
            },
            every, every);
      });
    }
  }
  started_ = true;
  return s;
}

void Engine::stop() {
  if (!started_) return;
  started_ = false;
  placement_.clear();
  for (size_t i = 0; i < workers_.size(); ++i) {
    WorkerState* ws = states_[i].get();
    workers_[i]->stop([ws] {
      for (auto& [id, ctx] : ws->contexts) ctx.bridge.reset();
      ws->contexts.clear();  // legs leave their connections first
      ws->connections.clear();
      ws->listener.reset();
      ws->sweep.reset();
      ws->idle_sweep.reset();
    });
  }
}

// ---- connections on the shared port -----------------------------------------------------

std::optional<uv_os_sock_t> Engine::spliceSession(WorkerState* ws, MsrpConnection& c,
                                                  const std::string& session_id, uint32_t owner,
                                                  MsrpSplice*& splice) {
  uv_os_sock_t fds[2];
  if (uv_socketpair(SOCK_STREAM, 0, fds, 0, 0) != 0) return std::nullopt;
  auto near = TcpConnection::adopt(ws->loop, fds[0], ws->pool);  // closes fds[0] on failure
  if (!near.ok()) {
    ::close(fds[1]);
    return std::nullopt;
  }
  auto s = std::make_unique<MsrpSplice>(c, std::move(near).value(), config_.limits, ws->pool);
  // The shared connection failed: the owning worker closes the session's end with that
  // cause before our end of the pair closes, so its leg reports the real cause.
  s->setOnSharedClosed([this, owner, session_id](uv_os_sock_t our_end, CloseReason reason) {
    WorkerState* to = states_[owner].get();
    const bool posted = workers_[owner]->post([this, to, session_id, our_end, reason] {
      if (auto r = registry_.find(session_id); r && r->worker == to->index) {
        Termination* t = to->find(r->context, r->termination);
        if (t && t->leg->connection()) t->leg->connection()->close(reason);
      }
      ::close(our_end);
    });
    if (!posted) ::close(our_end);
  });
  splice = s.get();
  c.addSession(session_id, splice);
  c.own(std::move(s));
  return fds[1];
}

std::optional<uv_os_sock_t> Engine::spliceOut(WorkerState* ws, MsrpLeg& leg, uint32_t owner) {
  MsrpConnection& c = *leg.connection();
  leg.close();  // leaves the shared connection (it has other sessions: it stays open)
  MsrpSplice* splice = nullptr;
  return spliceSession(ws, c, leg.localSession(), owner, splice);
}

MsrpConnection::Bind Engine::bindSession(WorkerState* ws, MsrpConnection& c,
                                         std::string_view session_id) {
  MsrpConnection::Bind b;
  if (session_id.empty()) {
    b.refuse = 400;  // no MSRP URI first in To-Path
    return b;
  }
  std::optional<SessionRoute> r = registry_.find(std::string(session_id));
  // A passive leg accepts only from its peer's SDP address.
  if (!r || (!r->remote_ip.empty() && c.peerIp() != r->remote_ip)) {
    b.refuse = 481;
    return b;
  }
  if (r->worker != ws->index) {
    WorkerState* owner = states_[r->worker].get();
    Worker* to = workers_[r->worker].get();
    if (!c.everBound()) {
      // A new connection: its socket goes to the owning worker, with what was read.
      b.hand_over = [this, owner, to, peer = c.peerIp()](uv_os_sock_t fd, std::string bytes) {
        to->post([this, owner, fd, peer, bytes = std::move(bytes)]() mutable {
          auto tcp = TcpConnection::adopt(owner->loop, fd, owner->pool);
          if (tcp.ok()) accept(owner, std::move(tcp).value(), bytes, peer);
        });
      };
      return b;
    }
    // The connection carries sessions of this worker already: this one's frames are
    // spliced through a socket pair to the owning worker, which reads the other end as
    // an ordinary connection of that peer.
    MsrpSplice* splice = nullptr;
    auto far = spliceSession(ws, c, std::string(session_id), r->worker, splice);
    if (!far) {
      b.refuse = 481;
      return b;
    }
    const bool posted = to->post([this, owner, fd = *far, peer = c.peerIp()] {
      auto tcp = TcpConnection::adopt(owner->loop, fd, owner->pool);
      if (tcp.ok()) accept(owner, std::move(tcp).value(), "", peer);
    });
    if (!posted) ::close(*far);
    b.session = splice;
    return b;
  }
  Termination* t = ws->find(r->context, r->termination);
  if (!t) {
    b.refuse = 481;
    return b;
  }
  // Side connections that closed are dropped here (never inside their own callbacks).
  std::erase_if(t->sides, [](const Termination::Side& s) { return !s.leg->up(); });
  const bool side = t->active && t->leg->up() && t->leg->connection() != &c &&
                    t->sides.size() < Termination::kMaxSides;
  if (!side && (t->leg->up() || t->connecting)) {
    b.refuse = 506;  // RFC 4975: the session is bound to another connection
    return b;
  }
  if (side) {
    MsrpLegConfig lc = t->leg->config();
    lc.reports_only = true;
    Termination::Side s{std::make_unique<ReportsToPrimary>(*t->leg),
                        std::make_unique<MsrpLeg>(ws->loop, ws->pool, lc)};
    s.leg->setSink(s.sink.get());
    MsrpLeg* leg = s.leg.get();
    t->sides.push_back(std::move(s));
    leg->attach(c, /*send_bind=*/false);
    b.session = leg;
    return b;
  }
  t->leg->attach(c, /*send_bind=*/false);
  b.session = t->leg.get();
  return b;
}

// ---- terminations -----------------------------------------------------------------------

Result<std::string> Engine::localAnswer(const Termination& t, const std::string& local_sdp) const {
  sdp::Sdp local;
  if (!trimSpaces(local_sdp).empty()) {
    auto parsed = sdp::parse(local_sdp);
    if (!parsed.ok()) return makeError(Errc::kBadLocalSdp, "Local SDP does not parse");
    local = std::move(parsed).value();
  }
  if (local.messageMedia().empty()) local.media.emplace_back(sdp::MsrpMedia{});
  const bool v6 = config_.address.find(':') != std::string::npos;
  sdp::Connection c{v6 ? sdp::AddrType::kIp6 : sdp::AddrType::kIp4, config_.address, false};
  if (local.connection) local.connection = c;
  sdp::MsrpMedia* m = local.messageMedia().front();
  m->connection = c;
  m->port = t.port;
  m->port_choose = false;
  m->transport = sdp::Transport::kTcpMsrp;
  m->path = {t.local_uri};
  m->setup = t.active ? sdp::Setup::kActive : sdp::Setup::kPassive;
  if (m->accept_types.empty()) m->accept_types = {sdp::MediaRange{"*", ""}};
  uint64_t max = t.overrides.max_message_size.value_or(config_.max_message_size);
  if (max != 0) m->max_size = max;
  auto text = sdp::write(local, sdp::WriteOptions{.answer = t.has_remote, .concrete = true});
  if (!text.ok()) return makeError(Errc::kBadLocalSdp, "Local SDP cannot be written");
  return std::move(text).value();
}

void Engine::add(uint32_t context, const std::string& termination, TerminationSpec spec,
                 Done<TerminationReply> done) {
  auto t = std::make_unique<Termination>();
  t->engine = this;
  t->ws = states_[place(context).worker].get();
  t->context = context;
  t->id = termination;
  t->mode = spec.mode;
  t->overrides = spec.overrides;
  t->session_id = newSessionId();
  t->port = port_;  // with port_per_leg, chosen on the worker
  WorkerState* ws = t->ws;
  const uint32_t w = ws->index;
  // Tasks must be copyable (std::function): the termination travels as a raw pointer and
  // is owned again on the worker.
  Termination* raw = t.release();
  const bool posted =
      workers_[w]->post([this, ws, raw, context, spec = std::move(spec), done]() mutable {
        Result<TerminationReply> r = addHere(ws, std::unique_ptr<Termination>(raw), spec);
        to_control_([this, context, done = std::move(done), r = std::move(r)]() mutable {
          if (!r.ok()) unplace(context);
          done(std::move(r));
        });
      });
  if (!posted) {
    unplace(context);
    delete raw;
    to_control_([done = std::move(done)] {
      done(makeError(Errc::kShuttingDown, "the engine is stopping"));
    });
  }
}

Result<TerminationReply> Engine::addHere(WorkerState* ws, std::unique_ptr<Termination> t,
                                         const TerminationSpec& spec) {
  auto& ctx = ws->contexts[t->context];
  for (auto& other : ctx.terms) {
    if (other->id == t->id)
      return makeError(Errc::kDuplicateTermination, "termination exists in this context");
  }
  if (ctx.terms.size() >= 2)
    return makeError(Errc::kContextFull, "a context holds two MSRP terminations");
  if (config_.port_per_leg) {
    if (Status s = listenForLeg(ws, *t); !s.ok()) {
      if (ctx.terms.empty()) ws->contexts.erase(t->context);
      return s.error();
    }
  }
  t->local_uri =
      msrp::formatUri(msrp::Scheme::kMsrp, config_.address, t->port, t->session_id, "tcp");
  if (!trimSpaces(spec.remote_sdp).empty()) {
    auto remote = sdp::parse(spec.remote_sdp);
    if (!remote.ok() || remote->messageMedia().empty() ||
        remote->messageMedia().front()->path.empty()) {
      if (ctx.terms.empty()) ws->contexts.erase(t->context);
      return makeError(Errc::kBadRemoteSdp,
                       "Remote SDP is not an MSRP media description with a=path");
    }
    t->remote = std::move(remote).value();
    t->has_remote = true;
  }
  // Who connects (RFC 6135): the MGC's choice in Local, else the opposite of the peer's.
  sdp::Setup local_setup = sdp::Setup::kAbsent;
  if (!trimSpaces(spec.local_sdp).empty()) {
    if (auto l = sdp::parse(spec.local_sdp); l.ok() && !l->messageMedia().empty()) {
      local_setup = l->messageMedia().front()->setup;
    }
  }
  if (local_setup == sdp::Setup::kActive) {
    t->active = true;
  } else if (local_setup == sdp::Setup::kPassive) {
    t->active = false;
  } else if (const sdp::MsrpMedia* rm = t->remoteMedia()) {
    t->active = rm->setup == sdp::Setup::kPassive || rm->setup == sdp::Setup::kActpass;
  }
  auto answer = localAnswer(*t, spec.local_sdp);
  if (!answer.ok()) {
    if (ctx.terms.empty()) ws->contexts.erase(t->context);
    return answer.error();
  }
  MsrpLegConfig lc;
  lc.local_uri = t->local_uri;
  if (const sdp::MsrpMedia* rm = t->remoteMedia()) lc.remote_path = joinPath(rm->path);
  lc.transaction_timeout_ms = config_.transaction_timeout_ms;
  lc.limits = config_.limits;
  const uint64_t buffered = t->overrides.max_buffered.value_or(config_.max_buffered);
  lc.watermarks = {static_cast<size_t>(buffered), static_cast<size_t>(buffered / 4)};
  t->leg = std::make_unique<MsrpLeg>(ws->loop, ws->pool, lc);
  t->started_ms = uv_now(ws->loop);
  Termination* raw = t.get();
  t->lone.on_state = [this, raw](bool up, CloseReason r) {
    emitEvent({raw->context, raw->id, up ? EventKind::kConnected : EventKind::kConnectionLost,
               up ? "" : closeReasonName(r)});
  };
  t->leg->setSink(&t->lone);
  SessionRoute route{ws->index, t->context, t->id, ""};
  if (const sdp::MsrpMedia* rm = t->remoteMedia(); rm && !t->active) {
    if (const sdp::Connection* c = t->remote.connectionFor(*rm); c && !c->choose)
      route.remote_ip = c->address;
  }
  registry_.add(t->session_id, route);
  t->local_answer = answer.value();
  ctx.terms.push_back(std::move(t));
  connectIfDue(ws, raw);
  rebridge(ws, raw->context);
  return TerminationReply{std::move(answer).value()};
}

Status Engine::listenForLeg(WorkerState* ws, Termination& t) {
  const uint32_t lo = config_.port;
  const uint32_t hi = std::max<uint32_t>(config_.port_max, lo);
  const uint32_t span = hi - lo + 1;
  // Ports are taken round-robin from the range, so a port just freed is reused last; the
  // OS says which are busy (ours or anyone's).
  for (uint32_t tries = 0; tries < span; ++tries) {
    const uint32_t port = lo == 0 ? 0 : lo + (next_port_.fetch_add(1) % span);
    auto l = Listener::listen(
        ws->loop, config_.address, static_cast<uint16_t>(port), ws->pool,
        [this, ws](std::unique_ptr<TcpConnection> conn) { accept(ws, std::move(conn)); });
    if (l.ok()) {
      t.listener = std::move(l).value();
      t.port = t.listener->port();
      return Status{};
    }
    if (lo == 0) break;
  }
  return makeError(Errc::kNoResources, "no MSRP port left in the configured range");
}

void Engine::connectIfDue(WorkerState* ws, Termination* t) {
  const sdp::MsrpMedia* rm = t->remoteMedia();
  if (!t->active || !rm || t->leg->up() || t->connecting) return;
  // By default the c= address and m= port, which the controller sets (media anchoring, as
  // with CEMA, RFC 6714: a=path may name a UE address the gateway cannot reach). With
  // connect_to_path, RFC 4975's rule: the first URI of a=path, unless the peer says
  // a=msrp-cema or that URI is not an IP literal with a port.
  sockaddr_storage to;
  bool have = false;
  if (config_.connect_to_path && !rm->cema) {
    if (auto u = msrp::parseUri(rm->path.front());
        u.ok() && u->has_port && u->host_kind != msrp::HostKind::kName) {
      have = makeSockaddr(std::string(u->host), u->port, to);
    }
  }
  if (!have) {
    const sdp::Connection* c = t->remote.connectionFor(*rm);
    have = c && !c->choose && makeSockaddr(c->address, rm->port, to);
  }
  if (!have) {
    emitEvent({t->context, t->id, EventKind::kConnectionFailed, "bad_remote_address"});
    return;
  }
  // Connect now that Remote is known (never wait: see the TCP-stitching trap).
  auto conn = TcpConnection::connect(ws->loop, reinterpret_cast<sockaddr*>(&to), ws->pool, t);
  if (!conn.ok()) {
    emitEvent({t->context, t->id, EventKind::kConnectionFailed, "connect_failed"});
    return;
  }
  t->connecting = std::move(conn).value();
}

void Engine::rebridge(WorkerState* ws, uint32_t context) {
  auto it = ws->contexts.find(context);
  if (it == ws->contexts.end()) return;
  auto& ctx = it->second;
  if (ctx.terms.size() != 2) return;
  Termination* a = ctx.terms[0].get();
  Termination* b = ctx.terms[1].get();
  auto direction = [this](Termination* from, Termination* to) {
    BridgeDirection d;
    d.chunk_size = to->overrides.chunk_size.value_or(config_.chunk_size);
    uint64_t limit = from->overrides.max_message_size.value_or(config_.max_message_size);
    if (const sdp::MsrpMedia* rm = to->remoteMedia()) {
      if (rm->max_size && (limit == 0 || *rm->max_size < limit)) limit = *rm->max_size;
      d.filters.push_back(
          std::make_unique<filter::AcceptTypesFilter>(rm->accept_types, rm->accept_wrapped_types));
    }
    d.max_message_size = limit;
    d.max_held = to->overrides.max_buffered.value_or(config_.max_buffered);
    d.allowed = receives(from->mode) && sends(to->mode);
    return d;
  };
  if (ctx.bridge) {
    ctx.bridge->setDirection(Bridge::kA, direction(a, b));
    ctx.bridge->setDirection(Bridge::kB, direction(b, a));
    return;
  }
  ctx.bridge = std::make_unique<Bridge>(*a->leg, *b->leg, direction(a, b), direction(b, a));
  ctx.bridge->setLegEventHandler([this, a, b](Bridge::Side side, bool up, CloseReason r) {
    Termination* t = side == Bridge::kA ? a : b;
    emitEvent({t->context, t->id, up ? EventKind::kConnected : EventKind::kConnectionLost,
               up ? "" : closeReasonName(r)});
  });
}

void Engine::modify(uint32_t context, const std::string& termination, TerminationSpec spec,
                    Done<TerminationReply> done) {
  const uint32_t w = workerFor(context);
  WorkerState* ws = states_[w].get();
  const bool posted =
      workers_[w]->post([this, ws, context, termination, spec = std::move(spec), done]() mutable {
        Result<TerminationReply> r = modifyHere(ws, context, termination, spec);
        to_control_([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
      });
  if (!posted) {
    to_control_([done = std::move(done)] {
      done(makeError(Errc::kShuttingDown, "the engine is stopping"));
    });
  }
}

Result<TerminationReply> Engine::modifyHere(WorkerState* ws, uint32_t context,
                                            const std::string& termination,
                                            const TerminationSpec& spec) {
  Termination* t = ws->find(context, termination);
  if (!t) return makeError(Errc::kUnknownTermination, "no such termination in this context");
  if (!trimSpaces(spec.remote_sdp).empty()) {
    auto remote = sdp::parse(spec.remote_sdp);
    if (!remote.ok() || remote->messageMedia().empty() ||
        remote->messageMedia().front()->path.empty()) {
      return makeError(Errc::kBadRemoteSdp,
                       "Remote SDP is not an MSRP media description with a=path");
    }
    if (t->leg->up() || t->connecting) {
      // The session is bound already: a new peer path would need a new leg.
      if (joinPath(remote->messageMedia().front()->path) != t->leg->config().remote_path) {
        return makeError(Errc::kBadRemoteSdp,
                         "Remote a=path cannot change once the leg is connected");
      }
    }
    const bool first_remote = !t->has_remote;
    t->remote = std::move(remote).value();
    t->has_remote = true;
    if (first_remote) {
      const sdp::MsrpMedia* rm = t->remoteMedia();
      if (!t->active) t->active = rm->setup == sdp::Setup::kPassive;
      MsrpLegConfig lc = t->leg->config();
      lc.remote_path = joinPath(rm->path);
      // The bridge points at the leg: take it down before the leg is replaced.
      retireBridge(ws->contexts[context].terms, ws->contexts[context].bridge);
      for (auto& other : ws->contexts[context].terms) other->leg->setSink(&other->lone);
      if (!t->leg->up()) t->leg = std::make_unique<MsrpLeg>(ws->loop, ws->pool, lc);
      t->leg->setSink(&t->lone);
      if (!t->active) {
        if (const sdp::Connection* c = t->remote.connectionFor(*rm); c && !c->choose) {
          registry_.setRemoteIp(t->session_id, c->address);
        }
      }
    }
  }
  t->mode = spec.mode;
  if (spec.overrides.chunk_size) t->overrides.chunk_size = spec.overrides.chunk_size;
  if (spec.overrides.max_buffered) t->overrides.max_buffered = spec.overrides.max_buffered;
  if (spec.overrides.max_message_size)
    t->overrides.max_message_size = spec.overrides.max_message_size;
  auto answer = localAnswer(*t, spec.local_sdp);
  if (!answer.ok()) return answer.error();
  t->local_answer = answer.value();
  connectIfDue(ws, t);
  rebridge(ws, context);
  return TerminationReply{std::move(answer).value()};
}

TerminationStats Engine::statsOf(WorkerState* ws, const Termination& t) const {
  TerminationStats s;
  s.duration_ms = uv_now(ws->loop) - t.started_ms;
  const LegStats& l = t.leg->stats();
  s.chunks_received = l.chunks_received;
  s.chunks_sent = l.chunks_sent;
  s.bytes_received = l.bytes_received;
  s.bytes_sent = l.bytes_sent;
  s.reports_received = l.reports_received;
  s.reports_sent = l.reports_sent;
  for (const auto& [code, n] : l.answered_by_status) s.errors_by_status[code] += n;
  for (const auto& [code, n] : l.received_by_status) s.errors_by_status[code] += n;
  s.messages_received = t.messages_received;
  s.messages_sent = t.messages_sent;
  s.messages_aborted = t.messages_aborted;
  auto it = ws->contexts.find(t.context);
  if (it != ws->contexts.end() && it->second.bridge) {
    const Bridge::Side side = it->second.terms[0].get() == &t ? Bridge::kA : Bridge::kB;
    const Bridge::Side other = side == Bridge::kA ? Bridge::kB : Bridge::kA;
    s.messages_received += it->second.bridge->stats(side).messages_forwarded;
    s.messages_aborted += it->second.bridge->stats(side).messages_aborted;
    s.messages_sent += it->second.bridge->stats(other).messages_forwarded;
  }
  return s;
}

void Engine::subtract(uint32_t context, const std::string& termination,
                      Done<TerminationStats> done) {
  const uint32_t w = workerFor(context);
  WorkerState* ws = states_[w].get();
  const bool posted = workers_[w]->post([this, ws, context, termination, done]() mutable {
    Result<TerminationStats> r =
        makeError(Errc::kUnknownTermination, "no such termination in this context");
    auto it = ws->contexts.find(context);
    if (it != ws->contexts.end()) {
      auto& terms = it->second.terms;
      for (size_t i = 0; i < terms.size(); ++i) {
        if (terms[i]->id != termination) continue;
        r = statsOf(ws, *terms[i]);
        retireBridge(terms, it->second.bridge);  // Subtract tears the bridge down with it
        registry_.remove(terms[i]->session_id);
        if (terms[i]->leg) terms[i]->leg->close();
        terms.erase(terms.begin() + static_cast<long>(i));
        for (auto& left : terms) left->leg->setSink(&left->lone);
        if (terms.empty()) ws->contexts.erase(it);
        break;
      }
    }
    to_control_([this, context, done = std::move(done), r = std::move(r)]() mutable {
      if (r.ok()) unplace(context);
      done(std::move(r));
    });
  });
  if (!posted) {
    to_control_([done = std::move(done)] {
      done(makeError(Errc::kShuttingDown, "the engine is stopping"));
    });
  }
}

void Engine::statistics(uint32_t context, const std::string& termination,
                        Done<TerminationStats> done) {
  const uint32_t w = workerFor(context);
  WorkerState* ws = states_[w].get();
  const bool posted = workers_[w]->post([this, ws, context, termination, done]() mutable {
    Result<TerminationStats> r =
        makeError(Errc::kUnknownTermination, "no such termination in this context");
    if (Termination* t = ws->find(context, termination)) r = statsOf(ws, *t);
    to_control_([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
  });
  if (!posted) {
    to_control_([done = std::move(done)] {
      done(makeError(Errc::kShuttingDown, "the engine is stopping"));
    });
  }
}

void Engine::sweepIdle(WorkerState* ws) {
  const uint64_t now = uv_now(ws->loop);
  for (auto& [id, ctx] : ws->contexts) {
    for (auto& t : ctx.terms) {
      if (!t->leg->up()) continue;
      const LegStats& l = t->leg->stats();
      const uint64_t traffic = l.chunks_received + l.chunks_sent + l.keepalives_received +
                               l.reports_received + l.reports_sent;
      if (traffic != t->traffic_seen || t->traffic_ms == 0) {
        t->traffic_seen = traffic;
        t->traffic_ms = now;
        t->idle_reported = false;
      } else if (!t->idle_reported && now - t->traffic_ms >= config_.idle_timeout_ms) {
        t->idle_reported = true;  // once per quiet spell
        emitEvent({t->context, t->id, EventKind::kIdle, "no_traffic"});
      }
    }
  }
}

// ---- placement and Move ------------------------------------------------------------------

uint32_t Engine::workerFor(uint32_t context) const {
  auto it = placement_.find(context);
  if (it != placement_.end()) return it->second.worker;
  return context % static_cast<uint32_t>(workers_.size());
}

Engine::Placement& Engine::place(uint32_t context, std::optional<uint32_t> worker) {
  auto [it, fresh] = placement_.try_emplace(context);
  if (fresh || it->second.terminations == 0) {
    it->second.worker = worker.value_or(context % static_cast<uint32_t>(workers_.size()));
  }
  ++it->second.terminations;
  return it->second;
}

void Engine::unplace(uint32_t context) {
  auto it = placement_.find(context);
  if (it == placement_.end()) return;
  if (--it->second.terminations == 0) placement_.erase(it);
}

void Engine::move(uint32_t from, const std::string& termination, uint32_t to,
                  Done<TerminationReply> done) {
  auto refuse = [this, &done](Errc e, const char* why) {
    to_control_([done = std::move(done), e, why] { done(makeError(e, why)); });
  };
  if (!started_) return refuse(Errc::kShuttingDown, "the engine is stopping");
  auto pf = placement_.find(from);
  if (pf == placement_.end()) {
    return refuse(Errc::kUnknownTermination, "no such termination in this context");
  }
  const uint32_t wf = pf->second.worker;
  if (from != to) {
    auto pt = placement_.find(to);
    if (pt != placement_.end() && pt->second.terminations >= 2) {
      return refuse(Errc::kContextFull, "a context holds two MSRP terminations");
    }
  }
  // Counted now so that requests issued before the answer see the termination where it
  // is going; given back if the Move fails.
  const uint32_t wt = from == to ? wf : place(to, wf).worker;
  if (from != to) unplace(from);
  auto finish = [this, from, to, wf](Result<TerminationReply> r, Done<TerminationReply> d) {
    to_control_([this, from, to, wf, d = std::move(d), r = std::move(r)]() mutable {
      if (!r.ok() && from != to) {
        place(from, wf);  // it stayed where it was
        unplace(to);
      }
      d(std::move(r));
    });
  };
  WorkerState* ws = states_[wf].get();
  bool posted = false;
  if (wt == wf) {
    posted = workers_[wf]->post([this, ws, from, termination, to, done, finish]() mutable {
      finish(moveHere(ws, from, termination, to), std::move(done));
    });
  } else {
    WorkerState* target = states_[wt].get();
    posted =
        workers_[wf]->post([this, ws, target, wt, from, termination, to, done, finish]() mutable {
          auto t = extract(ws, from, termination, to, wt);
          if (!t.ok()) return finish(t.error(), std::move(done));
          Termination* raw = std::move(t).value().release();
          const bool handed = workers_[wt]->post([this, target, raw, done, finish]() mutable {
            finish(install(target, std::unique_ptr<Termination>(raw)), std::move(done));
          });
          if (!handed) {
            if (raw->moving_fd) ::close(*raw->moving_fd);
            delete raw;
            finish(makeError(Errc::kShuttingDown, "the engine is stopping"), std::move(done));
          }
        });
  }
  if (!posted) finish(makeError(Errc::kShuttingDown, "the engine is stopping"), std::move(done));
}

void Engine::detachFromContext(WorkerState* ws, uint32_t context, Termination* leaving) {
  auto it = ws->contexts.find(context);
  if (it == ws->contexts.end()) return;
  auto& ctx = it->second;
  if (ctx.bridge) {
    // What was in flight through the old context ends as if the leaving leg had gone:
    // messages toward it fail back to their senders, its own part-sent ones end with '#'.
    ctx.bridge->setLegEventHandler(nullptr);
    if (leaving->leg->up()) ctx.bridge->onLegDown(*leaving->leg, CloseReason::kLocal);
    retireBridge(ctx.terms, ctx.bridge);
  }
  for (auto& t : ctx.terms) t->leg->setSink(&t->lone);
}

Result<TerminationReply> Engine::moveHere(WorkerState* ws, uint32_t from,
                                          const std::string& termination, uint32_t to) {
  Termination* t = ws->find(from, termination);
  if (!t) return makeError(Errc::kUnknownTermination, "no such termination in this context");
  if (from == to) return TerminationReply{t->local_answer};
  if (auto it = ws->contexts.find(to); it != ws->contexts.end() && it->second.terms.size() >= 2) {
    return makeError(Errc::kContextFull, "a context holds two MSRP terminations");
  }
  detachFromContext(ws, from, t);
  auto& terms = ws->contexts[from].terms;
  auto pos = std::find_if(terms.begin(), terms.end(), [t](auto& p) { return p.get() == t; });
  std::unique_ptr<Termination> owned = std::move(*pos);
  terms.erase(pos);
  if (terms.empty()) ws->contexts.erase(from);
  owned->context = to;
  registry_.setContext(owned->session_id, ws->index, to);
  ws->contexts[to].terms.push_back(std::move(owned));
  rebridge(ws, to);
  return TerminationReply{t->local_answer};
}

Result<std::unique_ptr<Engine::Termination>> Engine::extract(WorkerState* ws, uint32_t from,
                                                             const std::string& termination,
                                                             uint32_t to, uint32_t to_worker) {
  Termination* t = ws->find(from, termination);
  if (!t) return makeError(Errc::kUnknownTermination, "no such termination in this context");
  // The socket changes threads only while nothing is half-way through it.
  if (t->connecting) {
    return makeError(Errc::kNoResources, "the termination is still connecting: retry the Move");
  }
  if (t->leg->up() && !t->leg->quiet()) {
    return makeError(Errc::kNoResources,
                     "the termination is in the middle of a transfer: retry the Move");
  }
  // Leave the old context first so its bridge writes nothing more on this leg.
  detachFromContext(ws, from, t);
  std::optional<uv_os_sock_t> fd;
  if (t->leg->up() && t->leg->connection()->sessionCount() > 1) {
    // Other sessions stay on the shared connection: this one's frames are spliced to the
    // target worker, which reads the other end of the pair as the leg's connection.
    fd = spliceOut(ws, *t->leg, to_worker);
    if (!fd) emitEvent({t->context, t->id, EventKind::kConnectionLost, "move_failed"});
  } else if (t->leg->up()) {
    fd = t->leg->releaseConnection();
    if (!fd) emitEvent({t->context, t->id, EventKind::kConnectionLost, "move_failed"});
  }
  auto& terms = ws->contexts[from].terms;
  auto pos = std::find_if(terms.begin(), terms.end(), [t](auto& p) { return p.get() == t; });
  std::unique_ptr<Termination> owned = std::move(*pos);
  terms.erase(pos);
  if (terms.empty()) ws->contexts.erase(from);
  owned->moving_fd = fd;
  owned->moving_config = owned->leg->config();
  owned->moving_stats = owned->leg->stats();
  owned->sides.clear();     // side connections point at the leg: they go first
  owned->leg.reset();       // its handles belong to this worker's loop
  owned->listener.reset();  // port_per_leg: the bound connection no longer needs it
  owned->context = to;
  registry_.setContext(owned->session_id, to_worker, to);
  return owned;
}

TerminationReply Engine::install(WorkerState* ws, std::unique_ptr<Termination> t) {
  Termination* raw = t.get();
  raw->ws = ws;
  raw->leg = std::make_unique<MsrpLeg>(ws->loop, ws->pool, raw->moving_config);
  raw->leg->inheritStats(std::move(raw->moving_stats));
  raw->leg->setSink(&raw->lone);
  if (raw->moving_fd) {
    auto conn = TcpConnection::adopt(ws->loop, *raw->moving_fd, ws->pool);
    raw->moving_fd.reset();
    if (conn.ok()) {
      // Quiet while it joins: the MGC saw this connection come up in the old context.
      auto on_state = std::move(raw->lone.on_state);
      MsrpConnection& c = adoptConnection(ws, std::move(conn).value(), "");
      raw->leg->attach(c, /*send_bind=*/false);
      c.start();
      raw->lone.on_state = std::move(on_state);
    } else {
      emitEvent({raw->context, raw->id, EventKind::kConnectionLost, "move_failed"});
    }
  }
  ws->contexts[raw->context].terms.push_back(std::move(t));
  connectIfDue(ws, raw);
  rebridge(ws, raw->context);
  return TerminationReply{raw->local_answer};
}

}  // namespace msrpgw::media
