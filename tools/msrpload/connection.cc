#include "tools/msrpload/connection.h"

namespace msrpgw::tools::msrpload {
namespace {
// One read buffer for the whole loop: reads are consumed within their callback.
char g_read_buffer[256 * 1024];
}  // namespace

Connection::Connection(uv_loop_t* loop, ConnectionHandler& h, uint32_t id)
    : h_(h), id_(id), tcp_(new uv_tcp_t), parser_(*this) {
  uv_tcp_init(loop, tcp_);
  tcp_->data = this;
  connect_req_.data = this;
  write_req_.data = this;
}

Connection::~Connection() {
  close();
}

int Connection::connect(const sockaddr_in& to) {
  uv_tcp_nodelay(tcp_, 1);
  return uv_tcp_connect(&connect_req_, tcp_, reinterpret_cast<const sockaddr*>(&to), onConnect);
}

int Connection::accept(uv_stream_t* server) {
  int rc = uv_accept(server, reinterpret_cast<uv_stream_t*>(tcp_));
  if (rc != 0) return rc;
  uv_tcp_nodelay(tcp_, 1);
  open_ = true;
  startReading();
  return 0;
}

void Connection::close() {
  if (closing_) return;
  closing_ = true;
  open_ = false;
  tcp_->data = nullptr;  // the handle outlives us until its close callback
  uv_close(reinterpret_cast<uv_handle_t*>(tcp_), onCloseCb);
}

void Connection::onCloseCb(uv_handle_t* h) {
  delete reinterpret_cast<uv_tcp_t*>(h);
}

void Connection::onConnect(uv_connect_t* req, int status) {
  auto* c = static_cast<Connection*>(req->data);
  if (status == UV_ECANCELED || c->closing_) return;
  if (status == 0) {
    c->open_ = true;
    c->startReading();
  }
  c->h_.onConnected(*c, status);
}

void Connection::startReading() {
  uv_read_start(reinterpret_cast<uv_stream_t*>(tcp_), onAlloc, onRead);
}

void Connection::onAlloc(uv_handle_t*, size_t, uv_buf_t* buf) {
  *buf = uv_buf_init(g_read_buffer, sizeof g_read_buffer);
}

void Connection::onRead(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  auto* c = static_cast<Connection*>(s->data);
  if (c == nullptr || n == 0) return;
  if (n < 0) {
    c->fail(n == UV_EOF ? "peer_closed" : uv_err_name(static_cast<int>(n)));
    return;
  }
  std::string_view in(buf->base, static_cast<size_t>(n));
  while (!in.empty() && !c->closing_) {
    auto r = c->parser_.feed(in);
    if (r.status == proto::msrp::FeedStatus::kError) {
      c->fail("framing");
      return;
    }
    in.remove_prefix(r.consumed);
  }
  if (!c->closing_) c->flush();
}

void Connection::flush() {
  if (write_running_ || out_.empty() || !open_) return;
  writing_.swap(out_);
  out_.clear();
  uv_buf_t b = uv_buf_init(writing_.data(), static_cast<unsigned>(writing_.size()));
  int rc = uv_write(&write_req_, reinterpret_cast<uv_stream_t*>(tcp_), &b, 1, onWrite);
  if (rc != 0) {
    fail(uv_err_name(rc));
    return;
  }
  write_running_ = true;
}

void Connection::onWrite(uv_write_t* req, int status) {
  auto* c = static_cast<Connection*>(req->data);
  c->write_running_ = false;
  c->writing_.clear();
  if (c->closing_) return;
  if (status != 0) {
    c->fail(uv_err_name(status));
    return;
  }
  c->h_.onWritable(*c);
  c->flush();
}

void Connection::fail(const char* why) {
  if (closing_) return;
  open_ = false;
  h_.onClosed(*this, why);
}

void Connection::onHead(const proto::msrp::FrameHead& head) {
  h_.onHead(*this, head);
}
void Connection::onBody(ByteView piece) {
  h_.onBody(*this, asText(piece));
}
void Connection::onEnd(proto::msrp::EndFlag flag) {
  h_.onEnd(*this, flag);
}

}  // namespace msrpgw::tools::msrpload
