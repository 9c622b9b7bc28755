// Header peek for messages the full parser rejects (like Erlang megaco's
// megaco_text_mini_decoder): version, mId and the kind and id of the first transaction,
// so the MG can answer the error on the right transaction to the right peer.
// Thread-safe: a pure function of its input.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/base/bytes.h"
#include "proto/base/result.h"
#include "proto/h248/ast.h"

namespace msrpgw::proto::h248 {

enum class TransactionKind : uint8_t {
  kNone,  // no transaction keyword could be read (or the body is an Error descriptor)
  kRequest,
  kReply,
  kPending,
  kResponseAck,
  kSegment,
};

struct PeekedHeader {
  uint8_t version = 0;
  MId mid;
  TransactionKind first_kind = TransactionKind::kNone;
  std::optional<uint32_t> first_id;  // present when "T=<id>" (etc.) could be read
  bool operator==(const PeekedHeader&) const = default;
};

// Fails (with the parser's 401/406/400 error) only when the header itself is unreadable.
Result<PeekedHeader> peekHeader(std::string_view text);
inline Result<PeekedHeader> peekHeader(ByteView bytes) {
  return peekHeader(asText(bytes));
}

}  // namespace msrpgw::proto::h248
