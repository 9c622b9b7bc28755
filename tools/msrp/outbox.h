// The messages this endpoint sends and where each one stands: how far it is cut into
// chunks, which chunks await their response, whether it failed, was aborted or got its
// success REPORT. Picks the next message to cut a chunk from (in order, or round-robin
// with --interleave) within the --rate allowance.
// Owner: the session that sends. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/msrp/payload.h"
#include "tools/msrp/sha256.h"

namespace msrpgw::tools::msrp {

struct OutMessage {
  std::string message_id;
  std::string content_type;
  PayloadPtr payload;
  uint64_t size = 0;
  uint64_t offset = 0;  // bytes cut into chunks so far
  uint64_t chunks = 0;
  uint64_t outstanding = 0;  // chunks awaiting a response
  bool started = false;
  bool written = false;           // the last chunk ('$' or '#') is written, or sending stopped
  bool stopped = false;           // a non-200 response or a timeout ended it early
  bool aborted = false;           // ended with '#'
  bool reported = false;          // the sent_message event was printed
  bool success_reported = false;  // a 200 REPORT covering the whole message came back
  uint16_t failure_status = 0;    // first non-200 status (408 for a local timeout)
  Sha256 sha;
};

class Outbox {
 public:
  Outbox(bool interleave, double rate) : interleave_(interleave), rate_(rate) {}
  void add(std::unique_ptr<OutMessage> m) {
    index_[m->message_id] = m.get();
    messages_.push_back(std::move(m));
  }

  // The message to cut the next chunk from, or nullptr (nothing left, or the rate
  // allowance is used up: then *retry_in_ms says when to ask again).
  OutMessage* next(uint64_t elapsed_ms, uint64_t* retry_in_ms);
  // Every message is written and answered (or failed).
  bool allWritten() const;
  const std::vector<std::unique_ptr<OutMessage>>& messages() const { return messages_; }
  OutMessage* find(const std::string& message_id);

 private:
  bool interleave_;
  double rate_;
  uint64_t started_ = 0;
  size_t first_open_ = 0;  // messages before it are all written
  size_t rr_ = 0;
  std::vector<std::unique_ptr<OutMessage>> messages_;
  std::unordered_map<std::string, OutMessage*> index_;
};

}  // namespace msrpgw::tools::msrp
