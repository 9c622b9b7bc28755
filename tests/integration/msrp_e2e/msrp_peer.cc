#include "tests/integration/msrp_e2e/msrp_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

#include "proto/msrp/errc.h"
#include "proto/msrp/header_values.h"
#include "proto/msrp/uri.h"
#include "proto/msrp/writer.h"
#include "tests/support/loopback.h"

namespace msrpgw::test::e2e {

namespace pm = proto::msrp;

std::string sessionIdOf(std::string_view uri) {
  auto u = pm::parseUri(uri);
  return u.ok() ? std::string(u.value().session_id) : std::string();
}

std::string firstUri(std::string_view path) {
  return std::string(path.substr(0, path.find(' ')));
}

MsrpPeer::MsrpPeer(std::string name, uint16_t port)
    : name_(std::move(name)), fd_(connectLoopback(port)) {}

MsrpPeer::~MsrpPeer() {
  if (fd_ >= 0) ::close(fd_);
}

uint16_t MsrpPeer::localPort() const {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  if (fd_ < 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) return 0;
  return ntohs(a.sin_port);
}

std::string MsrpPeer::nextIdent(const char* what) {
  // ident = ALPHANUM 3*31(...): the peer's name is letters and digits only.
  return name_ + what + std::to_string(++counter_);
}

Outgoing MsrpPeer::make(const Request& r) {
  Outgoing o;
  o.tid = nextIdent("t");
  o.message_id = r.message_id.empty() ? nextIdent("m") : r.message_id;
  pm::RequestHead h;
  h.tid = o.tid;
  h.method = r.method;
  h.to_path = r.to_path;
  h.from_path = r.from_path;
  h.message_id = o.message_id;
  const uint64_t n = r.body.size();
  if (r.method == "SEND") {
    const uint64_t total = r.total != 0 ? r.total : n;
    h.byte_range = r.bodiless ? pm::ByteRange{1, 0, 0}
                              : pm::ByteRange{r.range_start, r.range_start + n - 1, total};
    if (!r.bodiless) h.content_type = r.content_type;
  } else if (r.method == "REPORT") {
    auto br = pm::parseByteRange(r.byte_range);
    if (br.ok()) h.byte_range = br.value();
    h.status = pm::StatusValue{0, r.report_status, r.report_status == 200 ? "OK" : ""};
  }
  if (r.success_report == "yes") h.success_report = pm::ReportMode::kYes;
  if (r.success_report == "no") h.success_report = pm::ReportMode::kNo;
  if (r.failure_report == "yes") h.failure_report = pm::ReportMode::kYes;
  if (r.failure_report == "no") h.failure_report = pm::ReportMode::kNo;
  if (r.failure_report == "partial") h.failure_report = pm::ReportMode::kPartial;
  if (!pm::writeRequest(o.bytes, h, r.body, static_cast<pm::EndFlag>(r.flag)).ok()) {
    o.bytes.clear();
  }
  if (r.method == "SEND") sends_.push_back({o.tid, r.to_path, o.message_id});
  return o;
}

void MsrpPeer::write(std::string_view bytes) {
  out_.append(bytes);
  flush();
}

void MsrpPeer::shutdownWrite() {
  shutdown_pending_ = true;
  flush();
}

void MsrpPeer::flush() {
  while (fd_ >= 0 && !closed_ && out_off_ < out_.size()) {
    ssize_t n =
        ::send(fd_, out_.data() + out_off_, out_.size() - out_off_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // pumpUntil goes on
    if (n <= 0) {
      closed_ = true;
      return;
    }
    out_off_ += static_cast<size_t>(n);
  }
  if (out_off_ == out_.size()) {
    out_.clear();
    out_off_ = 0;
    if (shutdown_pending_ && fd_ >= 0) {
      ::shutdown(fd_, SHUT_WR);
      shutdown_pending_ = false;
    }
  }
}

std::string MsrpPeer::send(const Request& r) {
  Outgoing o = make(r);
  write(o.bytes);
  return o.tid;
}

const Frame* MsrpPeer::response(const std::string& tid) const {
  for (const Frame& f : frames_) {
    if (!f.is_request && f.tid == tid) return &f;
  }
  return nullptr;
}

std::vector<const Frame*> MsrpPeer::requests(const std::string& method,
                                             const std::string& session_id) const {
  std::vector<const Frame*> v;
  for (const Frame& f : frames_) {
    if (!f.is_request || f.method != method) continue;
    if (!session_id.empty() && sessionIdOf(firstUri(f.to_path)) != session_id) continue;
    v.push_back(&f);
  }
  return v;
}

std::optional<std::string> MsrpPeer::message(const std::string& message_id) const {
  std::string body;
  std::vector<bool> have;
  std::optional<uint64_t> end;
  for (const Frame& f : frames_) {
    if (!f.is_request || f.method != "SEND" || f.message_id != message_id || !f.has_body) continue;
    auto br = pm::parseByteRange(f.byte_range);
    if (!br.ok() || br.value().start == 0) return std::nullopt;
    const uint64_t at = br.value().start - 1;
    if (body.size() < at + f.body.size()) {
      body.resize(at + f.body.size());
      have.resize(at + f.body.size());
    }
    body.replace(at, f.body.size(), f.body);
    std::fill(have.begin() + static_cast<ptrdiff_t>(at),
              have.begin() + static_cast<ptrdiff_t>(at + f.body.size()), true);
    if (f.flag == '$') end = at + f.body.size();
  }
  if (!end || body.size() != *end) return std::nullopt;
  for (bool b : have) {
    if (!b) return std::nullopt;
  }
  return body;
}

const Frame* MsrpPeer::report(const std::string& message_id) const {
  for (const Frame& f : frames_) {
    if (f.is_request && f.method == "REPORT" && f.message_id == message_id) return &f;
  }
  return nullptr;
}

bool MsrpPeer::pumpUntil(const std::vector<MsrpPeer*>& peers, const std::function<bool()>& done,
                         std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::vector<pollfd> fds;
    std::vector<MsrpPeer*> who;
    for (MsrpPeer* p : peers) {
      if (p->fd_ < 0 || p->closed_) continue;
      const short events = static_cast<short>(POLLIN | (p->unwritten() > 0 ? POLLOUT : 0));
      fds.push_back({p->fd_, events, 0});
      who.push_back(p);
    }
    if (fds.empty()) return done();  // nothing left that could change
    const int wait = static_cast<int>(std::min<int64_t>(left.count(), 50));
    if (::poll(fds.data(), fds.size(), wait) <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents & POLLOUT) who[i]->flush();
      if (fds[i].revents & ~POLLOUT) who[i]->readAvailable();
    }
  }
  return true;
}

void MsrpPeer::readAvailable() {
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    closed_ = true;  // EOF or reset: msrpgw closed the connection
    return;
  }
  if (!parse_error_.empty()) return;  // what follows a framing error is not parsed
  std::string_view in(buf, static_cast<size_t>(n));
  while (!in.empty()) {
    pm::FeedResult r = parser_.feed(in);
    if (r.status == pm::FeedStatus::kError) {
      parse_error_ = std::string(pm::errcName(static_cast<pm::Errc>(parser_.error().code))) + ": " +
                     parser_.error().reason;
      return;
    }
    in.remove_prefix(r.consumed);
  }
}

void MsrpPeer::onHead(const pm::FrameHead& head) {
  current_ = Frame{};
  current_size_ = 0;
  Frame& f = current_;
  f.tid = std::string(head.start.tid);
  f.is_request = head.start.is_request;
  f.method = std::string(head.start.method_name);
  f.status = head.start.status;
  f.comment = std::string(head.start.comment);
  f.to_path = std::string(head.get(pm::HeaderId::kToPath));
  f.from_path = std::string(head.get(pm::HeaderId::kFromPath));
  f.message_id = std::string(head.get(pm::HeaderId::kMessageId));
  f.byte_range = std::string(head.get(pm::HeaderId::kByteRange));
  f.status_header = std::string(head.get(pm::HeaderId::kStatus));
  f.content_type = std::string(head.get(pm::HeaderId::kContentType));
  f.success_report = std::string(head.get(pm::HeaderId::kSuccessReport));
  f.failure_report = std::string(head.get(pm::HeaderId::kFailureReport));
  f.has_body = head.has_body;
}

void MsrpPeer::onBody(ByteView piece) {
  current_size_ += piece.size();
  if (current_.is_request && current_.method == "SEND") {
    auto it = body_hash_.try_emplace(current_.message_id, kFnvBasis).first;
    it->second = fnv1a(asText(piece), it->second);
  }
  if (keep_bodies_) current_.body.append(asText(piece));
}

void MsrpPeer::onEnd(pm::EndFlag flag) {
  current_.flag = static_cast<char>(flag);
  if (current_.is_request && current_.method == "SEND" && current_.has_body) {
    body_bytes_[current_.message_id] += current_size_;
  }
  frames_.push_back(current_);
  if (current_.is_request && current_.method == "SEND") answer(current_);
}

void MsrpPeer::answer(const Frame& f) {
  // RFC 4975 7.2: no response for Failure-Report: no; for partial only a failure.
  std::optional<uint16_t> status = rule_ ? rule_(f) : std::optional<uint16_t>(200);
  if (!status) return;
  if (f.failure_report == "no" || (f.failure_report == "partial" && *status == 200)) return;
  // The response goes to the previous hop (the first From-Path URI); From-Path is the URI
  // the request named us by.
  const std::string to = firstUri(f.from_path);
  const std::string from = firstUri(f.to_path);
  std::string out;
  const char* comment = *status == 200 ? "OK" : "Refused";
  if (!pm::writeResponse(
           out,
           {.tid = f.tid, .status = *status, .comment = comment, .to_path = to, .from_path = from})
           .ok()) {
    return;
  }
  answered_.emplace_back(f.tid, *status);
  // A complete message that asked for it gets its success REPORT (RFC 4975 7.1.2).
  if (*status == 200 && f.success_report == "yes" && f.flag == '$' && f.has_body) {
    auto br = pm::parseByteRange(f.byte_range);
    const uint64_t total =
        br.ok() && br.value().total != pm::ByteRange::kUnknown ? br.value().total : f.body.size();
    Request rep;
    rep.method = "REPORT";
    rep.to_path = f.from_path;
    rep.from_path = from;
    rep.message_id = f.message_id;
    rep.byte_range = "1-" + std::to_string(total) + "/" + std::to_string(total);
    out += make(rep).bytes;
  }
  write(out);
}

std::string MsrpPeer::transcript() const {
  std::ostringstream s;
  s << "--- " << name_ << (closed_ ? " (closed)" : "")
    << (parse_error_.empty() ? "" : " parse error: " + parse_error_) << " ---\n";
  for (const Frame& f : frames_) {
    if (f.is_request) {
      s << "  " << f.method << " " << f.tid << " to=" << f.to_path << " from=" << f.from_path
        << " mid=" << f.message_id << " br=" << f.byte_range;
      if (!f.status_header.empty()) s << " status=" << f.status_header;
      if (f.has_body) s << " body=" << f.body.size() << "B '" << f.body.substr(0, 60) << "'";
      s << " " << f.flag << "\n";
    } else {
      s << "  " << f.status << " " << f.comment << " tid=" << f.tid << " to=" << f.to_path
        << " from=" << f.from_path << "\n";
    }
  }
  return s.str();
}

}  // namespace msrpgw::test::e2e
