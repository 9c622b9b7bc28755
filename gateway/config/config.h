// The gateway's configuration as typed values. Defaults live only in these member
// initialisers (and in conf/README.md, which documents every key). Read by
// loadConfig() (loader.h); immutable once the gateway starts.
// Thread-safe: a plain value, shared read-only after start.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace msrpgw::gateway {

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error, off
};

struct H248Config {
  std::string listen = "127.0.0.1:2944";              // the MG's own H.248 socket
  std::vector<std::string> mgc = {"127.0.0.1:2945"};  // controllers, tried in order
  std::string transport = "udp";                      // udp or tcp (TPKT, RFC 1006)
};

struct MsrpLimitsConfig {
  uint32_t max_head_bytes = 16384;  // start line + headers of one frame
  uint32_t max_headers = 64;        // header fields in one frame
};

struct MsrpConfig {
  std::string address = "127.0.0.1";             // MSRP listeners, c= and a=path
  std::array<uint32_t, 2> ports = {2855, 2999};  // [min, max] for MSRP listeners
  MsrpLimitsConfig limits;
};

struct Config {
  uint32_t workers = 0;  // worker threads; 0 = one per core
  LogConfig log;
  H248Config h248;
  MsrpConfig msrp;
};

}  // namespace msrpgw::gateway
