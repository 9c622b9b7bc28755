// Kamailio's MSRP relay (Debian kamailio 5.6 with the reference configuration) as a test
// peer: tools/kamailio-relay on a free port, waited for until it accepts connections, and
// stopped with SIGTERM (kamailio's worker processes end with it; SIGKILL would orphan
// them, so the destructor never starts with SIGKILL).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/subprocess.h"

namespace msrpgw::test {

class KamailioRelay {
 public:
  // Starts the relay (pass-through mode, or the config's AUTH mode); running() tells
  // whether it came up (retried on another port when the chosen one was taken).
  explicit KamailioRelay(bool auth = false);
  ~KamailioRelay();  // SIGTERM, then waits; SIGKILL only if it does not end
  KamailioRelay(const KamailioRelay&) = delete;
  KamailioRelay& operator=(const KamailioRelay&) = delete;

  bool running() const { return proc_ != nullptr; }  // started and not stopped
  uint16_t port() const { return port_; }
  // The relay's own MSRP URI with any session part (pass-through mode ignores it).
  std::string uri(const std::string& session = "relay") const;
  // Sends SIGTERM and returns kamailio's exit status (nullopt: still running after `limit`);
  // once it ended, later calls return the same status.
  std::optional<int> stop(std::chrono::milliseconds limit);
  std::string log() const { return proc_ ? proc_->err() : log_; }

 private:
  std::unique_ptr<ChildProcess> proc_;
  uint16_t port_ = 0;
  std::optional<int> stopped_;
  std::string log_;
};

}  // namespace msrpgw::test
