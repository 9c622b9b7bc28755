// Content filters (DESIGN.md "Filters are a chain of small objects"): each looks at a
// message as it starts and says accept or reject with an MSRP status and a stable
// reason for statistics. Filters see message metadata only, never sockets or legs.
// Owner: the worker loop of its bridge; one instance per bridge direction.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
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
  // How many leading body bytes this filter must see before the message may go on (0:
  // none). The bridge holds the message (bounded by this) until onMessageHead decides.
  virtual size_t headBytes(const ChunkMeta& /*meta*/) const { return 0; }
  // The message's first bytes (all of them when `complete`: the message ended or the
  // wanted count arrived). nullopt asks for more; with `complete` it must decide.
  virtual std::optional<Verdict> onMessageHead(const ChunkMeta& /*meta*/, ByteView /*head*/,
                                               bool /*complete*/) {
    return Verdict::accept();
  }
};

using FilterChain = std::vector<std::unique_ptr<ContentFilter>>;

inline size_t headBytesWanted(const FilterChain& chain, const ChunkMeta& meta) {
  size_t n = 0;
  for (const auto& f : chain) n = std::max(n, f->headBytes(meta));
  return n;
}

// Asks every filter that wants the head; the first rejection wins, nullopt waits for more.
inline std::optional<Verdict> runMessageHead(const FilterChain& chain, const ChunkMeta& meta,
                                             ByteView head, bool complete) {
  for (const auto& f : chain) {
    if (f->headBytes(meta) == 0) continue;
    std::optional<Verdict> v = f->onMessageHead(meta, head, complete);
    if (!v) return std::nullopt;
    if (!v->accepted()) return v;
  }
  return Verdict::accept();
}

// Runs the chain in order; the first rejection wins.
inline Verdict runMessageStart(const FilterChain& chain, const ChunkMeta& meta) {
  for (const auto& f : chain) {
    Verdict v = f->onMessageStart(meta);
    if (!v.accepted()) return v;
  }
  return Verdict::accept();
}

}  // namespace msrpgw::media::filter
