// The writer: frames it writes parse back to the same values, the RFC 4975 section 4
// example comes out byte for byte, and a body that contains (or would complete) this
// transaction's end-line is refused, even across piece boundaries.
#include "proto/msrp/writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "proto/msrp/errc.h"
#include "proto/msrp/transaction_id.h"
#include "tests/support/result_matchers.h"
#include "tests/support/splits.h"
#include "tests/unit/msrp/event_log.h"

namespace msrpgw::proto::msrp {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;
using test::parseToLog;

std::string readVector(const std::string& name) {
  std::ifstream f(MSRPGW_SOURCE_DIR "/tests/unit/msrp/vectors/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(Writer, Rfc4975Section4SendByteForByte) {
  RequestHead h;
  h.tid = "a786hjs2";
  h.to_path = "msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp";
  h.from_path = "msrp://atlanta.example.com:7654/jshA7weztas;tcp";
  h.message_id = "87652491";
  h.byte_range = ByteRange{1, 25, 25};
  h.content_type = "text/plain";
  std::string out;
  ASSERT_THAT(writeRequest(out, h, "Hey Bob, are you there?"), IsOk());
  EXPECT_EQ(out, readVector("rfc4975_s4_send.msrp"));
}

TEST(Writer, ResponsesAndReportsMatchTheGoldenVectors) {
  ResponseHead r;
  r.tid = "a786hjs2";
  r.comment = "OK";
  r.to_path = "msrp://atlanta.example.com:7654/jshA7weztas;tcp";
  r.from_path = "msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp";
  std::string out;
  ASSERT_THAT(writeResponse(out, r), IsOk());
  EXPECT_EQ(out, readVector("rfc4975_s4_response.msrp"));

  RequestHead rep;
  rep.tid = "dkei38sd";
  rep.method = "REPORT";
  rep.to_path = "msrp://198.51.100.7:7394/s1;tcp";
  rep.from_path = "msrp://192.0.2.10:2855/s2;tcp";
  rep.message_id = "12339sdqwer";
  rep.byte_range = ByteRange{1, 106, 106};
  rep.status = StatusValue{0, 200, "OK"};
  out.clear();
  ASSERT_THAT(writeRequest(out, rep), IsOk());
  EXPECT_EQ(out, readVector("msrpmd_report.msrp"));

  RequestHead bind;
  bind.tid = "a7Kq2x9Z";
  bind.to_path = "msrp://192.0.2.10:2855/s2;tcp";
  bind.from_path = "msrp://198.51.100.7:7394/s1;tcp";
  bind.message_id = "k9d8c7";
  bind.byte_range = ByteRange{1, 0, 0};
  out.clear();
  ASSERT_THAT(writeRequest(out, bind), IsOk());
  EXPECT_EQ(out, readVector("msrpmd_bind_send.msrp"));
}

TEST(Writer, EveryFieldRoundTripsThroughTheParser) {
  const HeaderField extra[] = {{"Content-Disposition", "inline"}, {"X-Trace", "abc"}};
  RequestHead h;
  h.tid = "rt0tid01";
  h.to_path = "msrp://[2001:db8::1]:2855/v6;tcp";
  h.from_path = "msrps://gw.example.net:2856/abc;tcp";
  h.message_id = "msg-0001";
  h.byte_range = ByteRange{1, ByteRange::kUnknown, ByteRange::kUnknown};
  h.success_report = ReportMode::kYes;
  h.failure_report = ReportMode::kPartial;
  h.extra = extra;
  h.content_type = "message/cpim";
  std::string out;
  ASSERT_THAT(writeRequest(out, h, "body\r\nwith lines", EndFlag::kMore), IsOk());
  std::vector<std::string_view> whole = {out};
  EXPECT_EQ(parseToLog(whole),
            "request SEND tid=rt0tid01\n"
            "To-Path: msrp://[2001:db8::1]:2855/v6;tcp\n"
            "From-Path: msrps://gw.example.net:2856/abc;tcp\n"
            "Message-ID: msg-0001\n"
            "Byte-Range: 1-*/*\n"
            "Success-Report: yes\n"
            "Failure-Report: partial\n"
            "Content-Disposition: inline\n"
            "X-Trace: abc\n"
            "Content-Type: message/cpim\n"
            "body 16 \"body\\r\\nwith lines\"\n"
            "end +\n");
  RequestHead auth;
  auth.tid = "auth0001";
  auth.method = "AUTH";
  auth.to_path = "msrps://relay.example.net;tcp";
  auth.from_path = "msrps://alice.example.com:9892/98cjs;tcp";
  auth.expires = 900;
  out.clear();
  ASSERT_THAT(writeRequest(out, auth), IsOk());
  whole = {out};
  EXPECT_EQ(parseToLog(whole),
            "request AUTH tid=auth0001\nTo-Path: msrps://relay.example.net;tcp\n"
            "From-Path: msrps://alice.example.com:9892/98cjs;tcp\nExpires: 900\nend $\n");
}

TEST(Writer, RefusesABodyContainingItsEndLine) {
  RequestHead h;
  h.tid = "abcd1234";
  h.to_path = "msrp://a.example:1/s;tcp";
  h.from_path = "msrp://b.example:2/t;tcp";
  h.content_type = "text/plain";
  std::string out = "keep";
  EXPECT_THAT(writeRequest(out, h, "x\r\n-------abcd1234$\r\ny"), HasErrc(Errc::kEndLineInBody));
  EXPECT_EQ(out, "keep") << "nothing is written for a refused frame";
  // A body ending in the end-line minus its CRLF would let the receiver end it early.
  EXPECT_THAT(writeRequest(out, h, "x\r\n-------abcd1234+"), HasErrc(Errc::kEndLineInBody));
  EXPECT_THAT(writeRequest(out, h, "x\r\n-------abcd1234#\r"), IsOk())
      << "a lone CR after the flag is not an end-line";
  // Lookalikes are fine: other tids, no flag, no leading CRLF.
  out.clear();
  std::string body = "\r\n-------efgh5678$\r\n\r\n-------abcd1234\r\nX-------abcd1234$\r\n";
  ASSERT_THAT(writeRequest(out, h, body), IsOk());
  std::vector<std::string_view> whole = {out};
  EXPECT_NE(parseToLog(whole).find("body " + std::to_string(body.size()) + " "), std::string::npos);
}

TEST(ChunkWriter, StreamsPiecesAndCatchesAnEndLineAcrossThem) {
  RequestHead h;
  h.tid = "strm0001";
  h.to_path = "msrp://a.example:1/s;tcp";
  h.from_path = "msrp://b.example:2/t;tcp";
  h.message_id = "m0000001";
  h.byte_range = ByteRange{1, 12, 12};
  h.content_type = "application/octet-stream";
  std::string out;
  ChunkWriter w;
  ASSERT_THAT(w.begin(out, h), IsOk());
  for (std::string_view piece : {"hello ", "world!"}) {
    ASSERT_THAT(w.body(piece), IsOk());
    out.append(piece);  // the caller sends pieces itself
  }
  ASSERT_THAT(w.end(out, EndFlag::kComplete), IsOk());
  std::vector<std::string_view> whole = {out};
  EXPECT_NE(parseToLog(whole).find("body 12 \"hello world!\"\nend $\n"), std::string::npos);

  // The end-line split over three pieces is still caught.
  std::string out2;
  ChunkWriter w2;
  ASSERT_THAT(w2.begin(out2, h), IsOk());
  EXPECT_THAT(w2.body(std::string_view("ab\r\n---")), IsOk());
  EXPECT_THAT(w2.body(std::string_view("----strm00")), IsOk());
  EXPECT_THAT(w2.body(std::string_view("01#\r\nrest")), HasErrc(Errc::kEndLineInBody));
  EXPECT_THAT(w2.end(out2, EndFlag::kComplete), HasErrc(Errc::kEndLineInBody));
}

// Random bodies built from pieces of the end-line: the writer refuses exactly those where
// a plain search finds an end-line of this tid before the one it appends, and what it
// accepts parses back to the same body.
TEST(Writer, RefusesExactlyTheBodiesThatHoldAnEarlierEndLine) {
  RequestHead h;
  h.tid = "abcd1234";
  h.to_path = "msrp://a.example:1/s;tcp";
  h.from_path = "msrp://b.example:2/t;tcp";
  h.content_type = "text/plain";
  const std::string pieces[] = {"\r",   "\n", "\r\n", "-------", "-", "abcd1234",
                                "abcd", "$",  "+",    "#",       "x", "\r\n-------abcd1234"};
  std::mt19937 rng(11);
  int refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string body;
    const int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) body += pieces[rng() % std::size(pieces)];
    const std::string framed = body + "\r\n-------abcd1234$\r\n";
    size_t first = std::string::npos;
    for (char flag : {'$', '+', '#'}) {
      first = std::min(first, framed.find("\r\n-------abcd1234" + std::string(1, flag) + "\r\n"));
    }
    const bool early = first < body.size();
    std::string out;
    Status st = writeRequest(out, h, body);
    ASSERT_EQ(st.ok(), !early) << "body: " << ::testing::PrintToString(body);
    if (!st.ok()) {
      ++refused;
      continue;
    }
    std::vector<std::string_view> whole = {out};
    EXPECT_NE(parseToLog(whole).find("body " + std::to_string(body.size()) + " "),
              std::string::npos)
        << ::testing::PrintToString(body);
  }
  EXPECT_GT(refused, 10) << "the pieces make early end-lines often enough to test both ways";
}

TEST(Writer, RefusesBadTransactionIds) {
  RequestHead h;
  h.tid = "ab";
  std::string out;
  EXPECT_THAT(writeRequest(out, h), HasErrc(Errc::kBadTransactionId));
  ResponseHead r;
  r.tid = "has space";
  EXPECT_THAT(writeResponse(out, r), HasErrc(Errc::kBadTransactionId));
  EXPECT_TRUE(out.empty());
}

TEST(TransactionId, RandomIdentsAreValidAndDistinct) {
  std::mt19937_64 rng(1);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = makeIdent(rng);
    ASSERT_EQ(id.size(), kDefaultIdentLength);
    ASSERT_TRUE(isIdent(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_TRUE(isIdent(makeIdent(rng, 4)));
  EXPECT_TRUE(isIdent(makeIdent(rng, 32)));
}

// Every one of the 62 ALPHANUM symbols equally likely, in every position: a chi-square
// test per position over 62,000 idents of a fixed seed (61 degrees of freedom; 100.9 is
// the 0.1% critical value). Six bits taken modulo 62 instead of drawn again above 61
// (making '0' and '1' twice as likely) fail it.
TEST(TransactionId, EveryAlphanumSymbolIsEquallyLikelyInEveryPosition) {
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  constexpr int kIdents = 62000;
  constexpr size_t kLen = 12;
  std::mt19937_64 rng(7);
  std::vector<std::array<int, 62>> counts(kLen);
  for (auto& c : counts) c.fill(0);
  for (int i = 0; i < kIdents; ++i) {
    const std::string id = makeIdent(rng, kLen);
    for (size_t p = 0; p < kLen; ++p) {
      const size_t sym = alphabet.find(id[p]);
      ASSERT_NE(sym, std::string::npos) << id;
      ++counts[p][sym];
    }
  }
  const double expected = kIdents / 62.0;
  for (size_t p = 0; p < kLen; ++p) {
    double chi2 = 0;
    for (int n : counts[p]) chi2 += (n - expected) * (n - expected) / expected;
    EXPECT_LT(chi2, 100.9) << "position " << p;
  }
}

// RFC 4975 section 9: ident = ALPHANUM 3*31ident-char, ident-char = ALPHANUM / "." / "-" /
// "+" / "%" / "=". Every byte value in every position, and the length bounds.
TEST(TransactionId, IsIdentFollowsTheGrammarForEveryByte) {
  const std::string allowed_after_first = ".-+%=";
  for (int c = 0; c < 256; ++c) {
    const auto ch = static_cast<char>(c);
    const bool alnum =
        (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    const bool ident_char = alnum || allowed_after_first.find(ch) != std::string::npos;
    EXPECT_EQ(isIdent(std::string(1, ch) + "abc"), alnum) << "first byte " << c;
    EXPECT_EQ(isIdent("ab" + std::string(1, ch) + "c"), ident_char) << "inner byte " << c;
    EXPECT_EQ(isIdent("abc" + std::string(1, ch)), ident_char) << "last byte " << c;
  }
  EXPECT_FALSE(isIdent("abc"));
  EXPECT_TRUE(isIdent("abcd"));
  EXPECT_TRUE(isIdent(std::string(32, 'x')));
  EXPECT_FALSE(isIdent(std::string(33, 'x')));
}

TEST(Writer, RandomFramesRoundTripInEverySplit) {
  std::mt19937_64 rng(4975);
  for (int round = 0; round < 30; ++round) {
    std::string tid = makeIdent(rng, 4 + rng() % 29);
    std::string body;
    size_t len = rng() % 300;
    const char* alphabet = "-\r\nab$+#";
    for (size_t i = 0; i < len; ++i) body += alphabet[rng() % 8];
    if (round % 3 == 0) body += "\r\n-------" + tid;  // ends in most of its own end-line
    RequestHead h;
    h.tid = tid;
    h.to_path = "msrp://a.example:1/s;tcp";
    h.from_path = "msrp://b.example:2/t;tcp";
    h.content_type = "application/octet-stream";
    std::string out;
    if (!writeRequest(out, h, body, EndFlag::kMore).ok())
      continue;  // refused bodies are tested above
    std::string expected =
        "request SEND tid=" + tid + "\nTo-Path: msrp://a.example:1/s;tcp\n" +
        "From-Path: msrp://b.example:2/t;tcp\nContent-Type: application/octet-stream\n" + "body " +
        std::to_string(body.size()) + " \"" + test::escapeBytes(body) + "\"\nend +\n";
    for (const auto& [pieces, label] :
         msrpgw::test::allSplits(out, 2, static_cast<uint32_t>(round))) {
      ASSERT_EQ(parseToLog(pieces), expected) << "round " << round << " " << label;
    }
  }
}

}  // namespace
}  // namespace msrpgw::proto::msrp
