#include "control/context/context_table.h"

#include "control/package/registry.h"

namespace msrpgw::control::context {

Termination* Context::find(const std::string& term) {
  for (Termination& t : terminations) {
    if (t.id == term) return &t;
  }
  return nullptr;
}

Context* ContextTable::find(uint32_t id) {
  auto it = contexts_.find(id);
  return it == contexts_.end() ? nullptr : &it->second;
}

Context* ContextTable::create() {
  if (contexts_.size() >= max_contexts_) return nullptr;
  for (;;) {
    uint32_t id = next_context_++;
    if (next_context_ >= proto::h248::kChooseContext) next_context_ = 1;
    if (contexts_.count(id)) continue;
    Context& c = contexts_[id];
    c.id = id;
    return &c;
  }
}

void ContextTable::erase(uint32_t id) {
  auto it = contexts_.find(id);
  if (it == contexts_.end()) return;
  for (const Termination& t : it->second.terminations) where_.erase(t.id);
  contexts_.erase(it);
}

std::optional<uint32_t> ContextTable::whereIs(const std::string& term) const {
  auto it = where_.find(term);
  if (it == where_.end()) return std::nullopt;
  return it->second;
}

std::string ContextTable::newTerminationId() {
  for (;;) {
    std::string id = "msrp/" + std::to_string(next_termination_++);
    if (next_termination_ > 999999999) next_termination_ = 1;
    if (!where_.count(id)) return id;
  }
}

std::optional<std::string> ContextTable::canonicalId(const std::string& id) {
  std::string l = package::lower(id);
  if (l.size() < 6 || l.size() > 14 || l.compare(0, 5, "msrp/") != 0) return std::nullopt;
  if (l[5] == '0') return std::nullopt;
  for (size_t i = 5; i < l.size(); ++i) {
    if (l[i] < '0' || l[i] > '9') return std::nullopt;
  }
  return l;
}

bool isWildcard(const std::string& id) {
  return !id.empty() && (id.back() == '*' || id == "$");
}

bool isRoot(const std::string& id) {
  return package::lower(id) == "root";
}

bool matches(const std::string& pattern, const std::string& id) {
  if (pattern == "*") return !isRoot(id);
  std::string p = package::lower(pattern);
  if (!p.empty() && p.back() == '*') {
    p.pop_back();
    return id.size() >= p.size() && id.compare(0, p.size(), p) == 0;
  }
  return p == id;
}

}  // namespace msrpgw::control::context
