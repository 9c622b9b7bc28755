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
// Owner: the worker loop of its context. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

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

  // LegSink
  Verdict onChunkStart(Leg& leg, const ChunkMeta& meta) override;
  void onChunkBody(Leg& leg, buffer::Chain piece) override;
  Verdict onChunkEnd(Leg& leg, EndFlag flag) override;
  void onReport(Leg& leg, const ReportMeta& report) override;
  void onChunkOutcome(Leg& leg, uint64_t ref, uint16_t status) override;
  void onLegUp(Leg& leg) override;
  void onLegDown(Leg& leg, CloseReason reason) override;
  void onLegWritable(Leg& leg) override;

 private:
  // A message coming in on one side, on its way out of the other.
  struct InMsg {
    // The head of the chunks written out: the first chunk's type, Success-Report and MIME
    // headers, Failure-Report yes (delivery is tracked here), the range set per chunk.
    ChunkMeta out;
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
  struct OutRef {
    Side from;
    std::string message_id;
    ByteRange range;
  };
  // What the sender of a message asked for, kept after the message so late REPORTs map.
  struct Asked {
    ReportMode success = ReportMode::kNo;
    ReportMode failure = ReportMode::kYes;
  };

  Side sideOf(const Leg& leg) const { return &leg == legs_[kA] ? kA : kB; }
  static Side other(Side s) { return s == kA ? kB : kA; }
  void emit(Side from, InMsg& msg, size_t n, EndFlag flag);
  void pump(Side from, InMsg& msg);
  // Shows the held head to the filters that asked for it; false when they refused it.
  bool inspectHead(Side from, InMsg& msg, bool complete);
  // Ends a message early: '#' to the far side if part of it went out, else drops it.
  void abortOrDrop(Side from, InMsg& msg);
  void maybeResume(Side from);
  void failBack(Side from, const std::string& message_id, const ByteRange& range, uint16_t status);
  void remember(Side from, const std::string& message_id, const ChunkMeta& meta);
  void maybeForget(Side from, const std::string& message_id);
  void applyBackPressure(Side from);

  Leg* legs_[2];
  BridgeDirection dir_[2];  // indexed by the side messages come in on
  std::unordered_map<std::string, InMsg> msgs_[2];
  std::string current_[2];  // Message-ID of the chunk being received on each side
  bool leg_down_[2] = {false, false};
  bool paused_[2] = {false, false};
  size_t held_[2] = {0, 0};  // bytes in pend of the messages from each side
  std::unordered_map<uint64_t, OutRef> refs_;
  uint64_t next_ref_ = 1;
  std::unordered_map<std::string, Asked> asked_[2];
  std::deque<std::string> asked_order_[2];
  BridgeStats stats_[2];
  LegEvent on_leg_event_;
};

}  // namespace msrpgw::media
