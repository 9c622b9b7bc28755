// Reads a new connection on the shared port until the head of its first request is
// complete, and reports the session-id its To-Path names (plus what is needed to answer
// it), with every byte read so far so the leg can parse them again.
// Owner: the worker loop of the listener. Not thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "media/connection/tcp_connection.h"
#include "proto/msrp/parser.h"

namespace msrpgw::media {

struct FirstFrame {
  std::string session_id;  // of the first To-Path URI; empty when it had none
  std::string tid;
  std::string from_first;  // first From-Path URI: where a response goes
  std::string to_first;    // first To-Path URI: who answers
  bool is_request = false;
  bool answerable = false;  // a request that takes a response (not a REPORT)
};

class FirstFrameReader final : private TcpConnection::Handler, private proto::msrp::FrameSink {
 public:
  // done(conn, first, bytes) once the head is read; failed(conn) when the peer sends
  // no valid head (bad framing, more than the head limit, or it closes).
  using Done = std::function<void(std::unique_ptr<TcpConnection>, FirstFrame, std::string)>;
  using Failed = std::function<void(FirstFrameReader*)>;

  FirstFrameReader(std::unique_ptr<TcpConnection> conn, proto::msrp::ParserLimits limits, Done done,
                   Failed failed);
  ~FirstFrameReader() override;
  TcpConnection* connection() const { return conn_.get(); }
  // Loop time (ms) the connection was accepted, for the bind timeout.
  uint64_t startedMs() const { return started_ms_; }
  // Gives up on a peer that sent no valid head in time: closes the connection (the
  // failed callback follows).
  void expire();

 private:
  void onData(ByteView bytes, const buffer::BlockRef& block) override;
  void onClose(CloseReason reason) override;
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView) override {}
  void onEnd(proto::msrp::EndFlag) override {}

  std::unique_ptr<TcpConnection> conn_;
  proto::msrp::Parser parser_;
  Done done_;
  Failed failed_;
  std::string bytes_;
  FirstFrame first_;
  uint64_t started_ms_ = 0;
  bool have_head_ = false;
  bool finished_ = false;
};

}  // namespace msrpgw::media
