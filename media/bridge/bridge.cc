#include "media/bridge/bridge.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>
#include <vector>

#include "proto/msrp/status_text.h"

namespace msrpgw::media {

namespace {

// Keeps the report modes of this many finished messages per side, for REPORTs that come
// after the last transaction response of their message. A receiver sends its REPORT right
// after (or before) that response on the same connection, so it arrives within a few
// frames; messages still in flight are found in msgs_ whatever their number.
constexpr size_t kRecentMessages = 64;
// Finished messages kept for reuse (their strings and chains keep their capacity) by all
// the bridges of a thread, up to this many. A pipelining sender's window empties and fills
// again many times a second, to a different peak each time; one pool for the worker keeps
// what the peaks of all its bridges together needed. (Kept per bridge and trimmed to its
// last burst's peak, one message in twenty was a fresh one, four allocations: a third of
// the data path's mallocs. With 100 pipelining sessions a pool of 2,048 still made one in
// twenty fresh, 8,192 about one in three hundred.) About 350 bytes each with their
// strings: under 3 MB per worker.
constexpr size_t kSpareMessages = 8192;
// A ref: bridge tag (24 bits) | chunk sequence (39 bits) | side (1 bit).
constexpr int kRefTagShift = 40;
constexpr uint64_t kRefSeqMask = (uint64_t{1} << (kRefTagShift - 1)) - 1;
// Outcomes come in sending order: the message of the chunk this many places behind the
// one answered now is fetched into the cache ahead of its own answer.
constexpr size_t kPrefetchAhead = 4;

uint64_t nextRefTag() {
  thread_local uint64_t serial = 0;
  return (++serial & 0xFFFFFF) << kRefTagShift;
}

}  // namespace

Bridge::Bridge(Leg& a, Leg& b, BridgeDirection a_to_b, BridgeDirection b_to_a)
    : legs_{&a, &b}, ref_tag_(nextRefTag()) {
  dir_[kA] = std::move(a_to_b);
  dir_[kB] = std::move(b_to_a);
  a.setSink(this);
  b.setSink(this);
}

Bridge::~Bridge() {
  legs_[kA]->setSink(nullptr);
  legs_[kB]->setSink(nullptr);
}

uint64_t Bridge::keyOf(std::string_view message_id) {
  return std::hash<std::string_view>{}(message_id) | 1;  // 0 marks an empty slot
}

Bridge::InMsg* Bridge::findMsg(Side from, uint64_t key, std::string_view message_id) {
  std::unique_ptr<InMsg>* m = msgs_[from].find(
      key, [&](const std::unique_ptr<InMsg>& p) { return p->messageId() == message_id; });
  return m ? m->get() : nullptr;
}

std::vector<std::unique_ptr<Bridge::InMsg>>& Bridge::spares() {
  thread_local std::vector<std::unique_ptr<InMsg>> kept;
  return kept;
}

size_t Bridge::spareMessages() {
  return spares().size();
}

Bridge::InMsg& Bridge::newMsg(Side from, uint64_t key, const ChunkMeta& meta) {
  std::unique_ptr<InMsg> p;
  std::vector<std::unique_ptr<InMsg>>& spare = spares();
  if (!spare.empty()) {
    p = std::move(spare.back());
    spare.pop_back();
  } else {
    p = std::make_unique<InMsg>();
  }
  InMsg& msg = *p;
  msg.out = meta;  // assignment: a reused message's strings keep their capacity
  msg.out.failure_report = ReportMode::kYes;  // we track delivery on the far side ourselves
  msg.asked = Asked{meta.success_report, meta.failure_report};
  msg.key = key;
  if (meta.message_id.size() <= sizeof msg.id) {
    msg.id_len = static_cast<uint8_t>(meta.message_id.size());
    std::memcpy(msg.id, meta.message_id.data(), msg.id_len);
  } else {
    msg.id_len = 0xff;
  }
  msg.from = from;
  msg.next_offset = meta.range.start;
  msg.total = ByteRange::kUnknown;
  msg.pend.clear();
  msg.refused = 0;
  msg.ended.reset();
  msg.finished = false;
  msg.any_sent = false;
  msg.outstanding = 0;
  msg.inspect = 0;
  msgs_[from].insert(key, std::move(p));
  return msg;
}

std::vector<Bridge::InMsg*> Bridge::msgsOf(Side from) {
  std::vector<InMsg*> v;
  v.reserve(msgs_[from].size());
  msgs_[from].forEach([&](std::unique_ptr<InMsg>& p) { v.push_back(p.get()); });
  return v;
}

// ---- messages in ------------------------------------------------------------------------

void Bridge::prefetch(Leg& leg, std::string_view message_id) {
  // perf: with 100 sessions these two are the bridge's costliest loads (cold lines).
  msgs_[sideOf(leg)].prefetch(keyOf(message_id));
  const std::vector<std::unique_ptr<InMsg>>& spare = spares();
  if (!spare.empty()) __builtin_prefetch(spare.back().get());
}

Verdict Bridge::onChunkStart(Leg& leg, const ChunkMeta& meta) {
  const Side s = sideOf(leg);
  BridgeDirection& d = dir_[s];
  if (!d.allowed) {
    ++stats_[s].messages_refused;
    return 403;  // Mode blocks this direction (documented in conf/README.md)
  }
  if (leg_down_[other(s)]) return 481;  // the far session is gone
  const uint64_t key = keyOf(meta.message_id);
  InMsg* found = findMsg(s, key, meta.message_id);
  const bool fresh = found == nullptr;
  InMsg& msg = fresh ? newMsg(s, key, meta) : *found;
  if (fresh) {
    filter::Verdict v = filter::runMessageStart(d.filters, meta);
    if (!v.accepted()) {
      msg.refused = v.status;
    } else if (d.max_message_size != 0 && meta.range.total != ByteRange::kUnknown &&
               meta.range.total > d.max_message_size) {
      msg.refused = 413;
    } else if (meta.range.start == 1) {
      // Filters that read the body's first bytes hold the message until they decide.
      msg.inspect = filter::headBytesWanted(d.filters, meta);
      if (meta.range.total != ByteRange::kUnknown)
        msg.inspect = static_cast<size_t>(std::min<uint64_t>(msg.inspect, meta.range.total));
    }
    if (msg.refused != 0) ++stats_[s].messages_refused;
  }
  if (msg.refused != 0) return msg.refused;
  if (msg.finished) {
    current_[s] = nullptr;  // a chunk after the message's end (a retransmission): taken, dropped
    return kAccept;
  }
  if (meta.range.total != ByteRange::kUnknown) msg.total = meta.range.total;
  if (meta.range.start != msg.next_offset + msg.pend.size()) {
    // Not contiguous with what we hold: write out what we have, restart at its offset.
    if (!msg.pend.empty() && legs_[other(s)]->up()) emit(s, msg, msg.pend.size(), EndFlag::kMore);
    held_[s] -= msg.pend.size();
    msg.pend.clear();
    msg.next_offset = meta.range.start;
  }
  current_[s] = &msg;
  return kAccept;
}

void Bridge::onChunkBody(Leg& leg, buffer::Slice piece) {
  const Side s = sideOf(leg);
  if (current_[s] == nullptr || current_[s]->refused != 0) return;
  InMsg& msg = *current_[s];
  const uint64_t max = dir_[s].max_message_size;
  if (max != 0 && msg.next_offset - 1 + msg.pend.size() + piece.size() > max) {
    // Larger than the far side takes: stop it (413) and abort what went out already.
    msg.refused = 413;
    ++stats_[s].messages_refused;
    abortOrDrop(s, msg);
    return;
  }
  held_[s] += piece.size();
  msg.pend.append(std::move(piece));
  if (msg.inspect != 0 && !inspectHead(s, msg, false)) return;
  pump(s, msg);
}

bool Bridge::inspectHead(Side from, InMsg& msg, bool complete) {
  const size_t n = std::min(msg.pend.size(), msg.inspect);
  complete = complete || msg.pend.size() >= msg.inspect;
  // A copy of at most the filters' head limit (a few KiB), per piece until they decide.
  std::string head;
  head.reserve(n);
  for (const buffer::Slice& sl : msg.pend.slices()) {
    if (head.size() >= n) break;
    ByteView b = sl.bytes();
    head.append(reinterpret_cast<const char*>(b.data()), std::min(b.size(), n - head.size()));
  }
  std::optional<filter::Verdict> v =
      filter::runMessageHead(dir_[from].filters, msg.out, asBytes(head), complete);
  if (!v) return true;
  if (v->accepted()) {
    msg.inspect = 0;
    return true;
  }
  msg.refused = v->status;  // nothing went out yet: drop what is held
  ++stats_[from].messages_refused;
  held_[from] -= msg.pend.size();
  msg.pend.clear();
  return false;
}

Verdict Bridge::onChunkEnd(Leg& leg, EndFlag flag) {
  const Side s = sideOf(leg);
  InMsg* m = current_[s];
  current_[s] = nullptr;
  if (m == nullptr) return kAccept;
  InMsg& msg = *m;
  if (msg.inspect != 0 && msg.refused == 0 && flag != EndFlag::kMore) inspectHead(s, msg, true);
  if (msg.refused != 0) {
    const uint16_t status = msg.refused;
    if (flag != EndFlag::kMore) msg.finished = true;
    maybeForget(msg);
    return status;
  }
  if (flag != EndFlag::kMore) {
    msg.ended = flag;
    pump(s, msg);
    maybeForget(msg);
  }
  return kAccept;
}

void Bridge::pump(Side from, InMsg& msg) {
  Leg* out = legs_[other(from)];
  if (out->up() && msg.inspect == 0) {
    const size_t n = dir_[from].chunk_size;
    // Strictly more than a chunk: the last bytes always travel with the final flag.
    while (msg.pend.size() > n) emit(from, msg, n, EndFlag::kMore);
    if (msg.ended && !msg.finished) {
      if (*msg.ended == EndFlag::kAbort) {
        ++stats_[from].messages_aborted;
        if (msg.any_sent || !msg.pend.empty()) emit(from, msg, msg.pend.size(), EndFlag::kAbort);
      } else {
        ++stats_[from].messages_forwarded;
        emit(from, msg, msg.pend.size(), EndFlag::kComplete);
      }
      msg.finished = true;
    }
  }
  // Back-pressure: a far leg that cannot take more, or too much held, pauses the near one.
  if (!paused_[from] && (out->writeBlocked() || held_[from] > dir_[from].max_held)) {
    paused_[from] = true;
    ++stats_[from].read_paused;
    legs_[from]->pauseReceiving();
  }
}

void Bridge::abortOrDrop(Side from, InMsg& msg) {
  if (msg.any_sent && legs_[other(from)]->up()) {
    emit(from, msg, msg.pend.size(), EndFlag::kAbort);  // the far side must not wait for the rest
  } else {
    held_[from] -= msg.pend.size();
    msg.pend.clear();
  }
  msg.finished = true;
}

void Bridge::emit(Side from, InMsg& msg, size_t n, EndFlag flag) {
  // Through a chain the bridge keeps: the message's and this one's storage trade places,
  // so neither allocates per chunk (sendChunk never calls back, so it is free here).
  buffer::Chain& body = out_body_;
  msg.pend.takeFront(n, body);
  held_[from] -= body.size();
  ChunkMeta& m = msg.out;  // written as it is, with this chunk's range: no copy per chunk
  uint64_t total = msg.total;
  if (total == ByteRange::kUnknown && flag == EndFlag::kComplete) total = msg.next_offset + n - 1;
  m.range = ByteRange{msg.next_offset, msg.next_offset + n - 1, total};
  const uint64_t seq = sent_base_[from] + sent_[from].size();
  const uint64_t ref = ref_tag_ | (seq & kRefSeqMask) << 1 | from;
  sent_[from].push_back(OutRef{&msg, m.range, false});
  ++msg.outstanding;
  msg.next_offset += n;
  msg.any_sent = true;
  const bool sent = legs_[other(from)]->sendChunk(m, body, flag, ref);
  body.clear();  // the leg holds its own references to the blocks
  if (!sent) {
    sent_[from].pop_back();
    --msg.outstanding;
    failBack(from, msg, ByteRange(m.range), 408);
    return;
  }
  ++stats_[from].chunks_forwarded;
}

// ---- what comes back --------------------------------------------------------------------

Bridge::OutRef* Bridge::sentChunk(uint64_t ref) {
  if ((ref >> kRefTagShift) << kRefTagShift != ref_tag_) return nullptr;  // another bridge's
  const Side side = (ref & 1) != 0 ? kB : kA;
  buffer::Ring<OutRef>& ring = sent_[side];
  const uint64_t at = (((ref >> 1) & kRefSeqMask) - sent_base_[side]) & kRefSeqMask;
  if (at >= ring.size()) return nullptr;
  OutRef& r = ring[at];
  if (r.answered) return nullptr;
  if (at + kPrefetchAhead < ring.size()) __builtin_prefetch(ring[at + kPrefetchAhead].msg);
  return &r;
}

void Bridge::onChunkOutcome(Leg&, uint64_t ref, uint16_t status) {
  OutRef* r = sentChunk(ref);
  if (r == nullptr) return;
  r->answered = true;
  const OutRef out = *r;
  const Side side = (ref & 1) != 0 ? kB : kA;
  while (!sent_[side].empty() && sent_[side].front().answered) {
    sent_[side].pop_front();
    sent_base_[side] = (sent_base_[side] + 1) & kRefSeqMask;
  }
  InMsg& msg = *out.msg;
  --msg.outstanding;
  if (status != 200) {
    failBack(msg.from, msg, out.range, status);
    if (!msg.finished) {
      // The far side refused the message (413 stop sending, 415, 481...): refuse the rest.
      msg.refused = status;
      held_[msg.from] -= msg.pend.size();
      msg.pend.clear();
      msg.finished = true;
      ++stats_[msg.from].messages_refused;
    }
  }
  maybeForget(msg);
}

void Bridge::onReport(Leg& leg, const ReportMeta& report) {
  // A REPORT from the far peer is about a message that came in on the other side.
  const Side to = other(sideOf(leg));
  const uint64_t key = keyOf(report.message_id);
  const Asked* asked = nullptr;
  if (const InMsg* m = findMsg(to, key, report.message_id)) {
    asked = &m->asked;
  } else {
    for (const Recent& r : recent_[to]) {
      if (r.key == key && r.messageId() == report.message_id) {
        asked = &r.asked;
        break;
      }
    }
  }
  if (asked == nullptr) return;  // not a message we forwarded (or long gone)
  const bool wanted =
      report.status == 200 ? asked->success == ReportMode::kYes : asked->failure != ReportMode::kNo;
  if (!wanted) return;
  if (legs_[to]->sendReport(report)) ++stats_[to].reports_forwarded;
}

void Bridge::failBack(Side from, const InMsg& msg, const ByteRange& range, uint16_t status) {
  if (msg.asked.failure == ReportMode::kNo) return;
  if (legs_[from]->sendReport(
          ReportMeta{msg.out.message_id, range, status, proto::msrp::statusComment(status)})) {
    ++stats_[from].reports_generated;
  }
}

void Bridge::maybeForget(InMsg& msg) {
  if (!msg.finished || msg.outstanding != 0) return;
  const Side from = msg.from;
  if (current_[from] == &msg) current_[from] = nullptr;
  held_[from] -= msg.pend.size();
  msg.pend.clear();
  // Only messages that may still see a REPORT from the far side are remembered.
  // (A Message-ID is an ident of at most 32 characters; a longer one cannot come in.)
  const std::string_view id = msg.messageId();
  if (msg.any_sent && id.size() <= Recent::kMaxId) {
    std::vector<Recent>& ring = recent_[from];
    if (ring.size() < kRecentMessages) ring.emplace_back();
    Recent& r = ring[recent_next_[from]];
    recent_next_[from] = (recent_next_[from] + 1) % kRecentMessages;
    r.key = msg.key;
    r.id_len = static_cast<uint8_t>(id.size());
    std::memcpy(r.id, id.data(), r.id_len);
    r.asked = msg.asked;
  }
  const InMsg* gone = &msg;
  std::unique_ptr<InMsg> keep;
  msgs_[from].erase(msg.key, [&](std::unique_ptr<InMsg>& p) {
    if (p.get() != gone) return false;
    keep = std::move(p);  // the slot is cleared right after; the message lives on in keep
    return true;
  });
  std::vector<std::unique_ptr<InMsg>>& spare = spares();
  if (keep && spare.size() < kSpareMessages) {
    keep->pend.clear();  // drops its block references now: a kept message holds no blocks
    spare.push_back(std::move(keep));
  }
}

// ---- legs -------------------------------------------------------------------------------

void Bridge::onLegUp(Leg& leg) {
  const Side s = sideOf(leg);
  leg_down_[s] = false;
  if (on_leg_event_) on_leg_event_(s, true, CloseReason::kLocal);
  // Messages held for this leg go out now.
  const Side from = other(s);
  for (InMsg* msg : msgsOf(from)) {
    pump(from, *msg);
    maybeForget(*msg);
  }
  maybeResume(from);
}

void Bridge::onLegDown(Leg& leg, CloseReason reason) {
  const Side s = sideOf(leg);
  leg_down_[s] = true;
  // Messages from the vanished sender: abort those that were partly written out.
  for (InMsg* msg : msgsOf(s)) {
    if (!msg->finished) {
      ++stats_[s].messages_aborted;
      abortOrDrop(s, *msg);
    }
    maybeForget(*msg);
  }
  current_[s] = nullptr;
  // Messages toward it: what was held and never written fails back to their senders.
  const Side from = other(s);
  for (InMsg* m : msgsOf(from)) {
    InMsg& msg = *m;
    if (!msg.finished && !msg.pend.empty()) {
      ByteRange unsent{msg.next_offset, msg.next_offset + msg.pend.size() - 1, msg.total};
      held_[from] -= msg.pend.size();
      msg.pend.clear();
      failBack(from, msg, unsent, 408);
    }
    if (!msg.finished) {
      msg.refused = 481;
      msg.finished = true;
    }
    maybeForget(msg);
  }
  // The near side may have been paused for the vanished one: read it again, so its
  // chunks get their 481 instead of waiting for a response that never comes.
  maybeResume(from);
  if (on_leg_event_) on_leg_event_(s, false, reason);
}

void Bridge::onLegWritable(Leg& leg) {
  maybeResume(other(sideOf(leg)));
}

void Bridge::maybeResume(Side from) {
  const bool far_gone = leg_down_[other(from)];  // nothing will drain toward it: read on
  if (paused_[from] &&
      (far_gone || (!legs_[other(from)]->writeBlocked() && held_[from] <= dir_[from].max_held))) {
    paused_[from] = false;
    legs_[from]->resumeReceiving();
  }
}

}  // namespace msrpgw::media
