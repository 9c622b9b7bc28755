// Carries one MSRP session of a shared connection to the worker that owns the session
// (RFC 4975 lets sessions share a connection; msrpgw places contexts on workers before it
// knows which connection their peers will use). Frames of the session are re-written,
// whole and unchanged, into one end of a socket pair whose other end the owning worker
// reads as an ordinary connection; frames coming back are gathered whole and written to
// the shared connection in one piece, so they never interleave with other sessions'.
// Back-pressure crosses in both directions: a full pipe pauses the shared connection's
// reading, a blocked shared connection pauses reading the pipe.
// Owner: the shared connection (MsrpConnection::own), on its worker loop. Not
// thread-safe.
#pragma once

#include <memory>
#include <string>

#include "media/connection/tcp_connection.h"
#include "media/leg/msrp_connection.h"
#include "proto/msrp/parser.h"

namespace msrpgw::media {

class MsrpSplice final : public MsrpSession,
                         private TcpConnection::Handler,
                         private proto::msrp::FrameSink {
 public:
  // A frame coming back larger than this (our own legs write chunks of at most
  // msrp.chunk_size) breaks the splice rather than be held.
  static constexpr size_t kMaxHeldFrame = 16u << 20;

  MsrpSplice(MsrpConnection& shared, std::unique_ptr<TcpConnection> pipe,
             proto::msrp::ParserLimits limits, buffer::BlockPool& pool);
  ~MsrpSplice() override;
  MsrpSplice(const MsrpSplice&) = delete;
  MsrpSplice& operator=(const MsrpSplice&) = delete;

 private:
  // MsrpSession: frames of the session from the shared connection, into the pipe.
  void onFrameHead(const proto::msrp::FrameHead& head) override;
  void onFrameBody(ByteView piece, const buffer::BlockRef& block) override;
  void onFrameEnd(proto::msrp::EndFlag flag) override;
  void onFramingError(const Error&, std::string_view) override {}
  void onWritable() override;
  void onConnectionClosed(CloseReason reason) override;
  // TcpConnection::Handler: the pipe.
  void onData(ByteView bytes, const buffer::BlockRef& block) override;
  void onWriteDrained() override;
  void onClose(CloseReason reason) override;
  // proto::msrp::FrameSink: frames from the owning worker, toward the shared connection.
  void onHead(const proto::msrp::FrameHead& head) override;
  void onBody(ByteView piece) override;
  void onEnd(proto::msrp::EndFlag flag) override;

  void checkPipeBackPressure();

  MsrpConnection* shared_;  // nullptr once it closed
  std::unique_ptr<TcpConnection> pipe_;
  proto::msrp::Parser parser_;
  buffer::BlockPool& pool_;
  // The frame going into the pipe.
  std::string out_tid_;
  bool out_body_ = false;
  // The frame coming back, gathered whole.
  std::string back_head_;
  buffer::Chain back_body_;
  std::string back_tid_;
  bool back_has_body_ = false;
  buffer::BlockRef read_block_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace msrpgw::media
