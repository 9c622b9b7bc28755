// parse(): each golden SDP (reference notes, RFC 5547, RFC 6135, IPv6, msrps) field by field.
#include "proto/sdp/parse.h"

#include <gtest/gtest.h>

#include "proto/sdp/errc.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/sdp/golden.h"

namespace msrpgw::proto::sdp {
namespace {

using msrpgw::test::IsOk;

const MsrpMedia& onlyMessage(const Sdp& sdp) {
  auto all = sdp.messageMedia();
  EXPECT_EQ(all.size(), 1u);
  return *all.at(0);
}

TEST(SdpParse, H248LocalWithChoose) {
  auto r = parse(golden::kH248Local);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  EXPECT_FALSE(sdp.origin);
  EXPECT_FALSE(sdp.session_name);
  EXPECT_FALSE(sdp.timing);
  ASSERT_TRUE(sdp.connection);
  EXPECT_TRUE(sdp.connection->choose);
  EXPECT_EQ(sdp.connection->addr_type, AddrType::kIp4);
  EXPECT_EQ(sdp.connection->address, "");
  const MsrpMedia& m = onlyMessage(sdp);
  EXPECT_TRUE(m.port_choose);
  EXPECT_EQ(m.port, 0);
  EXPECT_EQ(m.transport, Transport::kTcpMsrp);
  EXPECT_EQ(m.formats, std::vector<std::string>{"*"});
  EXPECT_FALSE(m.connection);
  EXPECT_EQ(sdp.connectionFor(m), &*sdp.connection);
  EXPECT_TRUE(m.path.empty());
  EXPECT_EQ(m.setup, sdp::Setup::kPassive);
  EXPECT_EQ(m.connection_attr, ConnectionAttr::kAbsent);
  EXPECT_TRUE(m.accept_types.empty());
  EXPECT_FALSE(m.max_size);
  EXPECT_EQ(m.direction, Direction::kAbsent);
  EXPECT_FALSE(m.cema);
  EXPECT_TRUE(m.other_attributes.empty());
}

TEST(SdpParse, H248Remote) {
  auto r = parse(golden::kH248Remote);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  ASSERT_TRUE(sdp.connection);
  EXPECT_FALSE(sdp.connection->choose);
  EXPECT_EQ(sdp.connection->address, "198.51.100.7");
  const MsrpMedia& m = onlyMessage(sdp);
  EXPECT_FALSE(m.port_choose);
  EXPECT_EQ(m.port, 7394);
  EXPECT_EQ(m.path, std::vector<std::string>{"msrp://198.51.100.7:7394/abcd;tcp"});
  EXPECT_EQ(m.setup, sdp::Setup::kActive);
  EXPECT_EQ(m.accept_types, (std::vector<MediaRange>{{"message", "cpim"}, {"text", "plain"}}));
  EXPECT_TRUE(m.accept_wrapped_types.empty());
  ASSERT_TRUE(m.max_size);
  EXPECT_EQ(*m.max_size, 65536u);
}

TEST(SdpParse, H248ReplyLocalWithCrlf) {
  auto r = parse(golden::kH248ReplyLocal);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->connection->address, "192.0.2.2");
  const MsrpMedia& m = onlyMessage(r.value());
  EXPECT_EQ(m.port, 40000);
  EXPECT_EQ(m.setup, sdp::Setup::kPassive);
}

TEST(SdpParse, MsrpReferenceSection7FullSdp) {
  auto r = parse(golden::kMsrpSection7);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  ASSERT_TRUE(sdp.origin);
  EXPECT_EQ(sdp.origin->username, "alice");
  EXPECT_EQ(sdp.origin->session_id, 2890844526u);
  EXPECT_EQ(sdp.origin->session_version, 2890844527u);
  EXPECT_EQ(sdp.origin->address.address, "198.51.100.7");
  EXPECT_EQ(sdp.session_name, "-");
  ASSERT_TRUE(sdp.timing);
  EXPECT_EQ(sdp.timing->start, 0u);
  const MsrpMedia& m = onlyMessage(sdp);
  EXPECT_EQ(m.port, 7394);
  EXPECT_EQ(m.path, std::vector<std::string>{"msrp://198.51.100.7:7394/s1;tcp"});
  EXPECT_EQ(m.accept_types, (std::vector<MediaRange>{{"message", "cpim"}, {"text", "plain"}}));
  EXPECT_EQ(m.accept_wrapped_types, (std::vector<MediaRange>{{"text", "plain"}, {"image", "*"}}));
  EXPECT_EQ(m.max_size, 65536u);
  EXPECT_EQ(m.setup, sdp::Setup::kActpass);
  EXPECT_EQ(m.connection_attr, ConnectionAttr::kNew);
  EXPECT_TRUE(m.cema);
  EXPECT_TRUE(m.other_attributes.empty());
}

TEST(SdpParse, Rfc5547PushOfferOverTls) {
  auto r = parse(golden::kRfc5547PushOffer);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  EXPECT_EQ(sdp.connection->address, "host.atlanta.example.com");
  const MsrpMedia& m = onlyMessage(sdp);
  EXPECT_EQ(m.transport, Transport::kTcpTlsMsrp);
  EXPECT_EQ(m.direction, Direction::kSendOnly);
  EXPECT_EQ(sdp.directionFor(m), Direction::kSendOnly);
  EXPECT_EQ(m.accept_types, (std::vector<MediaRange>{{"message", "cpim"}}));
  EXPECT_EQ(m.accept_wrapped_types, (std::vector<MediaRange>{{"*", ""}}));
  EXPECT_EQ(m.path, std::vector<std::string>{"msrps://atlanta.example.com:7654/jshA7weztas;tcp"});
  EXPECT_EQ(m.fingerprints,
            std::vector<std::string>{
                "SHA-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"});
  const std::vector<Attribute> files = {
      {"file-selector",
       "name:\"My cool picture.jpg\" type:image/jpeg size:32349 "
       "hash:sha-1:72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E"},
      {"file-transfer-id", "vBnG916bdberum2fFEABR1FR3ExZMUrd"},
      {"file-disposition", "render"},
      {"file-date", "creation:\"Mon, 15 May 2006 15:01:31 +0300\""},
      {"file-icon", "cid:id2@alicepc.example.com"},
      {"file-range", "1-32349"},
  };
  EXPECT_EQ(m.file_attributes, files);
  EXPECT_TRUE(m.other_attributes.empty());
  EXPECT_EQ(m.setup, sdp::Setup::kAbsent);  // RFC 4975 default connection model
}

TEST(SdpParse, Rfc5547PullOfferWithLf) {
  auto r = parse(golden::kRfc5547PullOffer);
  ASSERT_THAT(r, IsOk());
  const MsrpMedia& m = onlyMessage(r.value());
  EXPECT_EQ(m.direction, Direction::kRecvOnly);
  ASSERT_EQ(m.file_attributes.size(), 3u);
  EXPECT_EQ(m.file_attributes[2], (Attribute{"file-range", "513-1024"}));
}

TEST(SdpParse, Ipv6MsrpsWithRelayAndRfc6135Values) {
  auto r = parse(golden::kIpv6Msrps);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  EXPECT_EQ(sdp.origin->address.addr_type, AddrType::kIp6);
  EXPECT_EQ(sdp.connection->addr_type, AddrType::kIp6);
  EXPECT_EQ(sdp.connection->address, "2001:db8::7");
  const MsrpMedia& m = onlyMessage(sdp);
  EXPECT_EQ(m.transport, Transport::kTcpTlsMsrp);
  EXPECT_EQ(m.path, (std::vector<std::string>{"msrps://relay.example.net:2855/r1;tcp",
                                              "msrps://[2001:db8::7]:2855/v6s;tcp"}));
  EXPECT_EQ(m.setup, sdp::Setup::kHoldconn);
  EXPECT_EQ(m.connection_attr, ConnectionAttr::kExisting);
  EXPECT_EQ(m.direction, Direction::kInactive);
}

TEST(SdpParse, EverySetupValue) {
  for (auto [text, want] :
       {std::pair{"active", sdp::Setup::kActive}, std::pair{"passive", sdp::Setup::kPassive},
        std::pair{"actpass", sdp::Setup::kActpass}, std::pair{"holdconn", sdp::Setup::kHoldconn},
        std::pair{"PASSIVE", sdp::Setup::kPassive}}) {
    auto r = parse(std::string("v=0\nc=IN IP4 192.0.2.1\nm=message 1 TCP/MSRP *\na=setup:") + text +
                   "\n");
    ASSERT_THAT(r, IsOk()) << text;
    EXPECT_EQ(onlyMessage(r.value()).setup, want) << text;
  }
}

TEST(SdpParse, SeveralMediaKeptInOrder) {
  auto r = parse(golden::kMultiMedia);
  ASSERT_THAT(r, IsOk());
  const Sdp& sdp = r.value();
  ASSERT_EQ(sdp.media.size(), 3u);
  const auto* audio = std::get_if<OtherMedia>(&sdp.media[0]);
  ASSERT_NE(audio, nullptr);
  EXPECT_EQ(audio->media, "audio");
  EXPECT_EQ(audio->port, 49170);
  EXPECT_EQ(audio->proto, "RTP/AVP");
  EXPECT_EQ(audio->formats, (std::vector<std::string>{"0", "96"}));
  EXPECT_EQ(audio->attributes,
            (std::vector<Attribute>{{"ptime", "20"}, {"rtpmap", "96 opus/48000/2"}}));
  auto msgs = sdp.messageMedia();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0]->port, 7001);
  EXPECT_EQ(msgs[0]->setup, sdp::Setup::kPassive);
  ASSERT_TRUE(msgs[0]->connection);
  EXPECT_EQ(sdp.connectionFor(*msgs[0])->address, "192.0.2.10");  // media c= wins
  EXPECT_EQ(msgs[0]->accept_types, (std::vector<MediaRange>{{"*", ""}}));
  EXPECT_EQ(msgs[1]->port, 7002);
  EXPECT_EQ(msgs[1]->setup, sdp::Setup::kActive);
  EXPECT_EQ(sdp.connectionFor(*msgs[1])->address, "192.0.2.9");  // session c= applies
  EXPECT_EQ(msgs[1]->other_attributes, (std::vector<Attribute>{{"x-vendor", "1"}}));
}

TEST(SdpParse, SessionLevelDirectionApplies) {
  auto r = parse("v=0\nc=IN IP4 192.0.2.1\na=sendonly\nm=message 1 TCP/MSRP *\n");
  ASSERT_THAT(r, IsOk());
  const MsrpMedia& m = onlyMessage(r.value());
  EXPECT_EQ(m.direction, Direction::kAbsent);
  EXPECT_EQ(r->directionFor(m), Direction::kSendOnly);
  EXPECT_EQ(r->attributes, (std::vector<Attribute>{{"sendonly", std::nullopt}}));
}

TEST(SdpParse, IndentedDescriptorAndBlankLines) {
  // As an H.248 Local body may arrive: indentation, blank lines, no trailing newline.
  auto r = parse("\n  v=0\n  c=IN IP4 192.0.2.5\n\n  m=message 9 TCP/MSRP *\n  a=setup:active");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(onlyMessage(r.value()).setup, sdp::Setup::kActive);
  EXPECT_EQ(onlyMessage(r.value()).port, 9);
}

TEST(SdpParse, UnknownAttributesKeptVerbatimInOrder) {
  auto r = parse(
      "v=0\nc=IN IP4 192.0.2.1\nm=message 1 TCP/MSRP *\na=b:x y \na=setup:active\n"
      "a=flag\na=b:2\n");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(onlyMessage(r.value()).other_attributes,
            (std::vector<Attribute>{{"b", "x y "}, {"flag", std::nullopt}, {"b", "2"}}));
}

TEST(SdpParse, Utf8InTextFieldsAndAttributeValues) {
  auto r = parse(
      "v=0\ns=Caf\xc3\xa9\nc=IN IP4 192.0.2.1\nm=message 1 TCP/MSRP *\n"
      "a=file-selector:name:\"\xc3\xa9t\xc3\xa9.jpg\" size:3\n");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->session_name, "Caf\xc3\xa9");
  EXPECT_EQ(onlyMessage(r.value()).file_attributes,
            (std::vector<Attribute>{{"file-selector", "name:\"\xc3\xa9t\xc3\xa9.jpg\" size:3"}}));
}

TEST(SdpParse, LfAndCrlfGiveTheSameModel) {
  std::string crlf;
  for (const char* p = golden::kRfc5547PullOffer; *p != 0; ++p) {
    if (*p == '\n') crlf += '\r';
    crlf += *p;
  }
  auto lf = parse(golden::kRfc5547PullOffer);
  auto cr = parse(crlf);
  ASSERT_THAT(lf, IsOk());
  ASSERT_THAT(cr, IsOk());
  EXPECT_EQ(lf.value(), cr.value());
}

TEST(SdpParse, ChooseForIpv6AddressAndOtherMediaPort) {
  auto r = parse("v=0\nc=IN IP6 $\nm=message $ TCP/TLS/MSRP *\nm=audio $ RTP/AVP 0\n");
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->connection->choose);
  EXPECT_EQ(r->connection->addr_type, AddrType::kIp6);
  EXPECT_TRUE(onlyMessage(r.value()).port_choose);
  EXPECT_EQ(onlyMessage(r.value()).transport, Transport::kTcpTlsMsrp);
  EXPECT_EQ(std::get<OtherMedia>(r->media[1]).port, 0);  // other media: '$' reads as 0
}

TEST(SdpParse, LineAt) {
  EXPECT_EQ(lineAt("a\nb\nc", 0), 1u);
  EXPECT_EQ(lineAt("a\nb\nc", 2), 2u);
  EXPECT_EQ(lineAt("a\nb\nc", 4), 3u);
  EXPECT_EQ(lineAt("a", kNoOffset), 0u);
}

}  // namespace
}  // namespace msrpgw::proto::sdp
