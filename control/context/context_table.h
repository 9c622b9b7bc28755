// Contexts and the terminations in them, with id allocation and the termination naming
// scheme. msrpgw has no physical terminations: every termination is an ephemeral MSRP
// termination named "msrp/<n>" (n decimal, 1..999999999, lower case), created by Add and
// gone after Subtract. "ROOT" is the MG itself. Context ids run 1..0xFFFFFFFD.
// Owner: control loop. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "control/clock.h"
#include "media/engine/media_engine.h"
#include "proto/h248/ast.h"

namespace msrpgw::control::context {

struct Termination {
  std::string id;
  std::string local_sdp;   // as media returned it (concrete values)
  std::string remote_sdp;  // as the MGC gave it
  uint16_t stream_id = 1;
  std::optional<proto::h248::StreamMode> mode;
  std::vector<proto::h248::Parm> stream_props;  // msrpgw/* as the MGC set them
  media::LegOverrides overrides;
  std::optional<proto::h248::EventsDescriptor> events;
  Millis added_at = 0;
};

struct Context {
  uint32_t id = 0;
  std::vector<Termination> terminations;
  std::optional<std::vector<proto::h248::TopologyTriple>> topology;
  std::optional<uint16_t> priority;
  std::optional<bool> emergency;

  Termination* find(const std::string& term);
};

class ContextTable {
 public:
  explicit ContextTable(uint32_t max_contexts) : max_contexts_(max_contexts) {}

  Context* find(uint32_t id);
  // A new empty context, or nullptr when max_contexts exist.
  Context* create();
  void erase(uint32_t id);
  std::map<uint32_t, Context>& all() { return contexts_; }
  size_t size() const { return contexts_.size(); }
  void setMaxContexts(uint32_t n) { max_contexts_ = n; }
  uint32_t maxContexts() const { return max_contexts_; }

  // Which context holds a termination.
  std::optional<uint32_t> whereIs(const std::string& term) const;
  void place(const std::string& term, uint32_t context) { where_[term] = context; }
  void unplace(const std::string& term) { where_.erase(term); }

  // A free id of the naming scheme.
  std::string newTerminationId();
  // Canonical form of an id of the naming scheme ("MSRP/7" -> "msrp/7"), or nullopt.
  static std::optional<std::string> canonicalId(const std::string& id);

 private:
  uint32_t max_contexts_;
  uint32_t next_context_ = 1;
  uint32_t next_termination_ = 1;
  std::map<uint32_t, Context> contexts_;
  std::unordered_map<std::string, uint32_t> where_;
};

// Does `pattern` ("*", "msrp/*", "msrp/7") name `id`? ALL never names ROOT.
bool matches(const std::string& pattern, const std::string& id);
bool isWildcard(const std::string& id);
bool isRoot(const std::string& id);

}  // namespace msrpgw::control::context
