// Owns the MsrpConnections of a unit test's loop, as the engine's workers do: a test
// attaches its leg to the connection it accepted; a request for any other session is
// refused with 481. Clear it after the legs and before running the loop to its end.
#pragma once

#include <memory>
#include <vector>

#include "media/leg/msrp_connection.h"

namespace msrpgw::media {

struct ConnectionKeeper final : MsrpConnection::Owner {
  std::vector<std::unique_ptr<MsrpConnection>> all;

  MsrpConnection& adopt(std::unique_ptr<TcpConnection> tcp) {
    const uint64_t now = tcp->loopNowMs();
    all.push_back(std::make_unique<MsrpConnection>(std::move(tcp), proto::msrp::ParserLimits{},
                                                   *this, "127.0.0.1", now));
    return *all.back();
  }
  MsrpConnection::Bind bindSession(MsrpConnection&, std::string_view,
                                   const proto::msrp::FrameHead&) override {
    MsrpConnection::Bind b;
    b.refuse = 481;
    return b;
  }
  void finished(MsrpConnection&) override {}  // freed with the keeper
};

}  // namespace msrpgw::media
