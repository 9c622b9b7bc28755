// Content filters (DESIGN.md "Filters are a chain of small objects"): each looks at a
// message as it starts and says accept or reject with an MSRP status and a stable
// reason for statistics. Filters see message metadata only, never sockets or legs.
// Owner: the worker loop of its bridge; one instance per bridge direction.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "media/leg/leg.h"

namespace msrpgw::media::filter {

struct Verdict {
  uint16_t status = 0;      // 0 accepts; otherwise the MSRP status to answer (415, 413, 403...)
  const char* reason = "";  // stable snake_case name, e.g. "type_not_accepted"
  static Verdict accept() { return {}; }
  bool accepted() const { return status == 0; }
};

class ContentFilter {
 public:
  virtual ~ContentFilter() = default;
  // The first chunk of a message arrived (meta.range.total may be unknown).
  virtual Verdict onMessageStart(const ChunkMeta& meta) = 0;
};

using FilterChain = std::vector<std::unique_ptr<ContentFilter>>;

// Runs the chain in order; the first rejection wins.
inline Verdict runMessageStart(const FilterChain& chain, const ChunkMeta& meta) {
  for (const auto& f : chain) {
    Verdict v = f->onMessageStart(meta);
    if (!v.accepted()) return v;
  }
  return Verdict::accept();
}

}  // namespace msrpgw::media::filter
