#include "proto/msrp/parser.h"

#include <algorithm>
#include <cstring>

#include "proto/msrp/chars.h"
#include "proto/msrp/errc.h"
#include "proto/msrp/header_values.h"

namespace msrpgw::proto::msrp {
namespace {

using chars::isAlpha;
using chars::isDigit;
constexpr bool isTokenChar(char c) {
  return chars::isHeaderToken(c);
}

// A head buffer that grew past this is released between frames, so an idle connection
// does not keep a large allocation after one big head.
constexpr size_t kKeepHeadCapacity = 4096;

}  // namespace

Parser::Parser(FrameSink& sink, ParserLimits limits) : sink_(sink), limits_(limits) {}

void Parser::reset() {
  state_ = State::kHead;
  error_ = Error{};
  startNextFrame();
}

void Parser::startNextFrame() {
  state_ = State::kHead;
  if (head_.capacity() > kKeepHeadCapacity) {
    std::string().swap(head_);
  } else {
    head_.clear();
  }
  scan_pos_ = 0;
  head_end_ = 0;
  line_count_ = 0;
  has_content_type_ = false;
  is_request_ = true;
  seen_ = 0;
  header_pos_.clear();
  tid_len_ = 0;
}

FeedResult Parser::fail(Error e, size_t consumed) {
  error_ = e;
  state_ = State::kError;
  return {consumed, FeedStatus::kError};
}

FeedResult Parser::feed(ByteView bytes) {
  if (state_ == State::kError) return {0, FeedStatus::kError};
  const char* data = reinterpret_cast<const char*>(bytes.data());
  const size_t n = bytes.size();
  size_t consumed = 0;

  if (state_ == State::kHead) {
    HeadScan r;
    const char* base;
    if (head_.empty()) {
      // Fast path: the whole head is usually in this piece; parse it where it lies.
      base = data;
      r = scanHead(data, n);
      if (r == HeadScan::kNeedMore) {
        if (n >= limits_.max_head_bytes) {
          return fail(
              makeError(Errc::kHeadTooLarge, "head exceeds max_head_bytes", limits_.max_head_bytes),
              n);
        }
        head_.assign(data, n);
        return {n, FeedStatus::kNeedMore};
      }
      consumed = head_end_;
    } else {
      // The head started in an earlier piece: gather at most up to the limit.
      const size_t old = head_.size();
      const size_t take = std::min(n, static_cast<size_t>(limits_.max_head_bytes) - old);
      head_.append(data, take);
      base = head_.data();
      r = scanHead(head_.data(), head_.size());
      if (r == HeadScan::kNeedMore) {
        if (head_.size() >= limits_.max_head_bytes) {
          return fail(
              makeError(Errc::kHeadTooLarge, "head exceeds max_head_bytes", limits_.max_head_bytes),
              take);
        }
        return {take, FeedStatus::kNeedMore};
      }
      if (r != HeadScan::kError) {
        consumed = head_end_ - old;
        head_.resize(head_end_);
        base = head_.data();
      }
    }
    if (r == HeadScan::kError) return fail(error_, consumed);
    emitHead(base, r == HeadScan::kBody);
    if (r == HeadScan::kEnd) {
      sink_.onEnd(head_flag_);
      startNextFrame();
      return {consumed, FeedStatus::kFrameDone};
    }
    state_ = State::kBody;
    end_line_.start(std::string_view(tid_, tid_len_));
  }

  // Body: stream every byte that cannot be part of this frame's end-line.
  std::string_view rest(data + consumed, n - consumed);
  size_t end = end_line_.scan(rest, [this](ByteView piece) { sink_.onBody(piece); });
  if (end == EndLineScanner::npos) return {n, FeedStatus::kNeedMore};
  sink_.onEnd(end_line_.flag());
  startNextFrame();
  return {consumed + end, FeedStatus::kFrameDone};
}

Parser::HeadScan Parser::scanHead(const char* base, size_t len) {
  len = std::min(len, static_cast<size_t>(limits_.max_head_bytes));
  for (;;) {
    const void* found =
        scan_pos_ < len ? std::memchr(base + scan_pos_, '\n', len - scan_pos_) : nullptr;
    if (!found) return HeadScan::kNeedMore;
    const size_t nl = static_cast<size_t>(static_cast<const char*>(found) - base);
    const size_t from = scan_pos_;
    if (nl == from || base[nl - 1] != '\r') {
      error_ = makeError(Errc::kBadLineEnd, "line not ended by CRLF", static_cast<uint32_t>(nl));
      return HeadScan::kError;
    }
    const size_t line_len = nl - 1 - from;
    if (line_count_ == 0) {
      if (parseStartLine(base, from, line_len) == HeadScan::kError) return HeadScan::kError;
    } else if (line_len == 0 || base[from] == '-') {
      if (line_count_ < 3) {
        error_ = line_count_ == 1
                     ? makeError(Errc::kToPathNotFirst, "To-Path must be the first header",
                                 static_cast<uint32_t>(from))
                     : makeError(Errc::kFromPathNotSecond, "From-Path must be the second header",
                                 static_cast<uint32_t>(from));
        return HeadScan::kError;
      }
      head_end_ = nl + 1;
      if (line_len == 0) {
        if (!is_request_) {
          error_ = makeError(Errc::kBodyInResponse, "a response carries no body",
                             static_cast<uint32_t>(from));
          return HeadScan::kError;
        }
        if (!has_content_type_) {
          error_ = makeError(Errc::kBodyWithoutContentType, "body without Content-Type",
                             static_cast<uint32_t>(from));
          return HeadScan::kError;
        }
        return HeadScan::kBody;
      }
      // A bodiless frame ends here, with exactly "-------" tid flag.
      std::string_view line(base + from, line_len);
      std::string_view tid(tid_, tid_len_);
      if (line_len != 7 + tid_len_ + 1 || line.substr(0, 7) != "-------" ||
          line.substr(7, tid_len_) != tid ||
          (line.back() != '$' && line.back() != '+' && line.back() != '#')) {
        error_ = makeError(Errc::kBadEndLine, "dashed line is not this frame's end-line",
                           static_cast<uint32_t>(from));
        return HeadScan::kError;
      }
      head_flag_ = static_cast<EndFlag>(line.back());
      return HeadScan::kEnd;
    } else if (parseHeaderLine(base, from, line_len) == HeadScan::kError) {
      return HeadScan::kError;
    }
    ++line_count_;
    scan_pos_ = nl + 1;
  }
}

Parser::HeadScan Parser::parseStartLine(const char* base, size_t from, size_t len) {
  std::string_view line(base + from, len);
  auto bad = [&](Errc e, const char* why, size_t at) {
    error_ = makeError(e, why, static_cast<uint32_t>(from + at));
    return HeadScan::kError;
  };
  if (line.substr(0, 5) != "MSRP ")
    return bad(Errc::kBadStartLine, "start line does not begin with \"MSRP \"", 0);
  size_t sp = line.find(' ', 5);
  if (sp == std::string_view::npos)
    return bad(Errc::kBadStartLine, "no method or status after the transaction id", len);
  std::string_view tid = line.substr(5, sp - 5);
  if (!isIdent(tid))
    return bad(Errc::kBadTransactionId, "transaction id is not 4..32 ident characters", 5);
  std::memcpy(tid_, tid.data(), tid.size());
  tid_len_ = tid.size();
  std::string_view rest = line.substr(sp + 1);
  start_ = StartLine{};
  if (rest.size() >= 3 && isDigit(rest[0]) && isDigit(rest[1]) && isDigit(rest[2]) &&
      (rest.size() == 3 || rest[3] == ' ')) {
    is_request_ = false;
    start_.is_request = false;
    start_.status =
        static_cast<uint16_t>((rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0'));
    comment_off_ = static_cast<uint32_t>(from + sp + 1 + std::min<size_t>(rest.size(), 4));
    comment_len_ = static_cast<uint32_t>(rest.size() > 4 ? rest.size() - 4 : 0);
    return HeadScan::kNeedMore;
  }
  if (rest.empty()) return bad(Errc::kBadStartLine, "empty method", sp + 1);
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] < 'A' || rest[i] > 'Z')
      return bad(Errc::kBadStartLine, "method is not upper-case letters", sp + 1 + i);
  }
  is_request_ = true;
  start_.is_request = true;
  start_.method = rest == "SEND"     ? Method::kSend
                  : rest == "REPORT" ? Method::kReport
                  : rest == "AUTH"   ? Method::kAuth
                                     : Method::kOther;
  method_off_ = static_cast<uint32_t>(from + sp + 1);
  method_len_ = static_cast<uint32_t>(rest.size());
  return HeadScan::kNeedMore;
}

Parser::HeadScan Parser::parseHeaderLine(const char* base, size_t from, size_t len) {
  std::string_view line(base + from, len);
  auto bad = [&](Errc e, const char* why, size_t at) {
    error_ = makeError(e, why, static_cast<uint32_t>(from + at));
    return HeadScan::kError;
  };
  // One pass over the name: token characters up to the colon. Only a line that fails it
  // is looked at again, to say why.
  size_t colon = 0;
  if (isAlpha(line[0])) {
    colon = 1;
    while (colon < len && isTokenChar(line[colon])) ++colon;
  }
  if (colon == 0 || colon == len || line[colon] != ':') {
    colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return bad(Errc::kBadHeader, "header line without \"name:\"", 0);
    if (!isAlpha(line[0]))
      return bad(Errc::kBadHeader, "header name does not start with a letter", 0);
    size_t i = 1;
    while (isTokenChar(line[i])) ++i;
    return bad(Errc::kBadHeader, "bad header name character", i);
  }
  const HeaderId id = classifyHeader(line.substr(0, colon));
  if (line_count_ == 1 && id != HeaderId::kToPath)
    return bad(Errc::kToPathNotFirst, "To-Path must be the first header", 0);
  if (line_count_ == 2 && id != HeaderId::kFromPath)
    return bad(Errc::kFromPathNotSecond, "From-Path must be the second header", 0);
  if (isSingletonHeader(id)) {
    const uint32_t bit = 1u << static_cast<uint32_t>(id);
    if (seen_ & bit) return bad(Errc::kDuplicateHeader, "header appears twice", 0);
    seen_ |= bit;
  }
  if (header_pos_.size() >= limits_.max_headers)
    return bad(Errc::kTooManyHeaders, "more headers than max_headers", 0);
  has_content_type_ |= id == HeaderId::kContentType;
  size_t v = colon + 1;
  while (v < len && (line[v] == ' ' || line[v] == '\t')) ++v;
  size_t e = len;
  while (e > v && (line[e - 1] == ' ' || line[e - 1] == '\t')) --e;
  header_pos_.push_back({id, static_cast<uint32_t>(from), static_cast<uint32_t>(colon),
                         static_cast<uint32_t>(from + v), static_cast<uint32_t>(e - v)});
  return HeadScan::kNeedMore;
}

void Parser::emitHead(const char* base, bool has_body) {
  header_views_.clear();
  for (const HeaderPos& p : header_pos_) {
    header_views_.push_back({p.id, std::string_view(base + p.name_off, p.name_len),
                             std::string_view(base + p.value_off, p.value_len)});
  }
  StartLine s = start_;
  s.tid = std::string_view(tid_, tid_len_);
  if (s.is_request) {
    s.method_name = std::string_view(base + method_off_, method_len_);
  } else {
    s.comment = std::string_view(base + comment_off_, comment_len_);
  }
  FrameHead head{s, std::span<const HeaderView>(header_views_), has_body};
  sink_.onHead(head);
}

}  // namespace msrpgw::proto::msrp
