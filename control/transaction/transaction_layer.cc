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
            it->second.reply_bytes.clear();
            ++stats_.acks_received;
          }
        }
      }
    }
    // SegmentReply: the MG sends no segmented replies and ignores segment acks.
  }
}

void TransactionLayer::onRequest(const Peer& from, uint8_t version,
                                 const h248::TransactionRequest& t) {
  Key key{from, t.id};
  auto it = incoming_.find(key);
  if (it != incoming_.end()) {
    Incoming& in = it->second;
    if (in.answered) {
      if (!in.reply_bytes.empty()) {
        ++stats_.duplicates_answered;
        send_(from, in.reply_bytes);
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
  in.reply_bytes = encodeOne(in.version, reply);
  if (timers_.max_message_bytes && in.reply_bytes.size() > timers_.max_message_bytes) {
    h248::TransactionReply too_big;
    too_big.id = key.id;
    too_big.error = h248::ErrorDescriptor{
        static_cast<uint16_t>(h248::Errc::kResponseTooLarge),
        "Response exceeds maximum transport PDU size: " + std::to_string(in.reply_bytes.size()) +
            " > " + std::to_string(timers_.max_message_bytes) + " bytes"};
    in.reply_bytes = encodeOne(in.version, std::move(too_big));
  }
  in.expires = clock_.now() + timers_.reply_cache;
  expiry_.emplace_back(in.expires, key);
  send_(key.peer, in.reply_bytes);
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
  for (const auto& [id, o] : outgoing_) take(o.pending ? o.give_up : o.next_send);
  return d;
}

}  // namespace msrpgw::control::transaction
