// A view of bytes inside a Block that keeps the block alive: the unit in which bodies
// move between legs. Copying a Slice adds a block reference, never copies bytes.
// Owner: one worker loop (as Block).
#pragma once

#include <cstring>
#include <span>
#include <string_view>
#include <utility>

#include "media/buffer/block.h"
#include "proto/base/bytes.h"

namespace msrpgw::media::buffer {

class Slice {
 public:
  Slice() = default;
  // A view of [offset, offset + size) of `block`.
  Slice(BlockRef block, size_t offset, size_t size)
      : block_(std::move(block)), offset_(offset), size_(size) {
    MSRPGW_ASSERT(block_ && offset + size <= block_->capacity(), "slice outside its block");
  }
  // True when `bytes` lie inside `block`. A parser may report a few held-back bytes from
  // its own storage instead of the read block; those must be copied, not referenced.
  static bool inside(const BlockRef& block, ByteView bytes) {
    return bytes.data() >= block->data() &&
           bytes.data() + bytes.size() <= block->data() + block->capacity();
  }
  // A Slice for bytes that lie inside `block` (e.g. a body span the parser reported).
  static Slice of(const BlockRef& block, ByteView bytes) {
    return Slice(block, static_cast<size_t>(bytes.data() - block->data()), bytes.size());
  }

  ByteView bytes() const { return {block_->data() + offset_, size_}; }
  std::string_view text() const { return asText(bytes()); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const BlockRef& block() const { return block_; }

  // Splits off the first n bytes as a new Slice (sharing the block); this keeps the rest.
  Slice takeFront(size_t n) {
    MSRPGW_ASSERT(n <= size_, "takeFront beyond the slice");
    Slice front(block_, offset_, n);
    offset_ += n;
    size_ -= n;
    return front;
  }

 private:
  BlockRef block_;
  size_t offset_ = 0;
  size_t size_ = 0;
};

}  // namespace msrpgw::media::buffer
