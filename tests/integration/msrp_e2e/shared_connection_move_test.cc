// H.248 Move of a termination whose leg shares its connection with other sessions
// (issue 5): the session follows its new context, on its own worker or the other one.
#include <gtest/gtest.h>

#include <ostream>

#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// H.248 Move of a leg that shares its connection: two sessions on the shared connection
// (two workers: session 0's worker took the connection, session 1 is carried over to the
// other), then session `moving`'s termination moves into a new context Y (with a new far
// peer) on the same worker as its context or on the other one. Afterwards the shared
// peer's texts on that session reach Y's far peer, not the old one, Y's far peer's texts
// come back on the shared connection addressed to the session, and the other session
// carries on; Subtract of everything closes the shared connection.
struct MoveCase {
  int moving;
  bool cross_workers;
};

void PrintTo(const MoveCase& c, std::ostream* os) {
  *os << "session " << c.moving << (c.cross_workers ? " to the other worker" : " within");
}

class SharedConnectionMove : public ::testing::TestWithParam<MoveCase> {};

TEST_P(SharedConnectionMove, MovedSessionFollowsItsNewContext) {
  const int k = GetParam().moving, other = 1 - GetParam().moving;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, 2, 2));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;

  // Sends a text on session i over the shared connection; returns its Message-ID once
  // answered 200 (empty otherwise).
  auto sendShared = [&](int i, const std::string& body) {
    Outgoing o = shared.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri, body));
    shared.write(o.bytes);
    if (!MsrpPeer::pumpUntil(
            peers, [&] { return shared.response(o.tid) != nullptr; }, kWait)) {
      ADD_FAILURE() << "no answer on session " << i << "\n" << dump(h, peers);
      return std::string();
    }
    EXPECT_EQ(shared.response(o.tid)->status, 200) << "session " << i << "\n" << dump(h, peers);
    return shared.response(o.tid)->status == 200 ? o.message_id : std::string();
  };
  auto arrivedAt = [&](MsrpPeer& p, const std::string& mid) {
    return MsrpPeer::pumpUntil(
        peers, [&] { return p.message(mid).has_value(); }, kWait);
  };
  for (int i : {0, 1}) {
    const std::string mid = sendShared(i, "bind " + std::to_string(i));
    ASSERT_FALSE(mid.empty());
    ASSERT_TRUE(arrivedAt(*far[i], mid)) << dump(h, peers);
  }

  // Y on the wanted worker: contexts get consecutive ids, so at most two Adds.
  const unsigned long from = std::stoul(sessions[k].context) % 2;
  const unsigned long want = GetParam().cross_workers ? 1 - from : from;
  std::optional<Single> y;
  for (int n = 0; n < 2 && (!y || std::stoul(y->context) % 2 != want); ++n) {
    y = addFarOnly(h, "msrp://127.0.0.1:40300/farY" + std::to_string(n) + ";tcp");
    ASSERT_TRUE(y.has_value());
  }
  ASSERT_EQ(std::stoul(y->context) % 2, want);
  MsrpPeer far_y("farY", sessions[0].gw_port);
  ASSERT_TRUE(far_y.open());
  peers.push_back(&far_y);
  const std::string bind_tid = far_y.send(bindRequest(y->gw_uri, y->far_uri));
  ASSERT_TRUE(far_y.waitResponse(bind_tid, kWait)) << dump(h, peers);
  ASSERT_EQ(far_y.response(bind_tid)->status, 200);

  auto mv = h.request("C=" + y->context + "{MV=" + sessions[k].term_shared + "}");
  ASSERT_TRUE(mv.has_value());
  ASSERT_EQ(mv->find("ER="), std::string::npos) << *mv << "\n" << h.log();

  // The moved session: the shared peer's text reaches Y's far peer only.
  const size_t old_far_sends = far[k]->requests("SEND").size();
  const std::string after = "after the Move, session " + std::to_string(k);
  const std::string mid = sendShared(k, after);
  ASSERT_FALSE(mid.empty());
  ASSERT_TRUE(arrivedAt(far_y, mid)) << dump(h, peers);
  EXPECT_EQ(*far_y.message(mid), after);
  EXPECT_EQ(far_y.requests("SEND").back()->to_path, y->far_uri);
  // And back: Y's far peer's text comes to the shared connection for the session.
  const std::string back_mid = far_y.make({}).message_id;
  far_y.send(sendRequest(y->gw_uri, y->far_uri, "from Y " + back_mid, back_mid));
  ASSERT_TRUE(arrivedAt(shared, back_mid)) << dump(h, peers);
  for (const Frame* f : shared.requests("SEND")) {
    if (f->message_id != back_mid) continue;
    EXPECT_EQ(f->to_path, sessions[k].shared_uri);
    EXPECT_EQ(f->from_path, sessions[k].gw_uri_shared);
    EXPECT_EQ(f->body, "from Y " + back_mid);
  }
  // The other session carries on both ways.
  const std::string mid_other = sendShared(other, "the other session after the Move");
  ASSERT_FALSE(mid_other.empty());
  EXPECT_TRUE(arrivedAt(*far[other], mid_other)) << dump(h, peers);
  const std::string back_other = far[other]->make({}).message_id;
  far[other]->send(sendRequest(sessions[other].gw_uri_far, sessions[other].far_uri,
                               "still here " + back_other, back_other));
  EXPECT_TRUE(arrivedAt(shared, back_other)) << dump(h, peers);
  EXPECT_EQ(far[k]->requests("SEND").size(), old_far_sends)
      << "the old context's far peer got the moved session's text\n"
      << far[k]->transcript();

  for (const std::string& c : {sessions[0].context, sessions[1].context, y->context}) {
    auto sub = h.request("C=" + c + "{S=*}");
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  }
  EXPECT_TRUE(shared.waitClosed(kWait)) << "no session is left on it\n" << dump(h, peers);
  EXPECT_TRUE(shared.parseError().empty()) << shared.parseError();
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

INSTANTIATE_TEST_SUITE_P(Cases, SharedConnectionMove,
                         ::testing::Values(MoveCase{0, true}, MoveCase{0, false}, MoveCase{1, true},
                                           MoveCase{1, false}),
                         [](const ::testing::TestParamInfo<MoveCase>& p) {
                           return std::string(p.param.moving == 0 ? "ConnectionsWorkerSession"
                                                                  : "CarriedOverSession") +
                                  (p.param.cross_workers ? "ToOtherWorker" : "WithinItsWorker");
                         });

}  // namespace
}  // namespace msrpgw::test::e2e
