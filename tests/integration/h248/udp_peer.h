// A UDP socket on 127.0.0.1 with a free port, for playing an MGC (or a stranger) against
// the real msrpgw, and the start of msrpgw itself on a free H.248 port.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace msrpgw::test {

class UdpPeer {
 public:
  explicit UdpPeer(const std::string& ip = "127.0.0.1");  // binds ip:0
  ~UdpPeer();
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;

  uint16_t port() const { return port_; }
  std::string endpoint() const { return ip_ + ":" + std::to_string(port_); }
  void sendTo(uint16_t port, const std::string& text);
  // The next datagram (and the port it came from), or nullopt after `limit`.
  std::optional<std::string> receive(std::chrono::milliseconds limit, uint16_t* from = nullptr);
  // A datagram already waiting, without waiting.
  std::optional<std::string> receiveNow();

 private:
  std::string ip_;
  int fd_ = -1;
  uint16_t port_ = 0;
};

// A UDP port that was free a moment ago.
uint16_t freeUdpPort();

struct Gateway {
  std::unique_ptr<ChildProcess> process;
  uint16_t port = 0;
};

// Starts msrpgw on a free H.248 port with `args` added (retried when the port was taken
// meanwhile); waits for "ready".
Gateway startGateway(const std::vector<std::string>& args);

}  // namespace msrpgw::test
