// Typed MSRP header values (RFC 4975 section 9, RFC 4976): each form, each error.
#include "proto/msrp/header_values.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "proto/msrp/errc.h"
#include "proto/msrp/header_id.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::msrp {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;
constexpr uint64_t kStar = ByteRange::kUnknown;

TEST(ByteRangeValue, EveryForm) {
  EXPECT_EQ(parseByteRange("1-25/25").value(), (ByteRange{1, 25, 25}));
  EXPECT_EQ(parseByteRange("1-0/0").value(), (ByteRange{1, 0, 0}));  // bodiless SEND
  EXPECT_EQ(parseByteRange("1-*/8191").value(), (ByteRange{1, kStar, 8191}));
  EXPECT_EQ(parseByteRange("37-*/*").value(), (ByteRange{37, kStar, kStar}));
  EXPECT_EQ(parseByteRange("1-106/*").value(), (ByteRange{1, 106, kStar}));
  EXPECT_EQ(parseByteRange("1073741825-2147483648/4294967296").value(),
            (ByteRange{1073741825, 2147483648, 4294967296}));
}

TEST(ByteRangeValue, Malformed) {
  EXPECT_THAT(parseByteRange(""), HasErrcAt(Errc::kBadByteRange, 0u));
  EXPECT_THAT(parseByteRange("0-5/5"), HasErrcAt(Errc::kBadByteRange, 0u));
  EXPECT_THAT(parseByteRange("1_5/5"), HasErrcAt(Errc::kBadByteRange, 1u));
  EXPECT_THAT(parseByteRange("1-5-5"), HasErrcAt(Errc::kBadByteRange, 3u));
  EXPECT_THAT(parseByteRange("1-x/5"), HasErrcAt(Errc::kBadByteRange, 2u));
  EXPECT_THAT(parseByteRange("1-5/"), HasErrcAt(Errc::kBadByteRange, 4u));
  EXPECT_THAT(parseByteRange("1-5/5 "), HasErrcAt(Errc::kBadByteRange, 5u));
  EXPECT_THAT(parseByteRange("10-5/20"), HasErrc(Errc::kBadByteRange));        // end before start
  EXPECT_THAT(parseByteRange("1-30/20"), HasErrcAt(Errc::kBadByteRange, 5u));  // end beyond total
  EXPECT_THAT(parseByteRange("30-*/20"), HasErrc(Errc::kBadByteRange));        // start beyond total
  EXPECT_THAT(parseByteRange("99999999999999999999-1/1"),
              HasErrc(Errc::kBadByteRange));  // overflow
}

TEST(ReportValues, SuccessAndFailure) {
  EXPECT_EQ(parseSuccessReport("yes").value(), ReportMode::kYes);
  EXPECT_EQ(parseSuccessReport("no").value(), ReportMode::kNo);
  EXPECT_THAT(parseSuccessReport("partial"), HasErrc(Errc::kBadReportValue));
  EXPECT_EQ(parseFailureReport("yes").value(), ReportMode::kYes);
  EXPECT_EQ(parseFailureReport("No").value(), ReportMode::kNo);
  EXPECT_EQ(parseFailureReport("partial").value(), ReportMode::kPartial);
  EXPECT_THAT(parseFailureReport("maybe"), HasErrc(Errc::kBadReportValue));
}

TEST(StatusHeader, NamespaceCodeComment) {
  auto s = parseStatus("000 200 OK");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->ns, 0);
  EXPECT_EQ(s->code, 200);
  EXPECT_EQ(s->comment, "OK");
  auto t = parseStatus("000 408");
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(t->code, 408);
  EXPECT_TRUE(t->comment.empty());
  EXPECT_THAT(parseStatus("00 200 OK"), HasErrcAt(Errc::kBadStatusHeader, 0u));
  EXPECT_THAT(parseStatus("000-200"), HasErrcAt(Errc::kBadStatusHeader, 3u));
  EXPECT_THAT(parseStatus("000 2x0"), HasErrcAt(Errc::kBadStatusHeader, 4u));
  EXPECT_THAT(parseStatus("000 200OK"), HasErrcAt(Errc::kBadStatusHeader, 7u));
}

TEST(ContentTypeValue, TypeSubtypeAndParameters) {
  auto ct = parseContentType("text/plain; charset=utf-8;format=\"flowed; x\"");
  ASSERT_THAT(ct, IsOk());
  EXPECT_EQ(ct->type, "text");
  EXPECT_EQ(ct->subtype, "plain");
  std::string_view params = ct->params;
  MediaParam p;
  ASSERT_TRUE(nextParam(params, p));
  EXPECT_EQ(p.name, "charset");
  EXPECT_EQ(p.value, "utf-8");
  ASSERT_TRUE(nextParam(params, p));
  EXPECT_EQ(p.name, "format");
  EXPECT_EQ(p.value, "flowed; x");
  EXPECT_FALSE(nextParam(params, p));
  auto cpim = parseContentType("message/cpim");
  ASSERT_THAT(cpim, IsOk());
  EXPECT_EQ(cpim->subtype, "cpim");
  EXPECT_TRUE(cpim->params.empty());
  EXPECT_THAT(parseContentType("textplain"), HasErrcAt(Errc::kBadContentType, 0u));
  EXPECT_THAT(parseContentType("/plain"), HasErrcAt(Errc::kBadContentType, 0u));
  EXPECT_THAT(parseContentType("text/"), HasErrcAt(Errc::kBadContentType, 5u));
  EXPECT_THAT(parseContentType("te xt/plain"), HasErrcAt(Errc::kBadContentType, 2u));
  EXPECT_THAT(parseContentType("text/plain charset=x"), HasErrcAt(Errc::kBadContentType, 10u));
  EXPECT_THAT(parseContentType("text/plain; charset"), HasErrc(Errc::kBadContentType));
  EXPECT_THAT(parseContentType("text/plain; a=\"unterminated"), HasErrc(Errc::kBadContentType));
}

TEST(ExpiresValue, ThirtyTwoBitDecimal) {
  EXPECT_EQ(parseExpires("900").value(), 900u);
  EXPECT_EQ(parseExpires("4294967295").value(), 4294967295u);
  EXPECT_THAT(parseExpires("4294967296"), HasErrc(Errc::kBadExpires));
  EXPECT_THAT(parseExpires(""), HasErrc(Errc::kBadExpires));
  EXPECT_THAT(parseExpires("9a"), HasErrcAt(Errc::kBadExpires, 1u));
}

TEST(MessageIdValue, Ident) {
  EXPECT_THAT(parseMessageId("87652491"), IsOk());
  EXPECT_THAT(parseMessageId("a.b-c+d%e=f"), IsOk());
  EXPECT_THAT(parseMessageId("abc"), HasErrc(Errc::kBadMessageId));                 // too short
  EXPECT_THAT(parseMessageId(std::string(33, 'a')), HasErrc(Errc::kBadMessageId));  // too long
  EXPECT_THAT(parseMessageId(".abcd"), HasErrc(Errc::kBadMessageId));  // first not ALPHANUM
  EXPECT_THAT(parseMessageId("ab cd"), HasErrc(Errc::kBadMessageId));
}

TEST(PathValue, ListsOfUris) {
  auto p = parsePath("msrp://relay.example:2855/r1;tcp  msrp://192.0.2.10:2855/s2;tcp");
  ASSERT_THAT(p, IsOk());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ(p->front().host, "relay.example");
  EXPECT_EQ(p->back().session_id, "s2");
  size_t n = 0;
  for (const Uri& u : *p) n += !u.transport.empty();
  EXPECT_EQ(n, 2u);
  EXPECT_THAT(parsePath(""), HasErrc(Errc::kBadPath));
  EXPECT_THAT(parsePath("   "), HasErrc(Errc::kBadPath));
  // A bad URI inside a path reports its offset within the whole value.
  EXPECT_THAT(parsePath("msrp://a.example:1/s;tcp sip://b"), HasErrcAt(Errc::kBadUri, 25u));
  std::string many;
  for (int i = 0; i < 17; ++i) many += "msrp://a.example:1/s;tcp ";
  EXPECT_THAT(parsePath(many), HasErrc(Errc::kBadPath));
}

// The header names of RFC 4975 section 9 and RFC 4976, spelled out here (not taken from
// the classifier's own table), in every case; near misses of the same length are kOther.
TEST(HeaderNames, EveryNameInAnyCaseAndNearMissesAreOther) {
  const std::pair<const char*, HeaderId> names[] = {
      {"To-Path", HeaderId::kToPath},
      {"From-Path", HeaderId::kFromPath},
      {"Message-ID", HeaderId::kMessageId},
      {"Byte-Range", HeaderId::kByteRange},
      {"Success-Report", HeaderId::kSuccessReport},
      {"Failure-Report", HeaderId::kFailureReport},
      {"Status", HeaderId::kStatus},
      {"Content-Type", HeaderId::kContentType},
      {"Content-ID", HeaderId::kContentId},
      {"Content-Description", HeaderId::kContentDescription},
      {"Content-Disposition", HeaderId::kContentDisposition},
      {"Use-Path", HeaderId::kUsePath},
      {"Expires", HeaderId::kExpires},
      {"Min-Expires", HeaderId::kMinExpires},
      {"Max-Expires", HeaderId::kMaxExpires},
      {"WWW-Authenticate", HeaderId::kWwwAuthenticate},
      {"Authorization", HeaderId::kAuthorization},
      {"Authentication-Info", HeaderId::kAuthenticationInfo},
  };
  for (const auto& [name, id] : names) {
    std::string lower(name), upper(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(classifyHeader(name), id) << name;
    EXPECT_EQ(classifyHeader(lower), id) << lower;
    EXPECT_EQ(classifyHeader(upper), id) << upper;
    EXPECT_EQ(headerName(id), name);
    // Every single-character change of the name makes it unknown.
    for (size_t i = 0; i < lower.size(); ++i) {
      std::string miss = lower;
      miss[i] = miss[i] == 'x' ? 'y' : 'x';
      EXPECT_EQ(classifyHeader(miss), HeaderId::kOther) << miss;
    }
    EXPECT_EQ(classifyHeader(lower + "x"), HeaderId::kOther);
    EXPECT_EQ(classifyHeader(lower.substr(1)), HeaderId::kOther);
  }
  EXPECT_EQ(classifyHeader(""), HeaderId::kOther);
  EXPECT_EQ(classifyHeader("X-Custom"), HeaderId::kOther);
}

}  // namespace
}  // namespace msrpgw::proto::msrp
