// The one list of configuration keys: each key, the field it fills and its rule. The
// loader walks it to read and validate JSON and again to write the effective
// configuration, so a key cannot be readable but unreported, or the reverse.
// Document every key here in conf/README.md too.
#pragma once

#include "gateway/config/config.h"

namespace msrpgw::gateway {

template <class V>
void describeConfig(Config& c, V& v) {
  v.number("workers", c.workers, 0, 256);
  v.choice("log.level", c.log.level, {"trace", "debug", "info", "warn", "error", "off"});
  v.endpoint("h248.listen", c.h248.listen);
  v.mid("h248.mid", c.h248.mid);
  v.profileName("h248.profile.name", c.h248.profile.name);
  v.number("h248.profile.version", c.h248.profile.version, 1, 99);
  v.number("h248.udp.max_message_size", c.h248.udp.max_message_size, 256, 65507);
  v.endpoints("h248.mgc", c.h248.mgc);
  v.choice("h248.transport", c.h248.transport, {"udp", "tcp"});
  v.number("h248.version", c.h248.version, 1, 3);
  v.number("h248.max_contexts", c.h248.max_contexts, 1, 10000000);
  v.number("h248.timers.normal_mg_execution_ms", c.h248.timers.normal_mg_execution_ms, 1, 60000);
  v.number("h248.timers.provisional_response_ms", c.h248.timers.provisional_response_ms, 1, 60000);
  v.number("h248.timers.pending_limit", c.h248.timers.pending_limit, 1, 1000);
  v.number("h248.timers.reply_cache_ms", c.h248.timers.reply_cache_ms, 1000, 600000);
  v.number("h248.retransmit.initial_ms", c.h248.retransmit.initial_ms, 10, 60000);
  v.number("h248.retransmit.max_ms", c.h248.retransmit.max_ms, 10, 600000);
  v.number("h248.retransmit.limit", c.h248.retransmit.limit, 0, 100);
  v.number("h248.retransmit.long_request_ms", c.h248.retransmit.long_request_ms, 100, 3600000);
  v.number("h248.registration.retry_ms", c.h248.registration.retry_ms, 100, 3600000);
  v.number("h248.registration.mgc_silence_ms", c.h248.registration.mgc_silence_ms, 0, 86400000);
  v.choice("h248.shutdown.method", c.h248.shutdown.method, {"graceful", "forced"});
  v.number("h248.shutdown.graceful_delay_s", c.h248.shutdown.graceful_delay_s, 0, 86400);
  v.number("h248.shutdown.wait_ms", c.h248.shutdown.wait_ms, 0, 60000);
  v.choice("media.engine", c.media.engine, {"msrp", "none", "signalling"});
  v.address("msrp.address", c.msrp.address);
  v.portRange("msrp.ports", c.msrp.ports);
  v.choice("msrp.port_mode", c.msrp.port_mode, {"shared", "per_leg"});
  v.choice("msrp.connect_to", c.msrp.connect_to, {"sdp_address", "path"});
  v.number("msrp.chunk_size", c.msrp.chunk_size, 64, 16777216);
  v.number("msrp.max_buffered", c.msrp.max_buffered, 65536, 1073741824);
  v.number("msrp.max_message_size", c.msrp.max_message_size, 0, UINT64_MAX - 1);
  v.number("msrp.transaction_timeout_ms", c.msrp.transaction_timeout_ms, 100, 600000);
  v.number("msrp.bind_timeout_ms", c.msrp.bind_timeout_ms, 100, 600000);
  v.number("msrp.idle_timeout_ms", c.msrp.idle_timeout_ms, 0, 86400000);
  v.number("msrp.limits.max_head_bytes", c.msrp.limits.max_head_bytes, 256, 1048576);
  v.number("msrp.limits.max_headers", c.msrp.limits.max_headers, 4, 1024);
}

}  // namespace msrpgw::gateway
