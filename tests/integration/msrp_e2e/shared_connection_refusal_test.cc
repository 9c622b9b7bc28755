// Refusals on a connection that carries several sessions (issue 5): 481 for an unknown
// session or one whose SDP names another address, 506 for a session bound to another
// connection, no answer to a REPORT, stray responses dropped; the other sessions carry on.
#include <gtest/gtest.h>

#include "proto/msrp/writer.h"
#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// 481 for an unknown session and 506 for a session bound elsewhere, on a connection that
// carries other sessions, and 506 on new connections naming a session of the shared one;
// nobody else is disturbed. With two workers the shared connection lives on the worker of
// session 0 (its first request), sessions 1 and 3 on the other one: each refusal is
// checked for a session on either worker.
TEST(SharedConnectionRefusals, UnknownSessionGets481AndSessionBoundElsewhereGets506) {
  constexpr int kSessions = 4;
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=2"}));
  std::vector<Session> sessions = addSessions(h, kSessions);
  ASSERT_EQ(sessions.size(), static_cast<size_t>(kSessions));
  ASSERT_NE(std::stoul(sessions[0].context) % 2, std::stoul(sessions[1].context) % 2);
  ASSERT_NE(std::stoul(sessions[2].context) % 2, std::stoul(sessions[3].context) % 2);
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  // Sessions 2 and 3 each on their own connection.
  MsrpPeer solo2("soloA", sessions[0].gw_port), solo3("soloB", sessions[0].gw_port);
  ASSERT_TRUE(shared.open() && solo2.open() && solo3.open());
  std::vector<MsrpPeer*> peers = all(shared, far);
  peers.push_back(&solo2);
  peers.push_back(&solo3);
  MsrpPeer* solo[kSessions] = {nullptr, nullptr, &solo2, &solo3};

  auto sendOn = [&](MsrpPeer& p, int i, const std::string& body) {
    Outgoing o = p.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri, body));
    p.write(o.bytes);
    return o;
  };
  auto answered = [&](MsrpPeer& p, const Outgoing& o) {
    return MsrpPeer::pumpUntil(
        peers, [&] { return p.response(o.tid) != nullptr; }, kWait);
  };
  auto delivered = [&](int i, const Outgoing& o) {
    return MsrpPeer::pumpUntil(
        peers,
        [&] {
          for (const Frame* f : far[i]->requests("SEND")) {
            if (f->message_id == o.message_id) return true;
          }
          return false;
        },
        kWait);
  };

  for (int i : {2, 3}) {
    Outgoing o = sendOn(*solo[i], i, "session " + std::to_string(i) + " on its own connection");
    ASSERT_TRUE(answered(*solo[i], o)) << dump(h, peers);
    ASSERT_EQ(solo[i]->response(o.tid)->status, 200) << dump(h, peers);
  }
  for (int i : {0, 1}) {
    Outgoing o = sendOn(shared, i, "bind " + std::to_string(i));
    ASSERT_TRUE(answered(shared, o)) << dump(h, peers);
    ASSERT_NO_FATAL_FAILURE(expectAnswered(shared, sessions[i], o.tid, 200)) << dump(h, peers);
    ASSERT_TRUE(delivered(i, o)) << dump(h, peers);
  }

  // An unknown session on the shared connection: 481 on its transaction. A REPORT for it
  // gets no answer (RFC 4975 7.1.2): it went first, so when the SEND after it is
  // answered, its answer would have come already.
  const std::string nowhere =
      "msrp://127.0.0.1:" + std::to_string(sessions[0].gw_port) + "/noSuchSession42;tcp";
  Request rep;
  rep.method = "REPORT";
  rep.to_path = nowhere;
  rep.from_path = sessions[0].shared_uri;
  rep.byte_range = "1-5/5";
  Outgoing report = shared.make(rep);
  Outgoing unknown = shared.make(sendRequest(nowhere, sessions[0].shared_uri, "to nobody"));
  shared.write(report.bytes + unknown.bytes);
  ASSERT_TRUE(answered(shared, unknown)) << dump(h, peers);
  EXPECT_EQ(shared.response(unknown.tid)->status, 481) << dump(h, peers);
  EXPECT_EQ(shared.response(unknown.tid)->to_path, sessions[0].shared_uri);
  EXPECT_EQ(shared.response(report.tid), nullptr) << "a REPORT was answered";

  // A session whose peer's SDP names another address: the shared connection (from
  // 127.0.0.1) gets 481 for it (a passive leg accepts only from its peer's address).
  auto elsewhere = addSession(h, 9, "", "127.0.0.9");
  ASSERT_TRUE(elsewhere.has_value());
  Outgoing wrong_ip = shared.make(
      sendRequest(elsewhere->gw_uri_shared, elsewhere->shared_uri, "from the wrong address"));
  shared.write(wrong_ip.bytes);
  ASSERT_TRUE(answered(shared, wrong_ip)) << dump(h, peers);
  EXPECT_EQ(shared.response(wrong_ip.tid)->status, 481) << dump(h, peers);

  // Stray responses (a transaction msrpgw never started, for session 0 and for no session
  // at all) are dropped without an answer, and the connection carries on: a SEND written
  // behind them is answered, and it is the only thing answered.
  std::string stray;
  for (const std::string& to : {sessions[0].gw_uri_shared, nowhere}) {
    ASSERT_TRUE(proto::msrp::writeResponse(stray, {.tid = "strayTid" + std::to_string(stray.size()),
                                                   .status = 200,
                                                   .comment = "OK",
                                                   .to_path = to,
                                                   .from_path = sessions[0].shared_uri})
                    .ok());
  }
  const size_t frames_before = shared.frames().size();
  Outgoing behind = shared.make(
      sendRequest(sessions[0].gw_uri_shared, sessions[0].shared_uri, "behind the stray responses"));
  shared.write(stray + behind.bytes);
  ASSERT_TRUE(answered(shared, behind)) << dump(h, peers);
  EXPECT_EQ(shared.response(behind.tid)->status, 200);
  EXPECT_TRUE(delivered(0, behind)) << dump(h, peers);
  EXPECT_EQ(shared.frames().size(), frames_before + 1) << shared.transcript();

  // Sessions 2 and 3 are bound to their own connections: the shared one gets 506 for each.
  for (int i : {2, 3}) {
    Outgoing taken = sendOn(shared, i, "session " + std::to_string(i) + " is not mine");
    ASSERT_TRUE(answered(shared, taken)) << dump(h, peers);
    EXPECT_EQ(shared.response(taken.tid)->status, 506) << "session " << i << "\n" << dump(h, peers);
  }

  // New connections naming session 0 or 1 (bound to the shared one): 506.
  MsrpPeer intruder0("intruderA", sessions[0].gw_port), intruder1("intruderB", sessions[0].gw_port);
  ASSERT_TRUE(intruder0.open() && intruder1.open());
  peers.push_back(&intruder0);
  peers.push_back(&intruder1);
  MsrpPeer* intruder[2] = {&intruder0, &intruder1};
  for (int i : {0, 1}) {
    Outgoing stolen = sendOn(*intruder[i], i, "session " + std::to_string(i) + " is not yours");
    ASSERT_TRUE(answered(*intruder[i], stolen)) << dump(h, peers);
    EXPECT_EQ(intruder[i]->response(stolen.tid)->status, 506) << "session " << i << "\n"
                                                              << dump(h, peers);
  }

  // Everyone carries on: both shared sessions and the solo ones, and nothing refused was
  // delivered anywhere.
  for (int i = 0; i < kSessions; ++i) {
    MsrpPeer& p = i < 2 ? shared : *solo[i];
    Outgoing o = sendOn(p, i, "after the refusals " + std::to_string(i));
    ASSERT_TRUE(answered(p, o)) << dump(h, peers);
    EXPECT_EQ(p.response(o.tid)->status, 200) << "session " << i;
    EXPECT_TRUE(delivered(i, o)) << dump(h, peers);
    // The bind and this, and for session 0 the SEND behind the stray responses.
    EXPECT_EQ(far[i]->requests("SEND").size(), i == 0 ? 3u : 2u) << far[i]->transcript();
  }
  // msrpgw's requests for sessions 0 and 1 still go to the shared connection, not to the
  // intruders.
  for (int i : {0, 1}) {
    const std::string mid = far[i]->make({}).message_id;
    far[i]->send(sendRequest(sessions[i].gw_uri_far, sessions[i].far_uri, "back " + mid, mid));
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers,
        [&] { return !shared.requests("SEND", sessionIdOf(sessions[i].shared_uri)).empty(); },
        kWait))
        << dump(h, peers);
    auto got = shared.requests("SEND", sessionIdOf(sessions[i].shared_uri));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]->message_id, mid);
    EXPECT_TRUE(intruder[i]->requests("SEND").empty());
  }
  EXPECT_EQ(shared.requests("SEND").size(), 2u);
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
