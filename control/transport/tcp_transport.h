// H.248 over TCP with TPKT framing (H.248.1 Annex D.2, RFC 1006). msrpgw listens on its
// H.248 address for MGCs that connect, and connects to an MGC itself when it has
// something to send and no connection to that MGC is up (messages wait for the connect).
// A peer is the remote "ip:port" of its connection. A framing error closes the
// connection; so does a read error or EOF. Nothing is retransmitted by the transport.
// Owner: control loop. Not thread-safe.
#pragma once

#include <uv.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "control/transport/tpkt.h"
#include "control/transport/transport.h"
#include "media/loop/uv_handle.h"

namespace msrpgw::control::transport {

class TcpTransport : public Transport {
 public:
  TcpTransport(uv_loop_t* loop, OnMessage on_message);
  ~TcpTransport() override;

  Status bind(const std::string& endpoint) override;
  uint16_t port() const override { return port_; }
  void send(const std::string& peer, const std::string& bytes) override;
  void close() override;
  bool reliable() const override { return true; }
  size_t maxMessageBytes() const override { return kTpktMaxPayload; }
  const char* name() const override { return "tcp"; }

  size_t connections() const { return conns_.size(); }

 private:
  struct Conn {
    TcpTransport* owner = nullptr;
    std::string peer;
    media::UvHandle<uv_tcp_t> tcp;
    TpktDeframer deframer;
    bool connected = false;
    std::vector<std::string> waiting;  // framed messages queued before the connect finished
  };

  static void onConnection(uv_stream_t* server, int status);
  static void onConnect(uv_connect_t* req, int status);
  static void onRead(uv_stream_t* s, ssize_t n, const uv_buf_t* buf);
  void write(Conn& c, std::string framed);
  void drop(std::string peer);
  void startReading(Conn& c);

  uv_loop_t* loop_;
  OnMessage on_message_;
  std::unique_ptr<media::UvHandle<uv_tcp_t>> listener_;
  uint16_t port_ = 0;
  std::map<std::string, std::unique_ptr<Conn>> conns_;
};

}  // namespace msrpgw::control::transport
