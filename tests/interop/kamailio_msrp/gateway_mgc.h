// The real msrpgw registered with a scripted H.248 MGC on UDP loopback, for the cases that
// put kamailio's relay in front of msrpgw: one transaction at a time, and the Add of a
// context of two MSRP terminations from their Remote SDP, with what msrpgw answered.
// Owner: the test thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/h248/udp_peer.h"

namespace msrpgw::test {

class GatewayMgc {
 public:
  // Starts msrpgw (MSRP on a free port, `extra` added) and answers its registration.
  bool start(const std::vector<std::string>& extra = {});
  // One transaction; its final reply (Pending skipped), or nullopt.
  std::optional<std::string> transact(const std::string& actions);
  std::optional<int> stop();
  std::string log() const { return gw_.process ? gw_.process->err() : ""; }

 private:
  std::string header() const;
  UdpPeer peer_;
  Gateway gw_;
  uint16_t mg_port_ = 0;
  uint32_t tid_ = 10;
};

// A Remote descriptor: c= and m= 127.0.0.1:port, a=path, a=setup.
std::string remoteSdp(uint16_t port, const std::string& path, const std::string& setup);

// The context msrpgw made: its id, its MSRP port and each termination's a=path URI.
struct Added {
  std::string context;
  uint16_t msrp_port = 0;
  std::string uri_a;  // msrpgw's URI on A's side (the first termination)
  std::string uri_b;  // on B's side
};

// Adds a context of two terminations (A's Remote, B's Remote); the reply text goes to
// `reply_text` either way.
std::optional<Added> addContext(GatewayMgc& mgc, const std::string& remote_a,
                                const std::string& remote_b, std::string& reply_text);

}  // namespace msrpgw::test
