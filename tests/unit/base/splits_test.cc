// The split helper itself: every way must reassemble to the input, or tests built on it
// would pass on partial input.
#include "tests/support/splits.h"

#include <gtest/gtest.h>

#include "tests/support/guarded_buffer.h"

namespace msrpgw::test {
namespace {

TEST(Splits, EveryWayReassemblesTheInput) {
  std::string in = "MSRP abcd SEND\r\n-------abcd$\r\n";
  auto ways = allSplits(in);
  // whole + (n-1) two-way splits + byte by byte + 8 random rounds
  EXPECT_EQ(ways.size(), 1 + (in.size() - 1) + 1 + 8);
  for (const auto& [pieces, label] : ways) {
    std::string joined;
    for (auto p : pieces) {
      EXPECT_FALSE(p.empty()) << label;
      joined += p;
    }
    EXPECT_EQ(joined, in) << label;
  }
}

TEST(GuardedBuffer, DataEndsAtTheGuardPage) {
  GuardedBuffer g("hello");
  EXPECT_EQ(g.view(), "hello");
  auto addr = reinterpret_cast<uintptr_t>(g.view().data() + g.view().size());
  EXPECT_EQ(addr % static_cast<uintptr_t>(sysconf(_SC_PAGESIZE)), 0u);
}

}  // namespace
}  // namespace msrpgw::test
