// Command line of msrpload (tools/msrpload/README.md lists every option).
// Thread-safe: a plain value.
#pragma once

#include <cstdint>
#include <string>

namespace msrpgw::tools::msrpload {

enum class Target : uint8_t { kRaw, kKamailio, kMsrpgw };

struct Options {
  Target target = Target::kRaw;
  std::string connect;         // raw/kamailio: ip:port the senders connect to
  std::string listen;          // raw/kamailio: ip:port of our receiving listener
  std::string mgc_listen;      // msrpgw: our H.248 UDP address (msrpgw's h248.mgc)
  std::string mg;              // msrpgw: its H.248 address when it registered before we started
  uint32_t gw_chunk_size = 0;  // msrpgw: msrpgw/chunksize per termination, 0 = not set
  uint32_t sessions = 1;
  uint32_t sessions_per_conn = 1;
  uint64_t size = 200;               // body bytes per message
  uint64_t chunk_size = 0;           // body bytes per chunk, 0 = whole message in one chunk
  uint64_t messages = 0;             // total messages over all sessions, 0 = until duration
  double duration_s = 5;             // load phase length when messages == 0 (upper bound otherwise)
  double rate = 0;                   // messages/s over all sessions, 0 = maximum
  uint32_t pace_us = 100;            // fixed rate: the messages due are started this often
  uint64_t window_bytes = 1u << 20;  // bytes sent but not yet received, over all sessions
  bool idle = false;  // establish sessions, measure RSS per session, then one message each
  double hold_s = 1;  // idle: settle time before measuring
  int pid = 0;        // target process (its descendants are summed too)
  double setup_timeout_s = 60;  // registration + Adds + connects + binds
  double drain_timeout_s = 10;  // after the load phase, for deliveries still under way
};

// Parses argv; on a usage error prints it and returns false (*exit_code set).
bool parseOptions(int argc, char** argv, Options& out, int* exit_code);
const char* targetName(Target t);

}  // namespace msrpgw::tools::msrpload
