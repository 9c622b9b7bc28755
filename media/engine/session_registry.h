// Which worker and termination own an MSRP session-id, for the shared listening port: a
// new connection is routed by the session-id of its first request's To-Path.
// Thread-safe: a mutex guards the map (touched once per session and per new connection,
// never per message).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace msrpgw::media {

struct SessionRoute {
  uint32_t worker = 0;
  uint32_t context = 0;
  std::string termination;
  std::string remote_ip;  // accept only from this peer address when set
};

class SessionRegistry {
 public:
  bool add(const std::string& session_id, SessionRoute route);
  void remove(const std::string& session_id);
  std::optional<SessionRoute> find(const std::string& session_id) const;
  void setRemoteIp(const std::string& session_id, const std::string& ip);
  // A Move: the session now belongs to `context` on `worker`.
  void setContext(const std::string& session_id, uint32_t worker, uint32_t context);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, SessionRoute> routes_;  // guarded by mu_
};

}  // namespace msrpgw::media
