// H.248 over UDP (H.248.1 Annex D.1): one message per datagram; replies go to the source
// address of the request. Peers are named "ip:port" (IPv4) or "[ip]:port" (IPv6).
// Owner: control loop. Not thread-safe. Received bytes are valid only during the callback.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "control/transport/transport.h"
#include "media/loop/uv_handle.h"
#include "proto/base/result.h"

namespace msrpgw::control::transport {

struct TransportStats {
  uint64_t datagrams_received = 0;
  uint64_t datagrams_sent = 0;
  uint64_t send_errors = 0;
  uint64_t receive_errors = 0;
};

class UdpTransport : public Transport {
 public:
  UdpTransport(uv_loop_t* loop, OnMessage on_message);
  ~UdpTransport() override;
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  // Binds "ip:port" (port 0: any free port) and starts receiving. Errors: kSys with the
  // uv error code as `code` (negated, e.g. EADDRINUSE). May be called again after a failure.
  Status bind(const std::string& endpoint) override;
  uint16_t port() const override { return port_; }
  void send(const std::string& peer, const std::string& bytes) override;
  void close() override;
  bool reliable() const override { return false; }
  size_t maxMessageBytes() const override { return 65507; }
  const char* name() const override { return "udp"; }
  const TransportStats& stats() const { return stats_; }

 private:
  static void onAlloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf);
  static void onRecv(uv_udp_t* h, ssize_t n, const uv_buf_t* buf, const sockaddr* addr,
                     unsigned flags);

  uv_loop_t* loop_;
  OnMessage on_message_;
  std::unique_ptr<media::UvHandle<uv_udp_t>> udp_;  // null until bind, and after close
  uint16_t port_ = 0;
  char buffer_[65536];
  TransportStats stats_;
};

// "ip:port" / "[ip]:port" <-> sockaddr.
bool parseEndpoint(const std::string& endpoint, sockaddr_storage* out);
std::string endpointName(const sockaddr* addr);

}  // namespace msrpgw::control::transport
