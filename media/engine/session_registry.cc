#include "media/engine/session_registry.h"

namespace msrpgw::media {

bool SessionRegistry::add(const std::string& session_id, SessionRoute route) {
  std::lock_guard<std::mutex> lock(mu_);
  return routes_.emplace(session_id, std::move(route)).second;
}

void SessionRegistry::remove(const std::string& session_id) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_.erase(session_id);
}

std::optional<SessionRoute> SessionRegistry::find(const std::string& session_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find(session_id);
  if (it == routes_.end()) return std::nullopt;
  return it->second;
}

void SessionRegistry::setRemoteIp(const std::string& session_id, const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find(session_id);
  if (it != routes_.end()) it->second.remote_ip = ip;
}

void SessionRegistry::setContext(const std::string& session_id, uint32_t worker, uint32_t context) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = routes_.find(session_id);
  if (it == routes_.end()) return;
  it->second.worker = worker;
  it->second.context = context;
}

size_t SessionRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return routes_.size();
}

}  // namespace msrpgw::media
