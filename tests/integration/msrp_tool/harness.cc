#include "tests/integration/msrp_tool/harness.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "tests/support/loopback.h"

namespace msrpgw::test {

std::vector<Json> parseEvents(const std::string& out) {
  std::vector<Json> events;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline yet: still being written
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_discarded()) events.push_back(std::move(j));
  }
  return events;
}

std::vector<Json> eventsNamed(const std::vector<Json>& events, const std::string& name) {
  std::vector<Json> out;
  for (const Json& e : events) {
    if (e.value("event", "") == name) out.push_back(e);
  }
  return out;
}

bool waitForEvents(const ChildProcess& p, const std::string& name, size_t n,
                   std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (eventsNamed(parseEvents(p.out()), name).size() >= n) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Listener startListener(const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {kMsrpBin, "--listen",     "127.0.0.1:0",
                                   "--json", "--timeout-ms", "30000"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  Listener l;
  l.proc = std::make_unique<ChildProcess>(argv);
  if (!waitForEvents(*l.proc, "listening", 1, std::chrono::seconds(10))) return l;
  Json first = parseEvents(l.proc->out()).front();
  l.port = first.value("port", 0);
  l.local_uri = first.value("local_uri", "");
  return l;
}

CommandResult runConnector(uint16_t port, const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {kMsrpBin, "--connect",    "127.0.0.1:" + std::to_string(port),
                                   "--json", "--timeout-ms", "30000"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  return runCommand(argv);
}

RawClient::RawClient(uint16_t port) : fd_(connectLoopback(port)) {}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

void RawClient::send(const std::string& bytes) {
  size_t done = 0;
  while (fd_ >= 0 && done < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

bool RawClient::readSome(std::chrono::milliseconds limit, bool& closed) {
  closed = false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    closed = true;
    return false;
  }
  in_.append(buf, static_cast<size_t>(n));
  return true;
}

bool RawClient::readUntil(const std::string& needle, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (in_.find(needle) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return false;
    bool closed = false;
    readSome(left, closed);
    if (closed) return in_.find(needle) != std::string::npos;
  }
  return true;
}

bool RawClient::readUntilClosed(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return false;
    bool closed = false;
    readSome(left, closed);
    if (closed) return true;
  }
}

}  // namespace msrpgw::test
