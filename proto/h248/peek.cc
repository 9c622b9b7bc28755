#include "proto/h248/peek.h"

#include "proto/h248/scanner.h"

namespace msrpgw::proto::h248 {
namespace detail {
Result<size_t> parseHeader(std::string_view text, Message* m);  // parser.cc
}  // namespace detail

Result<PeekedHeader> peekHeader(std::string_view text) {
  Message m;
  Result<size_t> body = detail::parseHeader(text, &m);
  if (!body.ok()) return body.error();
  PeekedHeader h;
  h.version = m.version;
  h.mid = std::move(m.mid);
  Scanner s(text);
  s.setPos(*body);
  std::string_view w = s.word();
  switch (classify(w)) {
    case Tok::kTransaction: h.first_kind = TransactionKind::kRequest; break;
    case Tok::kReply: h.first_kind = TransactionKind::kReply; break;
    case Tok::kPending: h.first_kind = TransactionKind::kPending; break;
    case Tok::kResponseAck: h.first_kind = TransactionKind::kResponseAck; break;
    case Tok::kSegment: h.first_kind = TransactionKind::kSegment; break;
    default: return h;
  }
  if (!s.accept(h.first_kind == TransactionKind::kResponseAck ? '{' : '=')) return h;
  s.skipSep();
  std::string_view id = s.word();
  uint64_t v = 0;
  size_t n = 0;
  while (n < id.size() && id[n] >= '0' && id[n] <= '9' && n < 10) {
    v = v * 10 + static_cast<uint64_t>(id[n] - '0');
    ++n;
  }
  if (n > 0 && v <= UINT32_MAX) h.first_id = static_cast<uint32_t>(v);
  return h;
}

}  // namespace msrpgw::proto::h248
