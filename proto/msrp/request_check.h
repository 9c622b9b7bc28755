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

#include "proto/base/result.h"
#include "proto/msrp/frame.h"

namespace msrpgw::proto::msrp {

Status checkRequest(const FrameHead& head);

}  // namespace msrpgw::proto::msrp
