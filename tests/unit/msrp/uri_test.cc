// MSRP URIs per RFC 4975 sections 6 and 9, and the comparison rules of section 6.1.
#include "proto/msrp/uri.h"

#include <gtest/gtest.h>

#include <string>

#include "proto/msrp/errc.h"
#include "proto/msrp/header_values.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::msrp {
namespace {

using msrpgw::test::HasErrcAt;
using msrpgw::test::IsOk;

TEST(Uri, Rfc4975ExampleWithPortAndSession) {
  auto u = parseUri("msrp://biloxi.example.com:12763/kjhd37s2s20w2a;tcp");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->scheme, Scheme::kMsrp);
  EXPECT_EQ(u->host, "biloxi.example.com");
  EXPECT_EQ(u->host_kind, HostKind::kName);
  EXPECT_TRUE(u->has_port);
  EXPECT_EQ(u->port, 12763);
  EXPECT_EQ(u->session_id, "kjhd37s2s20w2a");
  EXPECT_EQ(u->transport, "tcp");
  EXPECT_TRUE(u->userinfo.empty());
  EXPECT_TRUE(u->params.empty());
}

TEST(Uri, RelayUriWithUserinfoAndNoSession) {
  auto u = parseUri("msrps://alice@intra.example.com;tcp");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->scheme, Scheme::kMsrps);
  EXPECT_EQ(u->userinfo, "alice");
  EXPECT_EQ(u->host, "intra.example.com");
  EXPECT_FALSE(u->has_port);
  EXPECT_TRUE(u->session_id.empty());
}

TEST(Uri, Ipv4Ipv6AndParameters) {
  auto v4 = parseUri("msrp://192.0.2.10:2855/s2;tcp");
  ASSERT_THAT(v4, IsOk());
  EXPECT_EQ(v4->host_kind, HostKind::kIpv4);
  auto v6 = parseUri("MSRP://[2001:db8::1]:2855/a+b=c/d;ws;foo=bar;x");
  ASSERT_THAT(v6, IsOk());
  EXPECT_EQ(v6->host_kind, HostKind::kIpv6);
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->session_id, "a+b=c/d");
  EXPECT_EQ(v6->transport, "ws");
  EXPECT_EQ(v6->params, ";foo=bar;x");
  // Digits that are not a dotted quad are a host name.
  auto name = parseUri("msrp://192.0.2:1/s;tcp");
  ASSERT_THAT(name, IsOk());
  EXPECT_EQ(name->host_kind, HostKind::kName);
}

TEST(Uri, MalformedUrisNameTheOffendingPlace) {
  EXPECT_THAT(parseUri("sip://a.example.com:1/s;tcp"), HasErrcAt(Errc::kBadUri, 0u));
  EXPECT_THAT(parseUri("msrp:a.example.com:1/s;tcp"), HasErrcAt(Errc::kBadUri, 0u));
  EXPECT_THAT(parseUri("msrp://a.example.com:1/s"), HasErrcAt(Errc::kBadUri, 24u));
  EXPECT_THAT(parseUri("msrp://a.example.com:99999/s;tcp"), HasErrcAt(Errc::kBadUri, 21u));
  EXPECT_THAT(parseUri("msrp://a.example.com:12a/s;tcp"), HasErrcAt(Errc::kBadUri, 23u));
  EXPECT_THAT(parseUri("msrp://a.example.com:/s;tcp"), HasErrcAt(Errc::kBadUri, 21u));
  EXPECT_THAT(parseUri("msrp://[2001:db8::1:2855/s;tcp"), HasErrcAt(Errc::kBadUri, 7u));
  EXPECT_THAT(parseUri("msrp://[2001:zz8::1]:2855/s;tcp"), HasErrcAt(Errc::kBadUri, 8u));
  EXPECT_THAT(parseUri("msrp://:2855/s;tcp"), HasErrcAt(Errc::kBadUri, 7u));
  EXPECT_THAT(parseUri("msrp://a.example.com:1/s?x;tcp"), HasErrcAt(Errc::kBadUri, 24u));
  EXPECT_THAT(parseUri("msrp://a.example.com:1/;tcp"), HasErrcAt(Errc::kBadUri, 23u));
  EXPECT_THAT(parseUri("msrp://a.example.com:1/s;"), HasErrcAt(Errc::kBadUri, 25u));
  EXPECT_THAT(parseUri("msrp://a.example.com:1/s;t-cp"), HasErrcAt(Errc::kBadUri, 26u));
  EXPECT_THAT(parseUri("msrp://a b:1/s;tcp"), HasErrcAt(Errc::kBadUri, 8u));
}

TEST(Uri, EveryPartInOneUri) {
  // Userinfo with a colon, a port after the '@', a session-id with every extra
  // character it may hold, parameters with every character they may hold.
  auto u = parseUri("msrps://u:p@h-1.example:7/a+b=c/d_e~f.g-h;TCP;k='v'!*%20+;z");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->userinfo, "u:p");
  EXPECT_EQ(u->host, "h-1.example");
  EXPECT_EQ(u->port, 7);
  EXPECT_EQ(u->session_id, "a+b=c/d_e~f.g-h");
  EXPECT_EQ(u->transport, "TCP");
  EXPECT_EQ(u->params, ";k='v'!*%20+;z");
  // The host starts after the last '@'; an '@' is no userinfo character.
  EXPECT_THAT(parseUri("msrp://u@x@h:7/s;tcp"), HasErrcAt(Errc::kBadUri, 8u));
  auto relay = parseUri("msrp://relay.example:2855;tcp");
  ASSERT_THAT(relay, IsOk());
  EXPECT_TRUE(relay->session_id.empty());
  EXPECT_EQ(relay->port, 2855);
  // A character that no session-id holds, with or without a transport after it.
  EXPECT_THAT(parseUri("msrp://h:1/ab@c;tcp"), HasErrcAt(Errc::kBadUri, 13u));
  EXPECT_THAT(parseUri("msrp://h:1/ab@c"), HasErrcAt(Errc::kBadUri, 15u));
  EXPECT_THAT(parseUri("msrp://h:1/s;tcp;a\"b"), HasErrcAt(Errc::kBadUri, 18u));
  EXPECT_THAT(parseUri("msrp://h:1/s;;x"), HasErrcAt(Errc::kBadUri, 13u));
  EXPECT_THAT(parseUri("msrpx://h:1/s;tcp"), HasErrcAt(Errc::kBadUri, 0u));
  EXPECT_THAT(parseUri("msrp:/"), HasErrcAt(Errc::kBadUri, 0u));
  EXPECT_THAT(parseUri("msrp://h:1;"), HasErrcAt(Errc::kBadUri, 11u));
}

TEST(Uri, DottedQuadsAreIpv4AnythingElseIsAName) {
  auto kind = [](const std::string& host) {
    auto u = parseUri("msrp://" + host + ":1/s;tcp");
    return u.ok() ? u->host_kind : HostKind::kIpv6;  // kIpv6: did not parse
  };
  for (const char* v4 : {"0.0.0.0", "255.255.255.255", "10.1.2.3", "001.02.3.004"}) {
    EXPECT_EQ(kind(v4), HostKind::kIpv4) << v4;
  }
  for (const char* name : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3",
                           "1.2.3.0004", "1.2.3.4a", "a1.2.3.4", "1.2.3.999"}) {
    EXPECT_EQ(kind(name), HostKind::kName) << name;
  }
}

TEST(ByteRangeNumbers, LongNumbersAndOverflow) {
  EXPECT_EQ(parseByteRange("123456789-1234567890/12345678901234567890").value(),
            (ByteRange{123456789, 1234567890, 12345678901234567890ull}));
  EXPECT_EQ(parseByteRange("1-18446744073709551614/18446744073709551614").value().end,
            18446744073709551614ull);
  // 2^64 - 1 is the "*" marker, so the largest number is 2^64 - 2; the error names the
  // digit where the number overflows.
  EXPECT_THAT(parseByteRange("1-18446744073709551615/*"), HasErrcAt(Errc::kBadByteRange, 21u));
  EXPECT_THAT(parseByteRange("1-99999999999999999999/*"), HasErrcAt(Errc::kBadByteRange, 21u));
}

bool same(const char* a, const char* b) {
  return sameUri(parseUri(a).value(), parseUri(b).value());
}

TEST(Uri, ComparisonRulesOfSection61) {
  // Scheme and host case-insensitive; transport case-insensitive.
  EXPECT_TRUE(same("msrp://Alice.Example.COM:7/s1;tcp", "MSRP://alice.example.com:7/s1;TCP"));
  // Session-id is case-sensitive.
  EXPECT_FALSE(same("msrp://a.example:7/abc;tcp", "msrp://a.example:7/ABC;tcp"));
  // An explicit port never equals an absent one; ports must match.
  EXPECT_FALSE(same("msrp://a.example:2855/s;tcp", "msrp://a.example/s;tcp"));
  EXPECT_FALSE(same("msrp://a.example:2855/s;tcp", "msrp://a.example:2856/s;tcp"));
  // Session-id present never equals absent.
  EXPECT_FALSE(same("msrp://a.example:7/s;tcp", "msrp://a.example:7;tcp"));
  // Different schemes and transports never match.
  EXPECT_FALSE(same("msrp://a.example:7/s;tcp", "msrps://a.example:7/s;tcp"));
  EXPECT_FALSE(same("msrp://a.example:7/s;tcp", "msrp://a.example:7/s;ws"));
  // Userinfo and extra parameters are not compared.
  EXPECT_TRUE(same("msrp://bob@a.example:7/s;tcp;x=1", "msrp://a.example:7/s;tcp"));
  // IPv6 addresses compare by value.
  EXPECT_TRUE(same("msrp://[2001:db8:0:0::1]:7/s;tcp", "msrp://[2001:DB8::1]:7/s;tcp"));
  EXPECT_FALSE(same("msrp://[2001:db8::1]:7/s;tcp", "msrp://[2001:db8::2]:7/s;tcp"));
}

TEST(Uri, FormatRoundTrips) {
  std::string v4 = formatUri(Scheme::kMsrp, "192.0.2.1", 2855, "AbC123", "tcp");
  EXPECT_EQ(v4, "msrp://192.0.2.1:2855/AbC123;tcp");
  std::string v6 = formatUri(Scheme::kMsrps, "2001:db8::5", 40000, "s", "tcp");
  EXPECT_EQ(v6, "msrps://[2001:db8::5]:40000/s;tcp");
  EXPECT_TRUE(same(v6.c_str(), "msrps://[2001:db8:0::5]:40000/s;tcp"));
  EXPECT_EQ(formatUri(Scheme::kMsrp, "relay.example", 0, "", "tcp"), "msrp://relay.example;tcp");
}

}  // namespace
}  // namespace msrpgw::proto::msrp
