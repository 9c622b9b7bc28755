// Incremental MSRP frame parser (RFC 4975 section 7); accepts any split of the input.
// Emits the head (start line + header fields) once complete, then body bytes as spans
// while they arrive (a body of any size streams through; nothing but the head is ever
// buffered), then the end-line flag.
//
// Owner: the worker loop of its connection. Not thread-safe.
// Views passed to the sink point into the caller's bytes or into the parser's head
// buffer, and live only during the sink call.
// A head that arrives whole in one feed() is parsed in place without copying; a head
// split across feeds is gathered in a buffer bounded by ParserLimits::max_head_bytes.
// Errors are sticky: after kError, feed() returns the same error until reset().
// Errc values: kBadStartLine, kBadTransactionId, kBadLineEnd, kBadHeader,
// kToPathNotFirst, kFromPathNotSecond, kDuplicateHeader, kTooManyHeaders, kHeadTooLarge,
// kBodyWithoutContentType, kBodyInResponse, kBadEndLine; statusFor() gives the answer.
// Header values are not interpreted here: header_values.h parses them on demand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/msrp/end_line.h"
#include "proto/msrp/frame.h"

namespace msrpgw::proto::msrp {

struct ParserLimits {
  uint32_t max_head_bytes = 16384;  // start line + headers + the blank line or end-line
  uint32_t max_headers = 64;
};

enum class FeedStatus : uint8_t {
  kNeedMore,   // everything given was consumed; the frame is not complete
  kFrameDone,  // a frame ended (onEnd was called) after `consumed` bytes; feed the rest
  kError,      // malformed input; see error()
};

struct FeedResult {
  size_t consumed = 0;
  FeedStatus status = FeedStatus::kNeedMore;
};

class Parser {
 public:
  explicit Parser(FrameSink& sink, ParserLimits limits = {});

  // Parses as much of `in` as belongs to the current frame. Returns kFrameDone as soon
  // as one frame ends, so the caller can act between frames; call again with the rest.
  FeedResult feed(ByteView in);
  FeedResult feed(std::string_view in) { return feed(asBytes(in)); }

  // The sticky error after kError.
  const Error& error() const { return error_; }
  // The transaction id of the frame in progress once its start line was read (so a
  // malformed frame can still be answered on its own transaction); empty otherwise.
  std::string_view currentTid() const { return {tid_, tid_len_}; }
  // Whether the frame in progress is a request (valid once currentTid() is set).
  bool currentIsRequest() const { return is_request_; }
  // True between frames: no byte of a next frame has been consumed.
  bool idle() const { return state_ == State::kHead && head_.empty() && line_count_ == 0; }

  // Forgets any partial frame and a sticky error.
  void reset();

  // Bytes held for a head split across feeds (0 between frames unless a small buffer is
  // kept for reuse).
  size_t headCapacityForTest() const { return head_.capacity(); }

 private:
  enum class State : uint8_t { kHead, kBody, kError };
  enum class HeadScan : uint8_t { kNeedMore, kBody, kEnd, kError };

  struct HeaderPos {
    HeaderId id;
    uint32_t name_off, name_len, value_off, value_len;
  };

  // Scans complete head lines of base[0, len) from scan_pos_; on kBody/kEnd sets
  // head_end_ to the offset just past the head.
  HeadScan scanHead(const char* base, size_t len);
  HeadScan parseStartLine(const char* base, size_t from, size_t len);
  HeadScan parseHeaderLine(const char* base, size_t from, size_t len);
  void emitHead(const char* base, bool has_body);
  FeedResult fail(Error e, size_t consumed);
  void startNextFrame();

  FrameSink& sink_;
  ParserLimits limits_;
  State state_ = State::kHead;
  Error error_{};

  // Head scanning state, as offsets so it survives moving from the input to head_.
  std::string head_;  // only while a head is split across feeds
  size_t scan_pos_ = 0;
  size_t head_end_ = 0;
  uint32_t line_count_ = 0;
  bool has_content_type_ = false;
  bool is_request_ = true;
  EndFlag head_flag_ = EndFlag::kComplete;
  uint32_t seen_ = 0;  // bit per known HeaderId, for duplicates
  std::vector<HeaderPos> header_pos_;
  std::vector<HeaderView> header_views_;
  StartLine start_{};
  uint32_t method_off_ = 0, method_len_ = 0, comment_off_ = 0, comment_len_ = 0;

  char tid_[32] = {};
  size_t tid_len_ = 0;
  EndLineScanner end_line_;
};

}  // namespace msrpgw::proto::msrp
