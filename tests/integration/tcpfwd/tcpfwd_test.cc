// tcpfwd, the raw forwarder of the benchmark, as a black box on 127.0.0.1: MSRP between two
// msrp tool processes through it (a text and a 16 MiB random file, saved file equal to the
// original, success REPORTs back through it), raw bytes both ways with a half-close in the
// middle, a receiver that does not read (the sender must be stopped, not buffered for),
// a target that refuses, and SIGTERM ending it with status 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "tests/integration/msrp_tool/harness.h"
#include "tests/support/subprocess.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

// A running tcpfwd and the port it listens on.
struct Fwd {
  std::unique_ptr<ChildProcess> proc;
  uint16_t port = 0;
};

Fwd startFwd(uint16_t to_port) {
  Fwd f;
  f.proc = std::make_unique<ChildProcess>(
      std::vector<std::string>{TCPFWD_BIN, "--listen", "127.0.0.1:0", "--to",
                               "127.0.0.1:" + std::to_string(to_port), "--print-port"});
  if (!waitForEvents(*f.proc, "listening", 1, 10s)) return f;
  f.port = parseEvents(f.proc->out()).front().value("port", 0);
  return f;
}

std::string randomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string s(n, '\0');
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t v = rng();
    std::memcpy(&s[i], &v, 8);
  }
  for (size_t i = n - n % 8; i < n; ++i) s[i] = static_cast<char>(rng());
  return s;
}

std::string readFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

int connectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// A listening TCP socket on 127.0.0.1 with a free port.
struct RawServer {
  int fd = -1;
  uint16_t port = 0;
  RawServer() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(fd, 16) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
      port = ntohs(a.sin_port);
  }
  ~RawServer() { ::close(fd); }
  // Waits (bounded) for one connection.
  int accept(std::chrono::milliseconds limit) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return -1;
    return ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  }
};

bool writeAll(int fd, const std::string& data) {
  for (size_t off = 0; off < data.size();) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Everything until the peer's FIN (or an error, or `limit` without any byte).
std::string readToEof(int fd, std::chrono::milliseconds limit, bool* clean_eof = nullptr) {
  std::string out;
  char buf[65536];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0 && clean_eof) *clean_eof = true;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void stopFwd(Fwd& f) {
  f.proc->signal(SIGTERM);
  EXPECT_EQ(f.proc->waitExit(10s), 0) << f.proc->err();
}

TEST(TcpFwd, CarriesMsrpTextAndLargeFileByteExact) {
  const std::string dir = tempPath("tcpfwd_in");
  std::filesystem::create_directories(dir);
  Listener b = startListener({"--expect-messages", "2", "--save-dir", dir, "--no-chunk-events"});
  ASSERT_NE(b.port, 0) << b.proc->err();
  Fwd fwd = startFwd(b.port);
  ASSERT_NE(fwd.port, 0) << fwd.proc->err();

  const std::string file = tempPath("tcpfwd_file.bin");
  const std::string content = randomBytes(16 * 1024 * 1024 + 333, 7);
  std::ofstream(file, std::ios::binary) << content;
  CommandResult a = runConnector(
      fwd.port, {"--send-text", "hello through tcpfwd", "--send-file", file, "--chunk-size",
                 "65536", "--success-report", "yes", "--no-chunk-events"});
  EXPECT_EQ(a.exit_code, 0) << a.out << a.err;
  ASSERT_EQ(b.proc->waitExit(30s), 0) << b.proc->out() << b.proc->err();

  auto sent = eventsNamed(parseEvents(a.out), "sent_message");
  auto got = eventsNamed(parseEvents(b.proc->out()), "recv_message");
  auto reports = eventsNamed(parseEvents(a.out), "report");
  ASSERT_EQ(sent.size(), 2u) << a.out;
  ASSERT_EQ(got.size(), 2u) << b.proc->out();
  EXPECT_EQ(got[0]["text"], "hello through tcpfwd");
  EXPECT_EQ(got[1]["size"], content.size());
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]);
  EXPECT_TRUE(readFile(got[1]["saved"].get<std::string>()) == content)
      << "the saved file equals the original byte for byte";
  ASSERT_EQ(reports.size(), 2u) << "success REPORTs come back through the forwarder";
  EXPECT_EQ(reports[1]["status"], 200);
  stopFwd(fwd);
}

TEST(TcpFwd, RawBytesBothWaysAcrossAHalfClose) {
  RawServer server;
  ASSERT_NE(server.port, 0);
  Fwd fwd = startFwd(server.port);
  ASSERT_NE(fwd.port, 0) << fwd.proc->err();
  const std::string up = randomBytes(24 * 1024 * 1024 + 17, 1);
  const std::string down = randomBytes(8 * 1024 * 1024 + 5, 2);

  // The server reads to the client's FIN and only then answers: that needs the FIN passed
  // on while the other direction stays open.
  std::string server_got;
  bool server_eof = false;
  std::thread srv([&] {
    int c = server.accept(10s);
    if (c < 0) return;
    server_got = readToEof(c, 10s, &server_eof);
    writeAll(c, down);
    ::close(c);
  });
  int fd = connectTo(fwd.port);
  ASSERT_GE(fd, 0);
  std::thread writer([&] {
    writeAll(fd, up);
    ::shutdown(fd, SHUT_WR);
  });
  bool client_eof = false;
  std::string client_got = readToEof(fd, 20s, &client_eof);
  writer.join();
  srv.join();
  ::close(fd);
  EXPECT_TRUE(server_eof);
  EXPECT_TRUE(client_eof);
  EXPECT_EQ(server_got.size(), up.size());
  EXPECT_TRUE(server_got == up) << "client -> server bytes differ";
  EXPECT_EQ(client_got.size(), down.size());
  EXPECT_TRUE(client_got == down) << "server -> client bytes differ";
  stopFwd(fwd);
}

TEST(TcpFwd, AReceiverThatDoesNotReadStopsTheSender) {
  RawServer server;
  ASSERT_NE(server.port, 0);
  Fwd fwd = startFwd(server.port);
  ASSERT_NE(fwd.port, 0) << fwd.proc->err();
  int fd = connectTo(fwd.port);
  ASSERT_GE(fd, 0);
  int peer = server.accept(10s);
  ASSERT_GE(peer, 0);

  // Offer up to 256 MiB without the server reading: the sender must block once the
  // socket buffers and the forwarder's pipe are full (a few MiB), not be buffered for.
  const std::string block = randomBytes(1 << 20, 3);
  size_t accepted = 0;
  while (accepted < (256u << 20)) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 1000) != 1) break;  // blocked for a second: back-pressure holds
    size_t off = accepted % block.size();
    ssize_t n = ::send(fd, block.data() + off, block.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) break;
    accepted += static_cast<size_t>(n);
  }
  EXPECT_LT(accepted, 64u << 20) << "the forwarder kept reading a sender nobody drains";
  EXPECT_GT(accepted, 0u);
  ::shutdown(fd, SHUT_WR);
  // Once the server reads, every accepted byte arrives, in order.
  bool eof = false;
  std::string got = readToEof(peer, 10s, &eof);
  EXPECT_TRUE(eof);
  ASSERT_EQ(got.size(), accepted);
  for (size_t off = 0; off < got.size(); off += block.size()) {
    size_t n = std::min(block.size(), got.size() - off);
    ASSERT_EQ(got.compare(off, n, block, 0, n), 0) << "at offset " << off;
  }
  ::close(peer);
  ::close(fd);
  stopFwd(fwd);
}

TEST(TcpFwd, ARefusingTargetClosesTheClientAndTheForwarderGoesOn) {
  uint16_t dead_port = 0;
  {
    RawServer gone;  // a port that was free a moment ago and is closed now
    dead_port = gone.port;
  }
  Fwd fwd = startFwd(dead_port);
  ASSERT_NE(fwd.port, 0) << fwd.proc->err();
  for (int i = 0; i < 3; ++i) {
    int fd = connectTo(fwd.port);
    ASSERT_GE(fd, 0);
    std::string got = readToEof(fd, 5s);
    EXPECT_TRUE(got.empty());
    pollfd p{fd, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 0), 1) << "the client connection was closed";
    ::close(fd);
  }
  stopFwd(fwd);
}

size_t openDescriptors(pid_t pid) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++n;
  return n;
}

TEST(TcpFwd, IdleConnectionsHoldNoPipes) {
  RawServer server;
  ASSERT_NE(server.port, 0);
  Fwd fwd = startFwd(server.port);
  ASSERT_NE(fwd.port, 0) << fwd.proc->err();
  const size_t before = openDescriptors(fwd.proc->pid());
  constexpr int kPairs = 300;
  std::vector<int> clients, peers;
  for (int i = 0; i < kPairs; ++i) {
    int c = connectTo(fwd.port);
    ASSERT_GE(c, 0);
    int s = server.accept(10s);
    ASSERT_GE(s, 0);
    // A few bytes each way, then the pair is idle.
    ASSERT_TRUE(writeAll(c, "ping" + std::to_string(i)));
    ASSERT_TRUE(writeAll(s, "pong" + std::to_string(i)));
    clients.push_back(c);
    peers.push_back(s);
  }
  for (int i = 0; i < kPairs; ++i) {
    char buf[32];
    pollfd p{peers[i], POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
    ssize_t n = ::recv(peers[i], buf, sizeof buf, 0);
    ASSERT_EQ(std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0))),
              "ping" + std::to_string(i));
    p = {clients[i], POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
    n = ::recv(clients[i], buf, sizeof buf, 0);
    ASSERT_EQ(std::string(buf, static_cast<size_t>(std::max<ssize_t>(n, 0))),
              "pong" + std::to_string(i));
  }
  // Two sockets per idle pair, and a small bounded pool of spare pipes: not six per pair.
  const size_t now = openDescriptors(fwd.proc->pid());
  EXPECT_GE(now, before + size_t{2} * kPairs);
  EXPECT_LE(now, before + size_t{2} * kPairs + size_t{2} * 256) << "pipes held by idle pairs";
  EXPECT_LT(now, before + size_t{2} * kPairs + kPairs) << "pipes held by idle pairs";
  for (int fd : clients) ::close(fd);
  for (int fd : peers) ::close(fd);
  stopFwd(fwd);
}

}  // namespace
}  // namespace msrpgw::test
