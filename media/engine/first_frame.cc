#include "media/engine/first_frame.h"

#include "proto/msrp/header_values.h"

namespace msrpgw::media {

namespace msrp = proto::msrp;

namespace {
std::string firstOf(std::string_view path) {
  path = trimSpaces(path);
  return std::string(path.substr(0, path.find_first_of(" \t")));
}
}  // namespace

FirstFrameReader::FirstFrameReader(std::unique_ptr<TcpConnection> conn, msrp::ParserLimits limits,
                                   Done done, Failed failed)
    : conn_(std::move(conn)),
      parser_(*this, limits),
      done_(std::move(done)),
      failed_(std::move(failed)) {
  started_ms_ = conn_->loopNowMs();
  conn_->setHandler(this);
  conn_->resumeReading();
}

void FirstFrameReader::expire() {
  if (finished_ || !conn_) return;
  finished_ = true;
  conn_->close(CloseReason::kIdleTimeout);
}

FirstFrameReader::~FirstFrameReader() {
  if (conn_) conn_->setHandler(nullptr);
}

void FirstFrameReader::onData(ByteView bytes, const buffer::BlockRef&) {
  if (finished_) return;
  bytes_.append(asText(bytes));
  size_t off = 0;
  while (off < bytes.size() && !have_head_) {
    msrp::FeedResult r = parser_.feed(bytes.subspan(off));
    off += r.consumed;
    if (r.status == msrp::FeedStatus::kError) break;
  }
  if (have_head_) {
    finished_ = true;
    conn_->pauseReading();
    conn_->setHandler(nullptr);
    done_(std::move(conn_), std::move(first_), std::move(bytes_));  // may destroy this
    return;
  }
  if (parser_.error().code != 0 || bytes_.size() > 64 * 1024) {
    finished_ = true;
    conn_->close(CloseReason::kProtocolError);
  }
}

void FirstFrameReader::onClose(CloseReason) {
  finished_ = true;
  failed_(this);  // may destroy this
}

void FirstFrameReader::onHead(const msrp::FrameHead& head) {
  have_head_ = true;
  first_.is_request = head.start.is_request;
  first_.answerable = head.start.is_request && head.start.method != msrp::Method::kReport;
  first_.tid = std::string(head.start.tid);
  first_.to_first = firstOf(head.get(msrp::HeaderId::kToPath));
  first_.from_first = firstOf(head.get(msrp::HeaderId::kFromPath));
  if (auto uri = msrp::parseUri(first_.to_first); uri.ok())
    first_.session_id = std::string(uri->session_id);
}

}  // namespace msrpgw::media
