// checkRequest: the headers a SEND / REPORT needs, and a 400 for any invalid value the
// receiver must act on. Frames come from the golden vectors and small variations.
#include "proto/msrp/request_check.h"

#include <gtest/gtest.h>

#include <optional>

#include "proto/msrp/errc.h"
#include "proto/msrp/parser.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::msrp {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

// One RequestChecker across every frame of these tests: each result it gives must be
// checkRequest's, whatever paths it has remembered from earlier frames.
RequestChecker& sharedChecker() {
  static RequestChecker c;
  return c;
}

std::string describe(const Status& s) {
  return s.ok() ? "ok" : std::to_string(s.error().code) + " " + s.error().reason;
}

// Parses one frame and runs checkRequest on its head (and the remembering checker).
struct CheckSink : FrameSink {
  std::optional<Status> result;
  void onHead(const FrameHead& h) override {
    result = checkRequest(h);
    EXPECT_EQ(describe(sharedChecker().check(h)), describe(*result));
    EXPECT_EQ(describe(sharedChecker().check(h)), describe(*result)) << "asked twice";
    // What it parsed is handed on: the Byte-Range, or 1-*/* without one.
    if (result->ok() && (h.start.method == Method::kSend || h.start.method == Method::kReport)) {
      ByteRange want;
      if (h.has(HeaderId::kByteRange)) want = parseByteRange(h.get(HeaderId::kByteRange)).value();
      EXPECT_EQ(sharedChecker().byteRange(), want);
    }
  }
  void onBody(ByteView) override {}
  void onEnd(EndFlag) override {}
};

Status checkFrame(const std::string& headers, bool body = false) {
  std::string f = "MSRP chk0tid1 " + headers;
  f += body ? "\r\nbody\r\n-------chk0tid1$\r\n" : "-------chk0tid1$\r\n";
  CheckSink sink;
  Parser p(sink);
  FeedResult r = p.feed(f);
  EXPECT_EQ(r.status, FeedStatus::kFrameDone) << f;
  if (!sink.result) return makeError(Errc::kBadStartLine, "no head");
  return *sink.result;
}

const std::string kPaths =
    "To-Path: msrp://a.example:1/s;tcp\r\nFrom-Path: msrp://b.example:2/t;tcp\r\n";

TEST(RequestCheck, ValidRequestsPass) {
  EXPECT_THAT(
      checkFrame(
          "SEND\r\n" + kPaths +
              "Message-ID: m0000001\r\nByte-Range: 1-4/4\r\n"
              "Success-Report: yes\r\nFailure-Report: partial\r\nContent-Type: text/plain\r\n",
          true),
      IsOk());
  EXPECT_THAT(checkFrame("REPORT\r\n" + kPaths +
                         "Message-ID: m0000001\r\nByte-Range: 1-4/4\r\nStatus: 000 200 OK\r\n"),
              IsOk());
  EXPECT_THAT(checkFrame("AUTH\r\n" + kPaths + "Expires: 900\r\n"), IsOk());
  // Unknown methods are left to the 501 answer.
  EXPECT_THAT(checkFrame("NICKNAME\r\n" + kPaths), IsOk());
}

TEST(RequestCheck, MissingHeaders) {
  EXPECT_THAT(checkFrame("SEND\r\n" + kPaths + "Byte-Range: 1-0/0\r\n"),
              HasErrc(Errc::kMissingHeader));
  EXPECT_THAT(checkFrame("REPORT\r\n" + kPaths + "Message-ID: m0000001\r\n"),
              HasErrc(Errc::kMissingHeader));
}

TEST(RequestCheck, InvalidValuesAre400s) {
  const std::pair<std::string, Errc> cases[] = {
      {"Message-ID: ab\r\n", Errc::kBadMessageId},
      {"Message-ID: m0000001\r\nByte-Range: 5-1/9\r\n", Errc::kBadByteRange},
      {"Message-ID: m0000001\r\nSuccess-Report: maybe\r\n", Errc::kBadReportValue},
      {"Message-ID: m0000001\r\nFailure-Report: sometimes\r\n", Errc::kBadReportValue},
      {"Message-ID: m0000001\r\nExpires: soon\r\n", Errc::kBadExpires},
  };
  const std::string head = "SEND\r\n" + kPaths;
  for (const auto& [hdrs, errc] : cases) {
    Status s = checkFrame(head + hdrs);
    EXPECT_THAT(s, HasErrc(errc)) << hdrs;
    if (!s.ok()) {
      EXPECT_EQ(statusFor(errcOf(s.error())), 400);
    }
  }
  EXPECT_THAT(
      checkFrame("SEND\r\nTo-Path: sip:bob@example.com\r\nFrom-Path: msrp://b.example:2/t;tcp\r\n"
                 "Message-ID: m0000001\r\n"),
      HasErrc(Errc::kBadUri));
  EXPECT_THAT(
      checkFrame("SEND\r\n" + kPaths + "Message-ID: m0000001\r\nContent-Type: text\r\n", true),
      HasErrc(Errc::kBadContentType));
  EXPECT_THAT(checkFrame("REPORT\r\n" + kPaths + "Message-ID: m0000001\r\nStatus: 200 OK\r\n"),
              HasErrc(Errc::kBadStatusHeader));
}

// A remembered valid path does not let a different one through, in either header, and
// an invalid one does not replace it.
TEST(RequestCheck, RememberedPathsOnlyPassTheSameText) {
  const std::string good = "To-Path: msrp://a.example:1/s;tcp\r\n";
  const std::string bad_to = "To-Path: msrp://a.example:1/s\r\n";
  const std::string from = "From-Path: msrp://b.example:2/t;tcp\r\n";
  const std::string bad_from = "From-Path: msrp://b.example:x/t;tcp\r\n";
  const std::string rest = "Message-ID: m0000001\r\n";
  const std::string valid = "SEND\r\n" + good + from + rest;
  const std::string with_bad_to = "SEND\r\n" + bad_to + from + rest;
  const std::string with_bad_from = "SEND\r\n" + good + bad_from + rest;
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(checkFrame(valid), IsOk());
    EXPECT_THAT(checkFrame(with_bad_to), HasErrc(Errc::kBadUri));
    EXPECT_THAT(checkFrame(with_bad_from), HasErrc(Errc::kBadUri));
    EXPECT_THAT(checkFrame(valid), IsOk());
  }
}

}  // namespace
}  // namespace msrpgw::proto::msrp
