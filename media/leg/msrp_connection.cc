#include "media/leg/msrp_connection.h"

#include <algorithm>

#include "proto/msrp/header_values.h"
#include "proto/msrp/status_text.h"
#include "proto/msrp/writer.h"

namespace msrpgw::media {

namespace msrp = proto::msrp;

namespace {

// The first URI of a path, as a view into `path`.
std::string_view firstUriView(std::string_view path) {
  path = trimSpaces(path);
  return path.substr(0, std::min(path.find(' '), path.find('\t')));
}

// The session-id of an MSRP URI (RFC 4975 section 9: scheme "://" authority "/"
// session-id [";" transport] *(";" param)) found without validating the rest: routing
// needs only this (a few instructions instead of a full parse per frame), and the session
// the frame reaches validates its request in full.
std::string_view sessionIdOf(std::string_view uri) {
  const size_t scheme = uri.find("://");
  if (scheme == std::string_view::npos) return {};
  const size_t slash = uri.find('/', scheme + 3);
  if (slash == std::string_view::npos) return {};
  std::string_view id = uri.substr(slash + 1);
  return id.substr(0, id.find(';'));
}

}  // namespace

MsrpConnection::MsrpConnection(std::unique_ptr<TcpConnection> tcp, msrp::ParserLimits limits,
                               Owner& owner, std::string peer_ip, uint64_t now_ms)
    : tcp_(std::move(tcp)),
      parser_(*this, limits),
      owner_(owner),
      peer_ip_(std::move(peer_ip)),
      started_ms_(now_ms) {
  tcp_->setHandler(this);
}

MsrpConnection::~MsrpConnection() {
  *alive_ = false;
  if (tcp_) tcp_->setHandler(nullptr);
}

void MsrpConnection::start(const std::string& already_read) {
  if (!already_read.empty()) {
    if (!ever_bound_) first_bytes_.append(already_read);
    feed(asBytes(already_read), {});
    if (finished_ || closing_) return;
  }
  if (paused_.empty() && tcp_) tcp_->resumeReading();
}

// ---- sessions ---------------------------------------------------------------------------

void MsrpConnection::addSession(const std::string& session_id, MsrpSession* s) {
  auto at = std::lower_bound(sessions_.begin(), sessions_.end(), session_id,
                             [](const auto& e, std::string_view id) { return e.first < id; });
  if (at != sessions_.end() && at->first == session_id) {
    at->second = s;
  } else {
    sessions_.emplace(at, session_id, s);
  }
  last_ = nullptr;  // entries moved: the cached view may point nowhere
  if (!ever_bound_) {
    ever_bound_ = true;
    std::string().swap(first_bytes_);  // no hand-over any more: free the copy
  }
}

MsrpSession* MsrpConnection::find(std::string_view session_id) {
  if (last_ && last_id_ == session_id) return last_;
  auto it = std::lower_bound(sessions_.begin(), sessions_.end(), session_id,
                             [](const auto& e, std::string_view id) { return e.first < id; });
  if (it == sessions_.end() || it->first != session_id) return nullptr;
  last_ = it->second;
  last_id_ = it->first;
  return last_;
}

void MsrpConnection::removeSession(MsrpSession* s) {
  std::erase_if(sessions_, [s](const auto& kv) { return kv.second == s; });
  last_ = nullptr;
  if (current_ == s) current_ = nullptr;  // the rest of its frame is dropped
  resume(s);
  for (auto it = owned_.begin(); it != owned_.end(); ++it) {
    if (it->get() == s) {
      leaving_.push_back(std::move(*it));  // it may be inside its own callback
      owned_.erase(it);
      break;
    }
  }
  // RFC 4975: a connection no session uses any more is closed.
  if (sessions_.empty() && ever_bound_ && !closing_ && tcp_) {
    closing_ = true;
    tcp_->closeAfterWrites(CloseReason::kLocal);
  }
}

void MsrpConnection::pause(MsrpSession* s) {
  if (std::find(paused_.begin(), paused_.end(), s) == paused_.end()) paused_.push_back(s);
  if (tcp_) tcp_->pauseReading();
}

void MsrpConnection::resume(MsrpSession* s) {
  auto it = std::find(paused_.begin(), paused_.end(), s);
  if (it == paused_.end()) return;
  paused_.erase(it);
  if (paused_.empty() && tcp_ && !closing_) tcp_->resumeReading();
}

// ---- writing ----------------------------------------------------------------------------

void MsrpConnection::write(std::string head, buffer::Chain body, std::string tail) {
  if (!tcp_ || closing_ || tcp_->closing()) return;
  tcp_->write(std::move(head), std::move(body), std::move(tail));
}

void MsrpConnection::writeText(std::string_view head, const buffer::Chain& body,
                               std::string_view tail) {
  if (!tcp_ || closing_ || tcp_->closing()) return;
  tcp_->writeText(head, body, tail);
}

bool MsrpConnection::quiet() const {
  return tcp_ && !closing_ && parser_.idle() && current_ == nullptr && refuse_status_ == 0 &&
         tcp_->unwritten() == 0;
}

std::optional<uv_os_sock_t> MsrpConnection::release(MsrpSession* s) {
  if (sessions_.size() != 1 || sessions_.begin()->second != s || !quiet() || !paused_.empty())
    return std::nullopt;
  auto fd = tcp_->detach();
  if (!fd.ok()) return std::nullopt;
  tcp_->setHandler(nullptr);
  tcp_.reset();
  sessions_.clear();
  last_ = nullptr;
  closing_ = true;
  finishOnce();
  return fd.value();
}

void MsrpConnection::close(CloseReason reason) {
  closing_ = true;
  if (tcp_) tcp_->close(reason);
}

void MsrpConnection::finishOnce() {
  if (finished_) return;
  finished_ = true;
  owner_.finished(*this);
}

// ---- reading ----------------------------------------------------------------------------

void MsrpConnection::onData(ByteView bytes, const buffer::BlockRef& block) {
  leaving_.clear();  // owned sessions that left on an earlier turn
  if (!ever_bound_) first_bytes_.append(asText(bytes));
  feed(bytes, block);
}

void MsrpConnection::feed(ByteView bytes, const buffer::BlockRef& block) {
  read_block_ = block;
  std::shared_ptr<bool> alive = alive_;
  size_t off = 0;
  while (off < bytes.size()) {
    msrp::FeedResult r = parser_.feed(bytes.subspan(off));
    if (!*alive) return;
    off += r.consumed;
    if (hand_over_) break;
    if (r.status == msrp::FeedStatus::kError) {
      framingLost();
      break;
    }
    if (closing_ || !tcp_) break;
  }
  read_block_ = {};
  if (hand_over_) handOver();
}

void MsrpConnection::handOver() {
  auto to = std::move(hand_over_);
  hand_over_ = nullptr;
  auto fd = tcp_->detach();
  tcp_->setHandler(nullptr);
  tcp_.reset();
  closing_ = true;
  if (fd.ok()) to(fd.value(), std::move(first_bytes_));
  finishOnce();
}

void MsrpConnection::framingLost() {
  // Framing is lost: the session whose frame broke answers it when it can, then the
  // connection closes and every session on it goes down.
  MsrpSession* target = current_;
  if (!target && sessions_.size() == 1) target = sessions_.begin()->second;
  std::shared_ptr<bool> alive = alive_;
  if (target && parser_.currentIsRequest())
    target->onFramingError(parser_.error(), parser_.currentTid());
  if (!*alive || closing_ || !tcp_) return;
  closing_ = true;
  tcp_->closeAfterWrites(CloseReason::kProtocolError);  // the answer goes out first
}

void MsrpConnection::onHead(const msrp::FrameHead& head) {
  current_ = nullptr;
  refuse_status_ = 0;
  const std::string_view session_id = sessionIdOf(firstUriView(head.get(msrp::HeaderId::kToPath)));
  MsrpSession* target = session_id.empty() ? nullptr : find(session_id);
  if (!head.start.is_request) {
    // A response's To-Path is the hop that sent the request (RFC 4975 7.2): ours. A peer
    // that writes something else is tolerated while the connection carries one session.
    if (!target && sessions_.size() == 1) target = sessions_.begin()->second;
    if (!target) {
      ++stats_.frames_unmatched;
      return;
    }
    current_ = target;
    target->onFrameHead(head);
    return;
  }
  if (!target) {
    Bind b = owner_.bindSession(*this, session_id, head);
    if (b.session) {
      target = b.session;
    } else if (b.hand_over && !ever_bound_) {
      hand_over_ = std::move(b.hand_over);  // after this feed: the frame is re-read there
      return;
    } else {
      ++stats_.frames_refused;
      return refuse(head, b.refuse);
    }
  }
  current_ = target;
  target->onFrameHead(head);
}

void MsrpConnection::refuse(const msrp::FrameHead& head, uint16_t status) {
  // Answered at the frame's end; never a REPORT (RFC 4975 7.1.2), never against the
  // request's Failure-Report.
  refuse_status_ = status == 0 ? 481 : status;
  refuse_response_.clear();
  if (status == 0 || head.start.method == msrp::Method::kReport) return;
  auto fr = msrp::parseFailureReport(head.get(msrp::HeaderId::kFailureReport));
  if (fr.ok() && fr.value() == msrp::ReportMode::kNo) return;
  msrp::ResponseHead r;
  r.tid = head.start.tid;
  r.status = status;
  r.comment = msrp::statusComment(status);
  r.to_path = firstUriView(head.get(msrp::HeaderId::kFromPath));
  r.from_path = firstUriView(head.get(msrp::HeaderId::kToPath));
  if (r.to_path.empty() || !msrp::writeResponse(refuse_response_, r).ok()) refuse_response_.clear();
}

void MsrpConnection::onBody(ByteView piece) {
  if (!current_) return;
  if (read_block_ && buffer::Slice::inside(read_block_, piece)) {
    current_->onFrameBody(piece, read_block_);
  } else {
    current_->onFrameBody(piece, {});
  }
}

void MsrpConnection::onEnd(msrp::EndFlag flag) {
  if (current_) {
    MsrpSession* s = current_;
    current_ = nullptr;
    s->onFrameEnd(flag);
    return;
  }
  if (refuse_status_ == 0) return;
  refuse_status_ = 0;
  if (!refuse_response_.empty()) write(std::move(refuse_response_));
  refuse_response_.clear();
  // A connection that never carried a session and names none we take is not kept.
  if (!ever_bound_ && !closing_ && tcp_) {
    closing_ = true;
    tcp_->closeAfterWrites(CloseReason::kLocal);
  }
}

// ---- connection events ------------------------------------------------------------------

void MsrpConnection::onWriteDrained() {
  std::vector<MsrpSession*> all;
  all.reserve(sessions_.size());
  for (auto& [id, s] : sessions_) all.push_back(s);
  std::shared_ptr<bool> alive = alive_;
  for (MsrpSession* s : all) {
    // A session may leave inside another's callback.
    bool still = std::any_of(sessions_.begin(), sessions_.end(),
                             [s](const auto& kv) { return kv.second == s; });
    if (still) s->onWritable();
    if (!*alive) return;
  }
}

void MsrpConnection::onClose(CloseReason reason) {
  closing_ = true;
  std::vector<MsrpSession*> all;
  all.reserve(sessions_.size());
  for (auto& [id, s] : sessions_) all.push_back(s);
  sessions_.clear();
  paused_.clear();
  last_ = nullptr;
  current_ = nullptr;
  std::shared_ptr<bool> alive = alive_;
  for (MsrpSession* s : all) {
    s->onConnectionClosed(reason);
    if (!*alive) return;
  }
  for (auto& o : owned_) leaving_.push_back(std::move(o));
  owned_.clear();
  finishOnce();
}

}  // namespace msrpgw::media
