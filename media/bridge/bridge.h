// The bridge between the two legs of one context: msrpgw's back-to-back core.
// For each direction it takes SEND chunks from the near leg, runs the filters, and
// writes the message to the far leg re-chunked to the far leg's chunk size (bodies move
// as slices, never copied; small chunks coalesce, large ones stream out in pieces), with
// Message-ID kept end to end and Byte-Range in message offsets, so REPORTs map back
// unchanged. Once a chunk is answered 200 the bridge owns its delivery: a failure on the
// far side (error response, transaction timeout, lost connection) becomes a failure
// REPORT to the sender where its Failure-Report asks for one; the far side's REPORTs go
// back to the sender where its Success-/Failure-Report asks for them. A slow far side
// pauses reading on the near side (back-pressure).
// Memory per bridge is bounded by what is in flight: a message is kept while any of its
// chunks is held or unanswered, then only its Message-ID and report modes stay, for the
// last kRecentMessages (64) finished messages per side, so a REPORT that arrives after the
// final transaction response still maps. A REPORT later than that is dropped.
// Owner: the worker loop of its context. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/bridge/flat_index.h"
#include "media/buffer/ring.h"
#include "media/filter/filter.h"
#include "media/leg/leg.h"

namespace msrpgw::media {

struct BridgeDirection {
  uint32_t chunk_size = 2048;     // largest chunk body written to the far leg
  uint64_t max_message_size = 0;  // far side's a=max-size; 0 = no limit
  uint64_t max_held = 1 << 20;    // bytes held for a far leg not up yet, before the near one pauses
  bool allowed = true;            // H.248 Mode lets this direction through
  filter::FilterChain filters;
};

#define MSRPGW_BRIDGE_STATS(COUNTER) \
  COUNTER(messages_forwarded)        \
  COUNTER(messages_aborted)          \
  COUNTER(messages_refused)          \
  COUNTER(chunks_forwarded)          \
  COUNTER(reports_forwarded)         \
  COUNTER(reports_generated)         \
  COUNTER(read_paused)

struct BridgeStats {
#define MSRPGW_BRIDGE_COUNTER_FIELD(name) uint64_t name = 0;
  MSRPGW_BRIDGE_STATS(MSRPGW_BRIDGE_COUNTER_FIELD)
#undef MSRPGW_BRIDGE_COUNTER_FIELD
};

class Bridge final : public LegSink {
 public:
  enum Side : uint8_t { kA = 0, kB = 1 };
  using LegEvent = std::function<void(Side side, bool up, CloseReason reason)>;

  // `a_to_b` governs messages from leg a to leg b; `b_to_a` the reverse.
  Bridge(Leg& a, Leg& b, BridgeDirection a_to_b, BridgeDirection b_to_a);
  ~Bridge() override;
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;

  void setLegEventHandler(LegEvent h) { on_leg_event_ = std::move(h); }
  // Replaces the settings of messages coming in on `side` (a Modify): filters and limits
  // apply to messages that start after the call.
  void setDirection(Side side, BridgeDirection d) { dir_[side] = std::move(d); }
  // Statistics of the messages that came in on `side`.
  const BridgeStats& stats(Side side) const { return stats_[side]; }
  // Body bytes held between legs (not yet handed to the far leg), both directions.
  size_t heldBytes() const { return held_[kA] + held_[kB]; }
  size_t messagesInFlight() const { return msgs_[0].size() + msgs_[1].size(); }
  // Finished messages this thread keeps for its bridges to reuse.
  static size_t spareMessages();

  // LegSink
  Verdict onChunkStart(Leg& leg, const ChunkMeta& meta) override;
  void prefetch(Leg& leg, std::string_view message_id) override;
  void onChunkBody(Leg& leg, buffer::Slice piece) override;
  Verdict onChunkEnd(Leg& leg, EndFlag flag) override;
  void onReport(Leg& leg, const ReportMeta& report) override;
  void onChunkOutcome(Leg& leg, uint64_t ref, uint16_t status) override;
  void onLegUp(Leg& leg) override;
  void onLegDown(Leg& leg, CloseReason reason) override;
  void onLegWritable(Leg& leg) override;

 private:
  // What the sender of a message asked for; kept after the message so late REPORTs map.
  struct Asked {
    ReportMode success = ReportMode::kNo;
    ReportMode failure = ReportMode::kYes;
  };
  // A message coming in on one side, on its way out of the other. Finished messages go
  // back to a small spare list, so their strings keep their capacity for the next one.
  struct InMsg {
    // The head of the chunks written out: the first chunk's type, Success-Report and MIME
    // headers, Failure-Report yes (delivery is tracked here), the range set per chunk.
    ChunkMeta out;
    Asked asked;       // the sender's own report modes
    uint64_t key = 0;  // hash of out.message_id in msgs_
    // out.message_id again, inline (an ident has at most 32 characters; id_len 0xff: a
    // longer one, only in out.message_id): the index compare and the REPORT memory read it
    // here, on a line they load anyway, not on the string's own heap line (perf: that
    // line's miss was over half of maybeForget's samples with 100 sessions).
    uint8_t id_len = 0;
    char id[32];
    std::string_view messageId() const {
      return id_len <= sizeof id ? std::string_view(id, id_len) : std::string_view(out.message_id);
    }
    Side from = kA;
    uint64_t next_offset = 1;  // message offset of pend's first byte
    uint64_t total = ByteRange::kUnknown;
    buffer::Chain pend;            // bytes received, not yet written out
    uint16_t refused = 0;          // non-zero: answer further chunks with this status
    std::optional<EndFlag> ended;  // the sender's last chunk arrived with this flag
    bool finished = false;         // its last chunk ($ or #) went out, or it was dropped
    bool any_sent = false;
    uint32_t outstanding = 0;  // chunks written out and not yet answered
    size_t inspect = 0;        // held until a filter has read this many leading bytes
  };
  // A chunk written to the far leg and not yet answered; its message stays in msgs_
  // (outstanding > 0) until every such chunk is answered, so the pointer stays valid.
  struct OutRef {
    InMsg* msg = nullptr;
    ByteRange range;
    bool answered = false;
  };
  // A message that left msgs_ (every chunk answered), for REPORTs that come after it.
  // The Message-ID is kept inline (an ident has at most 32 characters): a ring of these
  // is one block of memory, not one allocation per entry.
  struct Recent {
    static constexpr size_t kMaxId = 32;
    uint64_t key = 0;
    uint8_t id_len = 0;
    Asked asked;
    char id[kMaxId];
    std::string_view messageId() const { return {id, id_len}; }
  };

  Side sideOf(const Leg& leg) const { return &leg == legs_[kA] ? kA : kB; }
  static Side other(Side s) { return s == kA ? kB : kA; }
  static uint64_t keyOf(std::string_view message_id);
  // Finished messages kept by this thread for any of its bridges (bounded).
  static std::vector<std::unique_ptr<InMsg>>& spares();
  InMsg* findMsg(Side from, uint64_t key, std::string_view message_id);
  InMsg& newMsg(Side from, uint64_t key, const ChunkMeta& meta);
  // The messages from one side, for loops that may forget the one they are at.
  std::vector<InMsg*> msgsOf(Side from);
  void emit(Side from, InMsg& msg, size_t n, EndFlag flag);
  void pump(Side from, InMsg& msg);
  // Shows the held head to the filters that asked for it; false when they refused it.
  bool inspectHead(Side from, InMsg& msg, bool complete);
  // Ends a message early: '#' to the far side if part of it went out, else drops it.
  void abortOrDrop(Side from, InMsg& msg);
  void maybeResume(Side from);
  void failBack(Side from, const InMsg& msg, const ByteRange& range, uint16_t status);
  // Forgets a finished message with nothing outstanding; remembers what it asked for.
  void maybeForget(InMsg& msg);
  void applyBackPressure(Side from);
  // The chunk a leg's outcome is about, or nullptr (not ours, or answered already).
  OutRef* sentChunk(uint64_t ref);

  Leg* legs_[2];
  BridgeDirection dir_[2];  // indexed by the side messages come in on
  detail::FlatIndex<std::unique_ptr<InMsg>> msgs_[2];
  InMsg* current_[2] = {nullptr, nullptr};  // the message of the chunk being received
  bool leg_down_[2] = {false, false};
  bool paused_[2] = {false, false};
  size_t held_[2] = {0, 0};  // bytes in pend of the messages from each side
  buffer::Chain out_body_;   // the body of the chunk being written out (emit), kept for reuse
  // Chunks written out and not all answered, per side messages come in on, in sending
  // order (a leg reports outcomes in that order, but for a response that overtakes
  // another). A ref is ref_tag_ | sequence << 1 | side; the tag differs from bridge to
  // bridge on a worker, so the outcome of a chunk a retired bridge sent never matches.
  buffer::Ring<OutRef> sent_[2];
  uint64_t sent_base_[2] = {0, 0};  // sequence of sent_[side].front()
  uint64_t ref_tag_;
  std::vector<Recent> recent_[2];  // a ring, filled up to kRecentMessages
  size_t recent_next_[2] = {0, 0};
  BridgeStats stats_[2];
  LegEvent on_leg_event_;
};

}  // namespace msrpgw::media
