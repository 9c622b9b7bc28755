#include "proto/li/framer.h"

#include <algorithm>

namespace msrpgw::proto::li {

void Framer::reset() {
  buf_.clear();
  need_ = 0;
  frame_ = {};
  emitted_from_buf_ = false;
  failed_ = false;
  error_ = {};
  stream_offset_ = 0;
}

Framer::FeedResult Framer::fail(const Error& e, size_t consumed) {
  failed_ = true;
  error_ = e;
  if (e.offset != kNoOffset) {
    error_.offset =
        static_cast<uint32_t>(std::min<uint64_t>(stream_offset_ + e.offset, UINT32_MAX - 1));
  }
  frame_ = {};
  return {consumed, Status::kError};
}

Framer::FeedResult Framer::feed(ByteView in) {
  if (failed_) return {0, Status::kError};
  frame_ = {};
  if (emitted_from_buf_) {
    buf_.clear();
    emitted_from_buf_ = false;
  }
  // Fast path: nothing buffered and a whole PDU at the front of the input.
  if (buf_.empty() && in.size() >= 12) {
    auto lengths = peekFrameLengths(in, limits_);
    if (!lengths) return fail(lengths.error(), 0);
    if (in.size() >= lengths->total()) {
      const auto n = static_cast<size_t>(lengths->total());
      frame_ = in.first(n);
      stream_offset_ += n;
      return {n, Status::kFrame};
    }
    need_ = lengths->total();
  }
  size_t consumed = 0;
  if (need_ == 0) {
    // Still collecting the first 12 octets.
    const size_t take = std::min(in.size(), size_t{12} - buf_.size());
    buf_.append(asText(in.first(take)));
    consumed = take;
    if (buf_.size() < 12) return {consumed, Status::kNeedMore};
    auto lengths = peekFrameLengths(asBytes(buf_), limits_);
    if (!lengths) return fail(lengths.error(), consumed);
    need_ = lengths->total();
    buf_.reserve(static_cast<size_t>(need_));
  }
  const size_t take =
      static_cast<size_t>(std::min<uint64_t>(in.size() - consumed, need_ - buf_.size()));
  buf_.append(asText(in.subspan(consumed, take)));
  consumed += take;
  if (buf_.size() < need_) return {consumed, Status::kNeedMore};
  frame_ = asBytes(buf_);
  emitted_from_buf_ = true;
  stream_offset_ += need_;
  need_ = 0;
  return {consumed, Status::kFrame};
}

}  // namespace msrpgw::proto::li
