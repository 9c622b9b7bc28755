// Every golden vector in vectors/ (RFC 4975/4976 examples, the reference notes, and one
// malformed input per error class) is parsed whole, in every two-way split, byte by byte,
// in seeded random pieces and once against a guard page; each way must give exactly the
// expected event log of its .events file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/guarded_buffer.h"
#include "tests/support/splits.h"
#include "tests/unit/msrp/event_log.h"

namespace msrpgw::proto::msrp::test {
namespace {

const std::string kDir = MSRPGW_SOURCE_DIR "/tests/unit/msrp/vectors/";

std::string readAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> vectorNames() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().extension() == ".msrp") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ParserVector : public ::testing::TestWithParam<std::string> {};

TEST_P(ParserVector, EverySplitGivesTheExpectedEvents) {
  const std::string input = readAll(kDir + GetParam() + ".msrp");
  const std::string expected = readAll(kDir + GetParam() + ".events");
  ASSERT_FALSE(input.empty());
  ASSERT_FALSE(expected.empty());
  // Large vectors get the two-way splits on a stride to keep the run short.
  const bool large = input.size() > 4096;
  for (const auto& [pieces, label] : msrpgw::test::allSplits(input)) {
    if (large && pieces.size() == 2 && pieces[0].size() % 97 != 0) continue;
    ASSERT_EQ(parseToLog(pieces), expected) << GetParam() << ", " << label;
  }
  msrpgw::test::GuardedBuffer guarded(input);
  std::vector<std::string_view> whole = {guarded.view()};
  EXPECT_EQ(parseToLog(whole), expected) << GetParam() << ", against a guard page";
}

INSTANTIATE_TEST_SUITE_P(Golden, ParserVector, ::testing::ValuesIn(vectorNames()),
                         [](const auto& info) { return info.param; });

TEST(ParserVectors, TheSetCoversEveryParserErrorClass) {
  std::set<std::string> seen;
  for (const auto& name : vectorNames()) {
    std::string ev = readAll(kDir + name + ".events");
    if (ev.rfind("error ", 0) == 0) seen.insert(ev.substr(6, ev.find(' ', 6) - 6));
  }
  for (Errc e : {Errc::kBadStartLine, Errc::kBadTransactionId, Errc::kBadLineEnd, Errc::kBadHeader,
                 Errc::kToPathNotFirst, Errc::kFromPathNotSecond, Errc::kDuplicateHeader,
                 Errc::kTooManyHeaders, Errc::kHeadTooLarge, Errc::kBodyWithoutContentType,
                 Errc::kBodyInResponse, Errc::kBadEndLine}) {
    EXPECT_TRUE(seen.count(errcName(e))) << "no golden vector for " << errcName(e);
  }
}

}  // namespace
}  // namespace msrpgw::proto::msrp::test
