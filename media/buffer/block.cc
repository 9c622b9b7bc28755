#include "media/buffer/block.h"

#include <new>

namespace msrpgw::media::buffer {

BlockPool::BlockPool(size_t block_size, size_t max_free)
    : block_size_(block_size), max_free_(max_free) {}

BlockPool::~BlockPool() {
  MSRPGW_RELEASE_ASSERT(outstanding_ == 0, "a block outlived its pool");
  for (Block* b : free_) {
    b->~Block();
    ::operator delete(static_cast<void*>(b));
  }
}

BlockRef BlockPool::allocate() {
  Block* b;
  if (!free_.empty()) {
    b = free_.back();
    free_.pop_back();
  } else {
    // Header and bytes in one allocation.
    void* mem = ::operator new(sizeof(Block) + block_size_);
    b = new (mem) Block(this, reinterpret_cast<std::byte*>(static_cast<char*>(mem) + sizeof(Block)),
                        block_size_);
  }
  ++outstanding_;
  return BlockRef(b);
}

void BlockPool::giveBack(Block* b) {
  --outstanding_;
  if (free_.size() < max_free_) {
    free_.push_back(b);
    return;
  }
  b->~Block();
  ::operator delete(static_cast<void*>(b));
}

}  // namespace msrpgw::media::buffer
