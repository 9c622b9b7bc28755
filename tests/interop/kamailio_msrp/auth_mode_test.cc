// The reference configuration's AUTH mode as tools/kamailio-relay --auth runs it: an AUTH
// without credentials is challenged (401, digest, realm "localhost"), one with valid
// credentials gets 200 with a Use-Path on the relay's own (adapted) port and Expires, and
// wrong credentials are challenged again.
#include <gtest/gtest.h>

#include <regex>

#include "tests/interop/kamailio_msrp/auth.h"
#include "tests/interop/kamailio_msrp/relay.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

TEST(KamailioAuthMode, ChallengesThenGrantsAUsePathOnItsOwnPort) {
  KamailioRelay relay(/*auth=*/true);
  ASSERT_TRUE(relay.running());
  RawClient c(relay.port());
  ASSERT_TRUE(c.connected());
  const std::string relay_uri = "msrp://127.0.0.1:" + std::to_string(relay.port()) + ";tcp";
  AuthExchange x = authenticate(c, relay_uri, "msrp://127.0.0.1:40010/authClient;tcp");
  EXPECT_NE(x.challenge.find("MSRP authTid00001 401 "), std::string::npos) << c.received();
  EXPECT_NE(x.challenge.find("WWW-Authenticate: Digest realm=\"localhost\""), std::string::npos)
      << x.challenge;
  EXPECT_NE(x.grant.find("MSRP authTid00002 200 OK"), std::string::npos) << c.received();
  EXPECT_TRUE(std::regex_match(
      x.use_path,
      std::regex("msrp://127\\.0\\.0\\.1:" + std::to_string(relay.port()) + "/msrp-[^;/ ]+;tcp")))
      << x.use_path;
  EXPECT_NE(x.grant.find("Expires: 3600"), std::string::npos) << x.grant;
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

TEST(KamailioAuthMode, WrongCredentialsAreChallengedAgain) {
  KamailioRelay relay(/*auth=*/true);
  ASSERT_TRUE(relay.running());
  RawClient c(relay.port());
  ASSERT_TRUE(c.connected());
  const std::string relay_uri = "msrp://127.0.0.1:" + std::to_string(relay.port()) + ";tcp";
  c.send("MSRP wrongTid0001 AUTH\r\nTo-Path: " + relay_uri +
         "\r\nFrom-Path: msrp://127.0.0.1:40011/authClient;tcp\r\nAuthorization: Digest "
         "username=\"alice\", realm=\"localhost\", nonce=\"bogus\", uri=\"" +
         relay_uri +
         "\", response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, "
         "cnonce=\"x\"\r\n-------wrongTid0001$\r\n");
  ASSERT_TRUE(c.readUntil("-------wrongTid0001$\r\n", 10s)) << c.received();
  EXPECT_NE(c.received().find("MSRP wrongTid0001 401 "), std::string::npos) << c.received();
  EXPECT_EQ(c.received().find("Use-Path"), std::string::npos) << c.received();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

}  // namespace
}  // namespace msrpgw::test
