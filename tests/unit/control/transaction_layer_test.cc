// The transaction layer on a fake clock: duplicates answered from the reply cache,
// Pending after normalMGExecutionTime and 506 beyond the pending limit, acks, our own
// requests retransmitted with backoff up to the limit (sent once over TCP), per-peer
// transaction id spaces, v3 segmentation of large replies with segment acks, 533.
#include "control/transaction/transaction_layer.h"

#include <gtest/gtest.h>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "tests/unit/control/fakes.h"

namespace msrpgw::control::transaction {
namespace {

namespace h248 = proto::h248;
using test::FakeClock;

struct Sent {
  std::string to;
  h248::Message msg;
};

class TransactionLayerTest : public ::testing::Test {
 protected:
  TransactionLayerTest() { make(); }

  void make() {
    TimerConfig t;
    t.normal_mg_execution = 200;
    t.provisional_interval = 300;
    t.mg_pending_limit = 2;
    t.reply_cache = 30000;
    t.retransmit_initial = 1000;
    t.retransmit_max = 4000;
    t.retransmit_limit = 3;
    t.long_request = 20000;
    h248::MId self{h248::MId::Kind::kIp4, "127.0.0.1", 2944};
    layer_ = std::make_unique<TransactionLayer>(
        clock_, t, self,
        [this](const std::string& to, const std::string& bytes) {
          auto m = h248::parseMessage(bytes);
          ASSERT_TRUE(m.ok()) << bytes;
          sent_.push_back({to, m.value()});
        },
        [this](const std::string& from, uint8_t, const h248::TransactionRequest& r,
               TransactionLayer::ReplyFn reply) {
          requests_.push_back({from, r.id});
          pending_replies_.push_back(std::move(reply));
        });
  }

  void receive(const std::string& from, const std::string& body) {
    auto m = h248::parseMessage("MEGACO/3 [127.0.0.1]:2945\n" + body);
    ASSERT_TRUE(m.ok()) << body;
    layer_->onMessage(from, m.value());
  }
  void tick(Millis ms) {
    clock_.advance(ms);
    layer_->poll();
  }
  static TransactionLayer::Answer ok() {
    TransactionLayer::Answer a;
    h248::ActionReply ar;
    ar.replies.push_back({h248::CommandKind::kAuditValue, "ROOT", {}});
    a.actions.push_back(ar);
    return a;
  }
  template <class T>
  const T* lastAs() const {
    if (sent_.empty() || sent_.back().msg.transactions.empty()) return nullptr;
    return std::get_if<T>(&sent_.back().msg.transactions[0]);
  }

  FakeClock clock_;
  std::unique_ptr<TransactionLayer> layer_;
  std::vector<Sent> sent_;
  std::vector<std::pair<std::string, uint32_t>> requests_;
  std::vector<TransactionLayer::ReplyFn> pending_replies_;
};

// A request of ours: a Notify on ROOT.
h248::ActionRequest notify() {
  h248::ActionRequest a;
  a.commands.push_back({h248::CommandKind::kNotify,
                        false,
                        false,
                        "ROOT",
                        {h248::ObservedEventsDescriptor{1, {{"it/ito", {}, {}, {}}}}}});
  return a;
}

const char* kAudit = "T=7{C=-{AV=ROOT{AT{}}}}";

TEST_F(TransactionLayerTest, RequestRunsOnceAndItsReplyGoesToTheSender) {
  receive("10.0.0.1:2945", kAudit);
  ASSERT_EQ(requests_.size(), 1u);
  pending_replies_[0](ok());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].to, "10.0.0.1:2945");
  const auto* r = lastAs<h248::TransactionReply>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->id, 7u);
}

TEST_F(TransactionLayerTest, DuplicateAfterReplyIsAnsweredFromTheCache) {
  receive("10.0.0.1:2945", kAudit);
  pending_replies_[0](ok());
  receive("10.0.0.1:2945", kAudit);
  receive("10.0.0.1:2945", kAudit);
  EXPECT_EQ(requests_.size(), 1u);
  ASSERT_EQ(sent_.size(), 3u);
  EXPECT_EQ(sent_[1].msg, sent_[0].msg);
  EXPECT_EQ(sent_[2].msg, sent_[0].msg);
  EXPECT_EQ(layer_->stats().duplicates_answered, 2u);
}

TEST_F(TransactionLayerTest, TransactionIdsArePerPeer) {
  receive("10.0.0.1:2945", kAudit);
  receive("10.0.0.2:2945", kAudit);
  EXPECT_EQ(requests_.size(), 2u);
}

TEST_F(TransactionLayerTest, DuplicateWhileExecutingGetsPending) {
  receive("10.0.0.1:2945", kAudit);
  receive("10.0.0.1:2945", kAudit);
  EXPECT_EQ(requests_.size(), 1u);
  const auto* pn = lastAs<h248::TransactionPending>();
  ASSERT_NE(pn, nullptr);
  EXPECT_EQ(pn->id, 7u);
}

TEST_F(TransactionLayerTest, PendingGoesOutAfterNormalExecutionTime) {
  receive("10.0.0.1:2945", kAudit);
  tick(199);
  EXPECT_TRUE(sent_.empty());
  tick(1);
  ASSERT_NE(lastAs<h248::TransactionPending>(), nullptr);
  EXPECT_EQ(layer_->nextDeadline(), clock_.now() + 300);
  pending_replies_[0](ok());
  EXPECT_NE(lastAs<h248::TransactionReply>(), nullptr);
}

TEST_F(TransactionLayerTest, PendingLimitFailsTheTransactionWith506AndDropsTheLateAnswer) {
  receive("10.0.0.1:2945", kAudit);
  tick(200);  // pending 1
  tick(300);  // pending 2 (the limit)
  EXPECT_EQ(layer_->stats().pending_sent, 2u);
  tick(300);  // one more would be needed: 506
  const auto* r = lastAs<h248::TransactionReply>();
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->error.has_value());
  EXPECT_EQ(r->error->code, 506);
  size_t before = sent_.size();
  pending_replies_[0](ok());
  EXPECT_EQ(sent_.size(), before);
  receive("10.0.0.1:2945", kAudit);  // the duplicate gets the 506 again
  ASSERT_NE(lastAs<h248::TransactionReply>(), nullptr);
  EXPECT_EQ(lastAs<h248::TransactionReply>()->error->code, 506);
}

TEST_F(TransactionLayerTest, AckedReplyIsNotResent) {
  receive("10.0.0.1:2945", kAudit);
  pending_replies_[0](ok());
  receive("10.0.0.1:2945", "K{5-8}");
  EXPECT_EQ(layer_->stats().acks_received, 1u);
  receive("10.0.0.1:2945", kAudit);
  EXPECT_EQ(sent_.size(), 1u);
  EXPECT_EQ(requests_.size(), 1u);  // still not executed twice
}

TEST_F(TransactionLayerTest, ReplyCacheExpires) {
  receive("10.0.0.1:2945", kAudit);
  pending_replies_[0](ok());
  EXPECT_EQ(layer_->cachedReplies(), 1u);
  tick(29999);
  EXPECT_EQ(layer_->cachedReplies(), 1u);
  tick(1);
  EXPECT_EQ(layer_->cachedReplies(), 0u);
  receive("10.0.0.1:2945", kAudit);
  EXPECT_EQ(requests_.size(), 2u);
}

TEST_F(TransactionLayerTest, OwnRequestIsRetransmittedWithBackoffThenGivesUp) {
  std::optional<Result<h248::TransactionReply>> result;
  layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                      [&](Result<h248::TransactionReply> r) { result = std::move(r); });
  ASSERT_EQ(sent_.size(), 1u);
  std::vector<Millis> gaps;
  Millis last = clock_.now();
  for (int i = 0; i < 20000 && !result; ++i) {
    size_t n = sent_.size();
    tick(1);
    if (sent_.size() > n) {
      gaps.push_back(clock_.now() - last);
      last = clock_.now();
    }
  }
  EXPECT_EQ(gaps, (std::vector<Millis>{1000, 2000, 4000}));
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->ok());
  EXPECT_EQ(clock_.now() - last, 4000);  // gave up one (capped) interval after the last
  EXPECT_EQ(layer_->stats().requests_timed_out, 1u);
}

// Over TCP (H.248.1 Annex D.2) the transport retransmits: our request goes once, and
// still fails when no answer came in the time the UDP schedule above would have taken.
TEST_F(TransactionLayerTest, OverAReliableTransportOwnRequestGoesOnceAndStillTimesOut) {
  TimerConfig t = layer_->timers();
  t.reliable_transport = true;
  layer_->setTimers(t);
  Millis start = clock_.now();
  std::optional<Result<h248::TransactionReply>> result;
  layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                      [&](Result<h248::TransactionReply> r) { result = std::move(r); });
  ASSERT_EQ(sent_.size(), 1u);
  for (int i = 0; i < 20000 && !result; ++i) tick(1);
  EXPECT_EQ(sent_.size(), 1u);
  EXPECT_EQ(layer_->stats().retransmissions, 0u);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->ok());
  EXPECT_EQ(layer_->stats().requests_timed_out, 1u);
  // 1000 + 2000 + 4000 + 4000: the first interval and three capped backoff intervals.
  EXPECT_EQ(clock_.now() - start, 11000);
  EXPECT_EQ(retransmitSpan(t), 11000);
}

TEST_F(TransactionLayerTest, OverAReliableTransportAReplyOrPendingStillCounts) {
  TimerConfig t = layer_->timers();
  t.reliable_transport = true;
  layer_->setTimers(t);
  std::optional<Result<h248::TransactionReply>> first, second;
  uint32_t a = layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                                   [&](Result<h248::TransactionReply> r) { first = std::move(r); });
  uint32_t b =
      layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                          [&](Result<h248::TransactionReply> r) { second = std::move(r); });
  receive("10.0.0.1:2945", "P=" + std::to_string(a) + "{C=-{N=ROOT}}");
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->ok());
  receive("10.0.0.1:2945", "PN=" + std::to_string(b) + "{}");
  tick(19999);  // the long timer (20000) now bounds the wait, not the retransmit span
  EXPECT_FALSE(second.has_value());
  tick(1);
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->ok());
  EXPECT_EQ(sent_.size(), 2u);
}

TEST_F(TransactionLayerTest, ReplyEndsRetransmissionAndImmAckIsAcknowledged) {
  std::optional<Result<h248::TransactionReply>> result;
  uint32_t id =
      layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                          [&](Result<h248::TransactionReply> r) { result = std::move(r); });
  receive("10.0.0.1:2945", "P=" + std::to_string(id) + "{IA,C=-{SC=ROOT}}");
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->ok());
  const auto* k = lastAs<h248::TransactionResponseAck>();
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->acks[0].first, id);
  size_t n = sent_.size();
  tick(60000);
  EXPECT_EQ(sent_.size(), n);
}

TEST_F(TransactionLayerTest, PendingFromPeerStopsRetransmissionUntilTheLongTimer) {
  std::optional<Result<h248::TransactionReply>> result;
  uint32_t id =
      layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                          [&](Result<h248::TransactionReply> r) { result = std::move(r); });
  receive("10.0.0.1:2945", "PN=" + std::to_string(id) + "{}");
  tick(19999);
  EXPECT_EQ(sent_.size(), 1u);
  EXPECT_FALSE(result.has_value());
  tick(1);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->ok());
}

TEST_F(TransactionLayerTest, ReplyFromAnotherPeerDoesNotMatch) {
  std::optional<Result<h248::TransactionReply>> result;
  uint32_t id =
      layer_->sendRequest("10.0.0.1:2945", 3, {notify()},
                          [&](Result<h248::TransactionReply> r) { result = std::move(r); });
  receive("10.0.0.9:2945", "P=" + std::to_string(id) + "{C=-{SC=ROOT}}");
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(layer_->stats().replies_unmatched, 1u);
}

TEST_F(TransactionLayerTest, ReplyTooLargeForTheTransportBecomes533) {
  TimerConfig t = layer_->timers();
  t.max_message_bytes = 300;
  layer_->setTimers(t);
  receive("10.0.0.1:2945", kAudit);
  TransactionLayer::Answer a = ok();
  a.actions[0].replies[0].descriptors.push_back(
      h248::PackagesDescriptor{std::vector<h248::PackageItem>(40, {"msrpgw", 1})});
  pending_replies_[0](a);
  const auto* r = lastAs<h248::TransactionReply>();
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->error.has_value());
  EXPECT_EQ(r->error->code, 533);
  EXPECT_NE(r->error->text->find("> 300 bytes"), std::string::npos);
}

// A large answer: `contexts` actions of `per_context` AuditValue replies, each carrying a
// Packages descriptor, so every command reply has a size of its own.
TransactionLayer::Answer large(uint32_t contexts, uint32_t per_context) {
  TransactionLayer::Answer a;
  for (uint32_t c = 1; c <= contexts; ++c) {
    h248::ActionReply ar;
    ar.context_id = c;
    for (uint32_t t = 1; t <= per_context; ++t) {
      h248::CommandReply r{
          h248::CommandKind::kAuditValue,
          "msrp/" + std::to_string(c * 100 + t),
          {h248::PackagesDescriptor{std::vector<h248::PackageItem>(t % 3 + 1, {"msrpgw", 1})}}};
      ar.replies.push_back(r);
    }
    a.actions.push_back(ar);
  }
  return a;
}

// Segments put back together: pieces of one action (same context id, adjacent) merge.
std::vector<h248::ActionReply> reassemble(const std::vector<h248::TransactionReply>& segments) {
  std::vector<h248::ActionReply> out;
  for (const auto& s : segments) {
    for (const auto& a : s.actions) {
      if (!out.empty() && out.back().context_id == a.context_id) {
        out.back().replies.insert(out.back().replies.end(), a.replies.begin(), a.replies.end());
      } else {
        out.push_back(a);
      }
    }
  }
  return out;
}

// H.248.1 v3 segmentation: a reply too large for one message goes as "P=7/1", ...,
// "P=7/n/END", each within the limit and made of whole command replies; our parser reads
// every segment and they add up to the reply.
TEST_F(TransactionLayerTest, LargeReplyToAVersion3RequestIsSegmented) {
  TimerConfig t = layer_->timers();
  t.max_message_bytes = 200;
  layer_->setTimers(t);
  receive("10.0.0.1:2945", kAudit);
  TransactionLayer::Answer a = large(3, 5);
  pending_replies_[0](a);
  ASSERT_GT(sent_.size(), 2u);
  std::vector<h248::TransactionReply> segments;
  for (size_t i = 0; i < sent_.size(); ++i) {
    SCOPED_TRACE(i);
    const auto* r = std::get_if<h248::TransactionReply>(&sent_[i].msg.transactions.at(0));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->id, 7u);
    EXPECT_EQ(r->segment_number, i + 1);
    EXPECT_EQ(r->segmentation_complete, i + 1 == sent_.size());
    EXPECT_FALSE(r->error.has_value());
    EXPECT_LE(h248::encodeCompact(sent_[i].msg).size(), 200u);
    segments.push_back(*r);
  }
  EXPECT_EQ(reassemble(segments), a.actions);
  EXPECT_EQ(layer_->stats().replies_segmented, 1u);
  EXPECT_EQ(layer_->stats().segments_sent, sent_.size());
}

TEST_F(TransactionLayerTest, SegmentsFitEveryLimitAndAddUpToTheReply) {
  h248::MId self{h248::MId::Kind::kIp4, "127.0.0.1", 2944};
  h248::TransactionReply reply;
  reply.id = 12;
  reply.actions = large(4, 6).actions;
  for (size_t max = 120; max <= 2000; max += 37) {
    SCOPED_TRACE(max);
    auto segments = segmentReply(reply, self, max);
    ASSERT_FALSE(segments.empty());
    for (size_t i = 0; i < segments.size(); ++i) {
      h248::Message m;
      m.version = 3;
      m.mid = self;
      m.transactions.push_back(segments[i]);
      std::string bytes = h248::encodeCompact(m);
      EXPECT_LE(bytes.size(), max);
      auto back = h248::parseMessage(bytes);
      ASSERT_TRUE(back.ok()) << bytes;
      EXPECT_EQ(std::get<h248::TransactionReply>(back.value().transactions[0]), segments[i]);
      EXPECT_EQ(segments[i].segment_number, i + 1);
      EXPECT_EQ(segments[i].segmentation_complete, i + 1 == segments.size());
    }
    EXPECT_EQ(reassemble(segments), reply.actions);
  }
  // One command reply larger than the limit cannot be segmented.
  EXPECT_TRUE(segmentReply(reply, self, 60).empty());
}

TEST_F(TransactionLayerTest, SegmentsNotAcknowledgedAreResentUntilTheLimit) {
  TimerConfig t = layer_->timers();
  t.max_message_bytes = 200;
  layer_->setTimers(t);
  receive("10.0.0.1:2945", kAudit);
  pending_replies_[0](large(3, 5));
  size_t n = sent_.size();
  ASSERT_GT(n, 2u);
  // The MGC acknowledges every segment but the second.
  for (size_t i = 1; i <= n; ++i) {
    if (i == 2) continue;
    receive("10.0.0.1:2945", "SM=7/" + std::to_string(i) + (i == n ? "/END" : ""));
  }
  EXPECT_EQ(layer_->stats().segment_acks_received, n - 1);
  EXPECT_EQ(sent_.size(), n);
  tick(1000);  // retransmit_initial
  ASSERT_EQ(sent_.size(), n + 1);
  const auto* r = lastAs<h248::TransactionReply>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->segment_number, 2u);
  // A duplicate of the request resends only what is missing too.
  receive("10.0.0.1:2945", kAudit);
  ASSERT_EQ(sent_.size(), n + 2);
  EXPECT_EQ(lastAs<h248::TransactionReply>()->segment_number, 2u);
  // Backoff 2000, 4000, 4000 (capped), then the limit of 3 resends: given up.
  tick(2000);
  tick(4000);
  EXPECT_EQ(sent_.size(), n + 4);
  tick(4000);
  EXPECT_EQ(sent_.size(), n + 4);
  EXPECT_EQ(layer_->stats().segments_unacknowledged, 1u);
  tick(60000);
  EXPECT_EQ(sent_.size(), n + 4);
}

TEST_F(TransactionLayerTest, AcknowledgedSegmentsAreNotResent) {
  TimerConfig t = layer_->timers();
  t.max_message_bytes = 200;
  layer_->setTimers(t);
  receive("10.0.0.1:2945", kAudit);
  pending_replies_[0](large(2, 4));
  size_t n = sent_.size();
  ASSERT_GT(n, 1u);
  for (size_t i = 1; i <= n; ++i) receive("10.0.0.1:2945", "SM=7/" + std::to_string(i));
  tick(60000);
  EXPECT_EQ(sent_.size(), n);
  EXPECT_FALSE(layer_->nextDeadline()
                   .has_value());  // nothing left to resend or expire  // nothing due any more
}

TEST_F(TransactionLayerTest, LargeReplyBelowVersion3Becomes533) {
  TimerConfig t = layer_->timers();
  t.max_message_bytes = 200;
  layer_->setTimers(t);
  auto m = h248::parseMessage("MEGACO/2 [127.0.0.1]:2945\nT=8{C=-{AV=ROOT{AT{}}}}");
  ASSERT_TRUE(m.ok());
  layer_->onMessage("10.0.0.1:2945", m.value());
  pending_replies_[0](large(3, 5));
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].msg.version, 2u);
  const auto* r = lastAs<h248::TransactionReply>();
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->segment_number.has_value());
  ASSERT_TRUE(r->error.has_value());
  EXPECT_EQ(r->error->code, 533);
  EXPECT_NE(r->error->text->find("segmentation needs version 3"), std::string::npos);
}

TEST_F(TransactionLayerTest, AnswerAfterTheLayerIsGoneIsHarmless) {
  receive("10.0.0.1:2945", kAudit);
  auto reply = pending_replies_[0];
  layer_.reset();
  reply(ok());
  EXPECT_TRUE(sent_.empty());
}

}  // namespace
}  // namespace msrpgw::control::transaction
