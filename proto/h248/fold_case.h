// Case folding of a Message for comparisons where case carries no meaning: H.248 names
// (package items, events, signals, termination ids, mIds, values, digit maps) compare
// case-insensitively, and Erlang megaco lower-cases every unquoted name it decodes.
// Lower-cases all of those in place; leaves SDP, error texts and ServiceChange reasons
// (which are case-sensitive) alone.
// Thread-safe: works on the caller's message only.
#pragma once

#include "proto/h248/ast.h"

namespace msrpgw::proto::h248 {

void foldCase(Message* m);

}  // namespace msrpgw::proto::h248
