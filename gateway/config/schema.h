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
  v.endpoints("h248.mgc", c.h248.mgc);
  v.choice("h248.transport", c.h248.transport, {"udp", "tcp"});
  v.address("msrp.address", c.msrp.address);
  v.portRange("msrp.ports", c.msrp.ports);
  v.number("msrp.limits.max_head_bytes", c.msrp.limits.max_head_bytes, 256, 1048576);
  v.number("msrp.limits.max_headers", c.msrp.limits.max_headers, 4, 1024);
}

}  // namespace msrpgw::gateway
