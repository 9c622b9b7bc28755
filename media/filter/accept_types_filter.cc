#include "media/filter/accept_types_filter.h"

#include "proto/cpim/message.h"
#include "proto/msrp/header_values.h"
#include "proto/sdp/accept_types.h"

namespace msrpgw::media::filter {

AcceptTypesFilter::AcceptTypesFilter(std::vector<proto::sdp::MediaRange> accept_types,
                                     std::vector<proto::sdp::MediaRange> accept_wrapped_types)
    : accept_(std::move(accept_types)), wrapped_(std::move(accept_wrapped_types)) {}

Verdict AcceptTypesFilter::onMessageStart(const ChunkMeta& meta) {
  if (accept_.empty() || meta.content_type.empty()) return Verdict::accept();
  if (meta.content_type == last_accepted_) return Verdict::accept();
  auto ct = proto::msrp::parseContentType(meta.content_type);
  if (!ct.ok()) return {415, "bad_content_type"};
  if (proto::sdp::accepts(accept_, ct->type, ct->subtype)) {
    last_accepted_ = meta.content_type;
    last_is_cpim_ = iequals(ct->type, "message") && iequals(ct->subtype, "cpim");
    return Verdict::accept();
  }
  // Listed only as a wrapped type: it must come inside a wrapper, never bare.
  if (proto::sdp::accepts(wrapped_, ct->type, ct->subtype)) return {415, "type_only_wrapped"};
  return {415, "type_not_accepted"};
}

namespace {

bool isCpim(const std::string& content_type) {
  auto ct = proto::msrp::parseContentType(content_type);
  return ct.ok() && iequals(ct->type, "message") && iequals(ct->subtype, "cpim");
}

}  // namespace

size_t AcceptTypesFilter::headBytes(const ChunkMeta& meta) const {
  if (wrapped_.empty()) return 0;
  const bool cpim = !last_accepted_.empty() && meta.content_type == last_accepted_
                        ? last_is_cpim_
                        : isCpim(meta.content_type);
  return cpim ? kMaxCpimHead : 0;
}

std::optional<Verdict> AcceptTypesFilter::onMessageHead(const ChunkMeta& /*meta*/, ByteView head,
                                                        bool complete) {
  auto m = proto::cpim::parseMessage(head);
  if (!m.ok()) {
    // The head may simply be cut short: wait for more unless nothing more will come.
    if (!complete) return std::nullopt;
    return Verdict{415, "bad_cpim"};
  }
  std::string_view inner = m->contentType().value_or("text/plain");
  auto ct = proto::msrp::parseContentType(inner);
  if (!ct.ok()) return Verdict{415, "bad_wrapped_content_type"};
  if (proto::sdp::accepts(wrapped_, ct->type, ct->subtype) ||
      proto::sdp::accepts(accept_, ct->type, ct->subtype)) {
    return Verdict::accept();
  }
  return Verdict{415, "wrapped_type_not_accepted"};
}

}  // namespace msrpgw::media::filter
