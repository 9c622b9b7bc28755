#include "media/connection/listener.h"

#include <arpa/inet.h>

#include <cstring>

namespace msrpgw::media {

bool makeSockaddr(const std::string& ip, uint16_t port, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (uv_ip4_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in*>(&out)) == 0) return true;
  return uv_ip6_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in6*>(&out)) == 0;
}

Result<std::unique_ptr<Listener>> Listener::listen(uv_loop_t* loop, const std::string& ip,
                                                   uint16_t port, buffer::BlockPool& pool,
                                                   OnAccept on_accept) {
  std::unique_ptr<Listener> l(new Listener(pool, std::move(on_accept)));
  sockaddr_storage addr;
  if (!makeSockaddr(ip, port, addr)) return Error{Domain::kSys, 22, "not an IP address", kNoOffset};
  int rc = uv_tcp_init(loop, l->tcp_.get());
  if (rc != 0) return Error{Domain::kSys, static_cast<uint16_t>(-rc), "uv_tcp_init", kNoOffset};
  l->tcp_.markInitialised();
  l->tcp_->data = l.get();
  rc = uv_tcp_bind(l->tcp_.get(), reinterpret_cast<sockaddr*>(&addr), 0);
  if (rc == 0) rc = uv_listen(l->tcp_.stream(), 511, &Listener::onConnection);
  if (rc != 0) return Error{Domain::kSys, static_cast<uint16_t>(-rc), "cannot listen", kNoOffset};
  sockaddr_storage bound{};
  int len = sizeof bound;
  uv_tcp_getsockname(l->tcp_.get(), reinterpret_cast<sockaddr*>(&bound), &len);
  l->port_ = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                              : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return l;
}

void Listener::onConnection(uv_stream_t* server, int status) {
  auto* self = static_cast<Listener*>(server->data);
  if (!self) return;
  if (status != 0) {
    ++self->accept_errors_;
    return;
  }
  auto conn = TcpConnection::accept(server, self->pool_);
  if (!conn.ok()) {
    ++self->accept_errors_;
    return;
  }
  self->on_accept_(std::move(conn).value());
}

}  // namespace msrpgw::media
