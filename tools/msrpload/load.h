// The load run: sets up N sessions through the target (for msrpgw: H.248 Adds first),
// binds both ends of each session, then either drives messages (maximum or fixed rate,
// every delivery checked for order, size and content) or, in idle mode, holds the
// sessions and measures the target's memory per session. Produces the result as JSON.
// Owner: runs its own uv loop on the calling thread.
#pragma once

#include "nlohmann/json.hpp"
#include "tools/msrpload/options.h"

namespace msrpgw::tools::msrpload {

// Runs to completion; the result object carries "errors" (0 when every message arrived
// intact and every response was 200).
nlohmann::json runLoad(const Options& o);

}  // namespace msrpgw::tools::msrpload
