// Semantic checks of a parsed request head that decide its transaction response
// (RFC 4975 sections 7.1, 7.1.2, 9): the frame parser checks framing; this checks that
// a SEND or REPORT carries the headers its method needs and that every header the
// receiver must act on has a valid value. Unknown methods are not judged here (the
// receiver answers 501), nor responses.
// Errors: kMissingHeader, kBadPath/kBadUri, kBadMessageId, kBadByteRange,
// kBadReportValue, kBadStatusHeader, kBadContentType, kBadExpires; statusFor() gives the
// answer (400 for all of them). Offsets are not meaningful here (kNoOffset).
// Thread-safe: a pure function.
#pragma once

#include <string>

#include "proto/base/result.h"
#include "proto/msrp/frame.h"
#include "proto/msrp/header_values.h"

namespace msrpgw::proto::msrp {

Status checkRequest(const FrameHead& head);

// checkRequest with a memory of the last valid To-Path and From-Path values: every frame
// of a connection repeats them, so each distinct value is validated once, not per frame
// (path validation is most of checkRequest's cost). Same results as checkRequest.
// Owner: one connection's parser. Not thread-safe.
class RequestChecker {
 public:
  Status check(const FrameHead& head);
  // The Byte-Range of the request check() last passed (1-*/* when it had none), so the
  // receiver does not parse it twice.
  const ByteRange& byteRange() const { return range_; }

 private:
  ByteRange range_;
  std::string valid_to_;    // the last To-Path value that passed; empty: none yet
  std::string valid_from_;  // the same for From-Path
};

}  // namespace msrpgw::proto::msrp
