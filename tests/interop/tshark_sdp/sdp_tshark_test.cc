// SDP written by proto/sdp's writer, carried as the body of SIP INVITEs over UDP to port
// 5060 and decoded by tshark's sip and sdp dissectors (Debian tshark, independent of our
// code and of sofia-sip): every line must come out as written, and no packet may be marked
// malformed or carry an expert warning. One INVITE per description.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/sdp/write.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/result_matchers.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::proto::sdp {
namespace {

using msrpgw::test::IpPort;

const IpPort kUac{0x7f000001, 5060};
const IpPort kUas{0x7f000002, 5060};

std::string invite(int n, const std::string& body) {
  return "INVITE sip:bob@example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-sdp" +
         std::to_string(n) +
         "\r\n"
         "Max-Forwards: 70\r\n"
         "From: <sip:alice@example.com>;tag=a" +
         std::to_string(n) +
         "\r\n"
         "To: <sip:bob@example.com>\r\n"
         "Call-ID: sdp-" +
         std::to_string(n) +
         "@127.0.0.1\r\n"
         "CSeq: 1 INVITE\r\n"
         "Contact: <sip:alice@127.0.0.1>\r\n"
         "Content-Type: application/sdp\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// 1: a gateway answer over TCP/MSRP with every MSRP attribute.
Sdp answerIpv4() {
  Sdp sdp;
  sdp.origin = Origin{"msrpgw", 1001, 1, {AddrType::kIp4, "192.0.2.2", false}};
  sdp.session_name = "-";
  sdp.connection = Connection{AddrType::kIp4, "192.0.2.2", false};
  sdp.timing = Timing{0, 0};
  MsrpMedia m;
  m.port = 40000;
  m.path = {"msrp://192.0.2.2:40000/gw0001;tcp"};
  m.setup = Setup::kPassive;
  m.connection_attr = ConnectionAttr::kNew;
  m.accept_types = {{"message", "cpim"}, {"text", "plain"}};
  m.accept_wrapped_types = {{"text", "plain"}, {"image", "*"}};
  m.max_size = 65536;
  m.direction = Direction::kSendRecv;
  m.cema = true;
  sdp.media.emplace_back(m);
  return sdp;
}

// 2: an RFC 5547 push offer over IPv6 and TCP/TLS/MSRP, with a relay in the path.
Sdp offerIpv6Tls() {
  Sdp sdp;
  sdp.origin = Origin{"-", 7, 8, {AddrType::kIp6, "2001:db8::2", false}};
  sdp.session_name = "file";
  sdp.timing = Timing{0, 0};
  MsrpMedia m;
  m.port = 2855;
  m.transport = Transport::kTcpTlsMsrp;
  m.connection = Connection{AddrType::kIp6, "2001:db8::2", false};
  m.path = {"msrps://relay.example.net:2855/r1;tcp", "msrps://[2001:db8::2]:2855/gw2;tcp"};
  m.setup = Setup::kActpass;
  m.accept_types = {{"*", ""}};
  m.direction = Direction::kSendOnly;
  m.fingerprints = {"SHA-256 0A:1B:2C:3D"};
  m.file_attributes = {{"file-selector", "name:\"a.jpg\" type:image/jpeg size:32349"},
                       {"file-transfer-id", "vBnG916bdberum2fFEABR1FR3ExZMUrd"},
                       {"file-disposition", "attachment"},
                       {"file-range", "1-32349"}};
  sdp.media.emplace_back(m);
  return sdp;
}

class SdpTshark : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(msrpgw::test::haveProgram("tshark"))
        << "tshark is required (tools/install-deps --test)";
    pcap_ = msrpgw::test::tempPath("sdp_writer.pcap");
    msrpgw::test::PcapWriter w(pcap_);
    int n = 0;
    for (const Sdp& sdp : {answerIpv4(), offerIpv6Tls()}) {
      auto text = write(sdp, {.answer = n == 0, .concrete = true});
      ASSERT_TRUE(text.ok()) << describe(text.error());
      w.udp(kUac, kUas, invite(++n, text.value()));
    }
    ASSERT_TRUE(w.close());
  }
  static std::vector<std::vector<std::string>> fields(const std::vector<std::string>& names) {
    auto r = msrpgw::test::tsharkFields(pcap_, {}, "sdp", names);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.rows;
  }
  static inline std::string pcap_;
};

TEST_F(SdpTshark, SessionLines) {
  auto rows =
      fields({"sdp.version", "sdp.owner.username", "sdp.owner.sessionid", "sdp.owner.address_type",
              "sdp.owner.address", "sdp.session_name", "sdp.connection_info.address_type",
              "sdp.connection_info.address", "sdp.time.start", "sdp.time.stop"});
  const std::vector<std::vector<std::string>> expected = {
      {"0", "msrpgw", "1001", "IP4", "192.0.2.2", "-", "IP4", "192.0.2.2", "0", "0"},
      {"0", "-", "7", "IP6", "2001:db8::2", "file", "IP6", "2001:db8::2", "0", "0"},
  };
  EXPECT_EQ(rows, expected) << msrpgw::test::tsharkVerbose(pcap_, {});
}

TEST_F(SdpTshark, MediaLines) {
  auto rows = fields({"sdp.media.media", "sdp.media.port", "sdp.media.proto", "sdp.media.format"});
  const std::vector<std::vector<std::string>> expected = {
      {"message", "40000", "TCP/MSRP", "*"},
      {"message", "2855", "TCP/TLS/MSRP", "*"},
  };
  EXPECT_EQ(rows, expected) << msrpgw::test::tsharkVerbose(pcap_, {});
}

TEST_F(SdpTshark, MsrpAttributesInWriterOrder) {
  // sdp.media_attr is each a= line as tshark split it off the body.
  auto rows = fields({"sdp.media_attr"});
  const std::vector<std::vector<std::string>> expected = {
      {"path:msrp://192.0.2.2:40000/gw0001;tcp|setup:passive|connection:new|"
       "accept-types:message/cpim text/plain|accept-wrapped-types:text/plain image/*|"
       "max-size:65536|sendrecv|msrp-cema"},
      {"path:msrps://relay.example.net:2855/r1;tcp msrps://[2001:db8::2]:2855/gw2;tcp|"
       "setup:actpass|accept-types:*|sendonly|fingerprint:SHA-256 0A:1B:2C:3D|"
       "file-selector:name:\"a.jpg\" type:image/jpeg size:32349|"
       "file-transfer-id:vBnG916bdberum2fFEABR1FR3ExZMUrd|file-disposition:attachment|"
       "file-range:1-32349"},
  };
  EXPECT_EQ(rows, expected) << msrpgw::test::tsharkVerbose(pcap_, {});
}

TEST_F(SdpTshark, AttributeNamesAndValues) {
  // tshark splits name and value of "name:value" attributes; it decodes a=path itself
  // (for its MSRP conversation) and shows no value field for it.
  auto rows = fields({"sdp.media_attribute.field", "sdp.media_attribute.value"});
  ASSERT_EQ(rows.size(), 2u) << msrpgw::test::tsharkVerbose(pcap_, {});
  EXPECT_EQ(rows[0][1], "passive|new|message/cpim text/plain|text/plain image/*|65536");
  EXPECT_EQ(rows[1][1],
            "actpass|*|SHA-256 0A:1B:2C:3D|name:\"a.jpg\" type:image/jpeg size:32349|"
            "vBnG916bdberum2fFEABR1FR3ExZMUrd|attachment|1-32349");
}

TEST_F(SdpTshark, NoMalformedOrWarnings) {
  EXPECT_EQ(msrpgw::test::tsharkProblemCount(pcap_, {}), 0)
      << msrpgw::test::tsharkVerbose(pcap_, {});
}

}  // namespace
}  // namespace msrpgw::proto::sdp
