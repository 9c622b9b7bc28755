// TPKT framing (RFC 1006 section 6) for H.248 over TCP: version 3, a reserved 0 byte and a
// 16-bit big-endian length that counts the 4-byte header too.
// Thread-safe: frame() is a pure function; a Deframer belongs to one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace msrpgw::control::transport {

inline constexpr size_t kTpktHeader = 4;
inline constexpr size_t kTpktMaxPayload = 65535 - kTpktHeader;

// The framed message; payloads above kTpktMaxPayload are the caller's bug (truncated).
std::string tpktFrame(std::string_view payload);

// Incremental deframer: feed any split of the stream; each whole payload is delivered.
class TpktDeframer {
 public:
  enum class Status : uint8_t { kOk, kBadVersion, kBadLength };

  // Calls `on_payload` for each complete frame; returns the first framing error (sticky:
  // the stream cannot be resynchronised, the connection must close).
  Status feed(std::string_view bytes, const std::function<void(std::string_view)>& on_payload);
  size_t buffered() const { return buf_.size(); }

 private:
  std::string buf_;
  Status status_ = Status::kOk;
};

}  // namespace msrpgw::control::transport
