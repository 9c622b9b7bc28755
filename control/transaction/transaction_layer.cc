#include "control/transaction/transaction_layer.h"

#include <algorithm>

#include "proto/h248/encode.h"
#include "proto/h248/errc.h"

namespace msrpgw::control::transaction {

namespace h248 = proto::h248;

Millis retransmitSpan(const TimerConfig& t) {
  Millis interval = t.retransmit_initial;
  Millis span = interval;
  for (uint32_t i = 0; i < t.retransmit_limit; ++i) {
    interval = std::min(interval * 2, t.retransmit_max);
    span += interval;
  }
  return span;
}

namespace {

size_t encodedSize(const h248::MId& self, h248::TransactionReply r) {
  h248::Message m;
  m.version = 3;
  m.mid = self;
  m.transactions.emplace_back(std::move(r));
  return h248::encodeCompact(m).size();
}

// Consecutive pieces of one action go back into one ActionReply.
void appendUnit(std::vector<h248::ActionReply>& into, const h248::ActionReply& unit, bool same) {
  if (same && !into.empty()) {
    h248::ActionReply& last = into.back();
    last.replies.insert(last.replies.end(), unit.replies.begin(), unit.replies.end());
    if (unit.error) last.error = unit.error;
    return;
  }
  into.push_back(unit);
}

}  // namespace

std::vector<h248::TransactionReply> segmentReply(const h248::TransactionReply& reply,
                                                 const h248::MId& self, size_t max_bytes) {
  // Units: one command reply each (an action without replies is one unit); the context
  // properties ride with an action's first unit, its error with its last.
  std::vector<h248::ActionReply> units;
  std::vector<size_t> action_of;
  for (size_t a = 0; a < reply.actions.size(); ++a) {
    const h248::ActionReply& ar = reply.actions[a];
    if (ar.replies.empty()) {
      units.push_back(ar);
      action_of.push_back(a);
      continue;
    }
    for (size_t i = 0; i < ar.replies.size(); ++i) {
      h248::ActionReply u;
      u.context_id = ar.context_id;
      if (i == 0) u.context = ar.context;
      u.replies.push_back(ar.replies[i]);
      if (i + 1 == ar.replies.size()) u.error = ar.error;
      units.push_back(std::move(u));
      action_of.push_back(a);
    }
  }
  // A conservative size per unit (as if each were its own action, with the longest
  // segment header), so a greedy pass rarely overshoots; each segment is checked anyway.
  h248::TransactionReply head;
  head.id = reply.id;
  head.segment_number = UINT32_MAX;
  head.segmentation_complete = true;
  size_t base = encodedSize(self, head);
  std::vector<size_t> cost;
  for (const h248::ActionReply& u : units) {
    h248::TransactionReply one = head;
    one.actions.push_back(u);
    cost.push_back(encodedSize(self, one) - base + 1);
  }
  std::vector<h248::TransactionReply> out;
  size_t i = 0;
  while (i < units.size()) {
    size_t j = i;
    size_t total = base;
    while (j < units.size() && (j == i || total + cost[j] <= max_bytes)) total += cost[j++];
    for (;;) {
      h248::TransactionReply seg;
      seg.id = reply.id;
      seg.imm_ack_required = reply.imm_ack_required;
      seg.segment_number = static_cast<uint32_t>(out.size() + 1);
      seg.segmentation_complete = j == units.size();
      for (size_t k = i; k < j; ++k) {
        appendUnit(seg.actions, units[k], k > i && action_of[k] == action_of[k - 1]);
      }
      if (encodedSize(self, seg) <= max_bytes) {
        out.push_back(std::move(seg));
        break;
      }
      if (j - i == 1) return {};  // one command reply alone is too large: 533
      --j;
    }
    i = j;
  }
  return out;
}

TransactionLayer::TransactionLayer(const Clock& clock, TimerConfig timers, h248::MId self,
                                   Send send, RequestHandler handler)
    : clock_(clock),
      timers_(timers),
      self_(std::move(self)),
      send_(std::move(send)),
      handler_(std::move(handler)),
      alive_(std::make_shared<char>(0)) {}

TransactionLayer::~TransactionLayer() = default;

std::string TransactionLayer::encodeOne(uint8_t version, h248::Transaction t) const {
  h248::Message m;
  m.version = version;
  m.mid = self_;
  m.transactions.push_back(std::move(t));
  return h248::encodeCompact(m);
}

void TransactionLayer::onMessage(const Peer& from, const h248::Message& message) {
  for (const h248::Transaction& t : message.transactions) {
    if (const auto* req = std::get_if<h248::TransactionRequest>(&t)) {
      onRequest(from, message.version, *req);
    } else if (const auto* rep = std::get_if<h248::TransactionReply>(&t)) {
      onReply(from, *rep);
    } else if (const auto* pn = std::get_if<h248::TransactionPending>(&t)) {
      auto it = outgoing_.find(pn->id);
      if (it == outgoing_.end() || it->second.peer != from) {
        ++stats_.replies_unmatched;
        continue;
      }
      it->second.pending = true;
      it->second.give_up = clock_.now() + timers_.long_request;
    } else if (const auto* ack = std::get_if<h248::TransactionResponseAck>(&t)) {
      for (const h248::AckRange& r : ack->acks) {
        uint32_t last = r.last.value_or(r.first);
        if (last < r.first || last - r.first > 65536) continue;  // nonsense range: ignore
        for (uint64_t id = r.first; id <= last; ++id) {
          auto it = incoming_.find(Key{from, static_cast<uint32_t>(id)});
          if (it != incoming_.end() && it->second.answered) {
            // Keep the key until expiry so a late duplicate is not run twice, but stop
            // resending the reply: an acknowledged reply is answered with nothing.
            it->second.reply.clear();
            segmenting_.erase(it->first);
            ++stats_.acks_received;
          }
        }
      }
    } else if (const auto* seg = std::get_if<h248::SegmentReply>(&t)) {
      onSegmentReply(from, *seg);
    }
  }
}

void TransactionLayer::onSegmentReply(const Peer& from, const h248::SegmentReply& s) {
  Key key{from, s.id};
  auto it = incoming_.find(key);
  if (it == incoming_.end() || !it->second.answered || s.segment_number == 0 ||
      s.segment_number > it->second.segment_acked.size()) {
    ++stats_.replies_unmatched;
    return;
  }
  Incoming& in = it->second;
  if (!in.segment_acked[s.segment_number - 1]) ++stats_.segment_acks_received;
  in.segment_acked[s.segment_number - 1] = true;
  if (std::all_of(in.segment_acked.begin(), in.segment_acked.end(), [](bool b) { return b; })) {
    segmenting_.erase(key);
  }
}

void TransactionLayer::resendSegments(const Key& key, Incoming& in) {
  bool all =
      std::all_of(in.segment_acked.begin(), in.segment_acked.end(), [](bool b) { return b; });
  for (size_t i = 0; i < in.reply.size(); ++i) {
    if (!all && in.segment_acked[i]) continue;
    ++stats_.segments_resent;
    send_(key.peer, in.reply[i]);
  }
}

void TransactionLayer::pollSegments(Millis now) {
  std::vector<Key> done;
  for (const Key& key : segmenting_) {
    auto it = incoming_.find(key);
    if (it == incoming_.end() || it->second.reply.empty()) {
      done.push_back(key);
      continue;
    }
    Incoming& in = it->second;
    if (in.next_segment_send > now) continue;
    if (in.segment_resends >= timers_.retransmit_limit) {
      ++stats_.segments_unacknowledged;
      done.push_back(key);
      continue;
    }
    ++in.segment_resends;
    in.segment_interval = std::min(in.segment_interval * 2, timers_.retransmit_max);
    in.next_segment_send = now + in.segment_interval;
    resendSegments(key, in);
  }
  for (const Key& key : done) segmenting_.erase(key);
}

void TransactionLayer::onRequest(const Peer& from, uint8_t version,
                                 const h248::TransactionRequest& t) {
  Key key{from, t.id};
  auto it = incoming_.find(key);
  if (it != incoming_.end()) {
    Incoming& in = it->second;
    if (in.answered) {
      if (in.segment_acked.size() > 1 && !in.reply.empty()) {
        ++stats_.duplicates_answered;
        resendSegments(key, in);
      } else if (!in.reply.empty()) {
        ++stats_.duplicates_answered;
        send_(from, in.reply[0]);
      }
    } else {
      sendPending(key, in);
    }
    return;
  }
  ++stats_.requests_received;
  Incoming& in = incoming_[key];
  in.version = version;
  in.generation = next_generation_++;
  in.next_pending = clock_.now() + timers_.normal_mg_execution;
  executing_.insert(key);
  uint64_t generation = in.generation;
  std::weak_ptr<char> alive = alive_;
  handler_(from, version, t, [this, alive, key, generation](Answer a) {
    if (alive.expired()) return;
    answer(key, generation, std::move(a));
  });
}

void TransactionLayer::sendPending(const Key& key, Incoming& in) {
  ++in.pendings;
  ++stats_.pending_sent;
  in.next_pending = clock_.now() + timers_.provisional_interval;
  send_(key.peer, encodeOne(in.version, h248::TransactionPending{key.id}));
}

void TransactionLayer::answer(const Key& key, uint64_t generation, Answer a) {
  auto it = incoming_.find(key);
  if (it == incoming_.end() || it->second.answered || it->second.generation != generation) {
    return;  // already failed with 506, or forgotten
  }
  Incoming& in = it->second;
  executing_.erase(key);
  h248::TransactionReply reply;
  reply.id = key.id;
  reply.error = std::move(a.error);
  if (!reply.error) reply.actions = std::move(a.actions);
  in.answered = true;
  std::string bytes = encodeOne(in.version, reply);
  in.expires = clock_.now() + timers_.reply_cache;
  expiry_.emplace_back(in.expires, key);
  if (!timers_.max_message_bytes || bytes.size() <= timers_.max_message_bytes) {
    in.reply = {std::move(bytes)};
    send_(key.peer, in.reply[0]);
    return;
  }
  std::vector<h248::TransactionReply> segments;
  if (in.version >= 3) segments = segmentReply(reply, self_, timers_.max_message_bytes);
  if (segments.size() > 1) {
    ++stats_.replies_segmented;
    for (h248::TransactionReply& seg : segments) in.reply.push_back(encodeOne(3, std::move(seg)));
    in.segment_acked.assign(in.reply.size(), false);
    in.segment_interval = timers_.retransmit_initial;
    in.next_segment_send = clock_.now() + in.segment_interval;
    segmenting_.insert(key);
    for (const std::string& b : in.reply) {
      ++stats_.segments_sent;
      send_(key.peer, b);
    }
    return;
  }
  ++stats_.replies_too_large;
  h248::TransactionReply too_big;
  too_big.id = key.id;
  too_big.error = h248::ErrorDescriptor{
      static_cast<uint16_t>(h248::Errc::kResponseTooLarge),
      "Response exceeds maximum transport PDU size: " + std::to_string(bytes.size()) + " > " +
          std::to_string(timers_.max_message_bytes) + " bytes" +
          (in.version >= 3 ? " and one command reply alone does not fit a segment"
                           : " (segmentation needs version 3)")};
  in.reply = {encodeOne(in.version, std::move(too_big))};
  send_(key.peer, in.reply[0]);
}

void TransactionLayer::onReply(const Peer& from, const h248::TransactionReply& r) {
  auto it = outgoing_.find(r.id);
  if (it == outgoing_.end() || it->second.peer != from) {
    ++stats_.replies_unmatched;
    // Still acknowledge: the peer wants it, and our earlier ack may have been lost.
    if (r.imm_ack_required) {
      send_(from, encodeOne(3, h248::TransactionResponseAck{{{r.id, std::nullopt}}}));
    }
    return;
  }
  ResponseHandler done = std::move(it->second.done);
  outgoing_.erase(it);
  if (r.imm_ack_required) {
    send_(from, encodeOne(3, h248::TransactionResponseAck{{{r.id, std::nullopt}}}));
  }
  if (done) done(r);
}

uint32_t TransactionLayer::sendRequest(const Peer& to, uint8_t version,
                                       std::vector<h248::ActionRequest> actions,
                                       ResponseHandler done) {
  uint32_t id = next_tid_++;
  if (next_tid_ == 0) next_tid_ = 1;
  Outgoing o;
  o.peer = to;
  o.bytes = encodeOne(version, h248::TransactionRequest{id, std::move(actions)});
  o.done = std::move(done);
  o.interval = timers_.retransmit_initial;
  o.next_send = clock_.now() + o.interval;
  if (timers_.reliable_transport) {
    // The transport retransmits; we only wait, as long as the UDP schedule would have.
    o.retransmits = timers_.retransmit_limit;
    o.next_send = clock_.now() + retransmitSpan(timers_);
  }
  ++stats_.requests_sent;
  std::string bytes = o.bytes;
  outgoing_[id] = std::move(o);
  send_(to, bytes);
  return id;
}

void TransactionLayer::cancelRequests() {
  outgoing_.clear();
}

void TransactionLayer::poll() {
  Millis now = clock_.now();
  // Forget answered requests whose cache time passed.
  while (!expiry_.empty() && expiry_.front().first <= now) {
    auto it = incoming_.find(expiry_.front().second);
    if (it != incoming_.end() && it->second.answered && it->second.expires <= now) {
      incoming_.erase(it);
    }
    expiry_.pop_front();
  }
  // Pendings for requests still executing; 506 beyond the limit.
  std::vector<Key> due;
  for (const Key& key : executing_) {
    if (incoming_[key].next_pending <= now) due.push_back(key);
  }
  for (const Key& key : due) {
    Incoming& in = incoming_[key];
    if (in.pendings >= timers_.mg_pending_limit) {
      ++stats_.pending_limit_exceeded;
      Answer a;
      a.error = h248::ErrorDescriptor{
          static_cast<uint16_t>(h248::Errc::kPendingLimitExceeded),
          "Number of TransactionPendings exceeded: execution took longer than " +
              std::to_string(timers_.mg_pending_limit) + " provisional intervals"};
      answer(key, in.generation, std::move(a));
    } else {
      sendPending(key, in);
    }
  }
  pollSegments(now);
  // Our requests: retransmit with backoff, or give up.
  std::vector<uint32_t> failed;
  for (auto& [id, o] : outgoing_) {
    if (o.pending) {
      if (o.give_up <= now) failed.push_back(id);
      continue;
    }
    if (o.next_send > now) continue;
    if (o.retransmits >= timers_.retransmit_limit) {
      failed.push_back(id);
      continue;
    }
    ++o.retransmits;
    ++stats_.retransmissions;
    o.interval = std::min(o.interval * 2, timers_.retransmit_max);
    o.next_send = now + o.interval;
    send_(o.peer, o.bytes);
  }
  for (uint32_t id : failed) {
    auto it = outgoing_.find(id);
    if (it == outgoing_.end()) continue;
    ResponseHandler done = std::move(it->second.done);
    outgoing_.erase(it);
    ++stats_.requests_timed_out;
    if (done) done(h248::makeError(h248::Errc::kInternalError, "no reply from the peer"));
  }
}

std::optional<Millis> TransactionLayer::nextDeadline() const {
  std::optional<Millis> d;
  auto take = [&d](Millis t) { d = d ? std::min(*d, t) : t; };
  if (!expiry_.empty()) take(expiry_.front().first);
  for (const Key& key : executing_) take(incoming_.at(key).next_pending);
  for (const Key& key : segmenting_) {
    auto it = incoming_.find(key);
    if (it != incoming_.end()) take(it->second.next_segment_send);
  }
  for (const auto& [id, o] : outgoing_) take(o.pending ? o.give_up : o.next_send);
  return d;
}

}  // namespace msrpgw::control::transaction
