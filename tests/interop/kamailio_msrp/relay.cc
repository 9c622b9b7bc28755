#include "tests/interop/kamailio_msrp/relay.h"

#include <csignal>
#include <thread>

#include "tests/integration/msrp_tool/harness.h"
#include "tests/support/loopback.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

// The listening socket accepts before kamailio has forked its workers, so "ready" is a
// worker's answer: a bodiless SEND addressed to the relay alone gets 481 from the script.
bool answers(uint16_t port) {
  RawClient c(port);
  if (!c.connected()) return false;
  const std::string uri = "msrp://127.0.0.1:" + std::to_string(port) + "/ready;tcp";
  c.send("MSRP readyProbe01 SEND\r\nTo-Path: " + uri +
         "\r\nFrom-Path: msrp://127.0.0.1:9/probe;tcp\r\nMessage-ID: readyProbe\r\n"
         "Byte-Range: 1-0/0\r\n-------readyProbe01$\r\n");
  return c.readUntil("MSRP readyProbe01 481", 500ms);
}

}  // namespace

KamailioRelay::KamailioRelay(bool auth) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    uint16_t port = freeTcpPort();
    std::vector<std::string> argv = {MSRPGW_SOURCE_DIR "/tools/kamailio-relay", "--port",
                                     std::to_string(port)};
    if (auth) argv.push_back("--auth");
    auto p = std::make_unique<ChildProcess>(argv);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    bool up = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (p->waitExit(0ms).has_value()) break;  // e.g. the port was taken meanwhile
      if (answers(port)) {
        up = true;
        break;
      }
      std::this_thread::sleep_for(20ms);
    }
    if (!up) {
      p->signal(SIGTERM);
      p->waitExit(10s);
      continue;
    }
    proc_ = std::move(p);
    port_ = port;
    return;
  }
}

KamailioRelay::~KamailioRelay() {
  if (proc_ && !stop(10s)) proc_->signal(SIGKILL);
}

std::optional<int> KamailioRelay::stop(std::chrono::milliseconds limit) {
  if (!proc_) return stopped_;
  proc_->signal(SIGTERM);
  stopped_ = proc_->waitExit(limit);
  if (stopped_) {
    log_ = proc_->err();
    proc_.reset();  // reaped: never signal that pid again
  }
  return stopped_;
}

std::string KamailioRelay::uri(const std::string& session) const {
  return "msrp://127.0.0.1:" + std::to_string(port_) + "/" + session + ";tcp";
}

}  // namespace msrpgw::test
