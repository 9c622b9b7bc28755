#include "tools/msrp/endpoint.h"

#include <csignal>

#include "proto/msrp/transaction_id.h"
#include "proto/msrp/uri.h"
#include "tools/msrp/payload.h"

namespace msrpgw::tools::msrp {
namespace {

namespace pm = proto::msrp;
using json = nlohmann::ordered_json;

constexpr uint64_t kTickMs = 100;  // transaction timeout resolution

}  // namespace

Endpoint::Endpoint(Options opts)
    : opts_(std::move(opts)), log_(opts_.json), rng_(std::random_device{}()) {
  uv_loop_init(&loop_);
}

Endpoint::~Endpoint() {
  connecting_.reset();
  sessions_.clear();
  graveyard_.clear();
  listener_.reset();
  tick_.reset();
  deadline_.reset();
  sigint_.reset();
  sigterm_.reset();
  flush_.reset();
  uv_run(&loop_, UV_RUN_DEFAULT);  // runs the close callbacks
  uv_loop_close(&loop_);
  log_.flush();
}

uint64_t Endpoint::nowMs() const {
  return uv_now(const_cast<uv_loop_t*>(&loop_));
}

void Endpoint::startTimer(media::UvHandle<uv_timer_t>& t, uint64_t timeout, uint64_t repeat,
                          uv_timer_cb cb) {
  if (uv_timer_init(&loop_, t.get()) != 0) return;
  t.markInitialised();
  t->data = this;
  uv_timer_start(t.get(), cb, timeout, repeat);
}

bool Endpoint::buildOutbox() {
  auto box = std::make_unique<Outbox>(opts_.interleave, opts_.rate,
                                      [this] { return pm::makeIdent(rng_); });
  auto type = [&](const char* default_type) {
    return opts_.content_type.empty() ? std::string(default_type) : opts_.content_type;
  };
  for (const std::string& t : opts_.texts) box->add(textPayload(t), type("text/plain"));
  for (const std::string& f : opts_.files) {
    auto p = filePayload(f);
    if (!p.ok()) {
      log_.emit(
          {{"event", "error"}, {"kind", "file"}, {"path", f}, {"reason", describe(p.error())}});
      return false;
    }
    box->add(std::move(p).value(), type("application/octet-stream"));
  }
  if (opts_.count > 0) box->addGenerated(opts_.count, opts_.size, type("text/plain"));
  if (box->total() > 0) {
    outbox_ = std::move(box);
    had_outbox_ = true;
  }
  return true;
}

bool Endpoint::startListening() {
  auto l = media::Listener::listen(&loop_, opts_.listen_ip, opts_.listen_port, pool_,
                                   [this](std::unique_ptr<media::TcpConnection> c) {
                                     if (finishing_) return;  // dropped: closes at once
                                     std::string peer =
                                         c->peerIp() + ":" + std::to_string(c->peerPort());
                                     log_.emit({{"event", "accepted"}, {"peer", peer}});
                                     startSession(std::move(c), opts_.remote_path);
                                   });
  if (!l.ok()) {
    log_.emit({{"event", "error"}, {"kind", "listen"}, {"reason", describe(l.error())}});
    return false;
  }
  listener_ = std::move(l).value();
  local_uri_ = opts_.local_uri.empty() ? pm::formatUri(pm::Scheme::kMsrp, opts_.listen_ip,
                                                       listener_->port(), pm::makeIdent(rng_))
                                       : opts_.local_uri;
  json ev = {{"event", "listening"},
             {"ip", opts_.listen_ip},
             {"port", listener_->port()},
             {"local_uri", local_uri_}};
  if (opts_.print_port && !opts_.json) {
    EventLog(true).emit(ev);
  } else {
    log_.emit(ev);
  }
  log_.flush();
  return true;
}

bool Endpoint::startConnecting() {
  sockaddr_storage addr;
  if (!media::makeSockaddr(opts_.connect_host, opts_.connect_port, addr)) {
    log_.emit({{"event", "error"},
               {"kind", "connect"},
               {"reason", "not an IP address: " + opts_.connect_host}});
    return false;
  }
  auto c = media::TcpConnection::connect(&loop_, reinterpret_cast<sockaddr*>(&addr), pool_, this);
  if (!c.ok()) {
    log_.emit({{"event", "error"}, {"kind", "connect"}, {"reason", describe(c.error())}});
    return false;
  }
  connecting_ = std::move(c).value();
  return true;
}

void Endpoint::onConnected() {
  std::unique_ptr<media::TcpConnection> c = std::move(connecting_);
  if (opts_.local_uri.empty()) {
    // The connecting side's own address: the loopback or the address it connects to
    // is what tests need; give --local-uri for anything else.
    local_uri_ =
        pm::formatUri(pm::Scheme::kMsrp, opts_.connect_host, c->localPort(), pm::makeIdent(rng_));
  } else {
    local_uri_ = opts_.local_uri;
  }
  std::string remote = opts_.remote_path;
  if (remote.empty()) remote = opts_.connect_uri;
  if (remote.empty())
    remote = pm::formatUri(pm::Scheme::kMsrp, opts_.connect_host, opts_.connect_port, "");
  log_.emit({{"event", "connected"},
             {"peer", opts_.connect_host + ":" + std::to_string(opts_.connect_port)},
             {"local_uri", local_uri_},
             {"remote_path", remote}});
  startSession(std::move(c), remote);
}

void Endpoint::onClose(media::CloseReason reason) {
  // Only the connection still connecting reports here.
  log_.emit({{"event", "error"}, {"kind", "connect"}, {"reason", media::closeReasonName(reason)}});
  finish(3);
}

void Endpoint::startSession(std::unique_ptr<media::TcpConnection> conn, std::string remote_path) {
  std::unique_ptr<Outbox> box;
  if (outbox_) box = std::move(outbox_);
  auto s = std::make_unique<Session>(&loop_, opts_, log_, counters_, *this, std::move(conn),
                                     local_uri_, std::move(remote_path), std::move(box));
  Session* raw = s.get();
  if (raw->hasOutbox()) sender_ = raw;
  sessions_.push_back(std::move(s));
  raw->start();
  onProgress();
}

bool Endpoint::hasGoals() const {
  return had_outbox_ || opts_.expect_messages > 0 || opts_.expect_reports > 0 ||
         (opts_.bind_send && !opts_.listen);
}

bool Endpoint::goalsMet() const {
  if (counters_.recv_messages < opts_.expect_messages) return false;
  if (counters_.reports_received < opts_.expect_reports) return false;
  if (had_outbox_ && (!sender_ || !sender_->sendingDone())) return false;
  if (opts_.bind_send && !opts_.listen) {
    if (sessions_.empty()) return false;
    for (const auto& s : sessions_) {
      if (!s->sendingDone()) return false;
    }
  }
  return true;
}

void Endpoint::onProgress() {
  if (finishing_ || !hasGoals() || !goalsMet()) return;
  finish(counters_.sent_failed > 0 || counters_.transaction_timeouts > 0 ? 4 : 0);
}

void Endpoint::onSessionClosed(Session* s, media::CloseReason) {
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->get() == s) {
      graveyard_.push_back(std::move(*it));
      sessions_.erase(it);
      break;
    }
  }
  if (s == sender_ && !finishing_) {
    // Our sends lived on this connection; whatever did not finish never will.
    if (!s->sendingDone()) {
      finish(3);
      return;
    }
  }
  if (finishing_) {
    stopIfIdle();
    return;
  }
  if (!opts_.listen) {  // the one connection is gone
    finish(hasGoals() && !goalsMet() ? 3 : 0);
  }
}

void Endpoint::finish(int code) {
  if (finishing_) return;
  finishing_ = true;
  exit_code_ = code;
  if (code == 0 && (counters_.sent_failed > 0 || counters_.transaction_timeouts > 0))
    exit_code_ = 4;
  listener_.reset();
  connecting_.reset();
  // Done: let the last responses and REPORTs go out first. Given up: close at once.
  for (auto& s : sessions_) {
    if (code != 1 && code != 3) {
      s->closeGracefully();
    } else {
      s->closeNow(media::CloseReason::kLocal);
    }
  }
  stopIfIdle();
}

void Endpoint::stopIfIdle() {
  if (stopped_ || !sessions_.empty()) return;
  stopped_ = true;
  emitSummary();
  uv_stop(&loop_);
}

void Endpoint::emitSummary() {
  double secs = static_cast<double>(nowMs() - start_ms_) / 1000.0;
  auto per_s = [&](uint64_t n) { return secs > 0 ? static_cast<double>(n) / secs : 0.0; };
  log_.emit({{"event", "summary"},
             {"exit_code", exit_code_},
             {"elapsed_ms", nowMs() - start_ms_},
             {"sent_messages", counters_.sent_messages},
             {"sent_failed", counters_.sent_failed},
             {"sent_aborted", counters_.sent_aborted},
             {"sent_chunks", counters_.sent_chunks},
             {"sent_bytes", counters_.sent_bytes},
             {"responses", counters_.responses},
             {"responses_failed", counters_.responses_failed},
             {"transaction_timeouts", counters_.transaction_timeouts},
             {"reports_received", counters_.reports_received},
             {"reports_sent", counters_.reports_sent},
             {"recv_messages", counters_.recv_messages},
             {"recv_aborted", counters_.recv_aborted},
             {"recv_chunks", counters_.recv_chunks},
             {"recv_bytes", counters_.recv_bytes},
             {"bad_requests", counters_.bad_requests},
             {"sent_messages_per_s", per_s(counters_.sent_messages)},
             {"sent_chunks_per_s", per_s(counters_.sent_chunks)},
             {"sent_mbytes_per_s", per_s(counters_.sent_bytes) / 1e6},
             {"recv_messages_per_s", per_s(counters_.recv_messages)},
             {"recv_mbytes_per_s", per_s(counters_.recv_bytes) / 1e6}});
  log_.flush();
}

int Endpoint::run() {
  start_ms_ = nowMs();
  if (!buildOutbox()) {
    log_.flush();
    return 2;
  }
  // Signals are caught before the "listening" line: a script that stops us as soon as it
  // reads the port must get a clean exit and the summary, not death by SIGTERM.
  auto on_signal = [](uv_signal_t* h, int signum) {
    auto* self = static_cast<Endpoint*>(h->data);
    self->log_.emit({{"event", "signal"}, {"signal", signum}});
    self->finish(self->hasGoals() && !self->goalsMet() ? 1 : 0);
  };
  for (auto* sig : {&sigint_, &sigterm_}) {
    if (uv_signal_init(&loop_, sig->get()) == 0) {
      sig->markInitialised();
      (*sig)->data = this;
      uv_signal_start(sig->get(), on_signal, sig == &sigint_ ? SIGINT : SIGTERM);
    }
  }
  if (opts_.listen ? !startListening() : !startConnecting()) {
    log_.flush();
    return opts_.listen ? 2 : 3;
  }
  startTimer(tick_, kTickMs, kTickMs, [](uv_timer_t* t) {
    auto* self = static_cast<Endpoint*>(t->data);
    for (size_t i = 0; i < self->sessions_.size(); ++i) self->sessions_[i]->checkTimeouts();
  });
  if (opts_.timeout_ms > 0) {
    startTimer(deadline_, opts_.timeout_ms, 0, [](uv_timer_t* t) {
      auto* self = static_cast<Endpoint*>(t->data);
      self->log_.emit(
          {{"event", "error"}, {"kind", "timeout"}, {"timeout_ms", self->opts_.timeout_ms}});
      self->finish(self->hasGoals() && !self->goalsMet() ? 1 : 0);
    });
  }
  // Once per loop turn: print what happened, free closed sessions.
  if (uv_check_init(&loop_, flush_.get()) == 0) {
    flush_.markInitialised();
    flush_->data = this;
    uv_check_start(flush_.get(), [](uv_check_t* h) {
      auto* self = static_cast<Endpoint*>(h->data);
      self->log_.flush();
      self->graveyard_.clear();
    });
    uv_unref(flush_.handle());
  }
  onProgress();
  uv_run(&loop_, UV_RUN_DEFAULT);
  return exit_code_;
}

}  // namespace msrpgw::tools::msrp
