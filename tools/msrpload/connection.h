// One TCP connection of the load generator: connects (or is accepted), feeds what it
// reads to the project's MSRP parser, and batches what it writes: frames are appended to
// an output string and go out in one uv_write per loop turn, so a small-message load
// costs one syscall per batch, not per frame.
// Owner: the load loop. Not thread-safe. Closed with close(); freed in the close callback.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proto/msrp/parser.h"

namespace msrpgw::tools::msrpload {

class Connection;

// What a connection reports to its owner.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void onConnected(Connection& c, int status) = 0;  // status: 0 or a uv error
  virtual void onHead(Connection& c, const proto::msrp::FrameHead& head) = 0;
  virtual void onBody(Connection& c, std::string_view piece) = 0;
  virtual void onEnd(Connection& c, proto::msrp::EndFlag flag) = 0;
  virtual void onWritable(Connection& c) = 0;  // output drained below the high mark
  virtual void onClosed(Connection& c, const char* why) = 0;
};

class Connection : private proto::msrp::FrameSink {
 public:
  static constexpr size_t kHighMark = size_t{256} * 1024;  // stop producing above this

  Connection(uv_loop_t* loop, ConnectionHandler& h, uint32_t id);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int connect(const sockaddr_in& to);
  int accept(uv_stream_t* server);
  void close();

  // The output string frames are appended to; flush() starts a write when none is running.
  std::string& out() { return out_; }
  void flush();
  bool full() const { return out_.size() >= kHighMark; }
  bool open() const { return open_; }
  uint32_t id() const { return id_; }
  uint64_t nextTid() { return ++tid_; }
  void* user = nullptr;  // the owner's per-connection state

 private:
  static void onConnect(uv_connect_t* req, int status);
  static void onAlloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf);
  static void onRead(uv_stream_t* s, ssize_t n, const uv_buf_t* buf);
  static void onWrite(uv_write_t* req, int status);
  static void onCloseCb(uv_handle_t* h);
  void startReading();
  void fail(const char* why);
  // proto::msrp::FrameSink
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView piece) override;
  void onEnd(proto::msrp::EndFlag flag) override;

  ConnectionHandler& h_;
  uint32_t id_;
  uv_tcp_t* tcp_;  // freed in the close callback
  uv_connect_t connect_req_{};
  uv_write_t write_req_{};
  std::string out_, writing_;
  bool write_running_ = false;
  bool open_ = false;
  bool closing_ = false;
  uint64_t tid_ = 0;
  proto::msrp::Parser parser_;
};

}  // namespace msrpgw::tools::msrpload
