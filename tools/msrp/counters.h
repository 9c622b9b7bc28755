// What the tool counts for its final "summary" event.
// Owner: the tool's loop. Not thread-safe.
#pragma once

#include <cstdint>

namespace msrpgw::tools::msrp {

struct Counters {
  uint64_t sent_messages = 0;  // finished, whatever the outcome
  uint64_t sent_failed = 0;    // a non-200 response or a transaction timeout
  uint64_t sent_aborted = 0;
  uint64_t sent_chunks = 0;
  uint64_t sent_bytes = 0;  // body bytes
  uint64_t responses = 0;
  uint64_t responses_failed = 0;
  uint64_t transaction_timeouts = 0;
  uint64_t reports_received = 0;
  uint64_t reports_sent = 0;
  uint64_t recv_messages = 0;  // complete
  uint64_t recv_aborted = 0;
  uint64_t recv_chunks = 0;
  uint64_t recv_bytes = 0;
  uint64_t bad_requests = 0;  // requests we refused (400, 501)
};

}  // namespace msrpgw::tools::msrp
