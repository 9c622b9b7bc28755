// msrp.port_mode=per_leg through the real msrpgw: each leg listens on its own port from
// msrp.ports (a range probed free first), the Add reply's Local m= ports differ and lie in
// that range, A connects to its leg's port and a text reaches B.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <regex>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

bool tcpPortFree(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// The first of `n` consecutive TCP ports that were all free a moment ago (0 if none).
uint16_t freeRange(int n) {
  std::mt19937 rng(std::random_device{}());
  for (int tries = 0; tries < 50; ++tries) {
    const auto first = static_cast<uint16_t>(20000 + rng() % 20000);
    bool all = true;
    for (int i = 0; i < n && all; ++i) all = tcpPortFree(static_cast<uint16_t>(first + i));
    if (all) return first;
  }
  return 0;
}

TEST(MsrpPortMode, PerLegGivesEachTerminationItsOwnPortFromTheRange) {
  const uint16_t p1 = freeRange(8);
  ASSERT_NE(p1, 0);
  const uint16_t p2 = static_cast<uint16_t>(p1 + 7);
  Harness h;
  ASSERT_TRUE(
      h.startGateway({"--set", "msrp.port_mode=per_leg", "--set",
                      "msrp.ports=[" + std::to_string(p1) + "," + std::to_string(p2) + "]"}));
  ASSERT_TRUE(h.startSession({"--expect-messages", "1", "--timeout-ms", "20000"}));

  std::vector<int> ports;
  const std::string& reply = h.addReply();
  const std::regex m_re(R"(m=message (\d+) TCP/MSRP)");
  for (auto it = std::sregex_iterator(reply.begin(), reply.end(), m_re);
       it != std::sregex_iterator(); ++it) {
    ports.push_back(std::stoi((*it)[1]));
  }
  ASSERT_EQ(ports.size(), 2u) << reply;
  EXPECT_NE(ports[0], ports[1]) << reply;
  for (int p : ports) {
    EXPECT_GE(p, p1) << reply;
    EXPECT_LE(p, p2) << reply;
  }
  // The fixture connects A to the first Local m= port: A's leg's own.
  EXPECT_EQ(h.gwPort(), std::to_string(ports[0]));

  h.startA({"--send-text", "through my own port", "--timeout-ms", "20000"});
  ASSERT_TRUE(h.waitBoth(30s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto connected = events(h.a().out(), "connected");
  ASSERT_EQ(connected.size(), 1u) << h.log();
  EXPECT_EQ(connected[0]["peer"], "127.0.0.1:" + std::to_string(ports[0])) << h.log();
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(got.size(), 1u) << h.log();
  EXPECT_EQ(got[0]["text"], "through my own port");

  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
