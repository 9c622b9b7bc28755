// Reference-counted blocks of bytes from a per-worker pool (nginx's buffers, Envoy's
// slices). A connection reads into a block; parsed bodies become Slices that point into
// it, so body bytes travel from one leg to the other, and to taps, without a copy. When
// the last reference drops, the block goes back to the pool it came from.
// Owner: one worker loop. Not thread-safe: the count is a plain integer, and a block must
// be released on the worker that allocated it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "proto/base/assert.h"

namespace msrpgw::media::buffer {

class BlockPool;

class Block {
 public:
  std::byte* data() { return data_; }
  const std::byte* data() const { return data_; }
  size_t capacity() const { return capacity_; }
  uint32_t refs() const { return refs_; }

 private:
  friend class BlockPool;
  friend class BlockRef;
  Block(BlockPool* pool, std::byte* data, size_t capacity)
      : pool_(pool), data_(data), capacity_(capacity) {}
  BlockPool* pool_;
  std::byte* data_;
  size_t capacity_;
  uint32_t refs_ = 0;
};

// A counted reference to a Block; copying adds a reference.
class BlockRef {
 public:
  BlockRef() = default;
  explicit BlockRef(Block* b) : b_(b) {
    if (b_) ++b_->refs_;
  }
  BlockRef(const BlockRef& o) : BlockRef(o.b_) {}
  BlockRef(BlockRef&& o) noexcept : b_(o.b_) { o.b_ = nullptr; }
  BlockRef& operator=(BlockRef o) noexcept {
    std::swap(b_, o.b_);
    return *this;
  }
  ~BlockRef() { release(); }

  Block* get() const { return b_; }
  Block* operator->() const { return b_; }
  explicit operator bool() const { return b_ != nullptr; }

 private:
  void release();
  Block* b_ = nullptr;
};

// Blocks of one size, recycled through a free list. Keeps at most `max_free` idle blocks
// so memory shrinks back after a burst. Every allocated block must be released before the
// pool is destroyed (checked).
class BlockPool {
 public:
  explicit BlockPool(size_t block_size = size_t{64} * 1024, size_t max_free = 64);
  ~BlockPool();
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  BlockRef allocate();
  size_t blockSize() const { return block_size_; }
  // Blocks handed out and not yet returned.
  size_t outstanding() const { return outstanding_; }
  size_t idle() const { return free_.size(); }

 private:
  friend class BlockRef;
  void giveBack(Block* b);

  size_t block_size_;
  size_t max_free_;
  size_t outstanding_ = 0;
  std::vector<Block*> free_;
};

inline void BlockRef::release() {
  if (b_ && --b_->refs_ == 0) b_->pool_->giveBack(b_);
  b_ = nullptr;
}

}  // namespace msrpgw::media::buffer
