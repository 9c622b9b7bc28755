// SmallRandom is xoshiro256** seeded through splitmix64: its first outputs for a seed
// equal those of an independent implementation of the published algorithms (computed
// in Python from the reference C code's steps).
#include "proto/base/small_random.h"

#include <gtest/gtest.h>

#include <set>

#include "proto/msrp/transaction_id.h"

namespace msrpgw {
namespace {

TEST(SmallRandom, MatchesTheReferenceAlgorithm) {
  SmallRandom r(12345);
  EXPECT_EQ(r(), 0xbe6a36374160d49bULL);
  EXPECT_EQ(r(), 0x214aaa0637a688c6ULL);
  EXPECT_EQ(r(), 0xf69d16de9954d388ULL);
  EXPECT_EQ(r(), 0x0c60048c4e96e033ULL);
}

TEST(SmallRandom, OsSeededInstancesDifferAndMakeValidIdents) {
  SmallRandom a, b;
  EXPECT_NE(a(), b());
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string id = proto::msrp::makeIdent(a, 12);
    ASSERT_EQ(id.size(), 12u);
    for (char c : id) ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u) << "12 random ALPHANUM characters do not repeat in 10,000";
}

TEST(OsRandom, DrawsDifferAcrossRefills) {
  OsRandom r;
  std::set<uint64_t> seen;
  for (int i = 0; i < 100; ++i) seen.insert(r());  // crosses several 64-byte refills
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace msrpgw
