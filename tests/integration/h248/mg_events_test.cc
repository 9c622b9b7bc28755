// The real msrpgw with the real MSRP engine (media.engine=msrp) against a scripted MGC over
// UDP: an Add whose Remote makes msrpgw the active side toward a TCP port nobody listens
// on, with Events asking for g/cause. The engine's connection failure comes back as a
// Notify with ObservedEvents naming the request id, g/cause Generalcause=FT and the
// failure cause; the Notify is retransmitted until the MGC answers it, then no more.
// And a TransactionPending provoked deterministically through the binary.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "proto/h248/parser.h"
#include "tests/integration/h248/udp_peer.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;
namespace h248 = proto::h248;

std::string head(const UdpPeer& mgc) {
  return "MEGACO/3 [127.0.0.1]:" + std::to_string(mgc.port()) + "\n";
}

// A TCP port on 127.0.0.1 that was bound a moment ago and is closed now (connect: refused).
uint16_t closedTcpPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) return 0;
  socklen_t len = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

h248::Message parse(const std::string& text) {
  auto m = h248::parseMessage(text);
  EXPECT_TRUE(m.ok()) << text;
  return m.ok() ? m.value() : h248::Message{};
}

// The next request from the MG (replies and Pendings skipped), parsed.
std::optional<std::pair<std::string, h248::TransactionRequest>> nextRequest(
    UdpPeer& mgc, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto d = mgc.receive(left);
    if (!d) return std::nullopt;
    h248::Message m = parse(*d);
    if (m.transactions.empty()) continue;
    if (const auto* r = std::get_if<h248::TransactionRequest>(&m.transactions[0])) {
      return std::make_pair(*d, *r);
    }
  }
  return std::nullopt;
}

TEST(MgEvents, ConnectionFailureIsNotifiedWithCauseAndRetransmittedUntilAnswered) {
  UdpPeer mgc;
  Gateway gw = startGateway({"--set", "h248.mgc=[\"" + mgc.endpoint() + "\"]", "--set",
                             "msrp.ports=[0,0]", "--set", "h248.shutdown.wait_ms=200", "--set",
                             "h248.retransmit.initial_ms=300", "--set", "h248.retransmit.limit=5"});
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  auto sc = nextRequest(mgc, 10s);
  ASSERT_TRUE(sc.has_value());
  mgc.sendTo(gw.port, head(mgc) + "P=" + std::to_string(sc->second.id) + "{C=-{SC=ROOT}}");
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s)) << gw.process->err();

  uint16_t closed = closedTcpPort();
  ASSERT_NE(closed, 0);
  std::string p = std::to_string(closed);
  mgc.sendTo(gw.port, head(mgc) +
                          "T=1{C=${A=${M{ST=1{L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n},"
                          "R{\nv=0\nc=IN IP4 127.0.0.1\nm=message " +
                          p + " TCP/MSRP *\na=path:msrp://127.0.0.1:" + p +
                          "/closedpeer;tcp\na=setup:passive\n}}},E=77{g/cause}}}}");
  // The Add's reply (msrpgw is the active side), then the Notify.
  std::optional<std::string> reply;
  for (int i = 0; i < 10 && !reply; ++i) {
    auto d = mgc.receive(5s);
    ASSERT_TRUE(d.has_value()) << gw.process->err();
    if (d->find("P=1{") != std::string::npos) reply = d;
    if (d->find("{N=msrp/") != std::string::npos) FAIL() << "Notify before the Add's reply: " << *d;
  }
  ASSERT_EQ(reply->find("ER="), std::string::npos) << *reply;
  EXPECT_NE(reply->find("a=setup:active"), std::string::npos) << *reply;
  uint32_t ctx =
      std::get<h248::TransactionReply>(parse(*reply).transactions.at(0)).actions.at(0).context_id;

  auto notify = nextRequest(mgc, 10s);
  ASSERT_TRUE(notify.has_value()) << gw.process->err();
  const h248::ActionRequest& a = notify->second.actions.at(0);
  EXPECT_EQ(a.context_id, ctx);
  const h248::CommandRequest& n = a.commands.at(0);
  EXPECT_EQ(n.kind, h248::CommandKind::kNotify);
  EXPECT_EQ(n.termination_id, "msrp/1");
  const auto& oe = std::get<h248::ObservedEventsDescriptor>(n.descriptors.at(0));
  EXPECT_EQ(oe.request_id, 77u);
  ASSERT_EQ(oe.events.size(), 1u);
  EXPECT_EQ(oe.events[0].name, "g/cause");
  std::map<std::string, std::string> params;
  for (const auto& parm : oe.events[0].params) params[parm.name] = parm.values.at(0);
  EXPECT_EQ(params["Generalcause"], "FT") << notify->first;
  EXPECT_NE(params["Failurecause"].find("connect"), std::string::npos) << notify->first;

  // Not answered: the same transaction comes again (UDP retransmission).
  auto again = nextRequest(mgc, 5s);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->second.id, notify->second.id);
  EXPECT_EQ(again->second, notify->second);
  // Answered: no more.
  mgc.sendTo(gw.port, head(mgc) + "P=" + std::to_string(notify->second.id) +
                          "{C=" + std::to_string(ctx) + "{N=msrp/1}}");
  auto more = nextRequest(mgc, 2s);
  EXPECT_FALSE(more.has_value()) << more->first;
}

// TransactionPending through the binary, deterministically: one datagram carries the same
// request twice; the second arrives while the first waits for the MSRP engine (whose
// answers never come inside the call), so it is answered with Pending, then the one
// reply follows.
TEST(MgEvents, DuplicateWhileTheEngineWorksGetsTransactionPending) {
  UdpPeer mgc;
  Gateway gw = startGateway({"--set", "h248.mgc=[\"" + mgc.endpoint() + "\"]", "--set",
                             "msrp.ports=[0,0]", "--set", "h248.shutdown.wait_ms=200"});
  ASSERT_TRUE(gw.process) << "msrpgw did not start";
  auto sc = nextRequest(mgc, 10s);
  ASSERT_TRUE(sc.has_value());
  mgc.sendTo(gw.port, head(mgc) + "P=" + std::to_string(sc->second.id) + "{C=-{SC=ROOT}}");
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s)) << gw.process->err();
  const std::string add = "T=9{C=${A=${M{ST=1{L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}}}}}}";
  mgc.sendTo(gw.port, head(mgc) + add + "\n" + add);
  auto first = mgc.receive(5s);
  ASSERT_TRUE(first.has_value());
  h248::Message m = parse(*first);
  ASSERT_EQ(m.transactions.size(), 1u) << *first;
  const auto* pn = std::get_if<h248::TransactionPending>(&m.transactions[0]);
  ASSERT_NE(pn, nullptr) << *first;
  EXPECT_EQ(pn->id, 9u);
  auto second = mgc.receive(5s);
  ASSERT_TRUE(second.has_value());
  h248::Message r = parse(*second);
  const auto* rep = std::get_if<h248::TransactionReply>(&r.transactions.at(0));
  ASSERT_NE(rep, nullptr) << *second;
  EXPECT_EQ(rep->id, 9u);
  EXPECT_FALSE(rep->error.has_value()) << *second;
  ASSERT_EQ(rep->actions.size(), 1u);
  EXPECT_EQ(rep->actions[0].replies.at(0).termination_id, "msrp/1");  // executed once
  EXPECT_FALSE(mgc.receive(500ms).has_value());
}

}  // namespace
}  // namespace msrpgw::test
