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

struct H248TimersConfig {
  uint32_t normal_mg_execution_ms = 200;   // root/normalMGExecutionTime: Pending after this
  uint32_t provisional_response_ms = 200;  // root/MGProvisionalResponseTimerValue
  uint32_t pending_limit = 5;              // root/MGOriginatedPendingLimit; beyond: 506
  uint32_t reply_cache_ms = 30000;         // duplicates answered from the cache this long
};

struct H248RetransmitConfig {
  uint32_t initial_ms = 1000;        // our requests: first retransmission
  uint32_t max_ms = 8000;            // backoff ceiling
  uint32_t limit = 6;                // retransmissions before giving up
  uint32_t long_request_ms = 30000;  // wait after a Pending from the MGC
};

struct H248RegistrationConfig {
  uint32_t retry_ms = 5000;     // after every MGC of the list failed
  uint32_t mgc_silence_ms = 0;  // re-register after this long without a message; 0 = off
};

struct H248ShutdownConfig {
  std::string method = "graceful";  // graceful or forced ServiceChange on SIGTERM
  uint32_t graceful_delay_s = 0;    // Delay in the Graceful ServiceChange; contexts drain
  uint32_t wait_ms = 2000;          // longest wait for the MGC's reply on the way out
};

struct H248ProfileConfig {
  std::string name = "msrpgw";  // Profile in the registration ServiceChange: name/version
  uint32_t version = 1;
};

struct H248UdpConfig {
  // Largest H.248 message sent over UDP; a larger reply is segmented (version 3) or
  // answered 533. Every MGC takes 8192 (IP fragments it on the wire); 1400 avoids IP
  // fragmentation but relies on the MGC handling v3 segmented replies.
  uint32_t max_message_size = 8192;
};

struct H248Config {
  std::string listen = "127.0.0.1:2944";  // the MG's own H.248 socket
  std::string mid;                        // our mId; empty: "[<listen address>]:<bound port>"
  H248ProfileConfig profile;
  H248UdpConfig udp;
  std::vector<std::string> mgc = {"127.0.0.1:2945"};  // controllers, tried in order
  std::string transport = "udp";                      // udp or tcp (TPKT, RFC 1006)
  uint32_t version = 3;                               // highest H.248 version offered
  uint32_t max_contexts = 10000;                      // root/maxNumberOfContexts
  H248TimersConfig timers;
  H248RetransmitConfig retransmit;
  H248RegistrationConfig registration;
  H248ShutdownConfig shutdown;
};

struct MediaConfig {
  // msrp: the MSRP media engine; none: refuse MSRP terminations (503); signalling: answer
  // with SDP but carry no MSRP (H.248 tests and trials only).
  std::string engine = "msrp";
};

struct MsrpLimitsConfig {
  uint32_t max_head_bytes = 16384;  // start line + headers of one frame
  uint32_t max_headers = 64;        // header fields in one frame
};

struct MsrpConfig {
  std::string address = "127.0.0.1";             // MSRP listeners, c= and a=path
  std::array<uint32_t, 2> ports = {2855, 2999};  // [min, max] for MSRP listeners
  std::string port_mode = "shared";              // shared | per_leg
  std::string connect_to = "sdp_address";        // sdp_address | path
  uint32_t chunk_size = 2048;                    // outgoing chunk size per leg (bytes)
  uint64_t max_buffered = 1048576;               // per leg, before the other leg pauses
  uint64_t max_message_size = 0;                 // advertised a=max-size per leg; 0 = none
  uint32_t transaction_timeout_ms = 30000;       // RFC 4975's 30 s
  uint32_t bind_timeout_ms = 30000;              // a new connection's first request, at most
  uint32_t idle_timeout_ms = 300000;             // no traffic on a connected leg: idle event
  MsrpLimitsConfig limits;
};

struct Config {
  uint32_t workers = 0;  // worker threads; 0 = one per core
  LogConfig log;
  H248Config h248;
  MediaConfig media;
  MsrpConfig msrp;
};

}  // namespace msrpgw::gateway
