#include "tests/integration/h248/udp_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace msrpgw::test {

UdpPeer::UdpPeer(const std::string& ip) : ip_(ip) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  a.sin_port = 0;
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    throw std::runtime_error("cannot bind a UDP socket");
  }
  socklen_t len = sizeof(a);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

UdpPeer::~UdpPeer() {
  if (fd_ >= 0) ::close(fd_);
}

void UdpPeer::sendTo(uint16_t port, const std::string& text) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  ::sendto(fd_, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof(a));
}

std::optional<std::string> UdpPeer::receive(std::chrono::milliseconds limit, uint16_t* from) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return std::nullopt;
  char buf[65536];
  sockaddr_in a{};
  socklen_t len = sizeof(a);
  ssize_t n = ::recvfrom(fd_, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&a), &len);
  if (n < 0) return std::nullopt;
  if (from) *from = ntohs(a.sin_port);
  return std::string(buf, static_cast<size_t>(n));
}

std::optional<std::string> UdpPeer::receiveNow() {
  return receive(std::chrono::milliseconds(0));
}

uint16_t freeUdpPort() {
  UdpPeer p;
  return p.port();
}

Gateway startGateway(const std::vector<std::string>& args) {
  using namespace std::chrono_literals;
  for (int attempt = 0; attempt < 5; ++attempt) {
    Gateway g;
    g.port = freeUdpPort();
    std::vector<std::string> argv = {MSRPGW_BIN, "--set",
                                     "h248.listen=127.0.0.1:" + std::to_string(g.port)};
    argv.insert(argv.end(), args.begin(), args.end());
    g.process = std::make_unique<ChildProcess>(argv);
    if (!g.process->waitForErr("ready", 20s)) continue;
    if (g.process->err().find("h248 bind failed") != std::string::npos) continue;
    return g;
  }
  return {};
}

}  // namespace msrpgw::test
