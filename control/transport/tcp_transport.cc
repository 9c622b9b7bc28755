#include "control/transport/tcp_transport.h"

#include "control/transport/udp_transport.h"

namespace msrpgw::control::transport {

namespace {

Error uvError(int rc, const char* what) {
  return Error{Domain::kSys, static_cast<uint16_t>(-rc), what, kNoOffset};
}

struct WriteReq {
  uv_write_t req;
  std::string data;
};

struct ConnectReq {
  uv_connect_t req;
  TcpTransport* owner;
  std::string peer;
};

}  // namespace

TcpTransport::TcpTransport(uv_loop_t* loop, OnMessage on_message)
    : loop_(loop), on_message_(std::move(on_message)) {}

TcpTransport::~TcpTransport() {
  close();
}

Status TcpTransport::bind(const std::string& endpoint) {
  sockaddr_storage addr;
  if (!parseEndpoint(endpoint, &addr)) return uvError(-EINVAL, "bad H.248 listen address");
  listener_.reset();
  listener_ = std::make_unique<media::UvHandle<uv_tcp_t>>();
  int rc = uv_tcp_init(loop_, listener_->get());
  if (rc != 0) {
    listener_.reset();
    return uvError(rc, "uv_tcp_init");
  }
  listener_->markInitialised();
  (*listener_)->data = this;
  rc = uv_tcp_bind(listener_->get(), reinterpret_cast<const sockaddr*>(&addr), 0);
  if (rc == 0) rc = uv_listen(listener_->stream(), 64, onConnection);
  if (rc != 0) {
    listener_.reset();
    return uvError(rc, "bind failed");
  }
  sockaddr_storage bound;
  int len = sizeof(bound);
  uv_tcp_getsockname(listener_->get(), reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return {};
}

void TcpTransport::onConnection(uv_stream_t* server, int status) {
  auto* self = static_cast<TcpTransport*>(server->data);
  if (!self || status < 0) return;
  auto c = std::make_unique<Conn>();
  c->owner = self;
  uv_tcp_init(self->loop_, c->tcp.get());
  c->tcp.markInitialised();
  if (uv_accept(server, c->tcp.stream()) != 0) return;
  sockaddr_storage peer;
  int len = sizeof(peer);
  uv_tcp_getpeername(c->tcp.get(), reinterpret_cast<sockaddr*>(&peer), &len);
  c->peer = endpointName(reinterpret_cast<sockaddr*>(&peer));
  c->connected = true;
  Conn& ref = *c;
  self->conns_[c->peer] = std::move(c);  // replaces (closes) an older one to the same peer
  self->startReading(ref);
}

void TcpTransport::startReading(Conn& c) {
  c.tcp->data = &c;
  uv_read_start(
      c.tcp.stream(),
      [](uv_handle_t*, size_t suggested, uv_buf_t* buf) {
        *buf = uv_buf_init(new char[suggested], static_cast<unsigned>(suggested));
      },
      onRead);
}

void TcpTransport::onRead(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  std::unique_ptr<char[]> owned(buf->base);
  auto* c = static_cast<Conn*>(s->data);
  if (!c || n == 0) return;
  TcpTransport* self = c->owner;
  if (n < 0) {
    self->drop(c->peer);
    return;
  }
  std::string peer = c->peer;
  std::vector<std::string> messages;
  auto st = c->deframer.feed(std::string_view(buf->base, static_cast<size_t>(n)),
                             [&](std::string_view m) { messages.emplace_back(m); });
  if (st != TpktDeframer::Status::kOk) {
    self->drop(peer);
    return;
  }
  for (const std::string& m : messages) self->on_message_(peer, m);
}

void TcpTransport::send(const std::string& peer, const std::string& bytes) {
  auto it = conns_.find(peer);
  if (it != conns_.end()) {
    Conn& c = *it->second;
    if (c.connected) {
      write(c, tpktFrame(bytes));
    } else {
      c.waiting.push_back(tpktFrame(bytes));
    }
    return;
  }
  sockaddr_storage addr;
  if (!parseEndpoint(peer, &addr)) return;
  auto c = std::make_unique<Conn>();
  c->owner = this;
  c->peer = peer;
  if (uv_tcp_init(loop_, c->tcp.get()) != 0) return;
  c->tcp.markInitialised();
  c->tcp->data = c.get();
  c->waiting.push_back(tpktFrame(bytes));
  auto* req = new ConnectReq{{}, this, peer};
  if (uv_tcp_connect(&req->req, c->tcp.get(), reinterpret_cast<const sockaddr*>(&addr),
                     onConnect) != 0) {
    delete req;
    return;
  }
  conns_[peer] = std::move(c);
}

void TcpTransport::onConnect(uv_connect_t* r, int status) {
  std::unique_ptr<ConnectReq> req(reinterpret_cast<ConnectReq*>(r));
  if (status == UV_ECANCELED) return;  // the connection was closed meanwhile
  auto* c = static_cast<Conn*>(r->handle->data);
  if (!c) return;
  TcpTransport* self = c->owner;
  if (status < 0) {
    self->drop(c->peer);  // the queued messages are lost; our requests are retransmitted
    return;
  }
  c->connected = true;
  self->startReading(*c);
  std::vector<std::string> waiting;
  waiting.swap(c->waiting);
  for (auto& w : waiting) self->write(*c, std::move(w));
}

void TcpTransport::write(Conn& c, std::string framed) {
  auto* w = new WriteReq{{}, std::move(framed)};
  uv_buf_t b = uv_buf_init(w->data.data(), static_cast<unsigned>(w->data.size()));
  if (uv_write(&w->req, c.tcp.stream(), &b, 1,
               [](uv_write_t* req, int) { delete reinterpret_cast<WriteReq*>(req); }) != 0) {
    delete w;
  }
}

// A copy, not a reference: callers pass the dropped Conn's own peer, which the erase frees.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
void TcpTransport::drop(std::string peer) {
  conns_.erase(peer);  // UvHandle closes the socket; its data pointer is cleared first
}

void TcpTransport::close() {
  conns_.clear();
  listener_.reset();
  port_ = 0;
}

}  // namespace msrpgw::control::transport
