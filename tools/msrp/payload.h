// The body of one message to send: a text, a file read piece by piece, or generated load
// bytes. Pieces are read on demand, so a large file is never held whole.
// Owner: the tool's loop. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "proto/base/result.h"

namespace msrpgw::tools::msrp {

class Payload {
 public:
  virtual ~Payload() = default;
  virtual uint64_t size() const = 0;
  // Appends bytes [offset, offset + len) to `out`; false on a read error.
  virtual bool read(uint64_t offset, size_t len, std::string& out) = 0;
};
using PayloadPtr = std::unique_ptr<Payload>;

PayloadPtr textPayload(std::string text);
// Opens the file; an error names the failing call.
Result<PayloadPtr> filePayload(const std::string& path);
// `size` bytes of a printable pattern that differs per message (`seed`).
PayloadPtr patternPayload(uint64_t size, uint64_t seed);

}  // namespace msrpgw::tools::msrp
