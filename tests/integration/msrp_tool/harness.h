// Helpers for driving the `msrp` tool in tests: a listening instance whose port is read
// from its first JSON line, the JSON events of an instance, bounded waits for an event,
// and a raw TCP client for speaking MSRP byte by byte.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace msrpgw::test {

using Json = nlohmann::json;

inline const std::string kMsrpBin = MSRP_TOOL_BIN;

// Every complete JSON line of `out` (a partial last line is skipped).
std::vector<Json> parseEvents(const std::string& out);
// The events named `name`.
std::vector<Json> eventsNamed(const std::vector<Json>& events, const std::string& name);

// A `msrp --listen 127.0.0.1:0 --json ...` instance, started and waited for.
struct Listener {
  std::unique_ptr<ChildProcess> proc;
  uint16_t port = 0;
  std::string local_uri;
};
Listener startListener(const std::vector<std::string>& extra_args);

// Waits (bounded) until an event named `name` satisfying `n` occurrences is printed.
bool waitForEvents(const ChildProcess& p, const std::string& name, size_t n,
                   std::chrono::milliseconds limit);

// Runs `msrp --connect 127.0.0.1:port --json ...` to completion.
CommandResult runConnector(uint16_t port, const std::vector<std::string>& extra_args);

// A blocking TCP client with bounded reads.
class RawClient {
 public:
  explicit RawClient(uint16_t port);
  ~RawClient();
  bool connected() const { return fd_ >= 0; }
  void send(const std::string& bytes);
  // Reads until `needle` appears in everything read so far or `limit` passes.
  bool readUntil(const std::string& needle, std::chrono::milliseconds limit);
  // Reads until the peer closes (true) or `limit` passes (false).
  bool readUntilClosed(std::chrono::milliseconds limit);
  const std::string& received() const { return in_; }

 private:
  bool readSome(std::chrono::milliseconds limit, bool& closed);
  int fd_ = -1;
  std::string in_;
};

}  // namespace msrpgw::test
