// Shared setup of the end-to-end cases: the real msrpgw registered with a scripted UDP
// MGC, two MSRP terminations added in one context with the SDP of two msrp tool
// processes (A connects to msrpgw, msrpgw connects to B, which listens), and helpers to
// read the tools' JSON events, make test files quickly and read msrpgw's memory.
// Each test case owns one Harness; nothing is shared between cases, so ctest runs them in
// parallel. Compiled into each test binary (it needs MSRPGW_BIN and MSRPGW_MSRP_BIN).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/integration/h248/udp_peer.h"
#include "tests/support/subprocess.h"

namespace msrpgw::test::e2e {

// Every JSON event line of a tool's output with this "event".
std::vector<nlohmann::json> events(const std::string& out, const std::string& kind);
// The port of a tool started with --print-port (0 if it did not say within 20 s).
uint16_t listeningPort(ChildProcess& p);
// Waits up to `limit` until `p` printed an event of this kind.
bool waitForEvent(ChildProcess& p, const std::string& kind, std::chrono::milliseconds limit);

// A file of `size` pseudo-random bytes (seeded), written in 1 MiB blocks.
std::string randomFile(const std::string& name, uint64_t size, uint64_t seed);
// A file of `size` printable ASCII bytes (lines of letters and digits: no NUL, no ';',
// so tshark's MSRP dissector judges it without its known quirks).
std::string textFile(const std::string& name, uint64_t size);

// VmRSS and VmHWM (peak RSS) of a process, in KiB, from /proc/<pid>/status.
struct ProcMemory {
  uint64_t rss_kib = 0;
  uint64_t hwm_kib = 0;
};
ProcMemory procMemory(pid_t pid);

// The statistic `name` (e.g. "msrpgw/cs") of termination `term` in an H.248 reply, or -1.
int64_t statistic(const std::string& reply, const std::string& term, const std::string& name);

// The msrp tool listening on 127.0.0.1 (any port) as `local_uri`, with JSON events.
std::unique_ptr<ChildProcess> startListenerTool(const std::string& local_uri,
                                                const std::vector<std::string>& extra);
// The msrp tool connecting to msrpgw's MSRP port as `local_uri`, To-Path `remote_path`.
std::unique_ptr<ChildProcess> startConnectorTool(const std::string& gw_port,
                                                 const std::string& local_uri,
                                                 const std::string& remote_path,
                                                 const std::vector<std::string>& extra);

// H.248 descriptors of one MSRP termination: extra LocalControl items (e.g.
// "msrpgw/chunksize=65536") and the endpoint's accept-types.
struct TermOptions {
  std::string local_control;
  std::string accept_types = "text/plain application/octet-stream";
  // Further descriptors after the Media descriptor, e.g. "E=7{msrpgw/conn}".
  std::string extra;
  // For B only: the Remote's m= port and a=path instead of B's own (0 / empty: B's).
  uint16_t remote_port = 0;
  std::string remote_path;
};
std::string terminationDescriptor(const std::string& remote_ip, uint16_t remote_port,
                                  const std::string& remote_path, const std::string& setup,
                                  const TermOptions& o);

class Harness {
 public:
  Harness() = default;
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // Starts msrpgw (MSRP on a free port, two workers, unless `extra` says otherwise) and
  // answers its registration. False (with a gtest failure) when it does not register.
  bool startGateway(const std::vector<std::string>& extra = {});
  // Starts B (the msrp tool listening, `b_args` added), then Adds A's and B's terminations
  // in a new context. May be called again for a further session on the same msrpgw.
  bool startSession(const std::vector<std::string>& b_args, const TermOptions& a = {},
                    const TermOptions& b = {}) {
    return startB(b_args) && addPair(a, b);
  }
  // The two halves of startSession, for a test that acts in between (a capture).
  bool startB(const std::vector<std::string>& b_args);
  bool addPair(const TermOptions& a = {}, const TermOptions& b = {});
  // Starts A connecting to msrpgw with `a_args` added.
  void startA(const std::vector<std::string>& a_args);
  // Waits for A and B to exit (their codes in aExit / bExit); false (with a gtest failure)
  // if one is still running.
  bool waitBoth(std::chrono::milliseconds limit);
  std::optional<int> aExit() const { return a_exit_; }
  std::optional<int> bExit() const { return b_exit_; }
  // Subtracts the session's context; the reply, or nullopt.
  std::optional<std::string> subtract();
  // SIGTERM to msrpgw; true when it exits 0.
  bool stopGateway();

  ChildProcess& gw() { return *gw_.process; }
  ChildProcess& a() { return *a_; }
  ChildProcess& b() { return *b_; }
  bool gatewayRunning();
  std::string log();  // msrpgw's, A's and B's output, for failure messages

  uint16_t bPort() const { return b_port_; }
  const std::string& gwPort() const { return gw_port_; }
  const std::string& context() const { return context_; }
  const std::string& termA() const { return term_a_; }
  const std::string& termB() const { return term_b_; }
  const std::string& addReply() const { return add_reply_; }
  const std::string& aUri() const { return a_uri_; }

  // Sends one transaction request (`body` inside T=n{...}) and returns its reply (pendings
  // and Notify requests met meanwhile are dropped), or nullopt.
  std::optional<std::string> request(const std::string& body);
  // The scripted MGC's socket and msrpgw's H.248 port, for a test that reads Notify
  // requests and answers them itself.
  UdpPeer& mgc() { return mgc_; }
  uint16_t mgPort() const { return mg_port_; }

 private:
  UdpPeer mgc_;
  Gateway gw_;
  uint16_t mg_port_ = 0;
  uint32_t next_tid_ = 10;
  int sessions_ = 0;
  std::unique_ptr<ChildProcess> a_, b_;
  uint16_t b_port_ = 0;
  std::optional<int> a_exit_, b_exit_;
  std::string a_uri_, b_uri_, gw_port_, gw_uri_for_a_, context_, term_a_, term_b_, add_reply_;
};

}  // namespace msrpgw::test::e2e
