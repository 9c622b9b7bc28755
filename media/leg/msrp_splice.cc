#include "media/leg/msrp_splice.h"

#include <cstring>

namespace msrpgw::media {

namespace msrp = proto::msrp;

namespace {

// The head of a parsed frame as it was on the wire (RFC 4975 section 7): start line,
// the header fields in order, and the blank line when a body follows.
std::string headText(const msrp::FrameHead& h) {
  size_t need = 32 + h.start.tid.size() + h.start.method_name.size() + h.start.comment.size();
  for (const msrp::HeaderView& f : h.headers) need += f.name.size() + f.value.size() + 4;
  std::string out;
  out.reserve(need);
  out.append("MSRP ");
  out.append(h.start.tid);
  out.push_back(' ');
  if (h.start.is_request) {
    out.append(h.start.method_name);
  } else {
    out.append(std::to_string(h.start.status));
    if (!h.start.comment.empty()) {
      out.push_back(' ');
      out.append(h.start.comment);
    }
  }
  out.append("\r\n");
  for (const msrp::HeaderView& f : h.headers) {
    out.append(f.name);
    out.append(": ");
    out.append(f.value);
    out.append("\r\n");
  }
  if (h.has_body) out.append("\r\n");
  return out;
}

std::string endText(std::string_view tid, bool has_body, msrp::EndFlag flag) {
  std::string out;
  out.reserve(tid.size() + 12);
  if (has_body) out.append("\r\n");
  out.append("-------");
  out.append(tid);
  out.push_back(static_cast<char>(flag));
  out.append("\r\n");
  return out;
}

}  // namespace

MsrpSplice::MsrpSplice(MsrpConnection& shared, std::unique_ptr<TcpConnection> pipe,
                       msrp::ParserLimits limits, buffer::BlockPool& pool)
    : shared_(&shared), pipe_(std::move(pipe)), parser_(*this, limits), pool_(pool) {
  pipe_->setHandler(this);
  pipe_->resumeReading();
}

MsrpSplice::~MsrpSplice() {
  *alive_ = false;
  if (pipe_) pipe_->setHandler(nullptr);
}

// ---- toward the owning worker -----------------------------------------------------------

void MsrpSplice::onFrameHead(const msrp::FrameHead& head) {
  out_tid_.assign(head.start.tid);
  out_body_ = head.has_body;
  if (pipe_) pipe_->write(headText(head));
  checkPipeBackPressure();
}

void MsrpSplice::onFrameBody(ByteView piece, const buffer::BlockRef& block) {
  if (!pipe_) return;
  buffer::Chain c;
  if (block) {
    c.append(buffer::Slice::of(block, piece));  // no copy: the read block is shared
  } else {
    buffer::BlockRef b = pool_.allocate();
    std::memcpy(b->data(), piece.data(), piece.size());
    c.append(buffer::Slice(b, 0, piece.size()));
  }
  pipe_->write({}, std::move(c));
  checkPipeBackPressure();
}

void MsrpSplice::onFrameEnd(msrp::EndFlag flag) {
  if (pipe_) pipe_->write(endText(out_tid_, out_body_, flag));
  checkPipeBackPressure();
}

void MsrpSplice::checkPipeBackPressure() {
  if (shared_ && pipe_ && pipe_->writeBlocked()) shared_->pause(this);
}

void MsrpSplice::onWriteDrained() {
  if (shared_) shared_->resume(this);
}

void MsrpSplice::onConnectionClosed(CloseReason reason) {
  // The peer's connection is gone: so is the session's, for the owning worker.
  shared_ = nullptr;
  if (pipe_) pipe_->close(reason);
}

// ---- back from the owning worker --------------------------------------------------------

void MsrpSplice::onData(ByteView bytes, const buffer::BlockRef& block) {
  read_block_ = block;
  std::shared_ptr<bool> alive = alive_;
  size_t off = 0;
  while (off < bytes.size() && pipe_ && !pipe_->closing()) {
    msrp::FeedResult r = parser_.feed(bytes.subspan(off));
    if (!*alive) return;
    off += r.consumed;
    if (r.status == msrp::FeedStatus::kError) {
      pipe_->close(CloseReason::kProtocolError);  // our own worker wrote it: never expected
      break;
    }
  }
  read_block_ = {};
}

void MsrpSplice::onHead(const msrp::FrameHead& head) {
  back_head_ = headText(head);
  back_tid_.assign(head.start.tid);
  back_has_body_ = head.has_body;
  back_body_ = {};
}

void MsrpSplice::onBody(ByteView piece) {
  if (read_block_ && buffer::Slice::inside(read_block_, piece)) {
    back_body_.append(buffer::Slice::of(read_block_, piece));
  } else {
    buffer::BlockRef b = pool_.allocate();
    std::memcpy(b->data(), piece.data(), piece.size());
    back_body_.append(buffer::Slice(b, 0, piece.size()));
  }
  if (back_body_.size() > kMaxHeldFrame && pipe_) pipe_->close(CloseReason::kProtocolError);
}

void MsrpSplice::onEnd(msrp::EndFlag flag) {
  if (!shared_) return;
  shared_->write(std::move(back_head_), std::move(back_body_),
                 endText(back_tid_, back_has_body_, flag));
  back_head_.clear();
  back_body_ = {};
  if (shared_->writeBlocked() && pipe_) pipe_->pauseReading();
}

void MsrpSplice::onWritable() {
  if (pipe_ && !pipe_->closing()) pipe_->resumeReading();
}

void MsrpSplice::onClose(CloseReason) {
  // The owning worker closed its end (the session left it): the session leaves the
  // shared connection, which frees this splice on a later turn.
  pipe_->setHandler(nullptr);
  if (MsrpConnection* s = std::exchange(shared_, nullptr)) s->removeSession(this);
}

}  // namespace msrpgw::media
