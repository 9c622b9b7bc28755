// The first content filter: a message whose Content-Type the far side's SDP does not
// accept (a=accept-types) is refused with 415 before it reaches the far side (RFC 4975
// section 8.6). Types listed only in a=accept-wrapped-types are accepted only inside a
// wrapper: a message/cpim message to a peer that lists accept-wrapped-types is held until
// its encapsulated Content-Type is read (at most kMaxCpimHead bytes), which must be in
// accept-wrapped-types or accept-types; a wrapper that does not parse is refused too
// (415, "bad_cpim"). Without the content type, MIME's default text/plain applies.
// Owner: the worker loop of its bridge. The lists are copied at construction.
#pragma once

#include <string>
#include <vector>

#include "media/filter/filter.h"
#include "proto/sdp/model.h"

namespace msrpgw::media::filter {

class AcceptTypesFilter final : public ContentFilter {
 public:
  // An empty accept-types list accepts everything (the far side said nothing).
  AcceptTypesFilter(std::vector<proto::sdp::MediaRange> accept_types,
                    std::vector<proto::sdp::MediaRange> accept_wrapped_types);
  Verdict onMessageStart(const ChunkMeta& meta) override;
  size_t headBytes(const ChunkMeta& meta) const override;
  std::optional<Verdict> onMessageHead(const ChunkMeta& meta, ByteView head,
                                       bool complete) override;

  static constexpr size_t kMaxCpimHead = 8192;  // CPIM and MIME headers, at most

 private:
  std::vector<proto::sdp::MediaRange> accept_;
  std::vector<proto::sdp::MediaRange> wrapped_;
  // The last Content-Type accepted at message start, and whether it is message/cpim: a
  // session mostly sends one type, so its messages are not parsed and matched again.
  std::string last_accepted_;
  bool last_is_cpim_ = false;
};

}  // namespace msrpgw::media::filter
