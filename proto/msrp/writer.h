// Writes MSRP frames (RFC 4975 section 7): requests and responses whole, and a
// streaming form for chunks (head, then body pieces the caller sends itself without
// copying, then the end-line). The writer refuses a transaction id that is not an ident
// and a body that contains this transaction's end-line (Errc::kEndLineInBody), even
// across piece boundaries or together with the end-line written after it, so a frame it
// accepts is always cut by the receiver exactly where it ends.
// Output is appended to a std::string the caller owns.
// Owner: the worker loop of its connection (ChunkWriter). Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/msrp/end_line.h"
#include "proto/msrp/frame.h"
#include "proto/msrp/header_values.h"

namespace msrpgw::proto::msrp {

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// The head of a request. Fields left empty are not written. Headers are written in this
// order: To-Path, From-Path, Message-ID, Byte-Range, Success-Report, Failure-Report,
// Status, Expires, extra..., then Content-Type last when a body follows.
struct RequestHead {
  std::string_view tid;
  std::string_view method = "SEND";
  std::string_view to_path;
  std::string_view from_path;
  std::string_view message_id;
  std::optional<ByteRange> byte_range;
  std::optional<ReportMode> success_report;
  std::optional<ReportMode> failure_report;
  std::optional<StatusValue> status;  // REPORT
  std::optional<uint32_t> expires;    // AUTH
  std::span<const HeaderField> extra;
  std::string_view content_type;  // non-empty: a body follows (possibly empty)
};

struct ResponseHead {
  std::string_view tid;
  uint16_t status = 200;
  std::string_view comment;  // "OK"; empty: no comment
  std::string_view to_path;
  std::string_view from_path;
  std::span<const HeaderField> extra;  // e.g. WWW-Authenticate, Use-Path, Expires
};

// "1-200/200", "1-*/*".
void appendByteRange(std::string& out, const ByteRange& r);

// A complete request: head, the body when head.content_type is set, end-line with `flag`.
Status writeRequest(std::string& out, const RequestHead& head, std::string_view body = {},
                    EndFlag flag = EndFlag::kComplete);
// A complete response (responses have no body; the flag is always '$').
Status writeResponse(std::string& out, const ResponseHead& head);

// The streaming form: begin() writes the head, body() checks each piece the caller
// sends after it, end() writes the end-line. A chunk of any size needs no buffering.
class ChunkWriter {
 public:
  Status begin(std::string& out, const RequestHead& head);
  Status body(ByteView piece);
  Status body(std::string_view piece) { return body(asBytes(piece)); }
  Status end(std::string& out, EndFlag flag);

 private:
  EndLineScanner scanner_;
  char tid_[32] = {};
  size_t tid_len_ = 0;
  bool has_body_ = false;
  bool broken_ = false;
};

}  // namespace msrpgw::proto::msrp
