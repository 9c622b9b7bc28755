// A TCP listening socket on a worker loop; each accepted connection goes to the callback
// as a TcpConnection (no handler set, not reading yet).
// Owner: its worker loop. Not thread-safe.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <string>

#include "media/connection/tcp_connection.h"

namespace msrpgw::media {

class Listener {
 public:
  using OnAccept = std::function<void(std::unique_ptr<TcpConnection>)>;

  // Binds ip:port (port 0 picks a free one) and listens.
  static Result<std::unique_ptr<Listener>> listen(uv_loop_t* loop, const std::string& ip,
                                                  uint16_t port, buffer::BlockPool& pool,
                                                  OnAccept on_accept);
  uint16_t port() const { return port_; }
  // Connections that failed in accept (counted, not reported).
  uint64_t acceptErrors() const { return accept_errors_; }

 private:
  Listener(buffer::BlockPool& pool, OnAccept cb) : pool_(pool), on_accept_(std::move(cb)) {}
  static void onConnection(uv_stream_t* server, int status);

  buffer::BlockPool& pool_;
  OnAccept on_accept_;
  UvHandle<uv_tcp_t> tcp_;
  uint16_t port_ = 0;
  uint64_t accept_errors_ = 0;
};

// Fills `out` from "ip" and port; false when ip is not an IPv4 or IPv6 literal.
bool makeSockaddr(const std::string& ip, uint16_t port, sockaddr_storage& out);

}  // namespace msrpgw::media
