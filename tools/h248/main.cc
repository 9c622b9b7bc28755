// h248: a small H.248 (text, UDP) client for people trying msrpgw and for tests.
//   h248 send --to 127.0.0.1:2944 'T=1{C=-{AV=ROOT{AT{PG}}}}'   (or --file FILE)
//     sends one message (a header "MEGACO/3 [ip]:port" is added when missing) and prints
//     every answer until the final reply (Pending answers are printed and waited past).
//   h248 mgc --listen 127.0.0.1:2945 --script FILE
//     a minimal MGC: waits for an MG's ServiceChange, accepts it, then sends each
//     non-empty, non-'#' line of FILE as one transaction's actions and prints the reply;
//     Notify requests from the MG are answered.
//   h248 mgc --listen 127.0.0.1:2945 --bench 10000 [--window 64]
//     after the registration, runs that many context lifecycles (Add with MSRP Local,
//     Modify with Remote, Subtract), `window` of them in flight, and prints the rate.
// Exit status: 0 on success, 1 when no answer came in time, 2 on bad usage.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"

namespace {

namespace h248 = msrpgw::proto::h248;
using Clock = std::chrono::steady_clock;

struct Endpoint {
  sockaddr_in addr{};
  std::string text;
};

std::optional<Endpoint> parseEndpoint(const std::string& s) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  Endpoint e;
  e.addr.sin_family = AF_INET;
  e.addr.sin_port = htons(static_cast<uint16_t>(std::atoi(s.c_str() + colon + 1)));
  if (inet_pton(AF_INET, s.substr(0, colon).c_str(), &e.addr.sin_addr) != 1) return std::nullopt;
  e.text = s;
  return e;
}

class Socket {
 public:
  explicit Socket(const sockaddr_in& bind_to) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr*>(&bind_to), sizeof(bind_to))) {
      std::perror("h248: bind");
      std::exit(2);
    }
    int buffer = 4 << 20;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
    sockaddr_in a{};
    socklen_t len = sizeof(a);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
    ip_ = ip;
  }
  ~Socket() { ::close(fd_); }
  void send(const sockaddr_in& to, const std::string& text) {
    ::sendto(fd_, text.data(), text.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to));
  }
  std::optional<std::string> receive(int timeout_ms, sockaddr_in* from) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    char buf[65536];
    socklen_t len = sizeof(*from);
    ssize_t n = ::recvfrom(fd_, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(from), &len);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }
  std::string header() const { return "MEGACO/3 [" + ip_ + "]:" + std::to_string(port_) + "\n"; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::string ip_;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool isFinal(const h248::Message& m) {
  for (const auto& t : m.transactions) {
    if (!std::holds_alternative<h248::TransactionPending>(t)) return true;
  }
  return m.error.has_value();
}

int runSend(const std::string& to, std::string message, int timeout_ms) {
  auto peer = parseEndpoint(to);
  if (!peer) {
    std::fprintf(stderr, "h248: --to must be ip:port\n");
    return 2;
  }
  sockaddr_in any{};
  any.sin_family = AF_INET;
  Socket sock(any);
  if (message.rfind("MEGACO/", 0) != 0 && message.rfind("!/", 0) != 0) {
    message = sock.header() + message;
  }
  sock.send(peer->addr, message);
  for (;;) {
    sockaddr_in from{};
    auto r = sock.receive(timeout_ms, &from);
    if (!r) {
      std::fprintf(stderr, "h248: no reply within %d ms\n", timeout_ms);
      return 1;
    }
    std::printf("%s\n", r->c_str());
    auto m = h248::parseMessage(*r);
    if (!m.ok() || isFinal(m.value())) return 0;
  }
}

// The MGC side: accepts the registration, answers Notify.
class Mgc {
 public:
  explicit Mgc(Socket& sock) : sock_(sock) {}

  bool awaitRegistration(int timeout_ms) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
      sockaddr_in from{};
      auto r = sock_.receive(100, &from);
      if (!r) continue;
      auto m = h248::parseMessage(*r);
      if (!m.ok()) continue;
      for (const auto& t : m.value().transactions) {
        const auto* req = std::get_if<h248::TransactionRequest>(&t);
        if (!req) continue;
        mg_ = from;
        std::printf("registration from %s:\n%s\n", inet_ntoa(from.sin_addr), r->c_str());
        reply(req->id, "{C=-{SC=ROOT}}");
        return true;
      }
    }
    return false;
  }

  // Sends a transaction; returns its id.
  uint32_t send(const std::string& actions) {
    uint32_t id = next_tid_++;
    sock_.send(mg_, sock_.header() + "T=" + std::to_string(id) + "{" + actions + "}");
    return id;
  }

  // Next final reply (Notify requests from the MG are answered on the way).
  std::optional<h248::TransactionReply> awaitReply(int timeout_ms, std::string* text) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
      sockaddr_in from{};
      auto r = sock_.receive(100, &from);
      if (!r) continue;
      auto m = h248::parseMessage(*r);
      if (!m.ok()) continue;
      for (const auto& t : m.value().transactions) {
        if (const auto* req = std::get_if<h248::TransactionRequest>(&t)) {
          answerRequest(*req);
        } else if (const auto* rep = std::get_if<h248::TransactionReply>(&t)) {
          if (text) *text = *r;
          return *rep;
        }
      }
    }
    return std::nullopt;
  }

 private:
  void reply(uint32_t id, const std::string& body) {
    sock_.send(mg_, sock_.header() + "P=" + std::to_string(id) + body);
  }
  void answerRequest(const h248::TransactionRequest& req) {
    std::string body = "{";
    for (size_t i = 0; i < req.actions.size(); ++i) {
      const auto& a = req.actions[i];
      body += (i ? "," : "") + std::string("C=") +
              (a.context_id == h248::kNullContext ? "-" : std::to_string(a.context_id)) + "{";
      for (size_t j = 0; j < a.commands.size(); ++j) {
        const auto& c = a.commands[j];
        body += (j ? "," : "") + std::string(c.kind == h248::CommandKind::kNotify ? "N=" : "SC=") +
                c.termination_id;
      }
      body += "}";
    }
    reply(req.id, body + "}");
  }

  Socket& sock_;
  sockaddr_in mg_{};
  uint32_t next_tid_ = 1;
};

int runScript(Mgc& mgc, const std::string& script, int timeout_ms) {
  std::istringstream in(script);
  std::string line;
  int failures = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // "\n" in a script line stands for a line break (for SDP inside L{} / R{}).
    std::string actions;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
        actions += '\n';
        ++i;
      } else {
        actions += line[i];
      }
    }
    mgc.send(actions);
    std::string text;
    if (!mgc.awaitReply(timeout_ms, &text)) {
      std::fprintf(stderr, "h248: no reply to: %s\n", line.c_str());
      return 1;
    }
    std::printf("%s\n", text.c_str());
    failures += text.find("ER=") != std::string::npos;
  }
  std::printf("# %d request(s) answered with an error\n", failures);
  return 0;
}

int runBench(Mgc& mgc, uint32_t cycles, uint32_t window, int timeout_ms) {
  const std::string local = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\na=setup:passive\n}";
  const std::string remote =
      "R{\nv=0\nc=IN IP4 198.51.100.7\nm=message 7394 TCP/MSRP *\n"
      "a=path:msrp://198.51.100.7:7394/abcd;tcp\na=setup:active\n}";
  struct Flight {
    int stage = 0;  // 0 add, 1 modify, 2 subtract
    uint32_t context = 0;
  };
  std::map<uint32_t, Flight> in_flight;  // by transaction id
  uint32_t started = 0, finished = 0, errors = 0;
  auto start = [&] {
    uint32_t id = mgc.send("C=${A=${M{ST=1{" + local + "}}}}");
    in_flight[id] = Flight{};
    ++started;
  };
  auto t0 = Clock::now();
  while (started < cycles && in_flight.size() < window) start();
  while (finished < cycles) {
    auto rep = mgc.awaitReply(timeout_ms, nullptr);
    if (!rep) {
      std::fprintf(stderr, "h248: bench stalled after %u lifecycles\n", finished);
      return 1;
    }
    auto it = in_flight.find(rep->id);
    if (it == in_flight.end()) continue;
    Flight f = it->second;
    in_flight.erase(it);
    bool failed = rep->error.has_value();
    for (const auto& a : rep->actions) {
      for (const auto& c : a.replies) {
        for (const auto& d : c.descriptors)
          failed |= std::holds_alternative<h248::ErrorDescriptor>(d);
      }
    }
    if (failed) ++errors;
    if (f.stage == 0 && !failed && !rep->actions.empty()) {
      f.context = rep->actions[0].context_id;
      f.stage = 1;
      in_flight[mgc.send("C=" + std::to_string(f.context) + "{MF=*{M{ST=1{" + remote + "}}}}")] = f;
    } else if (f.stage == 1) {
      f.stage = 2;
      in_flight[mgc.send("C=" + std::to_string(f.context) + "{S=*}")] = f;
    } else {
      ++finished;
      if (started < cycles) start();
    }
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf(
      "%u context lifecycles (Add+Modify+Subtract) in %.3f s: %.0f lifecycles/s, "
      "%.0f transactions/s, %u errors, window %u\n",
      cycles, secs, cycles / secs, 3 * cycles / secs, errors, window);
  return errors ? 1 : 0;
}

int run(int argc, char** argv) {
  CLI::App app{"h248: send H.248 text messages to an MG, or act as a minimal MGC"};
  app.require_subcommand(1);
  int timeout_ms = 5000;
  app.add_option("--timeout", timeout_ms, "ms to wait for each answer (default 5000)");

  auto* send = app.add_subcommand("send", "send one message and print the answers");
  std::string to, file, message;
  send->add_option("--to", to, "the MG, ip:port")->required();
  send->add_option("--file", file, "read the message from FILE");
  send->add_option("message", message, "the message, or only its transactions");

  auto* mgc = app.add_subcommand("mgc", "accept an MG's registration, then run commands");
  std::string listen = "127.0.0.1:2945", script;
  uint32_t bench = 0, window = 32;
  mgc->add_option("--listen", listen, "ip:port to listen on (default 127.0.0.1:2945)");
  mgc->add_option("--script", script, "file of actions, one transaction per line");
  mgc->add_option("--bench", bench, "run this many Add/Modify/Subtract lifecycles");
  mgc->add_option("--window", window, "lifecycles in flight during --bench (default 32)");
  CLI11_PARSE(app, argc, argv);

  if (send->parsed()) {
    if (!file.empty()) message = readFile(file);
    if (message.empty()) {
      std::fprintf(stderr, "h248: give a message or --file\n");
      return 2;
    }
    return runSend(to, message, timeout_ms);
  }
  auto addr = parseEndpoint(listen);
  if (!addr) {
    std::fprintf(stderr, "h248: --listen must be ip:port\n");
    return 2;
  }
  Socket sock(addr->addr);
  Mgc m(sock);
  std::fprintf(stderr, "h248: listening on %s\n", listen.c_str());
  if (!m.awaitRegistration(timeout_ms * 6)) {
    std::fprintf(stderr, "h248: no ServiceChange from an MG\n");
    return 1;
  }
  if (bench > 0) return runBench(m, bench, window == 0 ? 1 : window, timeout_ms);
  if (script.empty()) return 0;
  return runScript(m, readFile(script), timeout_ms);
}

}  // namespace

int main(int argc, char** argv) {
  // The one boundary where an exception (CLI11, std::stoul, a bad --file) becomes an exit code.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "h248: fatal: %s\n", e.what());
    return 1;
  }
}
