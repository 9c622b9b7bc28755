// What the MG needs from an H.248 transport: bind, send a message to a peer named
// "ip:port", deliver each received message with the peer it came from.
// Owner: control loop. Not thread-safe. Received bytes are valid only during the callback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "proto/base/result.h"

namespace msrpgw::control::transport {

class Transport {
 public:
  using OnMessage = std::function<void(const std::string& peer, std::string_view bytes)>;

  virtual ~Transport() = default;
  // Binds "ip:port" (port 0: any free port). Errors: kSys with the uv error (negated).
  virtual Status bind(const std::string& endpoint) = 0;
  virtual uint16_t port() const = 0;
  virtual void send(const std::string& peer, const std::string& bytes) = 0;
  virtual void close() = 0;
  // Largest message the transport carries in one piece.
  virtual size_t maxMessageBytes() const = 0;
  // Does the transport itself deliver reliably (TCP), so requests are sent only once?
  virtual bool reliable() const = 0;
  virtual const char* name() const = 0;
};

}  // namespace msrpgw::control::transport
