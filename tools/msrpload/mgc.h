// The load generator as msrpgw's MGC over H.248 text on UDP: it answers msrpgw's
// registration (ServiceChange), then sends one Add transaction per session creating a
// context with two MSRP terminations whose Remote SDP names our sender and receiver (both
// a=setup:active: we connect to msrpgw on both legs), and reads msrpgw's a=path for each
// leg and its MSRP port from the reply's Local SDP.
// Owner: the load loop. Not thread-safe.
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>

namespace msrpgw::tools::msrpload {

struct AddResult {
  bool ok = false;
  std::string error;
  std::string path_a, path_b;  // msrpgw's URIs: sender side, receiver side
  uint16_t msrp_port = 0;
};

class Mgc {
 public:
  using Registered = std::function<void()>;
  using AddDone = std::function<void(AddResult)>;

  explicit Mgc(uv_loop_t* loop);
  ~Mgc();
  Mgc(const Mgc&) = delete;
  Mgc& operator=(const Mgc&) = delete;

  // Binds ip_port and awaits msrpgw's ServiceChange; with `mg` set ("ip:port" of an msrpgw
  // already registered with this address) it starts at once.
  int listen(const std::string& ip_port, const std::string& mg, Registered on_registered);
  // Queues an Add; at most kInFlight are outstanding at a time, retransmitted every 2 s.
  void add(const std::string& remote_a, const std::string& remote_b, uint32_t chunk_size,
           AddDone done);
  void close();

 private:
  static constexpr size_t kInFlight = 32;
  struct Pending {
    std::string text;
    AddDone done;
    uint64_t sent_ms = 0;
  };
  static void onAlloc(uv_handle_t* h, size_t suggested, uv_buf_t* buf);
  static void onRecv(uv_udp_t* u, ssize_t n, const uv_buf_t* buf, const sockaddr* from,
                     unsigned flags);
  static void onTimer(uv_timer_t* t);
  void handle(std::string_view text, const sockaddr* from);
  void pump();
  void send(const std::string& text);

  uv_loop_t* loop_;
  uv_udp_t* udp_;
  uv_timer_t* timer_;
  std::string header_;  // "MEGACO/3 [ip]:port\n"
  sockaddr_storage mg_{};
  bool registered_ = false;
  Registered on_registered_;
  uint32_t next_tid_ = 1000;
  std::deque<std::pair<uint32_t, Pending>> queue_;
  std::map<uint32_t, Pending> in_flight_;
};

}  // namespace msrpgw::tools::msrpload
