#include "control/transport/udp_transport.h"

#include <cstring>

namespace msrpgw::control::transport {

bool parseEndpoint(const std::string& endpoint, sockaddr_storage* out) {
  size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = endpoint.substr(0, colon);
  int port = std::atoi(endpoint.c_str() + colon + 1);
  if (port < 0 || port > 65535) return false;
  std::memset(out, 0, sizeof(*out));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    return uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(out)) == 0;
  }
  return uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(out)) == 0;
}

std::string endpointName(const sockaddr* addr) {
  char host[INET6_ADDRSTRLEN] = {0};
  if (addr->sa_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(addr);
    uv_ip6_name(a, host, sizeof(host));
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(a->sin6_port));
  }
  const auto* a = reinterpret_cast<const sockaddr_in*>(addr);
  uv_ip4_name(a, host, sizeof(host));
  return std::string(host) + ":" + std::to_string(ntohs(a->sin_port));
}

UdpTransport::UdpTransport(uv_loop_t* loop, OnMessage on_message)
    : loop_(loop), on_message_(std::move(on_message)) {}

UdpTransport::~UdpTransport() {
  close();
}

Status UdpTransport::bind(const std::string& endpoint) {
  sockaddr_storage addr;
  if (!parseEndpoint(endpoint, &addr)) {
    return Error{Domain::kSys, static_cast<uint16_t>(EINVAL), "bad H.248 listen address",
                 kNoOffset};
  }
  close();
  udp_ = std::make_unique<media::UvHandle<uv_udp_t>>();
  int rc = uv_udp_init(loop_, udp_->get());
  if (rc != 0) {
    udp_.reset();
    return Error{Domain::kSys, static_cast<uint16_t>(-rc), "uv_udp_init", kNoOffset};
  }
  udp_->markInitialised();
  (*udp_)->data = this;
  rc = uv_udp_bind(udp_->get(), reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc != 0) {
    close();
    return Error{Domain::kSys, static_cast<uint16_t>(-rc), "bind failed", kNoOffset};
  }
  sockaddr_storage bound;
  int len = sizeof(bound);
  uv_udp_getsockname(udp_->get(), reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  // Bursts from an MGC should queue in the kernel, not be lost (capped by rmem_max).
  int buffer = 4 << 20;
  uv_recv_buffer_size(udp_->handle(), &buffer);
  rc = uv_udp_recv_start(udp_->get(), onAlloc, onRecv);
  if (rc != 0) {
    close();
    return Error{Domain::kSys, static_cast<uint16_t>(-rc), "recv failed", kNoOffset};
  }
  return {};
}

void UdpTransport::onAlloc(uv_handle_t* h, size_t, uv_buf_t* buf) {
  auto* self = static_cast<UdpTransport*>(h->data);
  if (!self) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  *buf = uv_buf_init(self->buffer_, sizeof(self->buffer_));
}

void UdpTransport::onRecv(uv_udp_t* h, ssize_t n, const uv_buf_t* buf, const sockaddr* addr,
                          unsigned flags) {
  auto* self = static_cast<UdpTransport*>(h->data);
  if (!self) return;
  if (n < 0) {
    ++self->stats_.receive_errors;  // e.g. ICMP port unreachable from a silent MGC
    return;
  }
  if (n == 0 || !addr) return;
  if (flags & UV_UDP_PARTIAL) {
    ++self->stats_.receive_errors;
    return;
  }
  ++self->stats_.datagrams_received;
  self->on_message_(endpointName(addr), std::string_view(buf->base, static_cast<size_t>(n)));
}

void UdpTransport::send(const std::string& peer, const std::string& bytes) {
  if (!udp_) return;
  sockaddr_storage addr;
  if (!parseEndpoint(peer, &addr)) {
    ++stats_.send_errors;
    return;
  }
  uv_buf_t b = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  int rc = uv_udp_try_send(udp_->get(), &b, 1, reinterpret_cast<const sockaddr*>(&addr));
  if (rc >= 0) {
    ++stats_.datagrams_sent;
    return;
  }
  if (rc != UV_EAGAIN) {
    ++stats_.send_errors;
    return;
  }
  struct Req {
    uv_udp_send_t req;
    std::string data;
  };
  auto* r = new Req{{}, bytes};
  b = uv_buf_init(r->data.data(), static_cast<unsigned>(r->data.size()));
  rc = uv_udp_send(&r->req, udp_->get(), &b, 1, reinterpret_cast<const sockaddr*>(&addr),
                   [](uv_udp_send_t* req, int) { delete reinterpret_cast<Req*>(req); });
  if (rc != 0) {
    delete r;
    ++stats_.send_errors;
    return;
  }
  ++stats_.datagrams_sent;
}

void UdpTransport::close() {
  udp_.reset();
  port_ = 0;
}

}  // namespace msrpgw::control::transport
