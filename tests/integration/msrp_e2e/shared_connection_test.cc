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
// - an unknown session on the connection gets 481, a session bound to another connection
//   gets 506, and the other sessions carry on;
// - Subtract of one context leaves the others working; after the last, msrpgw closes the
//   connection;
// - garbage where a frame should start takes every session on the connection down: msrpgw
//   closes it and notifies g/cause for each session's termination (FT protocol_error; with
//   two workers the session on the other worker is told NR peer_closed: DISABLED case).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "tests/integration/msrp_e2e/e2e_fixture.h"
#include "tests/integration/msrp_e2e/msrp_peer.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

constexpr auto kWait = 10s;

// One context: the shared peer's termination and the far peer's.
struct Session {
  std::string context;
  std::string term_shared, term_far;
  std::string gw_uri_shared;  // msrpgw's a=path toward the shared peer
  std::string gw_uri_far;     // msrpgw's a=path toward the far peer
  std::string shared_uri;     // the shared peer's URI for this session
  std::string far_uri;
  uint16_t gw_port = 0;
};

// Adds session `i` (C=$: consecutive context ids); `shared_extra` goes after the shared
// termination's Media descriptor (an Events descriptor).
std::optional<Session> addSession(Harness& h, int i, const std::string& shared_extra = "",
                                  const std::string& shared_ip = "127.0.0.1") {
  Session s;
  s.shared_uri = "msrp://127.0.0.1:40100/sharedS" + std::to_string(i) + ";tcp";
  s.far_uri = "msrp://127.0.0.1:40200/farF" + std::to_string(i) + ";tcp";
  TermOptions shared_opts;
  shared_opts.extra = shared_extra;
  auto reply = h.request(
      "C=${A=${" + terminationDescriptor(shared_ip, 40100, s.shared_uri, "active", shared_opts) +
      "},A=${" + terminationDescriptor("127.0.0.1", 40200, s.far_uri, "active", {}) + "}}");
  if (!reply || reply->find("ER=") != std::string::npos) {
    ADD_FAILURE() << "Add failed: " << reply.value_or("(no reply)") << "\n" << h.log();
    return std::nullopt;
  }
  std::smatch m;
  std::vector<std::string> terms, paths;
  const std::regex term_re(R"(A=(msrp/\d+))"), path_re(R"(a=path:(msrp://[^\s]+))");
  for (auto it = std::sregex_iterator(reply->begin(), reply->end(), term_re);
       it != std::sregex_iterator(); ++it) {
    terms.push_back((*it)[1]);
  }
  for (auto it = std::sregex_iterator(reply->begin(), reply->end(), path_re);
       it != std::sregex_iterator(); ++it) {
    paths.push_back((*it)[1]);
  }
  if (!std::regex_search(*reply, m, std::regex(R"(C=(\d+)\{)")) || terms.size() != 2 ||
      paths.size() != 2) {
    ADD_FAILURE() << "unexpected Add reply: " << *reply;
    return std::nullopt;
  }
  s.context = m[1];
  s.term_shared = terms[0];
  s.term_far = terms[1];
  s.gw_uri_shared = paths[0];
  s.gw_uri_far = paths[1];
  if (!std::regex_search(*reply, m, std::regex(R"(m=message (\d+) TCP/MSRP)"))) {
    ADD_FAILURE() << "no m= port: " << *reply;
    return std::nullopt;
  }
  s.gw_port = static_cast<uint16_t>(std::stoi(m[1]));
  return s;
}

std::vector<Session> addSessions(Harness& h, int n, const std::string& shared_extra = "") {
  std::vector<Session> v;
  for (int i = 0; i < n; ++i) {
    auto s = addSession(h, i, shared_extra);
    if (!s) return {};
    v.push_back(*s);
  }
  return v;
}

// True when the contexts are spread over `workers` workers (msrpgw places a context by
// its id modulo the worker count).
bool spreadOverWorkers(const std::vector<Session>& sessions, int workers) {
  std::set<unsigned long> owners;
  for (const Session& s : sessions) owners.insert(std::stoul(s.context) % workers);
  return owners.size() == static_cast<size_t>(workers);
}

Request sendRequest(const std::string& to, const std::string& from, const std::string& body,
                    const std::string& message_id = "") {
  Request r;
  r.to_path = to;
  r.from_path = from;
  r.body = body;
  r.message_id = message_id;
  return r;
}

Request bindRequest(const std::string& to, const std::string& from) {
  Request r;
  r.to_path = to;
  r.from_path = from;
  r.bodiless = true;
  return r;
}

// Everything read by the peers and msrpgw's log, for failure messages.
std::string dump(Harness& h, const std::vector<MsrpPeer*>& peers) {
  std::string s;
  for (MsrpPeer* p : peers) s += p->transcript();
  return s + h.log();
}

// The far peers connect and bind their sessions with a bodiless SEND each (200 expected).
void bindFarPeers(Harness& h, const std::vector<Session>& sessions,
                  std::vector<std::unique_ptr<MsrpPeer>>& far) {
  for (size_t i = 0; i < sessions.size(); ++i) {
    far.push_back(std::make_unique<MsrpPeer>("far" + std::to_string(i), sessions[i].gw_port));
    ASSERT_TRUE(far.back()->open());
    const std::string tid =
        far.back()->send(bindRequest(sessions[i].gw_uri_far, sessions[i].far_uri));
    ASSERT_TRUE(far.back()->waitResponse(tid, kWait)) << dump(h, {far.back().get()});
    EXPECT_EQ(far.back()->response(tid)->status, 200) << dump(h, {far.back().get()});
  }
}

std::vector<MsrpPeer*> all(MsrpPeer& shared, std::vector<std::unique_ptr<MsrpPeer>>& far) {
  std::vector<MsrpPeer*> v = {&shared};
  for (auto& f : far) v.push_back(f.get());
  return v;
}

// The shared peer's SEND for session `s` (`tid`) was answered 200 on its transaction, To-Path
// its own URI for that session, From-Path msrpgw's.
void expectAnswered(MsrpPeer& shared, const Session& s, const std::string& tid, uint16_t status) {
  const Frame* r = shared.response(tid);
  ASSERT_NE(r, nullptr) << "no response to " << tid;
  ASSERT_EQ(r->status, status) << "tid " << tid << " for " << s.shared_uri;
  EXPECT_EQ(r->to_path, s.shared_uri) << "tid " << tid;
  EXPECT_EQ(r->from_path, s.gw_uri_shared) << "tid " << tid;
}

// The far peer of session `s` got exactly one SEND with this Message-ID, whole, with the
// body sent and msrpgw's paths for its side.
void expectDelivered(const MsrpPeer& far, const Session& s, const std::string& message_id,
                     const std::string& body) {
  std::vector<const Frame*> got;
  for (const Frame* f : far.requests("SEND")) {
    if (f->message_id == message_id) got.push_back(f);
  }
  ASSERT_EQ(got.size(), 1u) << "Message-ID " << message_id << " at " << far.name() << "\n"
                            << far.transcript();
  EXPECT_EQ(got[0]->body, body);
  EXPECT_EQ(got[0]->flag, '$');
  EXPECT_EQ(got[0]->to_path, s.far_uri);
  EXPECT_EQ(got[0]->from_path, s.gw_uri_far);
}

class SharedConnection : public ::testing::TestWithParam<int> {};

// Both ways on one connection for four sessions; see the file comment.
TEST_P(SharedConnection, SeveralSessionsOnOneConnectionBothWays) {
  const int workers = GetParam();
  constexpr int kSessions = 4;
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=" + std::to_string(workers)}));
  std::vector<Session> sessions = addSessions(h, kSessions);
  ASSERT_EQ(sessions.size(), static_cast<size_t>(kSessions));
  ASSERT_TRUE(spreadOverWorkers(sessions, workers)) << "contexts all on one worker";
  if (workers == 2) {
    ASSERT_EQ(std::stoul(sessions.back().context) % 2, 0u);
  }
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  const std::vector<MsrpPeer*> peers = all(shared, far);

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
    EXPECT_EQ(failure->byte_range, "1-" + n + "/" + n);
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
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=" + std::to_string(workers)}));
  std::vector<Session> sessions = addSessions(h, kSessions);
  ASSERT_EQ(sessions.size(), static_cast<size_t>(kSessions));
  ASSERT_TRUE(spreadOverWorkers(sessions, workers));
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  const std::vector<MsrpPeer*> peers = all(shared, far);

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
    EXPECT_EQ(far[i]->requests("SEND").size(), 2u) << far[i]->transcript();
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

// Large messages both ways on every session at once: the shared peer sends each session a
// 1 MiB message in 16 KiB chunks, round robin over the sessions, while every far peer sends
// its session 1 MiB back; msrpgw cuts them to its 2048-byte chunks. Both directions arrive
// byte for byte, every chunk is answered 200 on its transaction, and the frames msrpgw
// writes for the sessions (two workers: one session's frames come over from the other
// worker) never interleave inside each other on the shared connection (the peer's parser
// and the reassembly by Byte-Range would see it).
TEST(SharedConnectionLoad, LargeMessagesBothWaysOnEverySessionAtOnce) {
  constexpr int kSessions = 4;
  constexpr size_t kSize = 1 << 20, kChunk = 16 << 10;
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=2"}));
  std::vector<Session> sessions = addSessions(h, kSessions);
  ASSERT_EQ(sessions.size(), static_cast<size_t>(kSessions));
  ASSERT_TRUE(spreadOverWorkers(sessions, 2));
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  const std::vector<MsrpPeer*> peers = all(shared, far);
  for (int i = 0; i < kSessions; ++i) {
    Outgoing o = shared.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri,
                                         "bind " + std::to_string(i)));
    shared.write(o.bytes);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return shared.response(o.tid) != nullptr; }, kWait))
        << dump(h, peers);
    ASSERT_EQ(shared.response(o.tid)->status, 200) << dump(h, peers);
  }

  auto content = [](uint64_t seed) {
    std::string b(kSize, '\0');
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    for (char& c : b) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "[x % 63];
    }
    return b;
  };
  auto chunk = [&](const std::string& to, const std::string& from, const std::string& body,
                   const std::string& mid, size_t c) {
    Request r = sendRequest(to, from, body.substr(c * kChunk, kChunk), mid);
    r.range_start = c * kChunk + 1;
    r.total = body.size();
    r.flag = (c + 1) * kChunk >= body.size() ? '$' : '+';
    return r;
  };
  std::vector<std::string> out(kSessions), back(kSessions), out_mid(kSessions), back_mid(kSessions);
  std::vector<std::string> shared_tids;
  std::vector<std::vector<std::string>> far_tids(kSessions);
  for (int i = 0; i < kSessions; ++i) {
    out[i] = content(2 * i + 1);
    back[i] = content(2 * i + 2);
    out_mid[i] = "bulkOut" + std::to_string(i);
    back_mid[i] = "bulkBack" + std::to_string(i);
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t c = 0; c * kChunk < kSize; ++c) {
    for (int i = 0; i < kSessions; ++i) {
      const Session& s = sessions[i];
      Outgoing o = shared.make(chunk(s.gw_uri_shared, s.shared_uri, out[i], out_mid[i], c));
      shared_tids.push_back(o.tid);
      shared.write(o.bytes);
      Outgoing f = far[i]->make(chunk(s.gw_uri_far, s.far_uri, back[i], back_mid[i], c));
      far_tids[i].push_back(f.tid);
      far[i]->write(f.bytes);
    }
  }
  auto all_in = [&] {
    for (int i = 0; i < kSessions; ++i) {
      if (far[i]->bodyBytes(out_mid[i]) < kSize || shared.bodyBytes(back_mid[i]) < kSize)
        return false;
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_in, 40s)) << [&] {
    std::string t;
    for (int i = 0; i < kSessions; ++i) {
      t += "session " + std::to_string(i) + ": out " +
           std::to_string(far[i]->bodyBytes(out_mid[i])) + " back " +
           std::to_string(shared.bodyBytes(back_mid[i])) + "\n";
    }
    return t + h.log();
  }();
  // The last responses may still be on their way.
  auto all_answered = [&] {
    for (const std::string& tid : shared_tids) {
      if (shared.response(tid) == nullptr) return false;
    }
    for (int i = 0; i < kSessions; ++i) {
      for (const std::string& tid : far_tids[i]) {
        if (far[i]->response(tid) == nullptr) return false;
      }
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_answered, kWait));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ shared ] " << kSessions << " sessions x 1 MiB each way, one connection for all "
            << "on the shared side: " << secs << " s\n";
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    EXPECT_TRUE(far[i]->message(out_mid[i]) == out[i]) << "altered toward the far peer";
    EXPECT_TRUE(shared.message(back_mid[i]) == back[i]) << "altered toward the shared peer";
    for (const Frame* f : shared.requests("SEND", sessionIdOf(sessions[i].shared_uri))) {
      EXPECT_EQ(f->from_path, sessions[i].gw_uri_shared);
      if (f->message_id != back_mid[i]) ADD_FAILURE() << "stray SEND " << f->message_id;
      if (f->body.size() > 2048) ADD_FAILURE() << "a chunk above msrpgw's 2048 bytes";
    }
  }
  size_t not_ok = 0;
  for (const std::string& tid : shared_tids) not_ok += shared.response(tid)->status != 200;
  for (int i = 0; i < kSessions; ++i) {
    for (const std::string& tid : far_tids[i]) not_ok += far[i]->response(tid)->status != 200;
  }
  EXPECT_EQ(not_ok, 0u);
  EXPECT_TRUE(shared.parseError().empty()) << shared.parseError();
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// One 6 MiB chunk (one frame) for the session carried over to the other worker, then a
// small message for the session of the connection's own worker, in one write: the big
// frame streams through to its worker (msrpgw never holds a chunk whole: it goes out in
// 2048-byte chunks) and the small one is not stuck behind it for good. Both arrive intact.
TEST(SharedConnectionLoad, OneHugeChunkOnTheCarriedOverSession) {
  constexpr size_t kSize = 6 << 20;
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=2"}));
  std::vector<Session> sessions = addSessions(h, 2);
  ASSERT_EQ(sessions.size(), 2u);
  ASSERT_NE(std::stoul(sessions[0].context) % 2, std::stoul(sessions[1].context) % 2);
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  const std::vector<MsrpPeer*> peers = all(shared, far);
  for (int i : {0, 1}) {  // session 0's worker takes the connection; 1 is carried over
    Outgoing o = shared.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri,
                                         "bind " + std::to_string(i)));
    shared.write(o.bytes);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return shared.response(o.tid) != nullptr; }, kWait))
        << dump(h, peers);
    ASSERT_EQ(shared.response(o.tid)->status, 200) << dump(h, peers);
  }
  std::string huge(kSize, 'x');
  for (size_t k = 0; k < kSize; k += 4096) huge[k] = static_cast<char>('a' + (k / 4096) % 26);
  Outgoing big = shared.make(
      sendRequest(sessions[1].gw_uri_shared, sessions[1].shared_uri, huge, "hugeChunk1"));
  Outgoing small = shared.make(sendRequest(sessions[0].gw_uri_shared, sessions[0].shared_uri,
                                           "small after huge", "smallAfter0"));
  shared.write(big.bytes + small.bytes);
  ASSERT_TRUE(MsrpPeer::pumpUntil(
      peers,
      [&] {
        return far[1]->bodyBytes("hugeChunk1") >= kSize && far[0]->message("smallAfter0") &&
               shared.response(big.tid) && shared.response(small.tid);
      },
      30s))
      << "huge: " << far[1]->bodyBytes("hugeChunk1") << " of " << kSize << "\n"
      << dump(h, peers);
  EXPECT_EQ(shared.response(big.tid)->status, 200);
  EXPECT_EQ(shared.response(small.tid)->status, 200);
  EXPECT_TRUE(far[1]->message("hugeChunk1") == huge) << "the huge chunk arrived altered";
  EXPECT_GT(far[1]->requests("SEND").size(), kSize / 2048) << "re-cut to msrpgw's chunks";
  EXPECT_EQ(*far[0]->message("smallAfter0"), "small after huge");
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// A context holding one termination, a far peer's (a=setup:active: it connects).
struct Single {
  std::string context, term, gw_uri, far_uri;
};

std::optional<Single> addFarOnly(Harness& h, const std::string& far_uri) {
  auto reply = h.request("C=${A=${" +
                         terminationDescriptor("127.0.0.1", 40300, far_uri, "active", {}) + "}}");
  std::smatch c, t, p;
  if (!reply || reply->find("ER=") != std::string::npos ||
      !std::regex_search(*reply, c, std::regex(R"(C=(\d+)\{)")) ||
      !std::regex_search(*reply, t, std::regex(R"(A=(msrp/\d+))")) ||
      !std::regex_search(*reply, p, std::regex(R"(a=path:(msrp://[^\s]+))"))) {
    ADD_FAILURE() << "Add failed: " << reply.value_or("(no reply)");
    return std::nullopt;
  }
  return Single{c[1], t[1], p[1], far_uri};
}

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
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=2"}));
  std::vector<Session> sessions = addSessions(h, 2);
  ASSERT_EQ(sessions.size(), 2u);
  ASSERT_NE(std::stoul(sessions[0].context) % 2, std::stoul(sessions[1].context) % 2);
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  std::vector<MsrpPeer*> peers = all(shared, far);

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

struct Notified {
  std::string term;
  std::string text;
};

// Reads msrpgw's Notify requests (answering each) until `done` or `limit`.
void collectNotifies(Harness& h, std::vector<Notified>& seen, const std::function<bool()>& done,
                     std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  const std::regex re(R"(\bT=(\d+)\{C=(\d+)\{N=(msrp/\d+))");
  std::set<std::string> tids;
  while (std::chrono::steady_clock::now() < until && !done()) {
    auto d = h.mgc().receive(50ms);
    if (!d) continue;
    std::smatch m;
    if (!std::regex_search(*d, m, re)) continue;
    h.mgc().sendTo(h.mgPort(), "MEGACO/3 [127.0.0.1]:" + std::to_string(h.mgc().port()) +
                                   "\nP=" + std::string(m[1]) + "{C=" + std::string(m[2]) +
                                   "{N=" + std::string(m[3]) + "}}");
    if (!tids.insert(m[1]).second) continue;  // a retransmission
    seen.push_back({m[3], *d});
  }
}

size_t countFor(const std::vector<Notified>& seen, const std::string& term,
                const std::string& what) {
  size_t n = 0;
  for (const Notified& x : seen) n += x.term == term && x.text.find(what) != std::string::npos;
  return n;
}

// kPeerClosed: the peer closes the connection instead of sending garbage.
enum class Cause { kAny, kProtocolError, kPeerClosed };

// Garbage where a frame should start (or, for kPeerClosed, the peer closing): the
// connection closes, and each session on it is notified lost (one g/cause each) after each
// was notified connected. The g/cause must say why (conf/README.md): FT protocol_error for
// garbage (msrpgw closed it), NR peer_closed when the peer did; kAny checks only that
// there is one.
void connectionLossCase(int workers, Cause cause) {
  constexpr int kSessions = 3;
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=" + std::to_string(workers)}));
  std::vector<Session> sessions = addSessions(h, kSessions, "E=9{msrpgw/conn,g/cause}");
  ASSERT_EQ(sessions.size(), static_cast<size_t>(kSessions));
  std::vector<std::unique_ptr<MsrpPeer>> far;
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(h, sessions, far));
  MsrpPeer shared("shared", sessions[0].gw_port);
  ASSERT_TRUE(shared.open());
  const std::vector<MsrpPeer*> peers = all(shared, far);
  for (int i = 0; i < kSessions; ++i) {
    Outgoing o = shared.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri,
                                         "bind " + std::to_string(i)));
    shared.write(o.bytes);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return shared.response(o.tid) != nullptr; }, kWait))
        << dump(h, peers);
    ASSERT_EQ(shared.response(o.tid)->status, 200) << "session " << i << "\n" << dump(h, peers);
  }
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

// Known broken (merge of 622eb07): a session whose context lives on the other worker than
// the shared connection is reached through an MsrpSplice socket pair, and only the pair's
// EOF crosses: it is notified g/cause NR peer_closed instead of FT protocol_error.
TEST(SharedConnectionFraming, DISABLED_EverySessionIsToldProtocolErrorTwoWorkers) {
  connectionLossCase(2, Cause::kProtocolError);
}

}  // namespace
}  // namespace msrpgw::test::e2e
