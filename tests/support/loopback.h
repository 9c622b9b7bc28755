// TCP on 127.0.0.1 for tests that play a peer of a real process: connect to a port, or
// pick a port that was free a moment ago (for a process that must be told its port).
#pragma once

#include <cstdint>

namespace msrpgw::test {

// A blocking connect to 127.0.0.1:port; the connected socket (CLOEXEC, the caller closes
// it) or -1.
int connectLoopback(uint16_t port);

// A TCP port on 127.0.0.1 that was free a moment ago, or 0.
uint16_t freeTcpPort();

}  // namespace msrpgw::test
