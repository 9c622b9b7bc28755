#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace msrpgw::test::e2e {

using namespace std::chrono_literals;

// Adds session `i` (C=$: consecutive context ids); `shared_extra` goes after the shared
// termination's Media descriptor (an Events descriptor).
std::optional<Session> addSession(Harness& h, int i, const std::string& shared_extra,
                                  const std::string& shared_ip) {
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

std::vector<Session> addSessions(Harness& h, int n, const std::string& shared_extra) {
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
                    const std::string& message_id) {
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

void setUpSharedCase(SharedCase& c, int workers, int n, const std::string& shared_extra) {
  ASSERT_TRUE(c.h.startGateway({"--set", "workers=" + std::to_string(workers)}));
  setUpSharedSessions(c, workers, n, shared_extra);
}

void setUpSharedSessions(SharedCase& c, int workers, int n, const std::string& shared_extra) {
  c.sessions = addSessions(c.h, n, shared_extra);
  ASSERT_EQ(c.sessions.size(), static_cast<size_t>(n));
  ASSERT_TRUE(spreadOverWorkers(c.sessions, workers)) << "contexts all on one worker";
  ASSERT_NO_FATAL_FAILURE(bindFarPeers(c.h, c.sessions, c.far));
  c.shared = std::make_unique<MsrpPeer>("shared", c.sessions[0].gw_port);
  ASSERT_TRUE(c.shared->open());
  c.peers = all(*c.shared, c.far);
}

void bindOnShared(Harness& h, MsrpPeer& shared, const std::vector<Session>& sessions,
                  const std::vector<MsrpPeer*>& peers) {
  for (size_t i = 0; i < sessions.size(); ++i) {
    Outgoing o = shared.make(sendRequest(sessions[i].gw_uri_shared, sessions[i].shared_uri,
                                         "bind " + std::to_string(i)));
    shared.write(o.bytes);
    ASSERT_TRUE(MsrpPeer::pumpUntil(
        peers, [&] { return shared.response(o.tid) != nullptr; }, kWait))
        << dump(h, peers);
    ASSERT_EQ(shared.response(o.tid)->status, 200) << "session " << i << "\n" << dump(h, peers);
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
    seen.push_back({std::string(m[3]), *d});
  }
}

size_t countFor(const std::vector<Notified>& seen, const std::string& term,
                const std::string& what) {
  size_t n = 0;
  for (const Notified& x : seen) n += x.term == term && x.text.find(what) != std::string::npos;
  return n;
}

}  // namespace msrpgw::test::e2e
