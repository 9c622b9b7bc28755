// Shared setup of the cases where several MSRP sessions use one connection to msrpgw's
// shared port (shared_connection*_test.cc). A session is one context of two passive
// terminations: the shared peer's (a=setup:active: the peer connects) and a far peer's
// (also connecting, one connection per session). Every peer is an MsrpPeer (msrp_peer.h).
// Helpers that check report with gtest failures; the others return what they found.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/msrp_e2e/e2e_fixture.h"
#include "tests/integration/msrp_e2e/msrp_peer.h"

namespace msrpgw::test::e2e {

// How long any one awaited thing may take.
inline constexpr std::chrono::milliseconds kWait{10000};

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
// termination's Media descriptor (an Events descriptor), `shared_ip` is the c= address of
// the shared peer's SDP.
std::optional<Session> addSession(Harness& h, int i, const std::string& shared_extra = "",
                                  const std::string& shared_ip = "127.0.0.1");
// Sessions 0..n-1; empty (with a gtest failure) if an Add failed.
std::vector<Session> addSessions(Harness& h, int n, const std::string& shared_extra = "");
// True when the contexts are spread over `workers` workers (msrpgw places a context by
// its id modulo the worker count).
bool spreadOverWorkers(const std::vector<Session>& sessions, int workers);

Request sendRequest(const std::string& to, const std::string& from, const std::string& body,
                    const std::string& message_id = "");
// A bodiless SEND (binds a session; a keep-alive afterwards).
Request bindRequest(const std::string& to, const std::string& from);

// Everything read by the peers and msrpgw's log, for failure messages.
std::string dump(Harness& h, const std::vector<MsrpPeer*>& peers);
// The far peers connect and bind their sessions with a bodiless SEND each (200 expected).
void bindFarPeers(Harness& h, const std::vector<Session>& sessions,
                  std::vector<std::unique_ptr<MsrpPeer>>& far);
// msrpgw with `workers` workers, sessions 0..n-1 spread over them, every far peer bound,
// and the shared peer connected (its sessions not bound yet: bindOnShared).
struct SharedCase {
  Harness h;
  std::vector<Session> sessions;
  std::vector<std::unique_ptr<MsrpPeer>> far;
  std::unique_ptr<MsrpPeer> shared;
  std::vector<MsrpPeer*> peers;  // the shared peer, then the far ones (for pumpUntil)
};
void setUpSharedCase(SharedCase& c, int workers, int n, const std::string& shared_extra = "");
// setUpSharedCase after msrpgw was started by the caller (with `workers` workers and
// arguments of its own, e.g. a fixed MSRP port to capture on).
void setUpSharedSessions(SharedCase& c, int workers, int n, const std::string& shared_extra = "");
// The shared peer binds sessions 0..n-1 in order, one text each on its connection (200
// expected): the first one's worker takes the connection, later ones of the other worker
// are carried over to theirs.
void bindOnShared(Harness& h, MsrpPeer& shared, const std::vector<Session>& sessions,
                  const std::vector<MsrpPeer*>& peers);
// The shared peer and the far peers, for pumpUntil().
std::vector<MsrpPeer*> all(MsrpPeer& shared, std::vector<std::unique_ptr<MsrpPeer>>& far);
// The shared peer's request `tid` for session `s` was answered `status` on its
// transaction, To-Path its own URI for that session, From-Path msrpgw's.
void expectAnswered(MsrpPeer& shared, const Session& s, const std::string& tid, uint16_t status);
// The far peer of session `s` got exactly one SEND with this Message-ID, whole, with the
// body sent and msrpgw's paths for its side.
void expectDelivered(const MsrpPeer& far, const Session& s, const std::string& message_id,
                     const std::string& body);

// A context holding one termination, a far peer's (a=setup:active: it connects).
struct Single {
  std::string context, term, gw_uri, far_uri;
};

std::optional<Single> addFarOnly(Harness& h, const std::string& far_uri);

// A Notify request msrpgw sent: the termination it names and its text.
struct Notified {
  std::string term;
  std::string text;
};

// Reads msrpgw's Notify requests (answering each; a retransmission is counted once) until
// `done` or `limit`.
void collectNotifies(Harness& h, std::vector<Notified>& seen, const std::function<bool()>& done,
                     std::chrono::milliseconds limit);
// How many Notifies for `term` contain `what`.
size_t countFor(const std::vector<Notified>& seen, const std::string& term,
                const std::string& what);

}  // namespace msrpgw::test::e2e
