#include "media/leg/msrp_leg.h"

#include <algorithm>
#include <cstring>

#include "proto/msrp/errc.h"
#include "proto/msrp/request_check.h"
#include "proto/msrp/status_text.h"
#include "proto/msrp/writer.h"

namespace msrpgw::media {

namespace msrp = proto::msrp;

namespace {

// Internal transactions (the binding SEND) carry this ref and never reach the sink.
constexpr uint64_t kInternalRef = UINT64_MAX;

using msrp::statusComment;

// The first URI of a path, as a view into `path`.
std::string_view firstUriView(std::string_view path) {
  path = trimSpaces(path);
  // Two memchr scans: find_first_of(" \t") would call memchr once per character.
  return path.substr(0, std::min(path.find(' '), path.find('\t')));
}

std::string firstUri(std::string_view path) {
  return std::string(firstUriView(path));
}

// Text of the frame being written, shared by every leg of this worker thread: the
// connection copies it, so each leg need not keep buffers of its own (idle sessions add
// up) and no frame allocates.
struct Scratch {
  std::string head, tail, out;
  std::vector<msrp::HeaderField> mime;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

MsrpLeg::MsrpLeg(uv_loop_t* loop, buffer::BlockPool& pool, MsrpLegConfig config)
    : loop_(loop), pool_(pool), config_(std::move(config)), rng_() {
  auto uri = msrp::parseUri(config_.local_uri);
  if (uri.ok()) local_session_ = std::string(uri->session_id);
  remote_first_ = firstUri(config_.remote_path);
  uv_timer_init(loop_, timer_.get());
  timer_.markInitialised();
  timer_->data = this;
}

MsrpLeg::~MsrpLeg() {
  *alive_ = false;
  if (conn_) conn_->removeSession(this);
}

void MsrpLeg::attach(MsrpConnection& conn, bool send_bind) {
  conn_ = &conn;
  conn_->addSession(local_session_, this);
  conn_->setWatermarks(config_.watermarks);
  if (paused_) conn_->pause(this);
  if (send_bind) {
    msrp::RequestHead h;
    std::string tid = newTid();
    std::string mid = newTid();
    h.tid = tid;
    h.to_path = config_.remote_path;
    h.from_path = config_.local_uri;
    h.message_id = mid;
    h.byte_range = ByteRange{1, 0, 0};
    std::string out;
    if (msrp::writeRequest(out, h).ok()) {
      conn_->write(std::move(out));
      track(tid, kInternalRef);
    }
  }
  if (sink_) sink_->onLegUp(*this);
}

void MsrpLeg::pauseReceiving() {
  paused_ = true;
  if (conn_) conn_->pause(this);
}

void MsrpLeg::resumeReceiving() {
  paused_ = false;
  if (conn_) conn_->resume(this);
}

bool MsrpLeg::quiet() const {
  return up() && !paused_ && in_ == Incoming::kNone && live_ == 0 && conn_->quiet();
}

std::optional<uv_os_sock_t> MsrpLeg::releaseConnection() {
  if (!quiet()) return std::nullopt;
  auto fd = conn_->release(this);
  if (fd) conn_ = nullptr;
  return fd;
}

void MsrpLeg::close() {
  if (conn_) conn_->removeSession(this);
  conn_ = nullptr;
  outstanding_.clear();
  live_ = 0;
}

// ---- receiving ------------------------------------------------------------------------

void MsrpLeg::onFramingError(const Error& e, std::string_view tid) {
  // Framing is lost (the connection closes next): answer the request on its own
  // transaction when we can.
  ++stats_.requests_rejected;
  if (tid.empty()) return;
  in_tid_.assign(tid);
  in_reply_to_ = remote_first_;
  in_failure_report_ = ReportMode::kYes;
  uint16_t status = msrp::statusFor(msrp::errcOf(e));
  if (status != 0) answer(status, msrp::errcName(msrp::errcOf(e)));
}

void MsrpLeg::onFrameHead(const msrp::FrameHead& head) {
  in_ = Incoming::kIgnore;
  const msrp::StartLine& s = head.start;
  if (!s.is_request) {
    // Answers come in sending order, nearly always: the match is at the front.
    Outstanding* it = nullptr;
    if (s.tid.size() == kTidLength) {
      for (size_t i = 0; i < outstanding_.size(); ++i) {
        Outstanding& o = outstanding_[i];
        if (!o.answered && std::memcmp(o.tid.data(), s.tid.data(), kTidLength) == 0) {
          it = &o;
          break;
        }
      }
    }
    if (it == nullptr) {
      ++stats_.responses_unmatched;  // e.g. an unexpected 200 to a Failure-Report: no SEND
      return;
    }
    const uint64_t ref = it->ref;
    it->answered = true;
    --live_;
    trimAnswered();
    if (s.status != 200) ++stats_.received_by_status[s.status];
    if (ref != kInternalRef && sink_) sink_->onChunkOutcome(*this, ref, s.status);
    return;
  }
  in_tid_.assign(s.tid);  // assign: the members keep their capacity from frame to frame
  in_reply_to_.assign(firstUriView(head.get(msrp::HeaderId::kFromPath)));
  if (in_reply_to_.empty()) in_reply_to_ = remote_first_;
  in_failure_report_ = ReportMode::kYes;
  if (auto fr = msrp::parseFailureReport(head.get(msrp::HeaderId::kFailureReport)); fr.ok()) {
    in_failure_report_ = fr.value();
  }
  auto reject = [&](uint16_t status) {
    in_ = Incoming::kRejected;
    in_status_ = status;
    ++stats_.requests_rejected;
  };
  if (s.method == msrp::Method::kOther) return reject(501);
  if (s.method == msrp::Method::kAuth) return reject(403);  // we are an endpoint, not a relay
  if (sink_ && s.method == msrp::Method::kSend)
    sink_->prefetch(*this, head.get(msrp::HeaderId::kMessageId));
  Status check = checker_.check(head);
  if (!check.ok()) {
    if (s.method == msrp::Method::kReport) {
      ++stats_.requests_rejected;  // a REPORT is never answered, even when malformed
      return;
    }
    return reject(400);
  }
  // The connection routed this frame here by the session-id of its first To-Path URI
  // (matched on session-id, as with CEMA / sessmatch, so an ALG that rewrote addresses
  // does not break the session).
  if (config_.reports_only && s.method == msrp::Method::kSend) return reject(506);
  const std::string_view mid = head.get(msrp::HeaderId::kMessageId);
  const ByteRange range = checker_.byteRange();  // parsed and checked above
  if (s.method == msrp::Method::kReport) {
    ++stats_.reports_received;
    auto st = msrp::parseStatus(head.get(msrp::HeaderId::kStatus)).value();
    ReportMeta r{std::string(mid), range, st.code, std::string(st.comment)};
    if (sink_) sink_->onReport(*this, r);
    return;
  }
  // SEND
  if (!head.has_body) {
    ++stats_.keepalives_received;
    in_ = Incoming::kBodiless;
    return;
  }
  ChunkMeta& meta = in_meta_;  // reused: its strings keep their capacity
  meta.message_id.assign(mid);
  meta.range = range;
  meta.content_type.assign(head.get(msrp::HeaderId::kContentType));
  meta.failure_report = in_failure_report_;
  meta.success_report = ReportMode::kNo;
  meta.mime_headers.clear();
  if (auto sr = msrp::parseSuccessReport(head.get(msrp::HeaderId::kSuccessReport)); sr.ok()) {
    meta.success_report = sr.value();
  }
  for (const msrp::HeaderView& h : head.headers) {
    if (h.id == msrp::HeaderId::kContentId || h.id == msrp::HeaderId::kContentDescription ||
        h.id == msrp::HeaderId::kContentDisposition) {
      meta.mime_headers.emplace_back(std::string(h.name), std::string(h.value));
    }
  }
  ++stats_.chunks_received;
  Verdict v = sink_ ? sink_->onChunkStart(*this, meta) : Verdict{481};
  if (v != kAccept) return reject(v);
  in_ = Incoming::kAccepted;
}

void MsrpLeg::onFrameBody(ByteView piece, const buffer::BlockRef& block) {
  if (in_ != Incoming::kAccepted) return;
  stats_.bytes_received += piece.size();
  buffer::Slice slice;
  if (block) {
    slice = buffer::Slice::of(block, piece);
  } else {
    // A few bytes the parser held back from its own storage: copy them.
    buffer::BlockRef b = pool_.allocate();
    std::memcpy(b->data(), piece.data(), piece.size());
    slice = buffer::Slice(std::move(b), 0, piece.size());
  }
  if (sink_) sink_->onChunkBody(*this, std::move(slice));
}

void MsrpLeg::onFrameEnd(EndFlag flag) {
  switch (in_) {
    case Incoming::kAccepted: {
      Verdict v = sink_ ? sink_->onChunkEnd(*this, flag) : Verdict{481};
      answer(v == kAccept ? 200 : v, statusComment(v == kAccept ? 200 : v));
      break;
    }
    case Incoming::kRejected: answer(in_status_, statusComment(in_status_)); break;
    case Incoming::kBodiless: answer(200, "OK"); break;
    case Incoming::kNone:
    case Incoming::kIgnore: break;
  }
  in_ = Incoming::kNone;
}

void MsrpLeg::answer(uint16_t status, const char* comment) {
  if (!conn_ || conn_->closing()) return;
  if (in_failure_report_ == ReportMode::kNo) return;
  if (in_failure_report_ == ReportMode::kPartial && status == 200) return;
  if (status != 200) ++stats_.answered_by_status[status];
  msrp::ResponseHead r;
  r.tid = in_tid_;
  r.status = status;
  r.comment = comment;
  r.to_path = in_reply_to_;
  r.from_path = config_.local_uri;
  std::string& out = scratch().out;
  out.clear();
  if (msrp::writeResponse(out, r).ok()) conn_->writeText(out);
}

// ---- sending --------------------------------------------------------------------------

bool MsrpLeg::sendChunk(const ChunkMeta& meta, const buffer::Chain& body, EndFlag flag,
                        uint64_t ref) {
  if (!up()) return false;
  msrp::RequestHead h;
  h.to_path = config_.remote_path;
  h.from_path = config_.local_uri;
  h.message_id = meta.message_id;
  h.byte_range = meta.range;
  if (meta.success_report != ReportMode::kNo) h.success_report = meta.success_report;
  if (meta.failure_report != ReportMode::kYes) h.failure_report = meta.failure_report;
  Scratch& sc = scratch();
  sc.mime.clear();
  for (const auto& [name, value] : meta.mime_headers) sc.mime.push_back({name, value});
  h.extra = sc.mime;
  h.content_type = meta.content_type;
  std::string& head = sc.head;
  std::string& tail = sc.tail;
  std::string tid;
  // A fresh random tid collides with the body's bytes almost never; the writer proves it
  // does not, and on the rare collision another tid is drawn.
  for (int attempt = 0; attempt < 8; ++attempt) {
    tid = newTid();
    h.tid = tid;
    head.clear();
    tail.clear();
    msrp::ChunkWriter w;
    bool ok = w.begin(head, h).ok();
    if (!meta.content_type.empty()) {
      for (const buffer::Slice& s : body.slices()) ok = ok && w.body(s.bytes()).ok();
    }
    ok = ok && w.end(tail, flag).ok();
    if (ok) break;
    if (attempt == 7) return false;
  }
  stats_.bytes_sent += body.size();
  ++stats_.chunks_sent;
  conn_->writeText(head, body, tail);
  if (meta.failure_report != ReportMode::kNo) track(tid, ref);
  return true;
}

bool MsrpLeg::sendReport(const ReportMeta& report) {
  if (!up()) return false;
  msrp::RequestHead h;
  std::string tid = newTid();
  h.tid = tid;
  h.method = "REPORT";
  h.to_path = config_.remote_path;
  h.from_path = config_.local_uri;
  h.message_id = report.message_id;
  h.byte_range = report.range;
  h.status = msrp::StatusValue{0, report.status, report.comment};
  std::string& out = scratch().out;
  out.clear();
  if (!msrp::writeRequest(out, h).ok()) return false;
  ++stats_.reports_sent;
  conn_->writeText(out);
  return true;
}

void MsrpLeg::track(const std::string& tid, uint64_t ref) {
  Outstanding o{};
  std::memcpy(o.tid.data(), tid.data(), std::min(tid.size(), kTidLength));
  o.answered = false;
  o.ref = ref;
  o.deadline_ms = uv_now(loop_) + config_.transaction_timeout_ms;
  outstanding_.push_back(o);
  ++live_;
  armTimer();
}

void MsrpLeg::trimAnswered() {
  while (!outstanding_.empty() && outstanding_.front().answered) outstanding_.pop_front();
}

void MsrpLeg::armTimer() {
  if (outstanding_.empty() || uv_is_active(timer_.handle())) return;
  uint64_t now = uv_now(loop_);
  uint64_t due = outstanding_.front().deadline_ms;
  uv_timer_start(
      timer_.get(),
      [](uv_timer_t* t) {
        if (auto* self = static_cast<MsrpLeg*>(t->data)) self->onTimer();
      },
      due > now ? due - now : 0, 0);
}

void MsrpLeg::onTimer() {
  uint64_t now = uv_now(loop_);
  std::shared_ptr<bool> alive = alive_;
  trimAnswered();
  while (!outstanding_.empty() && outstanding_.front().deadline_ms <= now) {
    const Outstanding o = outstanding_.front();
    outstanding_.pop_front();
    --live_;
    ++stats_.transaction_timeouts;
    if (o.ref != kInternalRef && sink_) sink_->onChunkOutcome(*this, o.ref, 408);
    if (!*alive) return;
    trimAnswered();
  }
  armTimer();
}

void MsrpLeg::failAllOutstanding(uint16_t status) {
  buffer::Ring<Outstanding> pending;
  pending.swap(outstanding_);
  live_ = 0;
  uv_timer_stop(timer_.get());
  // Reported in sending order.
  std::shared_ptr<bool> alive = alive_;
  for (size_t i = 0; i < pending.size(); ++i) {
    const Outstanding& o = pending[i];
    if (o.answered || o.ref == kInternalRef) continue;
    if (sink_) sink_->onChunkOutcome(*this, o.ref, status);
    if (!*alive) return;
  }
}

// ---- connection events ----------------------------------------------------------------

void MsrpLeg::onWritable() {
  if (sink_) sink_->onLegWritable(*this);
}

void MsrpLeg::onConnectionClosed(CloseReason reason) {
  conn_ = nullptr;
  std::shared_ptr<bool> alive = alive_;
  failAllOutstanding(408);
  if (!*alive) return;
  if (sink_) sink_->onLegDown(*this, reason);
}

}  // namespace msrpgw::media
