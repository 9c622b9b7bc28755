// The MSRP attributes of one m=message media description (RFC 4975 section 8, RFC 6135,
// RFC 6714, RFC 5547, RFC 8122): one a= line at a time into MsrpMedia, then the checks
// that need the whole description. Attribute names match ignoring ASCII case.
// Errors as parse.h lists them, at `offset` (the a= or m= line).
// Internal to proto/sdp. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "proto/base/result.h"
#include "proto/sdp/model.h"

namespace msrpgw::proto::sdp::detail {

// `value` is nullptr for a property attribute (no ':').
Status applyAttribute(MsrpMedia& m, std::string_view name, const char* value, uint32_t offset);

// After every attribute: the own path URI's scheme must match the transport.
Status checkMedia(const MsrpMedia& m, uint32_t offset);

}  // namespace msrpgw::proto::sdp::detail
