#include "media/bridge/bridge.h"

#include <vector>

namespace msrpgw::media {

namespace {

const char* reportComment(uint16_t status) {
  switch (status) {
    case 200: return "OK";
    case 403: return "Forbidden";
    case 408: return "Request Timeout";
    case 413: return "Too Large";
    case 415: return "Unsupported Media Type";
    case 481: return "No Such Session";
    default: return "Failure";
  }
}

// Keeps the report modes of this many recent messages per side, for REPORTs that come
// after the message itself is done.
constexpr size_t kRememberedMessages = 4096;

}  // namespace

Bridge::Bridge(Leg& a, Leg& b, BridgeDirection a_to_b, BridgeDirection b_to_a) : legs_{&a, &b} {
  dir_[kA] = std::move(a_to_b);
  dir_[kB] = std::move(b_to_a);
  a.setSink(this);
  b.setSink(this);
}

Bridge::~Bridge() {
  legs_[kA]->setSink(nullptr);
  legs_[kB]->setSink(nullptr);
}

// ---- messages in ------------------------------------------------------------------------

Verdict Bridge::onChunkStart(Leg& leg, const ChunkMeta& meta) {
  const Side s = sideOf(leg);
  BridgeDirection& d = dir_[s];
  if (!d.allowed) {
    ++stats_[s].messages_refused;
    return 403;  // Mode blocks this direction (documented in conf/README.md)
  }
  if (leg_down_[other(s)]) return 481;  // the far session is gone
  auto [it, fresh] = msgs_[s].try_emplace(meta.message_id);
  InMsg& msg = it->second;
  if (fresh) {
    msg.out = meta;
    msg.out.failure_report = ReportMode::kYes;  // we track delivery on the far side ourselves
    msg.next_offset = meta.range.start;
    remember(s, meta.message_id, meta);
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
    current_[s].clear();  // a chunk after the message's end (a retransmission): taken, dropped
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
  current_[s] = meta.message_id;
  return kAccept;
}

void Bridge::onChunkBody(Leg& leg, buffer::Chain piece) {
  const Side s = sideOf(leg);
  if (current_[s].empty()) return;
  auto it = msgs_[s].find(current_[s]);
  if (it == msgs_[s].end() || it->second.refused != 0) return;
  InMsg& msg = it->second;
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
  std::string id = std::move(current_[s]);
  current_[s].clear();
  if (id.empty()) return kAccept;
  auto it = msgs_[s].find(id);
  if (it == msgs_[s].end()) return kAccept;
  InMsg& msg = it->second;
  if (msg.inspect != 0 && msg.refused == 0 && flag != EndFlag::kMore) inspectHead(s, msg, true);
  if (msg.refused != 0) {
    const uint16_t status = msg.refused;
    if (flag != EndFlag::kMore) msg.finished = true;
    maybeForget(s, id);
    return status;
  }
  if (flag != EndFlag::kMore) {
    msg.ended = flag;
    pump(s, msg);
    maybeForget(s, id);
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
  buffer::Chain body = msg.pend.takeFront(n);
  held_[from] -= body.size();
  ChunkMeta& m = msg.out;  // written as it is, with this chunk's range: no copy per chunk
  uint64_t total = msg.total;
  if (total == ByteRange::kUnknown && flag == EndFlag::kComplete) total = msg.next_offset + n - 1;
  m.range = ByteRange{msg.next_offset, msg.next_offset + n - 1, total};
  const uint64_t ref = next_ref_++;
  refs_[ref] = OutRef{from, m.message_id, m.range};
  ++msg.outstanding;
  msg.next_offset += n;
  msg.any_sent = true;
  if (!legs_[other(from)]->sendChunk(m, std::move(body), flag, ref)) {
    refs_.erase(ref);
    --msg.outstanding;
    const std::string id = m.message_id;  // failBack may forget the message
    failBack(from, id, ByteRange(m.range), 408);
    return;
  }
  ++stats_[from].chunks_forwarded;
}

// ---- what comes back --------------------------------------------------------------------

void Bridge::onChunkOutcome(Leg&, uint64_t ref, uint16_t status) {
  auto r = refs_.find(ref);
  if (r == refs_.end()) return;
  OutRef out = std::move(r->second);
  refs_.erase(r);
  auto it = msgs_[out.from].find(out.message_id);
  if (it != msgs_[out.from].end()) --it->second.outstanding;
  if (status != 200) {
    failBack(out.from, out.message_id, out.range, status);
    if (it != msgs_[out.from].end() && !it->second.finished) {
      // The far side refused the message (413 stop sending, 415, 481...): refuse the rest.
      InMsg& msg = it->second;
      msg.refused = status;
      held_[out.from] -= msg.pend.size();
      msg.pend.clear();
      msg.finished = true;
      ++stats_[out.from].messages_refused;
    }
  }
  maybeForget(out.from, out.message_id);
}

void Bridge::onReport(Leg& leg, const ReportMeta& report) {
  // A REPORT from the far peer is about a message that came in on the other side.
  const Side to = other(sideOf(leg));
  auto it = asked_[to].find(report.message_id);
  if (it == asked_[to].end()) return;  // not a message we forwarded (or long gone)
  const bool wanted = report.status == 200 ? it->second.success == ReportMode::kYes
                                           : it->second.failure != ReportMode::kNo;
  if (!wanted) return;
  if (legs_[to]->sendReport(report)) ++stats_[to].reports_forwarded;
}

void Bridge::failBack(Side from, const std::string& message_id, const ByteRange& range,
                      uint16_t status) {
  auto it = asked_[from].find(message_id);
  if (it == asked_[from].end() || it->second.failure == ReportMode::kNo) return;
  if (legs_[from]->sendReport(ReportMeta{message_id, range, status, reportComment(status)})) {
    ++stats_[from].reports_generated;
  }
}

void Bridge::remember(Side from, const std::string& message_id, const ChunkMeta& meta) {
  if (asked_[from].emplace(message_id, Asked{meta.success_report, meta.failure_report}).second) {
    asked_order_[from].push_back(message_id);
    if (asked_order_[from].size() > kRememberedMessages) {
      asked_[from].erase(asked_order_[from].front());
      asked_order_[from].pop_front();
    }
  }
}

void Bridge::maybeForget(Side from, const std::string& message_id) {
  auto it = msgs_[from].find(message_id);
  if (it != msgs_[from].end() && it->second.finished && it->second.outstanding == 0) {
    held_[from] -= it->second.pend.size();
    msgs_[from].erase(it);
  }
}

// ---- legs -------------------------------------------------------------------------------

void Bridge::onLegUp(Leg& leg) {
  const Side s = sideOf(leg);
  leg_down_[s] = false;
  if (on_leg_event_) on_leg_event_(s, true, CloseReason::kLocal);
  // Messages held for this leg go out now.
  const Side from = other(s);
  std::vector<std::string> ids;
  for (auto& [id, msg] : msgs_[from]) ids.push_back(id);
  for (const std::string& id : ids) {
    auto it = msgs_[from].find(id);
    if (it == msgs_[from].end()) continue;
    pump(from, it->second);
    maybeForget(from, id);
  }
  maybeResume(from);
}

void Bridge::onLegDown(Leg& leg, CloseReason reason) {
  const Side s = sideOf(leg);
  leg_down_[s] = true;
  // Messages from the vanished sender: abort those that were partly written out.
  std::vector<std::string> ids;
  for (auto& [id, msg] : msgs_[s]) ids.push_back(id);
  for (const std::string& id : ids) {
    InMsg& msg = msgs_[s][id];
    if (!msg.finished) {
      ++stats_[s].messages_aborted;
      abortOrDrop(s, msg);
    }
    maybeForget(s, id);
  }
  current_[s].clear();
  // Messages toward it: what was held and never written fails back to their senders.
  const Side from = other(s);
  ids.clear();
  for (auto& [id, msg] : msgs_[from]) ids.push_back(id);
  for (const std::string& id : ids) {
    InMsg& msg = msgs_[from][id];
    if (!msg.finished && !msg.pend.empty()) {
      ByteRange unsent{msg.next_offset, msg.next_offset + msg.pend.size() - 1, msg.total};
      held_[from] -= msg.pend.size();
      msg.pend.clear();
      failBack(from, id, unsent, 408);
    }
    if (!msg.finished) {
      msg.refused = 481;
      msg.finished = true;
    }
    maybeForget(from, id);
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
