// The H.248 transaction layer of the MG (H.248.1 clause 8 and Annex D.1), without I/O:
// it is fed parsed messages and the time, and emits bytes through a send function.
// Owner: control loop. Not thread-safe. Time comes from an injected Clock; the owner
// calls poll() when nextDeadline() passes (a uv_timer in the MG, a fake clock in tests).
//
// Incoming requests: transaction ids are per peer. A new request goes to the handler,
// which answers later through its ReplyFn (never re-entrant requirements: it may also
// answer at once). A duplicate of a request being executed gets TransactionPending; a
// duplicate of an answered one gets the cached reply again, until the reply cache time
// passes or the peer acknowledges (TransactionResponseAck). When execution passes
// normalMGExecutionTime a Pending goes out, again each provisional interval; once more
// than MGOriginatedPendingLimit would be needed the transaction fails with 506 and the
// handler's late answer is dropped.
// Outgoing requests (ServiceChange, Notify): retransmitted with exponential backoff until
// a reply or a Pending; after a Pending the long timer runs; after the retransmission
// limit (or the long timer) the response handler gets an Error (h248 500 / "timeout").
// Over a reliable transport (TCP, H.248.1 Annex D.2) a request is sent once and the
// transport does the retransmitting; it still times out after the time the UDP backoff
// schedule would have taken (retransmitSpan()).
// A reply carrying ImmAckRequired is acknowledged at once.
// A reply that would not fit the transport (max_message_bytes, e.g. a UDP datagram) is
// segmented when the request came as version 3 (H.248.1 v3 segmentation): "Reply =
// id/1", "id/2", ... "id/n/END", each segment one message of whole command replies (an
// action split over segments repeats its context id); the MGC acknowledges each with
// "Segment = id/n"; unacknowledged segments are resent with the backoff of our requests
// until acknowledged or the retransmission limit, and a duplicate request resends them.
// Below version 3, or when one command reply alone does not fit, the reply becomes
// Error 533 "Response exceeds maximum transport PDU size".
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "control/clock.h"
#include "proto/base/result.h"
#include "proto/h248/ast.h"

namespace msrpgw::control::transaction {

struct TimerConfig {
  Millis normal_mg_execution = 200;   // root/normalMGExecutionTime: first Pending after this
  Millis provisional_interval = 200;  // root/MGProvisionalResponseTimerValue: between Pendings
  uint32_t mg_pending_limit = 5;      // root/MGOriginatedPendingLimit; one more: 506
  Millis reply_cache = 30000;         // how long answered requests are remembered
  Millis retransmit_initial = 1000;   // our requests: first retransmission after this
  Millis retransmit_max = 8000;       // backoff ceiling
  uint32_t retransmit_limit = 6;      // retransmissions before giving up
  Millis long_request = 30000;        // after a Pending from the peer
  size_t max_message_bytes = 0;       // replies larger: segmented (v3) or 533; 0: no limit
  bool reliable_transport = false;    // TCP: send our requests once (Annex D.2)
};

// How long an unanswered request of ours lives: the first interval plus every backoff
// interval up to the retransmission limit.
Millis retransmitSpan(const TimerConfig& t);

// The reply in segments of at most max_bytes each once encoded (compact, version 3,
// mId self), command replies kept whole; empty when one command reply alone is larger.
std::vector<proto::h248::TransactionReply> segmentReply(const proto::h248::TransactionReply& reply,
                                                        const proto::h248::MId& self,
                                                        size_t max_bytes);

struct LayerStats {
  uint64_t requests_received = 0;
  uint64_t duplicates_answered = 0;  // from the reply cache
  uint64_t pending_sent = 0;
  uint64_t pending_limit_exceeded = 0;
  uint64_t acks_received = 0;
  uint64_t requests_sent = 0;
  uint64_t retransmissions = 0;
  uint64_t requests_timed_out = 0;
  uint64_t replies_unmatched = 0;
  uint64_t replies_segmented = 0;
  uint64_t segments_sent = 0;  // first transmissions
  uint64_t segments_resent = 0;
  uint64_t segment_acks_received = 0;
  uint64_t segments_unacknowledged = 0;  // given up after the retransmission limit
  uint64_t replies_too_large = 0;        // answered 533
};

class TransactionLayer {
 public:
  using Peer = std::string;  // transport address "ip:port"
  using Send = std::function<void(const Peer& to, const std::string& bytes)>;
  // The body of an answer: action replies, or a transaction-level error.
  struct Answer {
    std::vector<proto::h248::ActionReply> actions;
    std::optional<proto::h248::ErrorDescriptor> error;
  };
  using ReplyFn = std::function<void(Answer)>;
  using RequestHandler =
      std::function<void(const Peer& from, uint8_t version,
                         const proto::h248::TransactionRequest& request, ReplyFn reply)>;
  using ResponseHandler = std::function<void(Result<proto::h248::TransactionReply>)>;

  TransactionLayer(const Clock& clock, TimerConfig timers, proto::h248::MId self, Send send,
                   RequestHandler handler);
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // Every transaction of one parsed message from `from`.
  void onMessage(const Peer& from, const proto::h248::Message& message);
  // Sends a request of ours; returns its transaction id.
  uint32_t sendRequest(const Peer& to, uint8_t version,
                       std::vector<proto::h248::ActionRequest> actions, ResponseHandler done);
  // Drops every request of ours still waiting (their handlers are not called).
  void cancelRequests();
  // Runs what is due at clock.now().
  void poll();
  std::optional<Millis> nextDeadline() const;

  void setTimers(const TimerConfig& t) { timers_ = t; }
  const TimerConfig& timers() const { return timers_; }
  void setSelf(proto::h248::MId self) { self_ = std::move(self); }
  const LayerStats& stats() const { return stats_; }
  size_t cachedReplies() const { return incoming_.size(); }
  size_t outstandingRequests() const { return outgoing_.size(); }

 private:
  struct Key {
    Peer peer;
    uint32_t id;
    bool operator<(const Key& o) const { return id != o.id ? id < o.id : peer < o.peer; }
  };
  struct Incoming {
    uint8_t version = 1;
    bool answered = false;
    uint64_t generation = 0;
    // When answered: the reply's message, or its segments in order; empty once acked.
    std::vector<std::string> reply;
    std::vector<bool> segment_acked;  // segmented replies: SegmentReply seen, per segment
    uint32_t segment_resends = 0;
    Millis next_segment_send = 0;
    Millis segment_interval = 0;
    Millis expires = 0;       // when answered: forget after
    Millis next_pending = 0;  // while executing
    uint32_t pendings = 0;
  };
  struct Outgoing {
    Peer peer;
    std::string bytes;
    ResponseHandler done;
    uint32_t retransmits = 0;
    Millis next_send = 0;
    Millis interval = 0;
    bool pending = false;  // the peer sent Pending: wait for the long timer
    Millis give_up = 0;
  };

  void onRequest(const Peer& from, uint8_t version, const proto::h248::TransactionRequest& t);
  void onReply(const Peer& from, const proto::h248::TransactionReply& r);
  void answer(const Key& key, uint64_t generation, Answer a);
  void sendPending(const Key& key, Incoming& in);
  void onSegmentReply(const Peer& from, const proto::h248::SegmentReply& s);
  // Sends the segments not acknowledged yet (every one when all were).
  void resendSegments(const Key& key, Incoming& in);
  void pollSegments(Millis now);
  std::string encodeOne(uint8_t version, proto::h248::Transaction t) const;

  const Clock& clock_;
  TimerConfig timers_;
  proto::h248::MId self_;
  Send send_;
  RequestHandler handler_;
  std::shared_ptr<char> alive_;
  uint64_t next_generation_ = 1;
  std::map<Key, Incoming> incoming_;
  std::set<Key> executing_;                    // requests not answered yet
  std::set<Key> segmenting_;                   // segmented replies not fully acknowledged
  std::deque<std::pair<Millis, Key>> expiry_;  // answered requests, in expiry order
  std::map<uint32_t, Outgoing> outgoing_;
  uint32_t next_tid_ = 1;
  LayerStats stats_;
};

}  // namespace msrpgw::control::transaction
