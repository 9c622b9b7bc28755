// Why a connection ended: stable snake_case names for statistics, logs and the
// "cause" of H.248 events.
#pragma once

#include <cstdint>

namespace msrpgw::media {

enum class CloseReason : uint8_t {
  kLocal,          // we closed it (teardown, Subtract)
  kPeerClosed,     // orderly EOF from the peer
  kPeerReset,      // ECONNRESET / EPIPE
  kConnectFailed,  // an active connect did not succeed
  kReadError,      // another read error
  kWriteError,     // a write failed
  kProtocolError,  // the peer sent what MSRP forbids (after our 400 where one is due)
  kIdleTimeout,    // nothing valid arrived in time
};

constexpr const char* closeReasonName(CloseReason r) {
  switch (r) {
    case CloseReason::kLocal: return "local";
    case CloseReason::kPeerClosed: return "peer_closed";
    case CloseReason::kPeerReset: return "peer_reset";
    case CloseReason::kConnectFailed: return "connect_failed";
    case CloseReason::kReadError: return "read_error";
    case CloseReason::kWriteError: return "write_error";
    case CloseReason::kProtocolError: return "protocol_error";
    case CloseReason::kIdleTimeout: return "idle_timeout";
  }
  return "unknown";
}

}  // namespace msrpgw::media
