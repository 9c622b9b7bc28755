// Cuts X2/X3 PDUs out of a TCP byte stream, using only Header Length + Payload Length
// (TS 103 221-2 clause 5.1); accepts any split of the stream: several PDUs per read, one
// PDU over many reads. Checks the framing fields (major version, header length >= 40,
// both lengths within Limits) as soon as 12 octets of a PDU are in; decode each frame with
// decodePdu() for the rest.
//
// Use: while input remains, r = framer.feed(in); in = in.subspan(r.consumed); on kFrame,
// framer.frame() is one whole PDU. The frame points into the caller's input when the PDU
// arrived in one piece (no copy), otherwise into the framer's own buffer; either way it is
// valid only until the next feed() or reset().
// Errors are sticky: after kError, feed() returns the same error (Errc kUnsupportedVersion,
// kBadHeaderLength, kHeaderTooLarge, kPayloadTooLarge; offset = position in the stream)
// until reset(). Memory held is bounded by Limits (max header + max payload).
// Owner: the loop of its connection. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "proto/base/bytes.h"
#include "proto/base/error.h"
#include "proto/li/pdu.h"

namespace msrpgw::proto::li {

class Framer {
 public:
  enum class Status : uint8_t { kNeedMore, kFrame, kError };
  struct FeedResult {
    size_t consumed = 0;
    Status status = Status::kNeedMore;
  };

  explicit Framer(Limits limits = {}) : limits_(limits) {}

  FeedResult feed(ByteView in);
  ByteView frame() const { return frame_; }
  const Error& error() const { return error_; }
  // Octets of an incomplete PDU held so far.
  size_t buffered() const { return emitted_from_buf_ ? 0 : buf_.size(); }
  // Stream position of the start of the next PDU.
  uint64_t streamOffset() const { return stream_offset_; }
  void reset();

 private:
  FeedResult fail(const Error& e, size_t consumed);

  Limits limits_;
  std::string buf_;    // bytes of the current, incomplete PDU
  uint64_t need_ = 0;  // total length of the current PDU once known, else 0
  ByteView frame_;
  bool emitted_from_buf_ = false;
  bool failed_ = false;
  Error error_{};
  uint64_t stream_offset_ = 0;
};

}  // namespace msrpgw::proto::li
