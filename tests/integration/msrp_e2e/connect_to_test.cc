// msrp.connect_to=path through the real msrpgw: B's Remote gives an m= port where nobody
// listens, but its a=path URI names B's listening port. msrpgw, connecting to the first
// a=path URI (RFC 4975's rule), reaches B and A's text arrives; with the default
// (sdp_address) the same Remote leads to the dead port and a g/cause FT Notify instead.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// A TCP port on 127.0.0.1 that was bound a moment ago and is closed now (connect: refused).
uint16_t closedTcpPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

TEST(MsrpConnectTo, PathReachesTheEndpointTheWrongSdpPortDoesNot) {
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "msrp.connect_to=path"}));
  ASSERT_TRUE(h.startB({"--expect-messages", "1", "--timeout-ms", "20000"}));
  const uint16_t dead = closedTcpPort();
  ASSERT_NE(dead, 0);
  ASSERT_NE(dead, h.bPort());
  TermOptions b;
  b.remote_port = dead;
  b.remote_path = "msrp://127.0.0.1:" + std::to_string(h.bPort()) + "/e2eBbypath;tcp";
  ASSERT_TRUE(h.addPair({}, b));

  h.startA({"--send-text", "found by a=path", "--timeout-ms", "20000"});
  ASSERT_TRUE(h.waitBoth(30s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(got[0]["text"], "found by a=path");
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// The control case: without msrp.connect_to=path the m= port is used, nobody listens
// there, and the termination that asked for g/cause hears of the failed connection.
TEST(MsrpConnectTo, SdpAddressByDefaultGoesToTheWrongPort) {
  Harness h;
  ASSERT_TRUE(h.startGateway());
  ASSERT_TRUE(h.startB({"--timeout-ms", "20000"}));
  const uint16_t dead = closedTcpPort();
  ASSERT_NE(dead, 0);
  TermOptions b;
  b.remote_port = dead;
  b.remote_path = "msrp://127.0.0.1:" + std::to_string(h.bPort()) + "/e2eBbypath;tcp";
  b.extra = "E=88{g/cause}";
  ASSERT_TRUE(h.addPair({}, b));
  const std::string want = "N=" + h.termB() + "{OE=88{g/cause{Generalcause=FT";
  std::optional<std::string> notify;
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < until) {
    auto d = h.mgc().receive(100ms);
    if (d && d->find(want) != std::string::npos) {
      notify = d;
      break;
    }
  }
  ASSERT_TRUE(notify.has_value()) << h.log();
  EXPECT_TRUE(events(h.b().out(), "accepted").empty()) << "B was reached\n" << h.log();
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
