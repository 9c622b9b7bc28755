// Every class of SDP parse() refuses, with its Errc and the line it points at; the Errc
// tables (names, H.248 codes).
#include <gtest/gtest.h>

#include <string>

#include "proto/sdp/errc.h"
#include "proto/sdp/parse.h"
#include "tests/support/result_matchers.h"

namespace msrpgw::proto::sdp {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

// A fragment with one MSRP media and the given extra lines after the m= line.
std::string withMedia(const std::string& extra, const char* mline = "m=message 7394 TCP/MSRP *") {
  return std::string("v=0\nc=IN IP4 192.0.2.1\n") + mline + "\n" + extra;
}

// The 1-based line the error points at (0 when it has no offset).
uint32_t errorLine(const std::string& text) {
  auto r = parse(text);
  if (r.ok()) return UINT32_MAX;
  return lineAt(text, r.error().offset);
}

struct Case {
  const char* name;
  std::string text;
  Errc errc;
  uint32_t line;  // 0: no line
};

TEST(SdpMalformed, EveryClass) {
  const Case cases[] = {
      {"empty", "", Errc::kSyntax, 1},
      {"blank only", "\r\n\n", Errc::kSyntax, 1},
      {"not type=value", withMedia("hello\n"), Errc::kSyntax, 4},
      {"unknown type letter", withMedia("q=1\n"), Errc::kSyntax, 4},
      {"control character", withMedia("a=setup:act\x01ive\n"), Errc::kSyntax, 4},
      {"bare CR inside", "v=0\nc=IN IP4 1.2.3.4\rm=message 1 TCP/MSRP *\n", Errc::kSyntax, 2},
      {"bad version", "v=1\nc=IN IP4 192.0.2.1\nm=message 1 TCP/MSRP *\n", Errc::kSyntax, 1},
      {"unknown address type", "v=0\nc=IN IP7 192.0.2.1\nm=message 1 TCP/MSRP *\n", Errc::kSyntax,
       2},
      {"not IN", "v=0\nc=ATM NSAP 47.0091\nm=message 1 TCP/MSRP *\n", Errc::kSyntax, 2},
      {"junk c= address", "v=0\nc=IN IP4 host\xff.example\nm=message 1 TCP/MSRP *\n", Errc::kSyntax,
       2},
      {"junk c= address in media", withMedia("c=IN IP4 a/b/c/d\n"), Errc::kSyntax, 4},
      {"junk c= address in media 2", withMedia("c=IN IP4 a&b\n"), Errc::kSyntax, 4},
      {"junk o= address", "v=0\no=- 1 1 IN IP4 a\"b\ns=-\nm=message 1 TCP/MSRP *\n", Errc::kSyntax,
       2},
      {"non-ASCII m= format", withMedia("", "m=message 7394 TCP/MSRP \xd8"), Errc::kSyntax, 3},
      {"tspecial m= format", withMedia("", "m=message 7394 TCP/MSRP * ("), Errc::kSyntax, 3},
      {"slash m= format", withMedia("", "m=message 7394 TCP/MSRP /"), Errc::kSyntax, 3},
      {"no format", withMedia("", "m=message 7394 TCP/MSRP"), Errc::kSyntax, 3},
      {"no format, blank", withMedia("", "m=message 7394 TCP/MSRP "), Errc::kSyntax, 3},
      {"junk port before /proto", withMedia("", "m=message 7x /MSRP *"), Errc::kSyntax, 3},
      {"empty proto part", withMedia("", "m=message 7 TCP//MSRP *"), Errc::kSyntax, 3},
      {"bad port", withMedia("", "m=message x1 TCP/MSRP *"), Errc::kSyntax, 3},
      {"port above 65535", withMedia("", "m=message 65536 TCP/MSRP *"), Errc::kSyntax, 3},
      {"port count", withMedia("", "m=message 7394/2 TCP/MSRP *"), Errc::kSyntax, 3},
      {"empty attribute name", withMedia("a=:x\n"), Errc::kSyntax, 4},
      {"two c= in MSRP media", withMedia("c=IN IP4 192.0.2.2\nc=IN IP4 192.0.2.3\n"), Errc::kSyntax,
       4},
      {"no media", "v=0\nc=IN IP4 192.0.2.1\n", Errc::kNoMessageMedia, 0},
      {"audio only", "v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\n", Errc::kNoMessageMedia, 0},
      {"websocket transport", withMedia("", "m=message 443 TCP/WS/MSRP *"), Errc::kBadTransport, 3},
      {"udp transport", withMedia("", "m=message 5 UDP/MSRP *"), Errc::kBadTransport, 3},
      {"path without value", withMedia("a=path\n"), Errc::kBadPath, 4},
      {"path not a URI", withMedia("a=setup:active\na=path:sip:alice@example.com\n"),
       Errc::kBadPath, 5},
      {"path without transport", withMedia("a=path:msrp://192.0.2.1:7394/s1\n"), Errc::kBadPath, 4},
      {"path twice",
       withMedia("a=path:msrp://192.0.2.1:1/a;tcp\na=path:msrp://192.0.2.1:1/b;tcp\n"),
       Errc::kBadPath, 5},
      {"setup unknown", withMedia("a=setup:maybe\n"), Errc::kBadSetup, 4},
      {"setup empty", withMedia("a=setup\n"), Errc::kBadSetup, 4},
      {"setup twice", withMedia("a=setup:active\na=setup:passive\n"), Errc::kBadSetup, 5},
      {"connection unknown", withMedia("a=connection:old\n"), Errc::kBadConnection, 4},
      {"connection twice", withMedia("a=connection:new\na=connection:new\n"), Errc::kBadConnection,
       5},
      {"accept-types empty", withMedia("a=accept-types:\n"), Errc::kBadAcceptTypes, 4},
      {"accept-types no slash", withMedia("a=accept-types:text\n"), Errc::kBadAcceptTypes, 4},
      {"accept-types */plain", withMedia("a=accept-types:*/plain\n"), Errc::kBadAcceptTypes, 4},
      {"accept-types tspecial", withMedia("a=accept-types:text/pl;ain\n"), Errc::kBadAcceptTypes,
       4},
      {"accept-types twice", withMedia("a=accept-types:*\na=accept-types:*\n"),
       Errc::kBadAcceptTypes, 5},
      {"accept-wrapped-types bad", withMedia("a=accept-wrapped-types:text/\n"),
       Errc::kBadAcceptTypes, 4},
      {"max-size not decimal", withMedia("a=max-size:64k\n"), Errc::kBadMaxSize, 4},
      {"max-size negative", withMedia("a=max-size:-1\n"), Errc::kBadMaxSize, 4},
      {"max-size overflow", withMedia("a=max-size:18446744073709551616\n"), Errc::kBadMaxSize, 4},
      {"max-size twice", withMedia("a=max-size:1\na=max-size:2\n"), Errc::kBadMaxSize, 5},
      {"two directions", withMedia("a=sendonly\na=recvonly\n"), Errc::kBadDirection, 5},
      {"direction with value", withMedia("a=sendrecv:yes\n"), Errc::kBadDirection, 4},
      {"msrps path on TCP/MSRP", withMedia("a=path:msrps://192.0.2.1:7394/s1;tcp\n"),
       Errc::kConflict, 3},
      {"msrp path on TCP/TLS/MSRP",
       withMedia("a=path:msrp://192.0.2.1:7394/s1;tcp\n", "m=message 7394 TCP/TLS/MSRP *"),
       Errc::kConflict, 3},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(parse(c.text), HasErrc(c.errc));
    EXPECT_EQ(errorLine(c.text), c.line);
  }
}

TEST(SdpMalformed, BadMediaAfterGoodOnePointsAtItsLine) {
  const std::string text =
      "v=0\nc=IN IP4 192.0.2.1\nm=message 1 TCP/MSRP *\na=setup:active\n"
      "m=message 2 TCP/MSRP *\na=setup:active\na=max-size:x\n";
  EXPECT_THAT(parse(text), HasErrc(Errc::kBadMaxSize));
  EXPECT_EQ(errorLine(text), 7u);
}

TEST(SdpMalformed, RelayPathMayUseOtherSchemeThanOwnUri) {
  // Only the endpoint's own (last) URI has to match the m= transport.
  EXPECT_THAT(parse(withMedia("a=path:msrps://relay.example:2855/r;tcp "
                              "msrp://192.0.2.1:7394/s1;tcp\n")),
              IsOk());
}

TEST(SdpErrc, NamesAndH248Codes) {
  EXPECT_STREQ(errcName(Errc::kSyntax), "syntax");
  EXPECT_STREQ(errcName(Errc::kNoMessageMedia), "no_message_media");
  EXPECT_STREQ(errcName(Errc::kConflict), "conflict");
  EXPECT_STREQ(errcName(Errc::kActpassInAnswer), "actpass_in_answer");
  EXPECT_EQ(h248CodeFor(Errc::kSyntax), 442);
  EXPECT_EQ(h248CodeFor(Errc::kNoMessageMedia), 515);
  EXPECT_EQ(h248CodeFor(Errc::kBadTransport), 515);
  EXPECT_EQ(h248CodeFor(Errc::kBadSetup), 449);
  EXPECT_EQ(h248CodeFor(Errc::kConflict), 449);
  EXPECT_EQ(h248CodeFor(Errc::kChooseLeft), 0);
  for (uint16_t c = 1; c <= static_cast<uint16_t>(Errc::kUnwritable); ++c) {
    EXPECT_STRNE(errcName(static_cast<Errc>(c)), "unknown") << c;
  }
  auto r = parse("v=0\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().domain, Domain::kSdp);
}

}  // namespace
}  // namespace msrpgw::proto::sdp
