// Error codes of the MSRP codec. Each names one kind of malformed input precisely; the
// table in errc.cc maps each to the MSRP status a receiver answers (400, 413, ...) and to a
// stable snake_case name for statistics (msrp.frames.rejected.<name>).
// Thread-safe: constants and pure functions.
#pragma once

#include <cstdint>

#include "proto/base/error.h"

namespace msrpgw::proto::msrp {

enum class Errc : uint16_t {
  kBadStartLine = 1,        // not "MSRP SP tid SP method|status"
  kBadTransactionId,        // tid not 4..32 of ALPHANUM . - + % = (first ALPHANUM)
  kBadLineEnd,              // a head line not ended by CRLF
  kBadHeader,               // a header line without "name:" or with bad name characters
  kToPathNotFirst,          // RFC 4975: To-Path is the first header
  kFromPathNotSecond,       // RFC 4975: From-Path is the second header
  kDuplicateHeader,         // a header that may appear once appears twice
  kTooManyHeaders,          // more header fields than the configured limit
  kHeadTooLarge,            // start line + headers beyond the configured limit
  kBodyWithoutContentType,  // a blank line (body) in a frame without Content-Type
  kBodyInResponse,          // responses carry no body
  kBadEndLine,              // a dashed line in the head that is not this frame's end-line
  kBadUri,                  // an MSRP URI that does not follow RFC 4975 section 9
  kBadPath,                 // an empty To-Path/From-Path, or more URIs than supported
  kBadMessageId,            // Message-ID not an ident
  kBadByteRange,     // Byte-Range not start-end/total with 1 <= start, end >= start-1 <= total
  kBadReportValue,   // Success-Report / Failure-Report not yes|no(|partial)
  kBadStatusHeader,  // Status not "000 NNN [comment]"
  kBadContentType,   // Content-Type not type/subtype *(;param)
  kBadExpires,       // Expires / Min-Expires / Max-Expires not a 32-bit decimal
  kEndLineInBody,    // writer: the body contains this transaction's end-line
  kMissingHeader,    // a request lacks a header its method requires
};

// The MSRP status code a receiver answers for this error (0: a local error, no answer).
uint16_t statusFor(Errc e);
// Stable snake_case name, e.g. "head_too_large".
const char* errcName(Errc e);

inline Error makeError(Errc e, const char* reason, uint32_t offset = kNoOffset) {
  return Error{Domain::kMsrp, static_cast<uint16_t>(e), reason, offset};
}

inline Errc errcOf(const Error& e) {
  return static_cast<Errc>(e.code);
}

}  // namespace msrpgw::proto::msrp
