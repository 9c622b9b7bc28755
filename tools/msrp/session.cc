#include "tools/msrp/session.h"

#include <algorithm>

#include "proto/msrp/errc.h"
#include "proto/msrp/header_values.h"
#include "proto/msrp/request_check.h"
#include "proto/msrp/transaction_id.h"

namespace msrpgw::tools::msrp {
namespace {

namespace pm = proto::msrp;
using json = nlohmann::ordered_json;

constexpr size_t kPieceBytes = size_t{64} * 1024;   // body bytes read and written per step
constexpr size_t kFlushBytes = size_t{256} * 1024;  // batch small chunks into one write
constexpr size_t kReadPauseBytes = 8u << 20;        // unwritten bytes (a peer that does not read)
constexpr uint64_t kCloseFlushLimitMs = 5000;       // graceful close waits this long at most
constexpr int kPumpBudget = 512;                    // steps per loop turn, so reads keep going

std::string rangeText(const pm::ByteRange& r) {
  std::string s;
  pm::appendByteRange(s, r);
  return s;
}

std::string_view firstUri(std::string_view path) {
  path = trimSpaces(path);
  return path.substr(0, path.find(' '));
}

std::string_view reasonPhrase(uint16_t status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 408: return "Request Timeout";
    case 413: return "Message Too Large";
    case 415: return "Unsupported Media Type";
    case 423: return "Interval Out Of Bounds";
    case 481: return "Session Does Not Exist";
    case 501: return "Not Implemented";
    case 506: return "Session Already Bound";
    default: return "Status";
  }
}

}  // namespace

Session::Session(uv_loop_t* loop, const Options& opts, EventLog& log, Counters& counters,
                 SessionHost& host, std::unique_ptr<media::TcpConnection> conn,
                 std::string local_uri, std::string remote_path, std::unique_ptr<Outbox> outbox)
    : opts_(opts),
      log_(log),
      counters_(counters),
      host_(host),
      conn_(std::move(conn)),
      local_uri_(std::move(local_uri)),
      remote_path_(std::move(remote_path)),
      outbox_(std::move(outbox)),
      parser_(*this),
      reassembly_(opts.save_dir),
      transactions_(opts.transaction_timeout_ms) {
  conn_->setHandler(this);
  if (uv_timer_init(loop, pump_timer_.get()) == 0) {
    pump_timer_.markInitialised();
    pump_timer_->data = this;
  }
  for (auto* t : {&close_timer_, &read_timer_}) {
    if (uv_timer_init(loop, t->get()) == 0) {
      t->markInitialised();
      (*t)->data = this;
    }
  }
}

Session::~Session() = default;

void Session::start() {
  started_ = true;
  start_ms_ = host_.nowMs();
  conn_->resumeReading();
  if (!remote_path_.empty() && opts_.bind_send) sendBind();
  schedulePump(0);
}

bool Session::sendingDone() const {
  if (transactions_.awaited() > 0 || cur_) return false;
  if (!outbox_) return true;
  return finished_ == outbox_->total() && reports_pending_ == 0;
}

// ---- receiving ----

void Session::onData(ByteView bytes, const media::buffer::BlockRef&) {
  read_bytes_ += bytes.size();
  size_t off = 0;
  while (off < bytes.size() && !closing_) {
    pm::FeedResult r = parser_.feed(bytes.subspan(off));
    off += r.consumed;
    if (r.status == pm::FeedStatus::kError) {
      framingError();
      return;
    }
  }
  flushOut();
  if (opts_.recv_rate > 0 && !closing_) limitReadRate();
}

void Session::limitReadRate() {
  uint64_t due_ms = read_bytes_ * 1000 / opts_.recv_rate;  // when this much is allowed
  uint64_t elapsed = host_.nowMs() - start_ms_;
  if (due_ms <= elapsed || !read_timer_.initialised()) return;
  rate_paused_ = true;
  conn_->pauseReading();
  uv_timer_start(
      read_timer_.get(),
      [](uv_timer_t* t) {
        auto* self = static_cast<Session*>(t->data);
        if (!self) return;
        self->rate_paused_ = false;
        self->resumeReadingIfAllowed();
      },
      due_ms - elapsed, 0);
}

void Session::resumeReadingIfAllowed() {
  if (!read_paused_ && !rate_paused_ && !closing_ && !closed_) conn_->resumeReading();
}

void Session::onHead(const pm::FrameHead& head) {
  if (!head.start.is_request) {
    in_.active = false;
    handleResponse(head);
    return;
  }
  in_ = InFrame{};
  in_.active = true;
  in_.method = head.start.method;
  in_.tid = std::string(head.start.tid);
  in_.from_path = std::string(head.get(pm::HeaderId::kFromPath));
  in_.has_body = head.has_body;
  if (in_.method == pm::Method::kOther || in_.method == pm::Method::kAuth) {
    in_.refuse = 501;
    in_.refuse_reason = "method not implemented: " + std::string(head.start.method_name);
    return;
  }
  if (Status st = pm::checkRequest(head); !st.ok()) {
    in_.refuse = pm::statusFor(pm::errcOf(st.error()));
    if (in_.refuse == 0) in_.refuse = 400;
    in_.refuse_reason = describe(st.error());
    return;
  }
  in_.message_id = std::string(head.get(pm::HeaderId::kMessageId));
  if (head.has(pm::HeaderId::kByteRange)) {
    auto r = pm::parseByteRange(head.get(pm::HeaderId::kByteRange));
    if (r.ok()) in_.range = *r;
  }
  if (head.has(pm::HeaderId::kSuccessReport)) {
    auto r = pm::parseSuccessReport(head.get(pm::HeaderId::kSuccessReport));
    if (r.ok()) in_.success = *r;
  }
  if (head.has(pm::HeaderId::kFailureReport)) {
    auto r = pm::parseFailureReport(head.get(pm::HeaderId::kFailureReport));
    if (r.ok()) in_.failure = *r;
  }
  if (in_.method == pm::Method::kReport) {
    auto st = pm::parseStatus(head.get(pm::HeaderId::kStatus));
    if (st.ok()) in_.report_status = st->code;
  }
  learnRemotePath(in_.from_path);
  if (in_.method == pm::Method::kSend && in_.has_body && opts_.respond == 200) {
    uint64_t total = in_.range.total == pm::ByteRange::kUnknown ? kUnknownSize : in_.range.total;
    in_.msg = &reassembly_.chunkStart(in_.message_id, head.get(pm::HeaderId::kContentType), total);
  }
}

void Session::onBody(ByteView piece) {
  if (!in_.active) return;
  if (in_.msg) reassembly_.piece(*in_.msg, in_.range.start - 1 + in_.bytes, piece);
  in_.bytes += piece.size();
}

void Session::onEnd(pm::EndFlag flag) {
  if (!in_.active) return;
  in_.active = false;
  finishRequest(flag);
}

void Session::finishRequest(pm::EndFlag flag) {
  char f = static_cast<char>(flag);
  if (in_.refuse != 0) {
    ++counters_.bad_requests;
    log_.emit({{"event", "error"},
               {"kind", "bad_request"},
               {"tid", in_.tid},
               {"status", in_.refuse},
               {"reason", in_.refuse_reason}});
    respond(in_, in_.refuse, reasonPhrase(in_.refuse));
    return;
  }
  if (in_.method == pm::Method::kReport) {  // never answered (RFC 4975 section 7.1.2)
    ++counters_.reports_received;
    log_.emit({{"event", "report"},
               {"tid", in_.tid},
               {"message_id", in_.message_id},
               {"status", in_.report_status},
               {"byte_range", rangeText(in_.range)}});
    OutMessage* m = outbox_ ? outbox_->find(in_.message_id) : nullptr;
    if (m && in_.report_status == 200 && !m->success_reported && in_.range.start == 1 &&
        in_.range.end != pm::ByteRange::kUnknown && in_.range.end >= m->size) {
      m->success_reported = true;
      if (m->reported) {
        if (reports_pending_ > 0) --reports_pending_;
        outbox_->retire(m);
      }
    }
    host_.onProgress();  // also counts for --expect-reports
    return;
  }
  // SEND
  ++counters_.recv_chunks;
  counters_.recv_bytes += in_.bytes;
  uint16_t status = opts_.respond;
  if (opts_.chunk_events) {
    json ev = {{"event", "recv_chunk"},
               {"tid", in_.tid},
               {"message_id", in_.message_id},
               {"byte_range", rangeText(in_.range)},
               {"flag", std::string(1, f)},
               {"bytes", in_.bytes},
               {"status", status}};
    if (!in_.has_body) ev["bodiless"] = true;
    log_.emit(ev);
  }
  if (in_.failure == pm::ReportMode::kYes ||
      (in_.failure == pm::ReportMode::kPartial && status != 200))
    respond(in_, status, reasonPhrase(status));
  if (!in_.msg) return;
  auto done = reassembly_.chunkEnd(*in_.msg, f, in_.range.start - 1 + in_.bytes);
  in_.msg = nullptr;
  if (!done) return;
  if (done->aborted) {
    ++counters_.recv_aborted;
    log_.emit({{"event", "recv_aborted"},
               {"message_id", done->message_id},
               {"bytes", done->size},
               {"chunks", done->chunks}});
  } else {
    ++counters_.recv_messages;
    json ev = {{"event", "recv_message"}, {"message_id", done->message_id},
               {"size", done->size},      {"sha256", done->sha256},
               {"chunks", done->chunks},  {"content_type", done->content_type}};
    if (!done->preview.empty() || done->content_type.rfind("text/", 0) == 0)
      ev["text"] = done->preview;
    if (!done->saved_path.empty()) ev["saved"] = done->saved_path;
    if (done->save_failed) ev["save_failed"] = true;
    log_.emit(ev);
    if (in_.success == pm::ReportMode::kYes) sendSuccessReport(in_, *done);
  }
  host_.onProgress();
}

void Session::respond(const InFrame& f, uint16_t status, std::string_view comment) {
  std::string_view to = firstUri(f.from_path);
  if (to.empty()) to = firstUri(remote_path_);
  if (to.empty()) to = local_uri_;
  pm::ResponseHead rh{f.tid, status, comment, to, local_uri_, {}};
  if (!pm::writeResponse(control_, rh).ok())
    fail("write", "cannot write a response on tid " + f.tid);
}

void Session::sendSuccessReport(const InFrame& f, const FinishedMessage& m) {
  std::string tid = pm::makeIdent(host_.rng());
  pm::RequestHead h;
  h.tid = tid;
  h.method = "REPORT";
  h.to_path = f.from_path;
  h.from_path = local_uri_;
  h.message_id = m.message_id;
  h.byte_range = pm::ByteRange{1, m.size, m.size};
  h.status = pm::StatusValue{0, 200, "OK"};
  if (!pm::writeRequest(control_, h).ok()) {
    fail("write", "cannot write a REPORT for " + m.message_id);
    return;
  }
  ++counters_.reports_sent;
}

void Session::framingError() {
  const Error& e = parser_.error();
  log_.emit({{"event", "error"},
             {"kind", "framing"},
             {"reason", describe(e)},
             {"errc", pm::errcName(pm::errcOf(e))}});
  ++counters_.bad_requests;
  std::string_view tid = parser_.currentTid();
  if (!tid.empty() && parser_.currentIsRequest()) {
    InFrame f;
    f.tid = std::string(tid);
    if (in_.tid == f.tid) f.from_path = in_.from_path;
    uint16_t status = pm::statusFor(pm::errcOf(e));
    if (status == 0) status = 400;
    respond(f, status, reasonPhrase(status));
  }
  closeGracefully(media::CloseReason::kProtocolError);
}

void Session::learnRemotePath(std::string_view from_path) {
  if (!remote_path_.empty() || from_path.empty() || !pm::parsePath(from_path).ok()) return;
  remote_path_ = std::string(from_path);
  log_.emit({{"event", "remote_path"}, {"path", remote_path_}});
  if (opts_.bind_send && started_) sendBind();
  schedulePump(0);
}

void Session::handleResponse(const pm::FrameHead& head) {
  auto t = transactions_.take(std::string(head.start.tid));
  if (!t) return;  // late (timed out), or an answer to a REPORT: ignored
  uint16_t status = head.start.status;
  ++counters_.responses;
  if (window_full_) {
    window_full_ = false;
    schedulePump(0);
  }
  if (status != 200) ++counters_.responses_failed;
  bool bind = t->message_id.empty();
  if (opts_.chunk_events || status != 200 || bind) {
    json ev = {{"event", "response"},
               {"tid", t->tid},
               {"status", status},
               {"comment", std::string(head.start.comment)}};
    if (!bind) {
      ev["message_id"] = t->message_id;
      ev["byte_range"] = rangeText(pm::ByteRange{t->start, t->end, t->total});
    } else {
      ev["bind"] = true;
    }
    log_.emit(ev);
  }
  if (bind) {
    host_.onProgress();
  } else if (OutMessage* m = outbox_ ? outbox_->find(t->message_id) : nullptr) {
    chunkAnswered(m, status, !t->timeout_is_success);
  } else if (status != 200) {
    ++counters_.sent_failed;  // a late error for a message already finished and forgotten
  }
}

void Session::checkTimeouts() {
  auto expired = transactions_.expire(host_.nowMs());
  if (!expired.empty() && window_full_) {
    window_full_ = false;
    schedulePump(0);
  }
  for (PendingTransaction& t : expired) {
    if (t.timeout_is_success) continue;  // Failure-Report: partial: silence is success
    ++counters_.transaction_timeouts;
    json ev = {{"event", "error"}, {"kind", "transaction_timeout"}, {"tid", t.tid}};
    if (!t.message_id.empty()) ev["message_id"] = t.message_id;
    log_.emit(ev);
    if (OutMessage* m = outbox_ ? outbox_->find(t.message_id) : nullptr) {
      chunkAnswered(m, 408, true);
    } else {
      host_.onProgress();
    }
  }
}

// ---- sending ----

void Session::sendBind() {
  std::string tid = pm::makeIdent(host_.rng());
  std::string mid = pm::makeIdent(host_.rng());
  pm::RequestHead h;
  h.tid = tid;
  h.to_path = remote_path_;
  h.from_path = local_uri_;
  h.message_id = mid;
  h.byte_range = pm::ByteRange{1, 0, 0};
  std::string& dst = cur_ ? control_ : out_;
  if (!pm::writeRequest(dst, h).ok()) {
    fail("write", "cannot write the binding SEND");
    return;
  }
  transactions_.add(PendingTransaction{tid, "", 1, 0, 0, false, 0}, host_.nowMs());
  flushOut();
}

void Session::schedulePump(uint64_t delay_ms) {
  if (!outbox_ || pump_scheduled_ || !pump_timer_.initialised() || closing_) return;
  pump_scheduled_ = true;
  uv_timer_start(
      pump_timer_.get(),
      [](uv_timer_t* t) {
        auto* self = static_cast<Session*>(t->data);
        if (self) self->pump();
      },
      delay_ms, 0);
}

void Session::pump() {
  pump_scheduled_ = false;
  if (closing_ || closed_ || !outbox_ || remote_path_.empty()) return;
  int budget = kPumpBudget;
  while (!conn_->writeBlocked()) {
    if (!cur_ && transactions_.awaited() >= opts_.window) {
      window_full_ = true;  // resumed by the next response or timeout
      break;
    }
    if (budget-- == 0) {
      flushOut();
      schedulePump(0);
      return;
    }
    if (!cur_ && !startChunk()) break;
    if (!writePiece()) return;
    if (out_.size() >= kFlushBytes) flushOut();
  }
  flushOut();
}

bool Session::startChunk() {
  uint64_t retry = 0;
  OutMessage* m = outbox_->next(host_.nowMs() - start_ms_, &retry);
  if (!m) {
    if (retry > 0) schedulePump(retry);
    return false;
  }
  cur_.emplace();
  OutChunk& c = *cur_;
  c.msg = m;
  c.start = c.pos = m->offset;
  uint64_t remaining = m->size - m->offset;
  uint64_t len = opts_.chunk_size == 0 ? remaining : std::min(opts_.chunk_size, remaining);
  c.flag = m->offset + len == m->size ? '$' : '+';
  if (opts_.abort_after && *opts_.abort_after <= m->size && m->offset + len >= *opts_.abort_after) {
    len = *opts_.abort_after - m->offset;
    c.flag = '#';
  }
  c.end = c.start + len;
  c.tid = pm::makeIdent(host_.rng());
  pm::RequestHead h;
  h.tid = c.tid;
  h.to_path = remote_path_;
  h.from_path = local_uri_;
  h.message_id = m->message_id;
  h.byte_range = pm::ByteRange{c.start + 1, c.end, m->size};
  h.success_report = opts_.success_report;
  h.failure_report = opts_.failure_report;
  h.content_type = m->content_type;
  if (!c.writer.begin(out_, h).ok()) {
    fail("write", "cannot write a chunk head for " + m->message_id);
    return false;
  }
  return true;
}

bool Session::writePiece() {
  OutChunk& c = *cur_;
  OutMessage* m = c.msg;
  size_t n = static_cast<size_t>(std::min<uint64_t>(kPieceBytes, c.end - c.pos));
  if (n > 0) {
    size_t at = out_.size();
    if (!m->payload->read(c.pos, n, out_)) {
      fail("read", "cannot read the body of " + m->message_id);
      closeGracefully();
      return false;
    }
    ByteView piece = asBytes(std::string_view(out_).substr(at));
    if (!c.writer.body(piece).ok()) {
      // A 16-character random tid makes this practically impossible; the frame cannot
      // be finished safely, so the connection goes.
      fail("end_line_in_body", "the body of " + m->message_id + " contains the end-line");
      closeGracefully(media::CloseReason::kProtocolError);
      return false;
    }
    m->sha.update(piece);
    c.pos += n;
    counters_.sent_bytes += n;
  }
  if (c.pos < c.end) return true;
  if (!c.writer.end(out_, static_cast<pm::EndFlag>(c.flag)).ok()) {
    fail("write", "cannot end a chunk of " + m->message_id);
    closeGracefully(media::CloseReason::kProtocolError);
    return false;
  }
  ++counters_.sent_chunks;
  ++m->chunks;
  m->offset = c.end;
  if (c.flag != '+') {
    m->written = true;
    m->aborted = c.flag == '#';
  }
  // With Failure-Report: partial no 200 comes: the chunk is kept only to match an error
  // response; the message does not wait for it.
  if (opts_.failure_report != pm::ReportMode::kNo) {
    if (opts_.failure_report != pm::ReportMode::kPartial) ++m->outstanding;
    transactions_.add(PendingTransaction{c.tid, m->message_id, c.start + 1, c.end, m->size,
                                         opts_.failure_report == pm::ReportMode::kPartial, 0},
                      host_.nowMs());
  }
  cur_.reset();
  maybeFinishMessage(m);
  return true;
}

void Session::flushOut() {
  if (!cur_ && !control_.empty()) {
    out_ += control_;
    control_.clear();
  }
  if (out_.empty() || closed_ || conn_->closing()) return;
  conn_->write(std::move(out_));
  out_.clear();
  if (!read_paused_ && conn_->unwritten() > kReadPauseBytes) {
    read_paused_ = true;
    conn_->pauseReading();
  }
}

void Session::onWriteDrained() {
  if (read_paused_) {
    read_paused_ = false;
    resumeReadingIfAllowed();
  }
  schedulePump(0);
}

void Session::chunkAnswered(OutMessage* m, uint16_t status, bool awaited) {
  if (awaited && m->outstanding > 0) --m->outstanding;
  if (status != 200 && m->reported && m->failure_status == 0) {
    // A late error (Failure-Report: partial) after the message was already finished.
    m->failure_status = status;
    ++counters_.sent_failed;
    return;
  }
  if (status != 200 && m->failure_status == 0) {
    m->failure_status = status;
    m->written = true;  // RFC 4975: no further chunks of a refused message
  }
  maybeFinishMessage(m);
}

void Session::maybeFinishMessage(OutMessage* m) {
  if (m->reported || !m->written || m->outstanding > 0 || (cur_ && cur_->msg == m)) return;
  m->reported = true;
  ++finished_;
  ++counters_.sent_messages;
  if (m->failure_status != 0) ++counters_.sent_failed;
  if (m->aborted) ++counters_.sent_aborted;
  std::string status = m->failure_status ? "failed" : m->aborted ? "aborted" : "ok";
  json ev = {{"event", "sent_message"}, {"message_id", m->message_id}, {"status", status},
             {"size", m->size},         {"sent", m->offset},           {"chunks", m->chunks}};
  if (m->failure_status) ev["failure_status"] = m->failure_status;
  if (status == "ok") ev["sha256"] = m->sha.finishHex();
  log_.emit(ev);
  if (status == "ok" && opts_.success_report == pm::ReportMode::kYes && !m->success_reported) {
    ++reports_pending_;  // kept until its REPORT comes
  } else {
    outbox_->retire(m);
  }
  host_.onProgress();
}

void Session::fail(const char* kind, const std::string& detail) {
  log_.emit({{"event", "error"}, {"kind", kind}, {"reason", detail}});
}

// ---- closing ----

void Session::closeGracefully(media::CloseReason reason) {
  if (closing_ || closed_) return;
  if (cur_) {  // a chunk cut short cannot be ended; it goes as far as it got
    cur_.reset();
  }
  flushOut();
  closing_ = true;
  close_reason_ = reason;
  if (pump_timer_.initialised()) uv_timer_stop(pump_timer_.get());
  if (read_timer_.initialised()) uv_timer_stop(read_timer_.get());
  conn_->pauseReading();
  close_deadline_ms_ = host_.nowMs() + kCloseFlushLimitMs;
  // TcpConnection::close() cancels writes still queued, so wait for them to drain first.
  auto tick = [](uv_timer_t* t) {
    auto* self = static_cast<Session*>(t->data);
    if (!self) return;
    if (self->conn_->unwritten() == 0 || self->host_.nowMs() >= self->close_deadline_ms_) {
      uv_timer_stop(t);
      self->conn_->close(self->close_reason_);
    }
  };
  if (conn_->unwritten() == 0 || !close_timer_.initialised()) {
    conn_->close(reason);
  } else {
    uv_timer_start(close_timer_.get(), tick, 1, 1);
  }
}

void Session::closeNow(media::CloseReason reason) {
  if (closed_) return;
  if (!closing_) {
    closing_ = true;
    close_reason_ = reason;
  }
  if (pump_timer_.initialised()) uv_timer_stop(pump_timer_.get());
  if (close_timer_.initialised()) uv_timer_stop(close_timer_.get());
  if (read_timer_.initialised()) uv_timer_stop(read_timer_.get());
  conn_->close(close_reason_);
}

void Session::onClose(media::CloseReason reason) {
  closed_ = true;
  if (pump_timer_.initialised()) uv_timer_stop(pump_timer_.get());
  if (close_timer_.initialised()) uv_timer_stop(close_timer_.get());
  if (read_timer_.initialised()) uv_timer_stop(read_timer_.get());
  media::CloseReason r = closing_ ? close_reason_ : reason;
  log_.emit({{"event", "closed"}, {"reason", media::closeReasonName(r)}});
  host_.onSessionClosed(this, r);
}

}  // namespace msrpgw::tools::msrp
