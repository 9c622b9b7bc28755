// Blocks, slices and chains: references keep blocks alive, blocks return to their pool,
// chains move and split slices without copying bytes.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <string>

#include "media/buffer/chain.h"
#include "media/buffer/ring.h"
#include "tests/unit/media/allocation_count.h"

namespace msrpgw::media::buffer {
namespace {

Slice fill(BlockPool& pool, std::string_view text) {
  BlockRef b = pool.allocate();
  std::memcpy(b->data(), text.data(), text.size());
  return Slice(b, 0, text.size());
}

TEST(BlockPool, BlocksReturnWhenTheLastReferenceDrops) {
  BlockPool pool(1024, 2);
  {
    BlockRef a = pool.allocate();
    EXPECT_EQ(pool.outstanding(), 1u);
    BlockRef copy = a;
    EXPECT_EQ(a->refs(), 2u);
    BlockRef moved = std::move(copy);
    EXPECT_EQ(a->refs(), 2u);
    EXPECT_FALSE(copy);  // NOLINT(bugprone-use-after-move): testing the moved-from state
  }
  EXPECT_EQ(pool.outstanding(), 0u);
  EXPECT_EQ(pool.idle(), 1u);
  BlockRef again = pool.allocate();
  EXPECT_EQ(pool.idle(), 0u) << "an idle block is reused before a new one is made";
}

TEST(BlockPool, IdleBlocksAreCapped) {
  BlockPool pool(256, 2);
  {
    std::vector<BlockRef> many;
    many.reserve(10);
    for (int i = 0; i < 10; ++i) many.push_back(pool.allocate());
    EXPECT_EQ(pool.outstanding(), 10u);
  }
  EXPECT_EQ(pool.outstanding(), 0u);
  EXPECT_EQ(pool.idle(), 2u);
}

TEST(Slice, OfABodySpanSharesTheBlock) {
  BlockPool pool(64);
  BlockRef b = pool.allocate();
  std::memcpy(b->data(), "headBODYtail", 12);
  ByteView body(b->data() + 4, 4);
  Slice s = Slice::of(b, body);
  EXPECT_EQ(s.text(), "BODY");
  EXPECT_EQ(s.bytes().data(), body.data()) << "no copy";
  EXPECT_TRUE(Slice::inside(b, body));
  const char elsewhere[] = "\r\n---";
  EXPECT_FALSE(Slice::inside(b, asBytes(elsewhere)));
  EXPECT_EQ(b->refs(), 2u);
  Slice front = s.takeFront(1);
  EXPECT_EQ(front.text(), "B");
  EXPECT_EQ(s.text(), "ODY");
  EXPECT_EQ(b->refs(), 3u);
}

TEST(Chain, TakeFrontSplitsAtMostOneSlice) {
  BlockPool pool(64);
  Chain c;
  c.append(fill(pool, "abc"));
  c.append(fill(pool, "defgh"));
  c.append(fill(pool, ""));  // empty slices are not kept
  c.append(fill(pool, "ij"));
  EXPECT_EQ(c.size(), 10u);
  EXPECT_EQ(c.sliceCount(), 3u);
  Chain front = c.takeFront(5);
  EXPECT_EQ(front.toStringForTest(), "abcde");
  EXPECT_EQ(c.toStringForTest(), "fghij");
  EXPECT_EQ(front.size() + c.size(), 10u);
  Chain all = c.takeFront(100);
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(all.toStringForTest(), "fghij");
  front.append(std::move(all));
  EXPECT_EQ(front.toStringForTest(), "abcdefghij");
  front.drainFront(4);
  EXPECT_EQ(front.toStringForTest(), "efghij");
  front.drainFront(100);
  EXPECT_TRUE(front.empty());
  front.clear();
}

TEST(Chain, TakeFrontIntoAnotherChainAppendsAndTradesStorageWhenTakingAll) {
  BlockPool pool(64);
  Chain src, out;
  out.append(fill(pool, "12"));
  src.append(fill(pool, "abc"));
  src.append(fill(pool, "def"));
  src.takeFront(4, out);  // a part, after what out holds
  EXPECT_EQ(out.toStringForTest(), "12abcd");
  EXPECT_EQ(src.toStringForTest(), "ef");
  out.clear();
  src.takeFront(100, out);  // all of it, into an empty chain
  EXPECT_EQ(out.toStringForTest(), "ef");
  EXPECT_TRUE(src.empty());
  // A long-lived pair (a message's pending bytes and the chunk being written out) takes
  // turns with two pieces of storage: nothing is allocated per round once both exist.
  auto round = [&](char tag) {
    out.clear();
    src.append(fill(pool, "chunk"));
    src.append(fill(pool, std::string_view(&tag, 1)));
    src.takeFront(src.size(), out);
  };
  round('a');
  round('b');
  const size_t before = testing::allocationCount();
  for (char tag = 'c'; tag <= 'z'; ++tag) round(tag);
  EXPECT_EQ(testing::allocationCount() - before, 0u) << "the pair allocated as it went";
  EXPECT_EQ(out.toStringForTest(), "chunkz");
  out.clear();
}

TEST(Chain, BlocksGoHomeWhenChainsDrop) {
  BlockPool pool(64, 8);
  {
    Chain a;
    a.append(fill(pool, "xyz"));
    Chain b = a.takeFront(1);
    EXPECT_EQ(pool.outstanding(), 1u) << "both chains share one block";
  }
  EXPECT_EQ(pool.outstanding(), 0u);
}

// The ring against std::deque as the oracle.
TEST(Ring, AgreesWithADequeThroughGrowthAndWrapAround) {
  Ring<std::unique_ptr<int>> ring;
  std::deque<int> oracle;
  std::mt19937_64 rng(11);
  int next_value = 0;
  for (int op = 0; op < 50000; ++op) {
    // Phases that grow the ring to thousands, then drain it to empty.
    const bool grow = (op / 5000) % 2 == 0;
    const uint64_t r = rng() % 8;
    if (oracle.empty() || (grow ? r < 5 : r < 2)) {
      ring.push_back(std::make_unique<int>(next_value));
      oracle.push_back(next_value++);
    } else if (r == 7) {
      ring.pop_back();
      oracle.pop_back();
    } else {
      ASSERT_EQ(*ring.front(), oracle.front());
      ring.pop_front();
      oracle.pop_front();
    }
    ASSERT_EQ(ring.size(), oracle.size());
    if (!oracle.empty()) {
      const size_t i = rng() % oracle.size();
      ASSERT_EQ(*ring[i], oracle[i]) << "at " << i;
    }
  }
  while (!oracle.empty()) {
    ASSERT_EQ(*ring.front(), oracle.front());
    ring.pop_front();
    oracle.pop_front();
  }
  EXPECT_TRUE(ring.empty());
}

TEST(Ring, SwapTradesContentsAndClearEmpties) {
  Ring<int> a;
  Ring<int> b;
  for (int i = 0; i < 20; ++i) a.push_back(i);
  a.pop_front();  // a wrapped head: swap must carry it
  b.push_back(100);
  a.swap(b);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a.front(), 100);
  ASSERT_EQ(b.size(), 19u);
  for (size_t i = 0; i < b.size(); ++i) EXPECT_EQ(b[i], static_cast<int>(i) + 1);
  b.clear();
  EXPECT_TRUE(b.empty());
  b.push_back(7);
  EXPECT_EQ(b.front(), 7);
}

}  // namespace
}  // namespace msrpgw::media::buffer
