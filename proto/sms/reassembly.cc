#include "proto/sms/reassembly.h"

#include "proto/sms/gsm7.h"
#include "proto/sms/ucs2.h"

namespace msrpgw::proto::sms {

Fragment fragmentOf(const UserData& ud, uint8_t dcs) {
  Dcs d = decodeDcs(dcs);
  Fragment f;
  f.alphabet = d.alphabet;
  f.compressed = d.compressed;
  f.septets = ud.septets;
  f.octets = ud.octets;
  return f;
}

Reassembler::AddResult Reassembler::add(const ReassemblyKey& key, uint8_t seq, Fragment fragment,
                                        TimePoint now) {
  if (key.total == 0 || seq == 0 || seq > key.total) return {Outcome::kInvalid, std::nullopt};
  auto it = pending_.find(key);
  if (it != pending_.end() && it->second.parts.count(seq))
    return {Outcome::kDuplicate, std::nullopt};
  if (key.total == 1) {
    Pending single{now, {}, 0};
    single.parts.emplace(seq, std::move(fragment));
    return {Outcome::kComplete, finish(key, single)};
  }
  size_t size = fragment.size();
  bool completes = it != pending_.end() && it->second.parts.size() + 1 == key.total;
  if (!completes) {
    if (octets_ + size > limits_.max_octets) return {Outcome::kOverLimit, std::nullopt};
    if (it == pending_.end() && pending_.size() >= limits_.max_messages) {
      return {Outcome::kOverLimit, std::nullopt};
    }
  }
  if (it == pending_.end()) it = pending_.emplace(key, Pending{now, {}, 0}).first;
  it->second.parts.emplace(seq, std::move(fragment));
  it->second.octets += size;
  octets_ += size;
  if (!completes) return {Outcome::kStored, std::nullopt};
  Reassembled done = finish(key, it->second);
  octets_ -= it->second.octets;
  pending_.erase(it);
  return {Outcome::kComplete, std::move(done)};
}

std::vector<Reassembled> Reassembler::expire(TimePoint now) {
  std::vector<Reassembled> out;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.first >= limits_.timeout) {
      out.push_back(finish(it->first, it->second));
      octets_ -= it->second.octets;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::optional<Reassembler::TimePoint> Reassembler::nextDeadline() const {
  std::optional<TimePoint> next;
  for (const auto& [key, p] : pending_) {
    TimePoint due = p.first + limits_.timeout;
    if (!next || due < *next) next = due;
  }
  return next;
}

Reassembled Reassembler::finish(const ReassemblyKey& key, const Pending& p) const {
  Reassembled r;
  r.key = key;
  Octets ucs2_run;
  auto flush = [&]() {
    if (ucs2_run.empty()) return;
    r.text += ucs2ToUtf8(view(ucs2_run));
    ucs2_run.clear();
  };
  for (unsigned seq = 1; seq <= key.total; ++seq) {
    auto it = p.parts.find(static_cast<uint8_t>(seq));
    if (it == p.parts.end()) {
      flush();
      r.missing.push_back(static_cast<uint8_t>(seq));
      if (!limits_.gap_marker.empty() &&
          (r.missing.size() == 1 || r.missing[r.missing.size() - 2] != seq - 1)) {
        r.text += limits_.gap_marker;
      }
      continue;
    }
    const Fragment& f = it->second;
    if (f.compressed || f.alphabet == Alphabet::k8Bit) {
      flush();
      r.has_binary = true;
      r.data.insert(r.data.end(), f.octets.begin(), f.octets.end());
    } else if (f.alphabet == Alphabet::kUcs2) {
      ucs2_run.insert(ucs2_run.end(), f.octets.begin(), f.octets.end());
    } else {
      flush();
      r.text += gsm7ToUtf8(f.septets);
    }
  }
  flush();
  return r;
}

}  // namespace msrpgw::proto::sms
