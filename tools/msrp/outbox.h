// The messages this endpoint sends and where each one stands: how far it is cut into
// chunks, which chunks await their response, whether it failed, was aborted or got its
// success REPORT. Picks the message to cut the next chunk from: one after the other, or
// round-robin over a window of up to kInterleaveWindow open messages (--interleave),
// opening new ones within the --rate allowance. Generated load messages (--count) are
// made when opened and forgotten once finished, so memory does not grow with the count.
// Owner: the session that sends. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
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
  uint64_t outstanding = 0;       // chunks awaiting a response
  bool written = false;           // the last chunk ('$' or '#') is written, or sending stopped
  bool aborted = false;           // ended with '#'
  bool reported = false;          // the sent_message event was printed
  bool success_reported = false;  // a 200 REPORT covering the whole message came back
  uint16_t failure_status = 0;    // first non-200 status (408 for a local timeout)
  Sha256 sha;
};

class Outbox {
 public:
  static constexpr size_t kInterleaveWindow = 64;

  Outbox(bool interleave, double rate, std::function<std::string()> make_id)
      : interleave_(interleave), rate_(rate), make_id_(std::move(make_id)) {}
  // A message of its own (text, file).
  void add(PayloadPtr payload, std::string content_type);
  // `count` generated messages of `size` bytes, after the others.
  void addGenerated(uint64_t count, uint64_t size, std::string content_type);
  // Messages to send in all.
  uint64_t total() const { return total_; }

  // The message to cut the next chunk from, or nullptr (nothing left, or the rate
  // allowance is used up: then *retry_in_ms says when to ask again).
  OutMessage* next(uint64_t elapsed_ms, uint64_t* retry_in_ms);
  // A message not yet forgotten, by Message-ID.
  OutMessage* find(const std::string& message_id);
  // Forgets a finished message (nothing may point to it afterwards).
  void retire(OutMessage* m);

 private:
  bool mayOpen(uint64_t elapsed_ms, uint64_t* retry_in_ms) const;
  bool openOne();

  bool interleave_;
  double rate_;
  std::function<std::string()> make_id_;
  uint64_t total_ = 0;
  uint64_t opened_ = 0;
  std::deque<std::unique_ptr<OutMessage>> queued_;  // own messages not opened yet
  uint64_t gen_left_ = 0;
  uint64_t gen_size_ = 0;
  uint64_t gen_seed_ = 0;
  std::string gen_type_;
  std::vector<OutMessage*> open_;  // opened and not yet written
  size_t rr_ = 0;
  std::unordered_map<std::string, std::unique_ptr<OutMessage>> live_;
};

}  // namespace msrpgw::tools::msrp
