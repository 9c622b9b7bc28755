// A small open-addressing hash table from a non-zero 64-bit key to a value, for the
// bridge's per-chunk bookkeeping: no node allocation per entry (std::unordered_map
// allocates one per insert), linear probing over one array, deletion by backward shift
// (no tombstones, so a long-lived table never degrades). Keys may repeat (the caller's
// `match` tells equal keys apart); 0 marks an empty slot. An empty table allocates
// nothing, and a table that grew large is released when it empties again, so an idle
// bridge holds no memory here.
// Owner: one worker loop. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace msrpgw::media::detail {

template <class V>
class FlatIndex {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The first value stored under `key` for which match(value) holds, or nullptr.
  template <class M>
  V* find(uint64_t key, M&& match) {
    if (size_ == 0) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t i = home(key);; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.key == 0) return nullptr;
      if (s.key == key && match(s.value)) return &s.value;
    }
  }
  V* find(uint64_t key) {
    return find(key, [](const V&) { return true; });
  }

  // Brings the slot a find or insert of `key` starts at into the cache ahead of it.
  void prefetch(uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
  }

  // Stores `v` under `key` (non-zero) without looking for an existing entry.
  V& insert(uint64_t key, V v) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    size_t i = home(key);
    while (slots_[i].key != 0) i = (i + 1) & mask;
    slots_[i].key = key;
    slots_[i].value = std::move(v);
    ++size_;
    return slots_[i].value;
  }

  // Removes the first entry under `key` for which match(value) holds; false if none.
  template <class M>
  bool erase(uint64_t key, M&& match) {
    if (size_ == 0) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = home(key);; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.key == 0) return false;
      if (s.key == key && match(s.value)) {
        eraseAt(i);
        return true;
      }
    }
  }
  bool erase(uint64_t key) {
    return erase(key, [](const V&) { return true; });
  }

  // Calls f(value) for every entry; f must not insert or erase.
  template <class F>
  void forEach(F&& f) {
    for (Slot& s : slots_) {
      if (s.key != 0) f(s.value);
    }
  }

 private:
  struct Slot {
    uint64_t key = 0;
    V value{};
  };
  static constexpr size_t kMinSlots = 16;
  // A table this large is given back when it empties (a burst is over).
  static constexpr size_t kReleaseSlots = 1024;

  // Fibonacci hashing: spreads sequential keys (chunk refs) and weak hashes alike.
  size_t home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const size_t n = old.empty() ? kMinSlots : old.size() * 2;
    slots_ = std::vector<Slot>(n);
    shift_ = 64;
    for (size_t c = n; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (Slot& s : old) {
      if (s.key != 0) insert(s.key, std::move(s.value));
    }
  }

  // Backward-shift deletion: entries after the hole that may live in it move up, so
  // every entry stays reachable from its home slot without tombstones.
  void eraseAt(size_t i) {
    const size_t mask = slots_.size() - 1;
    for (size_t j = (i + 1) & mask; slots_[j].key != 0; j = (j + 1) & mask) {
      const size_t k = home(slots_[j].key);
      // j's entry may fill the hole when the hole lies on its probe path [k, j).
      const bool on_path = j > i ? (k <= i || k > j) : (k <= i && k > j);
      if (on_path) {
        slots_[i] = std::move(slots_[j]);
        i = j;
      }
    }
    slots_[i].key = 0;
    slots_[i].value = V{};
    if (--size_ == 0 && slots_.size() >= kReleaseSlots) std::vector<Slot>().swap(slots_);
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace msrpgw::media::detail
