// Parser behaviour beyond the golden vectors: streaming of large bodies without
// buffering, zero-copy heads, sticky errors, limits and reset.
#include "proto/msrp/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "proto/msrp/errc.h"
#include "tests/unit/msrp/event_log.h"

namespace msrpgw::proto::msrp::test {
namespace {

const std::string kHead =
    "MSRP big0tid1 SEND\r\nTo-Path: msrp://192.0.2.10:2855/s2;tcp\r\n"
    "From-Path: msrp://198.51.100.7:7394/s1;tcp\r\nMessage-ID: big00001\r\n"
    "Byte-Range: 1-1073741824/1073741824\r\nContent-Type: application/octet-stream\r\n\r\n";

// Counts body bytes and checks them against the pattern they were made from, without
// keeping them.
class CountingSink : public FrameSink {
 public:
  uint64_t body_bytes = 0;
  uint64_t mismatches = 0;
  int heads = 0, ends = 0;
  EndFlag flag = EndFlag::kMore;
  void onHead(const FrameHead&) override { ++heads; }
  void onBody(ByteView piece) override {
    for (std::byte b : piece)
      mismatches += static_cast<uint8_t>(b) != static_cast<uint8_t>(body_bytes++ * 7 % 251);
  }
  void onEnd(EndFlag f) override {
    ++ends;
    flag = f;
  }
};

TEST(Parser, OneGibChunkStreamsThroughWithoutBuffering) {
  constexpr size_t kPiece = size_t{64} * 1024;
  constexpr uint64_t kTotal = uint64_t{1} << 30;
  // The pattern repeats every 251 bytes; the piece is a multiple so it can be reused.
  std::string piece(kPiece / 251 * 251, '\0');
  for (size_t i = 0; i < piece.size(); ++i) piece[i] = static_cast<char>(i * 7 % 251);
  CountingSink sink;
  Parser parser(sink);
  ASSERT_EQ(parser.feed(kHead).status, FeedStatus::kNeedMore);
  uint64_t sent = 0;
  while (sent < kTotal) {
    std::string_view p(piece.data(),
                       static_cast<size_t>(std::min<uint64_t>(piece.size(), kTotal - sent)));
    FeedResult r = parser.feed(p);
    ASSERT_EQ(r.status, FeedStatus::kNeedMore);
    ASSERT_EQ(r.consumed, p.size());
    sent += p.size();
  }
  EXPECT_EQ(parser.feed(std::string_view("\r\n-------big0tid1$\r\n")).status,
            FeedStatus::kFrameDone);
  EXPECT_EQ(sink.body_bytes, kTotal);
  EXPECT_EQ(sink.mismatches, 0u);
  EXPECT_EQ(sink.ends, 1);
  EXPECT_EQ(sink.flag, EndFlag::kComplete);
  EXPECT_TRUE(parser.idle());
}

TEST(Parser, AWholeHeadIsParsedInPlace) {
  struct PointerSink : FrameSink {
    const char* lo = nullptr;
    const char* hi = nullptr;
    bool inside = true;
    void onHead(const FrameHead& h) override {
      for (const HeaderView& v : h.headers) inside &= v.value.data() >= lo && v.value.data() < hi;
      inside &= h.start.method_name.data() >= lo && h.start.method_name.data() < hi;
    }
    void onBody(ByteView) override {}
    void onEnd(EndFlag) override {}
  } sink;
  std::string frame = kHead + "x\r\n-------big0tid1$\r\n";
  sink.lo = frame.data();
  sink.hi = frame.data() + frame.size();
  Parser parser(sink);
  FeedResult r = parser.feed(frame);
  EXPECT_EQ(r.status, FeedStatus::kFrameDone);
  EXPECT_EQ(r.consumed, frame.size());
  EXPECT_TRUE(sink.inside) << "header views must point into the caller's bytes";
}

TEST(Parser, ErrorsAreStickyUntilReset) {
  EventLog sink;
  Parser parser(sink);
  FeedResult r =
      parser.feed(std::string_view("MSRP abcd1234 SEND\r\nFrom-Path: msrp://a:1/b;tcp\r\n"));
  ASSERT_EQ(r.status, FeedStatus::kError);
  EXPECT_EQ(errcOf(parser.error()), Errc::kToPathNotFirst);
  EXPECT_EQ(statusFor(errcOf(parser.error())), 400);
  // The transaction id survives so the error can be answered on its transaction.
  EXPECT_EQ(parser.currentTid(), "abcd1234");
  EXPECT_TRUE(parser.currentIsRequest());
  FeedResult again = parser.feed(std::string_view("MSRP efgh5678 SEND\r\n"));
  EXPECT_EQ(again.status, FeedStatus::kError);
  EXPECT_EQ(again.consumed, 0u);
  EXPECT_EQ(errcOf(parser.error()), Errc::kToPathNotFirst);
  parser.reset();
  std::string ok =
      "MSRP efgh5678 200 OK\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: "
      "msrp://c:2/d;tcp\r\n-------efgh5678$\r\n";
  EXPECT_EQ(parser.feed(ok).status, FeedStatus::kFrameDone);
  EXPECT_NE(sink.log.find("response 200"), std::string::npos);
}

// RFC 4975 section 9: hname = ALPHA *token, token = 1*(%x21 / %x23-27 / %x2A-2B /
// %x2D-2E / %x30-39 / %x41-5A / %x5E-7E); the grammar is written out here, not taken
// from the parser. Every byte value in the first and in a later position of a name: accepted where
// the grammar allows it, otherwise a 400-class kBadHeader at that byte's offset (a colon
// ends the name: "X:y: v" is header "X" with value "y: v").
TEST(Parser, HeaderNameCharactersFollowTheGrammarForEveryByte) {
  const std::string head =
      "MSRP abcd SEND\r\nTo-Path: msrp://a:1/b;tcp\r\n"
      "From-Path: msrp://c:2/d;tcp\r\n";
  auto token = [](int c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x27) || (c >= 0x2A && c <= 0x2B) ||
           (c >= 0x2D && c <= 0x2E) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) ||
           (c >= 0x5E && c <= 0x7E);
  };
  for (int c = 0; c < 256; ++c) {
    if (c == '\r' || c == '\n') continue;  // a line end, not a name character
    for (size_t at : {0, 1}) {
      std::string name = "Xy";
      name[at] = static_cast<char>(c);
      EventLog sink;
      Parser parser(sink);
      FeedResult r = parser.feed(head + name + ": v\r\n-------abcd$\r\n");
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      const bool ok = at == 0 ? alpha : token(c) || c == ':';
      if (ok) {
        EXPECT_EQ(r.status, FeedStatus::kFrameDone) << "byte " << c << " at " << at;
        continue;
      }
      ASSERT_EQ(r.status, FeedStatus::kError) << "byte " << c << " at " << at;
      // A line that starts with a dash can only be an end-line.
      const Errc want = at == 0 && c == '-' ? Errc::kBadEndLine : Errc::kBadHeader;
      EXPECT_EQ(errcOf(parser.error()), want) << "byte " << c << " at " << at;
      // A leading colon is a line without a name: reported at the line's start.
      EXPECT_EQ(parser.error().offset, head.size() + (c == ':' ? 0 : at))
          << "byte " << c << " at " << at;
    }
  }
}

TEST(Parser, HeadLimitIsConfigurable) {
  std::string frame =
      "MSRP abcd1234 SEND\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:2/d;tcp\r\nX-Pad: " +
      std::string(300, 'p') + "\r\n-------abcd1234$\r\n";
  std::vector<std::string_view> whole = {frame};
  EXPECT_EQ(parseToLog(whole, ParserLimits{256, 64}), "error head_too_large 413 at 256\n");
  EXPECT_EQ(parseToLog(whole, ParserLimits{512, 64}).rfind("request SEND", 0), 0u);
  // The same limit when the head arrives in pieces.
  std::vector<std::string_view> split = {std::string_view(frame).substr(0, 100),
                                         std::string_view(frame).substr(100)};
  EXPECT_EQ(parseToLog(split, ParserLimits{256, 64}), "error head_too_large 413 at 256\n");
  EXPECT_EQ(parseToLog(whole, ParserLimits{16384, 2}), "error too_many_headers 400 at 76\n");
}

TEST(Parser, SplitHeadBufferIsReleasedAfterALargeHead) {
  std::string frame =
      "MSRP abcd1234 SEND\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: msrp://c:2/d;tcp\r\nX-Pad: " +
      std::string(10000, 'p') + "\r\n-------abcd1234$\r\n";
  EventLog sink;
  Parser parser(sink);
  EXPECT_EQ(parser.feed(std::string_view(frame).substr(0, 50)).status, FeedStatus::kNeedMore);
  EXPECT_EQ(parser.feed(std::string_view(frame).substr(50)).status, FeedStatus::kFrameDone);
  EXPECT_TRUE(parser.idle());
  EXPECT_LT(parser.headCapacityForTest(), 64u);
}

TEST(Parser, FrameDoneStopsAtTheFrameEnd) {
  std::string two =
      "MSRP abcd1234 200 OK\r\nTo-Path: msrp://a:1/b;tcp\r\nFrom-Path: "
      "msrp://c:2/d;tcp\r\n-------abcd1234$\r\n";
  const size_t first = two.size();
  two += two;
  EventLog sink;
  Parser parser(sink);
  FeedResult r = parser.feed(two);
  EXPECT_EQ(r.status, FeedStatus::kFrameDone);
  EXPECT_EQ(r.consumed, first);
  r = parser.feed(std::string_view(two).substr(first));
  EXPECT_EQ(r.status, FeedStatus::kFrameDone);
  EXPECT_EQ(r.consumed, first);
}

TEST(Parser, BodyPiecesAreDeliveredAsTheyArriveNotAtTheEnd) {
  EventLog sink;
  Parser parser(sink);
  std::string head = kHead;
  ASSERT_EQ(parser.feed(head).status, FeedStatus::kNeedMore);
  ASSERT_EQ(parser.feed(std::string_view("first piece")).status, FeedStatus::kNeedMore);
  EXPECT_EQ(sink.body_calls, 1u) << "body bytes must not wait for the end-line";
  ASSERT_EQ(parser.feed(std::string_view("second\r\n---")).status, FeedStatus::kNeedMore);
  // "second" is body; "\r\n---" may start the end-line and is held back.
  ASSERT_EQ(parser.feed(std::string_view("-")).status, FeedStatus::kNeedMore);
  ASSERT_EQ(parser.feed(std::string_view("X\r\n-------big0tid1#\r\n")).status,
            FeedStatus::kFrameDone);
  EXPECT_NE(sink.log.find("body 24 \"first piecesecond\\r\\n----X\"\nend #\n"), std::string::npos)
      << sink.log;
}

}  // namespace
}  // namespace msrpgw::proto::msrp::test
