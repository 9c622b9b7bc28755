// The real msrpgw over TCP with TPKT framing (RFC 1006): it connects to the scripted MGC,
// registers, and serves an MSRP context lifecycle on the same connection.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "tests/integration/h248/udp_peer.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

class TcpMgc {
 public:
  TcpMgc() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
    ::listen(listen_fd_, 4);
    socklen_t len = sizeof(a);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~TcpMgc() {
    if (fd_ >= 0) ::close(fd_);
    ::close(listen_fd_);
  }
  uint16_t port() const { return port_; }
  bool accept(std::chrono::milliseconds limit) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
    fd_ = ::accept(listen_fd_, nullptr, nullptr);
    return fd_ >= 0;
  }
  // Sends `text` in a TPKT frame, in two writes split inside the header to exercise the
  // MG's deframer.
  void send(const std::string& text) {
    size_t len = text.size() + 4;
    std::string f = {3, 0, static_cast<char>(len >> 8), static_cast<char>(len & 0xff)};
    f += text;
    ASSERT_EQ(::write(fd_, f.data(), 2), 2);
    ASSERT_EQ(::write(fd_, f.data() + 2, f.size() - 2), static_cast<ssize_t>(f.size() - 2));
  }
  // The next TPKT payload.
  std::optional<std::string> receive(std::chrono::milliseconds limit) {
    while (true) {
      if (buf_.size() >= 4) {
        size_t len =
            (static_cast<unsigned char>(buf_[2]) << 8) | static_cast<unsigned char>(buf_[3]);
        EXPECT_EQ(buf_[0], 3);
        if (buf_.size() >= len) {
          std::string m = buf_.substr(4, len - 4);
          buf_.erase(0, len);
          return m;
        }
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return std::nullopt;
      char b[65536];
      ssize_t n = ::read(fd_, b, sizeof(b));
      if (n <= 0) return std::nullopt;
      buf_.append(b, static_cast<size_t>(n));
    }
  }

 private:
  int listen_fd_ = -1;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::string buf_;
};

uint32_t transactionId(const std::string& text) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(text, m, std::regex(R"(T=(\d+))"))) << text;
  return m.empty() ? 0 : static_cast<uint32_t>(std::stoul(m[1]));
}

TEST(MgOverTcp, RegistersAndServesAnMsrpContextOverTpkt) {
  TcpMgc mgc;
  Gateway gw = startGateway({"--set", "h248.transport=tcp", "--set",
                             "h248.mgc=[\"127.0.0.1:" + std::to_string(mgc.port()) + "\"]", "--set",
                             "media.engine=signalling", "--set", "h248.shutdown.wait_ms=5000"});
  ASSERT_TRUE(gw.process);
  ASSERT_TRUE(mgc.accept(10s)) << gw.process->err();
  auto sc = mgc.receive(10s);
  ASSERT_TRUE(sc.has_value());
  EXPECT_NE(sc->find("SC=ROOT{SV{MT=RS,RE=\"901 Cold Boot\""), std::string::npos) << *sc;
  const std::string hdr = "MEGACO/3 [127.0.0.1]:" + std::to_string(mgc.port()) + "\n";
  mgc.send(hdr + "P=" + std::to_string(transactionId(*sc)) + "{C=-{SC=ROOT}}");
  ASSERT_TRUE(gw.process->waitForErr("registered", 10s)) << gw.process->err();
  mgc.send(hdr + "T=1{C=${A=${M{ST=1{L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\n}}}}}}");
  auto r = mgc.receive(10s);
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->find("P=1{C=1{A=msrp/1{M{ST=1{L{"), std::string::npos) << *r;
  mgc.send(hdr + "T=2{C=1{S=msrp/1}}");
  r = mgc.receive(10s);
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->find("S=msrp/1{SA{nt/dur="), std::string::npos) << *r;
  gw.process->signal(SIGTERM);
  auto gr = mgc.receive(10s);
  ASSERT_TRUE(gr.has_value());
  EXPECT_NE(gr->find("MT=GR"), std::string::npos) << *gr;
  mgc.send(hdr + "P=" + std::to_string(transactionId(*gr)) + "{C=-{SC=ROOT}}");
  auto code = gw.process->waitExit(10s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

}  // namespace
}  // namespace msrpgw::test
