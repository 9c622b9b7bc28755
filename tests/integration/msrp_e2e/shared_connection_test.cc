// Several MSRP sessions on one TCP connection to msrpgw's shared port (RFC 4975 allows it;
// issue 5: "many sessions per port, and several sessions per connection"). Each session is
// one context of two passive terminations: the shared peer's (a=setup:active: the peer
// connects) and a far peer's (also connecting, one connection per session). Every peer is
// an MsrpPeer (msrp_peer.h): real frames written with proto/msrp's writer, everything read
// back parsed and checked field by field, msrpgw's requests answered by the peer.
//
// What is checked, through the real binary:
// - one connection carries requests for every session: each binds its session on arrival,
//   is answered 200 on its own transaction id (To-Path = the peer's URI for that session)
//   and reaches that session's far peer only, bytes and Message-ID unchanged; frames of
//   all sessions in one TCP write are demultiplexed the same way, and so are the chunks
//   of one message per session interleaved with each other's;
// - the other way, msrpgw's requests for each session come back on that same connection
//   To-Path the peer's URI for the session; the peer's responses route by the session-id
//   in their To-Path (a 415 answer becomes a 415 REPORT to that session's sender) and so do
//   its REPORTs (a success REPORT reaches that session's sender);
// - with 1 and with 2 workers (consecutive context ids: both workers own sessions);
// - Subtract of one context leaves the others working; after the last, msrpgw closes the
//   connection.
// The other cases: shared_connection_refusal_test.cc (481, 506), _loss_test.cc (garbage,
// peer close), _load_test.cc (large messages), _move_test.cc (H.248 Move).
#include <gtest/gtest.h>

#include <set>

#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

class SharedConnection : public ::testing::TestWithParam<int> {};

// Both ways on one connection for four sessions; see the file comment.
TEST_P(SharedConnection, SeveralSessionsOnOneConnectionBothWays) {
  const int workers = GetParam();
  constexpr int kSessions = 4;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, workers, kSessions));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;
  if (workers == 2) {
    ASSERT_EQ(std::stoul(sessions.back().context) % 2, 0u);
  }

  // Round 1: the first request of each session binds it to the shared connection. The last
  // session goes first: its context id is even, so with two workers the connection stays
  // on worker 0, which accepted it (the other cases start with an odd one: handed over).
  std::vector<std::string> first_mid(kSessions);
  for (int i = kSessions - 1; i >= 0; --i) {
    SCOPED_TRACE("session " + std::to_string(i));
    const Session& s = sessions[i];
    const std::string body = "first message of session " + std::to_string(i);
    Outgoing o = shared.make(sendRequest(s.gw_uri_shared, s.shared_uri, body));
    first_mid[i] = o.message_id;
    shared.write(o.bytes);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return shared.response(o.tid) != nullptr; }, kWait))
        << dump(h, peers);
    ASSERT_NO_FATAL_FAILURE(expectAnswered(shared, s, o.tid, 200)) << dump(h, peers);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return !far[i]->requests("SEND").empty(); }, kWait))
        << dump(h, peers);
    ASSERT_NO_FATAL_FAILURE(expectDelivered(*far[i], s, o.message_id, body)) << dump(h, peers);
  }

  // Round 2: per session a keep-alive (a bodiless SEND: answered, not relayed) and one
  // SEND, all in one TCP write, sessions in reverse order.
  std::string burst;
  std::vector<Outgoing> second(kSessions), keepalive(kSessions);
  for (int i = kSessions - 1; i >= 0; --i) {
    const Session& s = sessions[i];
    keepalive[i] = shared.make(bindRequest(s.gw_uri_shared, s.shared_uri));
    burst += keepalive[i].bytes;
    second[i] = shared.make(sendRequest(
        s.gw_uri_shared, s.shared_uri,
        "second message, session " + std::to_string(i) + std::string(100 + 37 * i, 'a' + i)));
    burst += second[i].bytes;
  }
  shared.write(burst);
  auto all_second = [&] {
    for (int i = 0; i < kSessions; ++i) {
      if (shared.response(second[i].tid) == nullptr || !far[i]->message(second[i].message_id))
        return false;
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_second, kWait)) << dump(h, peers);
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    expectAnswered(shared, sessions[i], keepalive[i].tid, 200);
    expectAnswered(shared, sessions[i], second[i].tid, 200);
    expectDelivered(
        *far[i], sessions[i], second[i].message_id,
        "second message, session " + std::to_string(i) + std::string(100 + 37 * i, 'a' + i));
    // Nothing of another session reached this far peer, nor the keep-alive.
    EXPECT_EQ(far[i]->requests("SEND").size(), 2u) << far[i]->transcript();
  }

  // Round 3: a 5000-byte message per session in five chunks, the chunks of all sessions
  // interleaved in one write: every frame routes by its own To-Path.
  constexpr size_t kChunk = 1000, kChunks = 5;
  std::vector<std::string> big(kSessions);
  std::vector<std::string> big_mid(kSessions);
  std::vector<std::vector<std::string>> big_tids(kSessions);
  burst.clear();
  for (int i = 0; i < kSessions; ++i) {
    for (size_t k = 0; k < kChunk * kChunks; ++k) big[i].push_back("abcdefghij"[(k * 7 + i) % 10]);
    big_mid[i] = "bigS" + std::to_string(i) + "msg";
  }
  for (size_t c = 0; c < kChunks; ++c) {
    for (int i = 0; i < kSessions; ++i) {
      const Session& s = sessions[i];
      Request r =
          sendRequest(s.gw_uri_shared, s.shared_uri, big[i].substr(c * kChunk, kChunk), big_mid[i]);
      r.range_start = c * kChunk + 1;
      r.total = big[i].size();
      r.flag = c + 1 == kChunks ? '$' : '+';
      Outgoing o = shared.make(r);
      big_tids[i].push_back(o.tid);
      burst += o.bytes;
    }
  }
  shared.write(burst);
  auto all_big = [&] {
    for (int i = 0; i < kSessions; ++i) {
      if (!far[i]->message(big_mid[i]) || shared.response(big_tids[i].back()) == nullptr)
        return false;
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_big, kWait)) << dump(h, peers);
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    for (const std::string& tid : big_tids[i]) expectAnswered(shared, sessions[i], tid, 200);
    EXPECT_TRUE(far[i]->message(big_mid[i]) == big[i]) << "the message arrived altered";
    for (const Frame* f : far[i]->requests("SEND")) {
      EXPECT_EQ(f->to_path, sessions[i].far_uri);
      const bool mine = f->message_id == first_mid[i] || f->message_id == second[i].message_id ||
                        f->message_id == big_mid[i];
      EXPECT_TRUE(mine) << "a SEND of another session: " << f->message_id;
    }
  }

  // The other way: each far peer sends one message asking for a success REPORT and one the
  // shared peer refuses with 415; both come to the shared connection for that session.
  shared.setAnswerRule([](const Frame& f) -> std::optional<uint16_t> {
    return f.body.rfind("refuse", 0) == 0 ? 415 : 200;
  });
  std::vector<Outgoing> ok(kSessions), refused(kSessions);
  for (int i = 0; i < kSessions; ++i) {
    const Session& s = sessions[i];
    Request r = sendRequest(s.gw_uri_far, s.far_uri, "back to the shared peer from " + s.far_uri);
    r.success_report = "yes";
    r.failure_report = "yes";
    ok[i] = far[i]->make(r);
    Request q = sendRequest(s.gw_uri_far, s.far_uri, "refuse this, session " + std::to_string(i));
    q.failure_report = "yes";
    refused[i] = far[i]->make(q);
    far[i]->write(ok[i].bytes + refused[i].bytes);
  }
  auto reports_back = [&] {
    for (int i = 0; i < kSessions; ++i) {
      if (!far[i]->report(ok[i].message_id) || !far[i]->report(refused[i].message_id)) return false;
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, reports_back, kWait)) << dump(h, peers);
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    const Session& s = sessions[i];
    for (const Outgoing* o : {&ok[i], &refused[i]}) {
      const Frame* r = far[i]->response(o->tid);
      ASSERT_NE(r, nullptr) << far[i]->transcript();
      EXPECT_EQ(r->status, 200) << "msrpgw takes the chunk";
    }
    // Both arrived on the shared connection, addressed to the peer's URI for the session.
    auto in = shared.requests("SEND", sessionIdOf(s.shared_uri));
    ASSERT_EQ(in.size(), 2u) << shared.transcript();
    EXPECT_EQ(in[0]->message_id, ok[i].message_id);
    EXPECT_EQ(in[0]->body, "back to the shared peer from " + s.far_uri);
    EXPECT_EQ(in[1]->message_id, refused[i].message_id);
    EXPECT_EQ(in[1]->body, "refuse this, session " + std::to_string(i));
    for (const Frame* f : in) {
      EXPECT_EQ(f->to_path, s.shared_uri);
      EXPECT_EQ(f->from_path, s.gw_uri_shared);
    }
    // The shared peer's REPORT (a request on the shared connection) reached this sender.
    const Frame* success = far[i]->report(ok[i].message_id);
    EXPECT_EQ(success->status_header.substr(0, 7), "000 200") << success->status_header;
    EXPECT_EQ(success->to_path, s.far_uri);
    // The shared peer's 415 response routed to this session: a 415 REPORT to its sender.
    const Frame* failure = far[i]->report(refused[i].message_id);
    EXPECT_EQ(failure->status_header.substr(0, 7), "000 415") << failure->status_header;
    const std::string n = std::to_string(("refuse this, session " + std::to_string(i)).size());
    EXPECT_EQ(failure->byte_range, std::string("1-").append(n).append("/").append(n));
  }
  // msrpgw sent the shared peer nothing but those SENDs and the responses to its requests.
  EXPECT_EQ(shared.requests("SEND").size(), 2u * kSessions) << shared.transcript();
  EXPECT_TRUE(shared.requests("REPORT").empty()) << shared.transcript();
  EXPECT_TRUE(shared.open()) << dump(h, peers);
  EXPECT_TRUE(shared.parseError().empty()) << shared.parseError();
  for (const Session& s : sessions) {
    auto sub = h.request("C=" + s.context + "{S=*}");
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  }
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// Subtract one context: the others on the connection carry on, and a request for the gone
// session gets 481; after the last one, msrpgw closes the connection.
TEST_P(SharedConnection, SubtractLeavesTheOthersAndTheLastClosesTheConnection) {
  const int workers = GetParam();
  constexpr int kSessions = 3;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, workers, kSessions));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;

  // Sends a text on session i over the shared connection; true when answered `status`
  // (and, for 200, delivered to its far peer).
  auto exchange = [&](int i, uint16_t status) {
    const Session& s = sessions[i];
    const std::string body =
        "text " + std::to_string(shared.frames().size()) + " on session " + std::to_string(i);
    Outgoing o = shared.make(sendRequest(s.gw_uri_shared, s.shared_uri, body));
    shared.write(o.bytes);
    auto done = [&] {
      const Frame* r = shared.response(o.tid);
      if (r == nullptr) return false;
      if (status != 200 || r->status != 200) return true;
      for (const Frame* f : far[i]->requests("SEND")) {
        if (f->message_id == o.message_id) return true;
      }
      return false;
    };
    if (!MsrpPeer::pumpUntil(peers, done, kWait)) {
      ADD_FAILURE() << "session " << i << ": no answer or no delivery\n" << dump(h, peers);
      return false;
    }
    const uint16_t got = shared.response(o.tid)->status;
    EXPECT_EQ(got, status) << "session " << i << "\n" << dump(h, peers);
    if (got != status) return false;
    if (status == 200) expectDelivered(*far[i], s, o.message_id, body);
    return true;
  };
  for (int i = 0; i < kSessions; ++i) ASSERT_TRUE(exchange(i, 200)) << "binding session " << i;

  auto subtract = [&](int i) {
    auto sub = h.request("C=" + sessions[i].context + "{S=*}");
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  };
  // A text from session i's far peer comes to the shared connection.
  auto backward = [&](int i) {
    const std::string mid = far[i]->make({}).message_id;  // a fresh id
    far[i]->send(
        sendRequest(sessions[i].gw_uri_far, sessions[i].far_uri, "still here " + mid, mid));
    const bool arrived = MsrpPeer::pumpUntil(
        peers,
        [&] {
          for (const Frame* f : shared.requests("SEND", sessionIdOf(sessions[i].shared_uri))) {
            if (f->message_id == mid) return true;
          }
          return false;
        },
        kWait);
    EXPECT_TRUE(arrived) << "session " << i << "\n" << dump(h, peers);
    return arrived;
  };
  // Session 0 goes first: with two workers its worker took the connection (its request came
  // first), and session 1 lives on the other worker, so at the end session 1 is alone on a
  // connection whose own worker has no session left.
  if (workers == 2) {
    ASSERT_NE(std::stoul(sessions[0].context) % 2, std::stoul(sessions[1].context) % 2);
  }
  ASSERT_NO_FATAL_FAILURE(subtract(0));
  EXPECT_TRUE(exchange(0, 481)) << "the subtracted session is unknown now";
  EXPECT_TRUE(exchange(1, 200));
  EXPECT_TRUE(exchange(2, 200));
  EXPECT_TRUE(backward(1));
  EXPECT_TRUE(backward(2));
  ASSERT_NO_FATAL_FAILURE(subtract(2));
  EXPECT_TRUE(shared.open()) << "one session is still on the connection\n" << dump(h, peers);
  EXPECT_TRUE(exchange(2, 481));
  EXPECT_TRUE(exchange(1, 200));
  EXPECT_TRUE(backward(1));
  ASSERT_NO_FATAL_FAILURE(subtract(1));
  EXPECT_TRUE(shared.waitClosed(kWait)) << "the last session is gone: msrpgw closes\n"
                                        << dump(h, peers);
  EXPECT_TRUE(shared.parseError().empty()) << shared.parseError();
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

INSTANTIATE_TEST_SUITE_P(Workers, SharedConnection, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& p) {
                           return std::to_string(p.param) + "worker" + (p.param > 1 ? "s" : "");
                         });

}  // namespace
}  // namespace msrpgw::test::e2e
