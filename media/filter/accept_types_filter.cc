#include "media/filter/accept_types_filter.h"

#include "proto/msrp/header_values.h"
#include "proto/sdp/accept_types.h"

namespace msrpgw::media::filter {

AcceptTypesFilter::AcceptTypesFilter(std::vector<proto::sdp::MediaRange> accept_types,
                                     std::vector<proto::sdp::MediaRange> accept_wrapped_types)
    : accept_(std::move(accept_types)), wrapped_(std::move(accept_wrapped_types)) {}

Verdict AcceptTypesFilter::onMessageStart(const ChunkMeta& meta) {
  if (accept_.empty() || meta.content_type.empty()) return Verdict::accept();
  auto ct = proto::msrp::parseContentType(meta.content_type);
  if (!ct.ok()) return {415, "bad_content_type"};
  if (proto::sdp::accepts(accept_, ct->type, ct->subtype)) return Verdict::accept();
  // Listed only as a wrapped type: it must come inside a wrapper, never bare.
  if (proto::sdp::accepts(wrapped_, ct->type, ct->subtype)) return {415, "type_only_wrapped"};
  return {415, "type_not_accepted"};
}

}  // namespace msrpgw::media::filter
