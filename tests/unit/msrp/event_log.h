// A FrameSink that writes what the parser reported as text, one event a line, in the
// format of the golden *.events files: body pieces of one frame are joined, so the log
// is the same however the input was split.
#pragma once

#include <string>
#include <string_view>

#include "proto/msrp/errc.h"
#include "proto/msrp/parser.h"

namespace msrpgw::proto::msrp::test {

inline std::string escapeBytes(std::string_view b) {
  std::string out;
  for (unsigned char c : b) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 32 && c < 127) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

class EventLog : public FrameSink {
 public:
  std::string log;
  size_t body_calls = 0;

  void onHead(const FrameHead& head) override {
    const StartLine& s = head.start;
    if (s.is_request) {
      log += "request " + std::string(s.method_name) + " tid=" + std::string(s.tid) + "\n";
    } else {
      log += "response " + std::to_string(s.status) + " \"" + std::string(s.comment) +
             "\" tid=" + std::string(s.tid) + "\n";
    }
    for (const HeaderView& h : head.headers) {
      log += std::string(h.name) + ": " + std::string(h.value) + "\n";
    }
    in_body_ = head.has_body;
    body_.clear();
  }
  void onBody(ByteView piece) override {
    ++body_calls;
    body_.append(asText(piece));
  }
  void onEnd(EndFlag flag) override {
    if (in_body_)
      log += "body " + std::to_string(body_.size()) + " \"" + escapeBytes(body_) + "\"\n";
    log += "end ";
    log += static_cast<char>(flag);
    log += "\n";
    in_body_ = false;
  }
  void onError(const Error& e) {
    log += std::string("error ") + errcName(errcOf(e)) + " " +
           std::to_string(statusFor(errcOf(e))) + " at " + std::to_string(e.offset) + "\n";
  }

 private:
  bool in_body_ = false;
  std::string body_;
};

// Feeds pieces to a parser the way a connection does: after kFrameDone, the rest of the
// piece goes in again. Returns the log; stops at the first error.
template <class Sink = EventLog, class Pieces>
std::string parseToLog(const Pieces& pieces, ParserLimits limits = {}) {
  Sink sink;
  Parser parser(sink, limits);
  for (std::string_view piece : pieces) {
    size_t off = 0;
    while (off < piece.size()) {
      FeedResult r = parser.feed(piece.substr(off));
      off += r.consumed;
      if (r.status == FeedStatus::kError) {
        sink.onError(parser.error());
        return sink.log;
      }
      if (r.status == FeedStatus::kNeedMore && off != piece.size()) {
        return sink.log +
               "!BUG: kNeedMore without consuming everything\n";  // no header line starts with !
      }
    }
  }
  if (!parser.idle()) sink.log += "incomplete\n";
  return sink.log;
}

}  // namespace msrpgw::proto::msrp::test
