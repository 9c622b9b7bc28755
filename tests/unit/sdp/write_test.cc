// write(): exact text for the MG's Local, the answer/concrete refusals, and write -> parse
// round trips of every golden SDP and of a model built field by field.
#include "proto/sdp/write.h"

#include <gtest/gtest.h>

#include "proto/sdp/errc.h"
#include "proto/sdp/parse.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sdp/golden.h"

namespace msrpgw::proto::sdp {
namespace {

using msrpgw::test::HasErrc;
using msrpgw::test::IsOk;

// The MGC's Local with the MG's choices filled in.
Sdp filledLocal() {
  Sdp sdp = parse(golden::kH248Local).value();
  sdp.connection->choose = false;
  sdp.connection->address = "192.0.2.2";
  MsrpMedia& m = *sdp.messageMedia().at(0);
  m.port_choose = false;
  m.port = 40000;
  return sdp;
}

TEST(SdpWrite, H248ReplyLocalExactly) {
  auto text = write(filledLocal(), {.answer = true, .concrete = true});
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text.value(), golden::kH248ReplyLocal);  // reference/h248.md section 4
}

TEST(SdpWrite, ChooseKeptUnlessConcreteRequired) {
  Sdp local = parse(golden::kH248Local).value();
  auto text = write(local);
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text.value(), "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\na=setup:passive\r\n");
  EXPECT_THAT(write(local, {.concrete = true}), HasErrc(Errc::kChooseLeft));
  local.connection->choose = false;
  local.connection->address = "192.0.2.2";
  EXPECT_THAT(write(local, {.concrete = true}), HasErrc(Errc::kChooseLeft));  // port still $
}

TEST(SdpWrite, AnswerNeverSaysActpass) {
  Sdp sdp = filledLocal();
  sdp.messageMedia().at(0)->setup = sdp::Setup::kActpass;
  EXPECT_THAT(write(sdp, {.answer = true}), HasErrc(Errc::kActpassInAnswer));
  EXPECT_THAT(write(sdp), IsOk());  // an offer may
  for (sdp::Setup s :
       {sdp::Setup::kActive, sdp::Setup::kPassive, sdp::Setup::kHoldconn, sdp::Setup::kAbsent}) {
    sdp.messageMedia().at(0)->setup = s;
    EXPECT_THAT(write(sdp, {.answer = true}), IsOk());
  }
}

TEST(SdpWrite, StableOrderOfEveryField) {
  Sdp sdp;
  sdp.origin = Origin{"gw", 42, 43, {AddrType::kIp6, "2001:db8::2", false}};
  sdp.session_name = "-";
  sdp.timing = Timing{0, 0};
  sdp.connection = Connection{AddrType::kIp6, "2001:db8::2", false};
  MsrpMedia m;
  m.port = 2855;
  m.transport = Transport::kTcpTlsMsrp;
  m.other_attributes = {{"x-later", "1"}};
  m.file_attributes = {{"file-range", "1-10"}, {"file-selector", "size:10"}};
  m.fingerprints = {"SHA-256 AB:CD"};
  m.cema = true;
  m.direction = Direction::kSendOnly;
  m.max_size = 1048576;
  m.accept_wrapped_types = {{"text", "plain"}, {"image", "*"}};
  m.accept_types = {{"message", "cpim"}, {"*", ""}};
  m.connection_attr = ConnectionAttr::kNew;
  m.setup = sdp::Setup::kPassive;
  m.path = {"msrps://[2001:db8::2]:2855/gw1;tcp"};
  sdp.media.emplace_back(m);
  auto text = write(sdp, {.answer = true, .concrete = true});
  ASSERT_THAT(text, IsOk());
  EXPECT_EQ(text.value(),
            "v=0\r\n"
            "o=gw 42 43 IN IP6 2001:db8::2\r\n"
            "s=-\r\n"
            "c=IN IP6 2001:db8::2\r\n"
            "t=0 0\r\n"
            "m=message 2855 TCP/TLS/MSRP *\r\n"
            "a=path:msrps://[2001:db8::2]:2855/gw1;tcp\r\n"
            "a=setup:passive\r\n"
            "a=connection:new\r\n"
            "a=accept-types:message/cpim *\r\n"
            "a=accept-wrapped-types:text/plain image/*\r\n"
            "a=max-size:1048576\r\n"
            "a=sendonly\r\n"
            "a=msrp-cema\r\n"
            "a=fingerprint:SHA-256 AB:CD\r\n"
            "a=file-range:1-10\r\n"
            "a=file-selector:size:10\r\n"
            "a=x-later:1\r\n");
  // The writer's own output reads back into the same model.
  auto back = parse(text.value());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back.value(), sdp);
}

TEST(SdpWrite, RoundTripsEveryGolden) {
  for (const char* g : {golden::kH248Local, golden::kH248Remote, golden::kH248ReplyLocal,
                        golden::kMsrpSection7, golden::kRfc5547PushOffer, golden::kRfc5547PullOffer,
                        golden::kIpv6Msrps, golden::kMultiMedia}) {
    SCOPED_TRACE(g);
    auto first = parse(g);
    ASSERT_THAT(first, IsOk());
    auto text = write(first.value());
    ASSERT_THAT(text, IsOk());
    auto second = parse(text.value());
    ASSERT_THAT(second, IsOk());
    EXPECT_EQ(second.value(), first.value());
    auto again = write(second.value());  // and the text is stable
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ(again.value(), text.value());
    EXPECT_EQ(text.value().find('\n'), text.value().find("\r\n") + 1);
  }
}

TEST(SdpWrite, RefusesTextThatWouldNotReadBack) {
  Sdp sdp = filledLocal();
  MsrpMedia& m = *sdp.messageMedia().at(0);
  m.other_attributes = {{"x", std::string("a\r\nm=audio 1 RTP/AVP 0")}};
  EXPECT_THAT(write(sdp), HasErrc(Errc::kUnwritable));  // no line injection
  m.other_attributes = {{"", "x"}};
  EXPECT_THAT(write(sdp), HasErrc(Errc::kUnwritable));
  m.other_attributes = {{"a:b", "x"}};
  EXPECT_THAT(write(sdp), HasErrc(Errc::kUnwritable));
  m.other_attributes.clear();
  m.path = {"not a uri"};
  EXPECT_THAT(write(sdp), HasErrc(Errc::kBadPath));
  m.path = {"msrp://192.0.2.2:40000/s;tcp msrp://192.0.2.2:40000/t;tcp"};  // two in one
  EXPECT_THAT(write(sdp), HasErrc(Errc::kBadPath));
  m.path.clear();
  m.accept_types = {{"text", ""}};
  EXPECT_THAT(write(sdp), HasErrc(Errc::kBadAcceptTypes));
  m.accept_types.clear();
  sdp.connection->address = "";
  EXPECT_THAT(write(sdp), HasErrc(Errc::kUnwritable));
  sdp.connection->address = std::string("192.0.2.2\0", 10);
  EXPECT_THAT(write(sdp), HasErrc(Errc::kUnwritable));
}

}  // namespace
}  // namespace msrpgw::proto::sdp
