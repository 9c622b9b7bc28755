#include "tools/msrpload/load.h"

#include <sys/resource.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <uv.h>

#include <cinttypes>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/msrp/header_values.h"
#include "proto/msrp/writer.h"
#include "tools/msrpload/connection.h"
#include "tools/msrpload/latency.h"
#include "tools/msrpload/mgc.h"
#include "tools/msrpload/pattern.h"
#include "tools/msrpload/proc_stats.h"

namespace msrpgw::tools::msrpload {
namespace {

using proto::msrp::EndFlag;
using proto::msrp::FrameHead;
using proto::msrp::HeaderId;

constexpr size_t kMaxConnecting = 64;  // connects in progress at a time (listen backlogs)

struct Session {
  uint32_t idx = 0;
  Connection* tx = nullptr;
  std::string to_path, from_path;  // of the sender's SENDs
  std::string rx_bind_to, rx_uri;  // msrpgw: the receiver's bind
  bool tx_bound = false, rx_bound = false;
  // Sender.
  uint64_t next_seq = 0, cur_off = 0, send_ns = 0, bytes_sent = 0, started = 0;
  bool in_msg = false;
  std::optional<Pattern> tx_pat;
  std::string mid;
  // Receiver.
  uint64_t expect_seq = 0, rx_bytes = 0, bytes_recv = 0, received = 0;
  bool rx_in_msg = false;
  std::optional<Pattern> rx_pat;
};

// Per connection: the sessions it sends for, and the frame being received.
struct ConnState {
  bool tx = false;
  std::vector<Session*> sessions;
  size_t rr = 0;
  bool stalled = false;
  // Frame in progress.
  Session* fs = nullptr;  // a data SEND being checked
  uint64_t f_seq = 0, f_send_ns = 0, f_total = 0;
  bool f_bad = false;
};

// Lower-case hex without leading zeros, appended (snprintf is too slow per message).
void appendHex(std::string& out, uint64_t v) {
  char b[16];
  size_t n = 0;
  do {
    b[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  while (n > 0) out += b[--n];
}

std::string hex(uint64_t v) {
  std::string s;
  appendHex(s, v);
  return s;
}

// Parses hex digits from `s` at `*i`; false when there are none.
bool takeHex(std::string_view s, size_t* i, uint64_t* v) {
  size_t start = *i;
  *v = 0;
  for (; *i < s.size(); ++*i) {
    char c = s[*i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) break;
    *v = *v << 4 | static_cast<uint64_t>(d);
  }
  return *i > start && *i - start <= 16;
}

// "/r<digits>" in the first URI of a path: the receiving session.
std::optional<uint32_t> receiverIndex(std::string_view to_path) {
  size_t sp = to_path.find(' ');
  std::string_view first = to_path.substr(0, sp);
  size_t at = first.rfind("/r");
  if (at == std::string_view::npos) return std::nullopt;
  uint32_t v = 0;
  size_t i = at + 2, n = 0;
  for (; i < first.size() && first[i] >= '0' && first[i] <= '9'; ++i, ++n)
    v = v * 10 + (first[i] - '0');
  if (n == 0) return std::nullopt;
  return v;
}

std::string_view firstUri(std::string_view path) {
  return path.substr(0, path.find(' '));
}

// Message-ID "s<session>m<seq>t<send ns>" (hex): carries what the receiver checks.
bool parseMid(std::string_view mid, uint32_t* s, uint64_t* seq, uint64_t* ns) {
  size_t i = 1;
  uint64_t session = 0;
  if (mid.empty() || mid[0] != 's' || !takeHex(mid, &i, &session)) return false;
  if (i >= mid.size() || mid[i++] != 'm' || !takeHex(mid, &i, seq)) return false;
  if (i >= mid.size() || mid[i++] != 't' || !takeHex(mid, &i, ns)) return false;
  *s = static_cast<uint32_t>(session);
  return i == mid.size();
}

class Runner : public ConnectionHandler {
 public:
  explicit Runner(const Options& o) : o_(o) {
    uv_loop_init(&loop_);
    uv_timer_init(&loop_, &tick_);
    tick_.data = this;
    chunk_ = o_.chunk_size == 0 || o_.chunk_size > o_.size ? o_.size : o_.chunk_size;
    uint64_t w = o_.window_bytes / o_.sessions;
    window_ = w < chunk_ ? chunk_ : w;
  }

  nlohmann::json run();

  // ConnectionHandler
  void onConnected(Connection& c, int status) override;
  void onHead(Connection& c, const FrameHead& head) override;
  void onBody(Connection& c, std::string_view piece) override;
  void onEnd(Connection& c, EndFlag flag) override;
  void onWritable(Connection& c) override { produce(c); }
  void onClosed(Connection& c, const char* why) override;

 private:
  enum class Phase { kSetup, kHold, kLoad, kDrain, kDone };

  static void onTick(uv_timer_t* t) { static_cast<Runner*>(t->data)->tick(); }
  static void onPace(uv_poll_t* p, int status, int events);
  static void onAccept(uv_stream_t* server, int status);
  void error(const std::string& kind, uint64_t n = 1) { errors_[kind] += n; }
  uint64_t errorCount() const {
    uint64_t n = 0;
    for (const auto& [k, v] : errors_) n += v;
    return n;
  }
  Connection* newConn(bool tx);
  void connectNext();
  void startConnections();
  void sendBinds(Connection& c);
  void checkEstablished();
  void startLoad();
  void produce(Connection& c);
  // Fixed rate: starts the messages due by now, one per connection in turn.
  void pace();
  bool startOne(Connection& c);
  void startPacer();
  void stopPacer();
  bool writeChunk(Connection& c, Session& s);
  void tick();
  void finish();

  const Options& o_;
  uv_loop_t loop_{};
  uv_timer_t tick_{};
  int pace_fd_ = -1;  // timerfd: fires every pace_us in the load phase at a fixed rate
  uv_poll_t pace_poll_{};
  uv_tcp_t server_{};
  bool server_open_ = false;
  sockaddr_in target_{};
  std::unique_ptr<Mgc> mgc_;
  Phase phase_ = Phase::kSetup;
  uint64_t chunk_ = 0, window_ = 0;
  std::vector<Session> sessions_;
  std::deque<ConnState> states_;
  std::vector<std::unique_ptr<Connection>> conns_;
  std::deque<Connection*> to_connect_;
  size_t connecting_ = 0;
  uint32_t adds_done_ = 0, established_ = 0;
  std::map<std::string, uint64_t> errors_;
  Latency latency_;
  uint64_t started_ = 0, received_ = 0, bytes_received_ = 0, responses_ = 0, tid_ = 0;
  uint64_t t0_ns_ = 0, setup_ns_ = 0, load_start_ns_ = 0, load_end_ns_ = 0, last_recv_ns_ = 0;
  uint64_t credits_issued_ = 0, credits_ = 0, phase_start_ns_ = 0;
  size_t pace_rr_ = 0;              // the connection pace() starts a message on next
  bool pacing_ = false;             // inside pace(): new messages may take credits
  std::vector<Connection*> paced_;  // written to by this pace(), to flush
  uint64_t quota_per_session_ = 0;  // idle check: one message per session
  ProcSample before_, at_load_, after_;
  std::optional<double> rss_per_session_kib_;
  uint64_t idle_pss_kib_ = 0;
  bool stop_starting_ = false;
};

Connection* Runner::newConn(bool tx) {
  auto c = std::make_unique<Connection>(&loop_, *this, static_cast<uint32_t>(conns_.size()));
  states_.emplace_back();
  states_.back().tx = tx;
  c->user = &states_.back();
  conns_.push_back(std::move(c));
  return conns_.back().get();
}

void Runner::onAccept(uv_stream_t* server, int status) {
  auto* self = static_cast<Runner*>(server->data);
  if (status != 0) {
    self->error("accept");
    return;
  }
  Connection* c = self->newConn(false);
  if (c->accept(server) != 0) self->error("accept");
}

void Runner::connectNext() {
  while (connecting_ < kMaxConnecting && !to_connect_.empty()) {
    Connection* c = to_connect_.front();
    to_connect_.pop_front();
    if (c->connect(target_) != 0) {
      error("connect");
      continue;
    }
    ++connecting_;
  }
}

void Runner::onConnected(Connection& c, int status) {
  --connecting_;
  if (status != 0) {
    error(std::string("connect_") + uv_err_name(status));
  } else {
    sendBinds(c);
  }
  connectNext();
}

void Runner::sendBinds(Connection& c) {
  auto* st = static_cast<ConnState*>(c.user);
  std::string& out = c.out();
  for (Session* s : st->sessions) {
    std::string tid = "b" + std::string(st->tx ? "t" : "r") + hex(0x10000000u + s->idx);
    const std::string& to = st->tx ? s->to_path : s->rx_bind_to;
    const std::string& from = st->tx ? s->from_path : s->rx_uri;
    out.append("MSRP ")
        .append(tid)
        .append(" SEND\r\nTo-Path: ")
        .append(to)
        .append("\r\nFrom-Path: ")
        .append(from)
        .append("\r\nMessage-ID: bind")
        .append(hex(s->idx))
        .append("\r\nByte-Range: 1-0/0\r\n-------")
        .append(tid)
        .append("$\r\n");
  }
  c.flush();
}

void Runner::startConnections() {
  // Sessions share connections in groups of sessions_per_conn (RFC 4975 allows several
  // sessions on one connection; the process fd limit makes it necessary for 10,000).
  uint32_t k = o_.sessions_per_conn;
  bool gw = o_.target == Target::kMsrpgw;
  for (uint32_t first = 0; first < o_.sessions; first += k) {
    Connection* tx = newConn(true);
    Connection* rx = gw ? newConn(false) : nullptr;
    for (uint32_t i = first; i < first + k && i < o_.sessions; ++i) {
      sessions_[i].tx = tx;
      static_cast<ConnState*>(tx->user)->sessions.push_back(&sessions_[i]);
      if (rx) static_cast<ConnState*>(rx->user)->sessions.push_back(&sessions_[i]);
    }
    to_connect_.push_back(tx);
    if (rx) to_connect_.push_back(rx);
  }
  connectNext();
}

void Runner::onHead(Connection& c, const FrameHead& head) {
  auto* st = static_cast<ConnState*>(c.user);
  st->fs = nullptr;
  if (!head.start.is_request) {
    ++responses_;
    if (head.start.status != 200) error("status_" + std::to_string(head.start.status));
    std::string_view tid = head.start.tid;
    if (tid.size() > 2 && tid[0] == 'b' && head.start.status == 200) {
      uint64_t v = std::strtoull(std::string(tid.substr(2)).c_str(), nullptr, 16) - 0x10000000u;
      if (v < sessions_.size()) {
        Session& s = sessions_[v];
        bool was = s.tx_bound && s.rx_bound;
        if (tid[1] == 't') s.tx_bound = true;
        if (tid[1] == 'r') s.rx_bound = true;
        if (!was && s.tx_bound && s.rx_bound) ++established_;
        checkEstablished();
      }
    }
    return;
  }
  if (head.start.method == proto::msrp::Method::kReport) {
    auto status = proto::msrp::parseStatus(head.get(HeaderId::kStatus));
    if (!status.ok() || status->code != 200) error("report_failure");
    return;
  }
  if (head.start.method != proto::msrp::Method::kSend) {
    error("unexpected_request");
    return;
  }
  // Answer every SEND chunk (RFC 4975: the receiver's 200).
  std::string_view to = head.get(HeaderId::kToPath);
  std::string_view from = head.get(HeaderId::kFromPath);
  std::string& out = c.out();
  out += "MSRP ";
  out += head.start.tid;
  out += " 200 OK\r\nTo-Path: ";
  out += firstUri(from);
  out += "\r\nFrom-Path: ";
  out += firstUri(to);
  out += "\r\n-------";
  out += head.start.tid;
  out += "$\r\n";
  auto idx = receiverIndex(to);
  if (!idx || *idx >= sessions_.size()) {
    error("unknown_session");
    return;
  }
  Session& s = sessions_[*idx];
  if (!head.has_body) {  // a bind: through a relay it proves the path to the receiver
    if (o_.target != Target::kMsrpgw && !s.rx_bound) {
      s.rx_bound = true;
      if (s.tx_bound) ++established_;
      checkEstablished();
    }
    return;
  }
  uint32_t sess = 0;
  uint64_t seq = 0, ns = 0;
  auto range = proto::msrp::parseByteRange(head.get(HeaderId::kByteRange));
  if (!parseMid(head.get(HeaderId::kMessageId), &sess, &seq, &ns) || sess != s.idx || !range.ok()) {
    error("bad_message_id_or_range");
    st->fs = nullptr;
    return;
  }
  st->fs = &s;
  st->f_seq = seq;
  st->f_send_ns = ns;
  st->f_total = range->total;
  st->f_bad = false;
  uint64_t off = range->start - 1;
  if (off == 0) {
    if (s.rx_in_msg) error("incomplete_message");
    if (seq != s.expect_seq) error("out_of_order");
    s.expect_seq = seq;
    s.rx_in_msg = true;
    s.rx_bytes = 0;
    s.rx_pat.emplace(s.idx, seq);
  } else if (!s.rx_in_msg || seq != s.expect_seq || off != s.rx_bytes) {
    error("chunk_out_of_order");
    st->f_bad = true;
  }
}

void Runner::onBody(Connection& c, std::string_view piece) {
  auto* st = static_cast<ConnState*>(c.user);
  Session* s = st->fs;
  if (s == nullptr || st->f_bad) return;
  if (!s->rx_pat->matches(piece, s->rx_bytes)) {
    error("content_mismatch");
    st->f_bad = true;
  }
  s->rx_bytes += piece.size();
  s->bytes_recv += piece.size();
  bytes_received_ += piece.size();
}

void Runner::onEnd(Connection& c, EndFlag flag) {
  auto* st = static_cast<ConnState*>(c.user);
  Session* s = st->fs;
  st->fs = nullptr;
  if (s == nullptr || st->f_bad) return;
  if (flag == EndFlag::kAbort) {
    error("aborted");
    s->rx_in_msg = false;
    return;
  }
  if (flag == EndFlag::kMore) {
    // A message larger than the session's window: the bytes of this chunk reopened it.
    if (s->tx && static_cast<ConnState*>(s->tx->user)->stalled) produce(*s->tx);
    return;
  }
  if (s->rx_bytes != o_.size ||
      (st->f_total != proto::msrp::ByteRange::kUnknown && st->f_total != o_.size)) {
    error("wrong_size");
  }
  uint64_t now = uv_hrtime();
  latency_.add(now - (t0_ns_ + st->f_send_ns));
  last_recv_ns_ = now;
  s->rx_in_msg = false;
  ++s->expect_seq;
  ++s->received;
  ++received_;
  if (s->tx && static_cast<ConnState*>(s->tx->user)->stalled) produce(*s->tx);
  if ((phase_ == Phase::kDrain || stop_starting_) && received_ == started_) finish();
}

void Runner::onClosed(Connection& c, const char* why) {
  if (phase_ != Phase::kDone) error(std::string("closed_") + why);
  c.close();
}

void Runner::checkEstablished() {
  if (phase_ != Phase::kSetup || established_ < o_.sessions) return;
  setup_ns_ = uv_hrtime() - t0_ns_;
  if (o_.idle) {
    phase_ = Phase::kHold;
    phase_start_ns_ = uv_hrtime();
  } else {
    startLoad();
  }
}

void Runner::startLoad() {
  phase_ = Phase::kLoad;
  at_load_ = sampleProcessTree(o_.pid);
  load_start_ns_ = uv_hrtime();
  phase_start_ns_ = load_start_ns_;
  if (o_.rate > 0) {
    startPacer();
    return;
  }
  for (auto& c : conns_) {
    if (static_cast<ConnState*>(c->user)->tx) produce(*c);
  }
}

// A timerfd, not a libuv timer: those count whole milliseconds, and a millisecond's
// messages leaving in one burst would wait for each other in every hop.
void Runner::startPacer() {
  pace_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (pace_fd_ < 0) {
    error("pacer_timerfd");
    return;
  }
  itimerspec every{};
  every.it_interval.tv_sec = static_cast<time_t>(o_.pace_us / 1000000);
  every.it_interval.tv_nsec = static_cast<long>(o_.pace_us % 1000000) * 1000;
  every.it_value = every.it_interval;
  if (timerfd_settime(pace_fd_, 0, &every, nullptr) != 0 ||
      uv_poll_init(&loop_, &pace_poll_, pace_fd_) != 0) {
    error("pacer_timerfd");
    close(pace_fd_);
    pace_fd_ = -1;
    return;
  }
  pace_poll_.data = this;
  uv_poll_start(&pace_poll_, UV_READABLE, onPace);
}

void Runner::onPace(uv_poll_t* p, int status, int /*events*/) {
  auto* r = static_cast<Runner*>(p->data);
  uint64_t expirations = 0;
  if (status < 0 || read(r->pace_fd_, &expirations, sizeof expirations) < 0) return;
  r->pace();
}

void Runner::stopPacer() {
  if (pace_fd_ < 0 || uv_is_closing(reinterpret_cast<uv_handle_t*>(&pace_poll_))) return;
  uv_close(reinterpret_cast<uv_handle_t*>(&pace_poll_), [](uv_handle_t* h) {
    auto* r = static_cast<Runner*>(h->data);
    close(r->pace_fd_);
    r->pace_fd_ = -1;
  });
}

// Credits come from the clock every pace_us, and each goes to the next connection in
// turn, so every session carries its share of the rate (not whichever connection comes
// first, up to its window). A pace's messages leave together: one write per connection.
void Runner::pace() {
  if (phase_ != Phase::kLoad) return;
  const auto due =
      static_cast<uint64_t>(o_.rate * static_cast<double>(uv_hrtime() - phase_start_ns_) / 1e9);
  credits_ += due - credits_issued_;
  credits_issued_ = due;
  pacing_ = true;
  const size_t n = conns_.size();
  for (size_t idle = 0; credits_ > 0 && idle < n;) {
    Connection& c = *conns_[pace_rr_];
    pace_rr_ = (pace_rr_ + 1) % n;
    if (startOne(c)) {
      idle = 0;
      paced_.push_back(&c);
    } else {
      ++idle;
    }
  }
  pacing_ = false;
  for (Connection* c : paced_) c->flush();
  paced_.clear();
}

bool Runner::startOne(Connection& c) {
  auto* st = static_cast<ConnState*>(c.user);
  if (!st->tx || !c.open() || c.full()) return false;
  const size_t n = st->sessions.size();
  for (size_t k = 0; k < n; ++k) {
    Session& s = *st->sessions[st->rr];
    st->rr = (st->rr + 1) % n;
    if (s.in_msg) continue;  // its next chunks go out in produce(), without credits
    if (s.bytes_sent - s.bytes_recv >= window_) {
      st->stalled = true;
      continue;
    }
    return writeChunk(c, s);
  }
  return false;
}

bool Runner::writeChunk(Connection& c, Session& s) {
  if (!s.in_msg) {
    if (stop_starting_ || (o_.messages && started_ >= o_.messages) ||
        (quota_per_session_ && s.started >= quota_per_session_)) {
      return false;
    }
    if (o_.rate > 0) {
      if (!pacing_ || credits_ == 0) return false;
      --credits_;
    }
    s.in_msg = true;
    s.cur_off = 0;
    s.send_ns = uv_hrtime() - t0_ns_;
    s.tx_pat.emplace(s.idx, s.next_seq);
    s.mid = "s";
    appendHex(s.mid, s.idx);
    s.mid += 'm';
    appendHex(s.mid, s.next_seq);
    s.mid += 't';
    appendHex(s.mid, s.send_ns);
    ++s.next_seq;
    ++s.started;
    ++started_;
  }
  uint64_t n = o_.size - s.cur_off < chunk_ ? o_.size - s.cur_off : chunk_;
  bool last = s.cur_off + n == o_.size;
  // "t1" + hex counter: an ident of at least 4 characters.
  std::string tid = "t1000";
  appendHex(tid, ++tid_);
  std::string& out = c.out();
  out += "MSRP ";
  out += tid;
  out += " SEND\r\nTo-Path: ";
  out += s.to_path;
  out += "\r\nFrom-Path: ";
  out += s.from_path;
  out += "\r\nMessage-ID: ";
  out += s.mid;
  out += "\r\nByte-Range: ";
  proto::msrp::appendByteRange(out, {s.cur_off + 1, s.cur_off + n, o_.size});
  out += "\r\nContent-Type: application/octet-stream\r\n\r\n";
  s.tx_pat->append(out, s.cur_off, n);
  out += "\r\n-------";
  out += tid;
  out += last ? "$\r\n" : "+\r\n";
  s.cur_off += n;
  s.bytes_sent += n;
  if (last) s.in_msg = false;
  return true;
}

void Runner::produce(Connection& c) {
  if (phase_ != Phase::kLoad && phase_ != Phase::kDrain) return;
  auto* st = static_cast<ConnState*>(c.user);
  if (!st->tx || !c.open()) return;
  st->stalled = false;
  size_t n = st->sessions.size(), idle_in_a_row = 0;
  while (!c.full() && idle_in_a_row < n) {
    Session& s = *st->sessions[st->rr];
    st->rr = (st->rr + 1) % n;
    bool window_open = s.bytes_sent - s.bytes_recv < window_;
    if (window_open && writeChunk(c, s)) {
      idle_in_a_row = 0;
    } else {
      if (!window_open) st->stalled = true;
      ++idle_in_a_row;
    }
  }
  c.flush();
}

void Runner::tick() {
  uint64_t now = uv_hrtime();
  double since = static_cast<double>(now - phase_start_ns_) / 1e9;
  switch (phase_) {
    case Phase::kSetup:
      if (static_cast<double>(now - t0_ns_) / 1e9 > o_.setup_timeout_s) {
        error("setup_timeout", o_.sessions - established_);
        finish();
      }
      return;
    case Phase::kHold:
      if (since >= o_.hold_s) {
        ProcSample held = sampleProcessTree(o_.pid);
        idle_pss_kib_ = held.pss_kib;
        if (held.ok && before_.ok) {
          rss_per_session_kib_ =
              (static_cast<double>(held.pss_kib) - static_cast<double>(before_.pss_kib)) /
              o_.sessions;
        }
        quota_per_session_ = 1;  // then prove every session still carries a message
        startLoad();
      }
      return;
    case Phase::kLoad:
      if (o_.rate > 0) {
        for (auto& c : conns_) produce(*c);  // chunks after the first of paced messages
      }
      if ((!o_.idle && since >= o_.duration_s) || (o_.messages && started_ >= o_.messages) ||
          (o_.idle && started_ >= o_.sessions)) {
        stop_starting_ = true;
        stopPacer();
        load_end_ns_ = now;
        phase_ = Phase::kDrain;
        phase_start_ns_ = now;
        if (received_ == started_) finish();
      }
      return;
    case Phase::kDrain:
      for (auto& c : conns_) produce(*c);  // chunks of messages already started
      if (since >= o_.drain_timeout_s) {
        error("lost", started_ - received_);
        finish();
      }
      return;
    case Phase::kDone: return;
  }
}

void Runner::finish() {
  if (phase_ == Phase::kDone) return;
  phase_ = Phase::kDone;
  after_ = sampleProcessTree(o_.pid);
  uv_timer_stop(&tick_);
  stopPacer();
  for (auto& c : conns_) c->close();
  if (server_open_) uv_close(reinterpret_cast<uv_handle_t*>(&server_), nullptr);
  if (mgc_) mgc_->close();
  uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
}

nlohmann::json Runner::run() {
  t0_ns_ = uv_hrtime();
  sessions_.resize(o_.sessions);
  before_ = sampleProcessTree(o_.pid);
  auto ipPort = [](const std::string& s, sockaddr_in* a) {
    size_t colon = s.rfind(':');
    return uv_ip4_addr(s.substr(0, colon).c_str(), std::atoi(s.c_str() + colon + 1), a);
  };
  bool setup_ok = true;
  if (o_.target == Target::kMsrpgw) {
    for (auto& s : sessions_) {
      s.idx = static_cast<uint32_t>(&s - sessions_.data());
      s.from_path = "msrp://127.0.0.1:9/s" + std::to_string(s.idx) + ";tcp";
      s.rx_uri = "msrp://127.0.0.1:9/r" + std::to_string(s.idx) + ";tcp";
    }
    mgc_ = std::make_unique<Mgc>(&loop_);
    int rc = mgc_->listen(o_.mgc_listen, o_.mg, [this] {
      before_ = sampleProcessTree(o_.pid);  // after registration, before any session
      for (auto& s : sessions_) {
        auto sdp = [](const std::string& uri) {
          return "v=0\nc=IN IP4 127.0.0.1\nm=message 9 TCP/MSRP *\na=path:" + uri +
                 "\na=setup:active\na=accept-types:application/octet-stream text/plain\n";
        };
        mgc_->add(sdp(s.from_path), sdp(s.rx_uri), o_.gw_chunk_size,
                  [this, &s](const AddResult& r) {
                    if (!r.ok) {
                      if (errors_.empty())
                        std::fprintf(stderr, "msrpload: Add failed: %s\n", r.error.c_str());
                      error("h248_add");
                    } else {
                      s.to_path = r.path_a;
                      s.rx_bind_to = r.path_b;
                      uv_ip4_addr("127.0.0.1", r.msrp_port, &target_);
                    }
                    if (++adds_done_ == o_.sessions && errors_.empty()) startConnections();
                  });
      }
    });
    if (rc != 0) {
      error("mgc_listen");
      setup_ok = false;
    }
  } else {
    sockaddr_in l{};
    if (ipPort(o_.listen, &l) != 0 || ipPort(o_.connect, &target_) != 0) {
      error("bad_address");
      setup_ok = false;
    } else {
      uv_tcp_init(&loop_, &server_);
      server_.data = this;
      server_open_ = true;
      int rc = uv_tcp_bind(&server_, reinterpret_cast<const sockaddr*>(&l), 0);
      if (rc == 0) rc = uv_listen(reinterpret_cast<uv_stream_t*>(&server_), 4096, onAccept);
      if (rc != 0) {
        error(std::string("listen_") + uv_err_name(rc));
        setup_ok = false;
      }
      uint16_t lport =
          static_cast<uint16_t>(std::atoi(o_.listen.c_str() + o_.listen.rfind(':') + 1));
      std::string relay = o_.target == Target::kKamailio ? "msrp://" + o_.connect + "/x;tcp " : "";
      for (auto& s : sessions_) {
        s.idx = static_cast<uint32_t>(&s - sessions_.data());
        s.from_path = "msrp://127.0.0.1:9/s" + std::to_string(s.idx) + ";tcp";
        s.to_path = relay + "msrp://127.0.0.1:" + std::to_string(lport) + "/r" +
                    std::to_string(s.idx) + ";tcp";
      }
      if (setup_ok) startConnections();
    }
  }
  uv_timer_start(&tick_, onTick, 1, 1);
  if (!setup_ok) finish();
  uv_run(&loop_, UV_RUN_DEFAULT);
  if (load_end_ns_ == 0) load_end_ns_ = uv_hrtime();
  uv_loop_close(&loop_);

  nlohmann::json j;
  j["target"] = targetName(o_.target);
  j["sessions"] = o_.sessions;
  j["sessions_per_conn"] = o_.sessions_per_conn;
  j["size"] = o_.size;
  j["chunk_size"] = chunk_;
  j["rate"] = o_.rate;
  j["idle"] = o_.idle;
  j["setup_s"] = static_cast<double>(setup_ns_) / 1e9;
  uint64_t end = last_recv_ns_ > load_start_ns_ ? last_recv_ns_ : load_end_ns_;
  double secs =
      load_start_ns_ && end > load_start_ns_ ? static_cast<double>(end - load_start_ns_) / 1e9 : 0;
  j["load_s"] = secs;
  j["messages_sent"] = started_;
  j["messages_received"] = received_;
  j["bytes_received"] = bytes_received_;
  j["responses"] = responses_;
  j["msgs_per_s"] = secs > 0 ? static_cast<double>(received_) / secs : 0.0;
  j["mb_per_s"] = secs > 0 ? static_cast<double>(bytes_received_) / secs / 1e6 : 0.0;
  auto q = [&](double x) -> nlohmann::json {
    auto v = latency_.quantileUs(x);
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  j["latency_samples"] = latency_.count();
  j["p50_us"] = q(0.5);
  j["p99_us"] = q(0.99);
  j["p999_us"] = q(0.999);
  if (o_.pid > 0) {
    j["target_processes"] = after_.processes;
    j["cpu_s"] = at_load_.ok && after_.ok ? nlohmann::json(after_.cpu_s - at_load_.cpu_s)
                                          : nlohmann::json(nullptr);
    j["cpu_us_per_msg"] =
        at_load_.ok && after_.ok && received_
            ? nlohmann::json((after_.cpu_s - at_load_.cpu_s) * 1e6 / static_cast<double>(received_))
            : nlohmann::json(nullptr);
    j["peak_rss_kib"] = after_.hwm_kib;
    j["rss_kib_before"] = before_.pss_kib;
    j["rss_kib_idle"] = o_.idle ? nlohmann::json(idle_pss_kib_) : nlohmann::json(nullptr);
  }
  j["rss_kib_per_session"] =
      rss_per_session_kib_ ? nlohmann::json(*rss_per_session_kib_) : nlohmann::json(nullptr);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  j["tool_cpu_s"] = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                    static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  j["errors"] = errorCount();
  j["error_kinds"] = errors_;
  return j;
}

}  // namespace

nlohmann::json runLoad(const Options& o) {
  return Runner(o).run();
}

}  // namespace msrpgw::tools::msrpload
