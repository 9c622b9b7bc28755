// Losing a connection that carries several sessions (issue 5): garbage where a frame should
// start, or the peer closing it, takes every session on it down, each told by g/cause.
#include <gtest/gtest.h>

#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// kPeerClosed: the peer closes the connection instead of sending garbage.
enum class Cause { kAny, kProtocolError, kPeerClosed };

// Garbage where a frame should start (or, for kPeerClosed, the peer closing): the
// connection closes, and each session on it is notified lost (one g/cause each) after each
// was notified connected. The g/cause must say why (conf/README.md): FT protocol_error for
// garbage (msrpgw closed it), NR peer_closed when the peer did; kAny checks only that
// there is one.
void connectionLossCase(int workers, Cause cause) {
  constexpr int kSessions = 3;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, workers, kSessions, "E=9{msrpgw/conn,g/cause}"));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;
  ASSERT_NO_FATAL_FAILURE(bindOnShared(h, shared, sessions, peers));
  std::vector<Notified> seen;
  auto each = [&](const std::string& what) {
    for (const Session& s : sessions) {
      if (countFor(seen, s.term_shared, what) == 0) return false;
    }
    return true;
  };
  collectNotifies(
      h, seen, [&] { return each("OE=9{msrpgw/conn}"); }, kWait);
  ASSERT_TRUE(each("OE=9{msrpgw/conn}")) << "each session notified connected\n" << h.log();

  if (cause == Cause::kPeerClosed) {
    shared.shutdownWrite();
  } else {
    shared.write("THIS IS NOT MSRP\r\n\r\n");
  }
  EXPECT_TRUE(shared.waitClosed(kWait)) << "msrpgw keeps the connection\n" << dump(h, peers);
  collectNotifies(
      h, seen, [&] { return each("OE=9{g/cause{"); }, kWait);
  for (const Session& s : sessions) {
    SCOPED_TRACE(s.term_shared);
    ASSERT_EQ(countFor(seen, s.term_shared, "OE=9{g/cause{"), 1u) << h.log();
    if (cause == Cause::kAny) continue;
    const char* expected = cause == Cause::kPeerClosed
                               ? "Generalcause=NR,Failurecause=peer_closed"
                               : "Generalcause=FT,Failurecause=protocol_error";
    EXPECT_EQ(countFor(seen, s.term_shared, expected), 1u) << [&] {
      std::string t;
      for (const Notified& x : seen) t += x.text + "\n";
      return t;
    }();
  }
  EXPECT_TRUE(h.gatewayRunning()) << h.log();
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

TEST(SharedConnectionFraming, GarbageTakesEverySessionOnTheConnectionDown) {
  connectionLossCase(2, Cause::kAny);
}

TEST(SharedConnectionFraming, PeerClosingTellsEverySessionPeerClosed) {
  connectionLossCase(2, Cause::kPeerClosed);
}

TEST(SharedConnectionFraming, EverySessionIsToldProtocolErrorOneWorker) {
  connectionLossCase(1, Cause::kProtocolError);
}

// A session whose context lives on the other worker than the shared connection is reached
// through an MsrpSplice socket pair: the cause crosses beside the pair, not as its EOF.
TEST(SharedConnectionFraming, EverySessionIsToldProtocolErrorTwoWorkers) {
  connectionLossCase(2, Cause::kProtocolError);
}

}  // namespace
}  // namespace msrpgw::test::e2e
