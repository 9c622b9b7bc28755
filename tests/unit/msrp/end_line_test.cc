// The end-line scanner: the vector candidate search agrees with its scalar twin, and the
// scanner finds exactly the first real end-line however the input is cut.
#include "proto/msrp/end_line.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace msrpgw::proto::msrp {
namespace {

TEST(EndLineCandidate, VectorAndScalarAgreeOnRandomInput) {
  std::mt19937 rng(20261126);
  const char alphabet[] = {'\r', '\n', '-', 'a', 'b'};
  for (int round = 0; round < 20000; ++round) {
    size_t n = std::uniform_int_distribution<size_t>(0, 300)(rng);
    std::string s(n, 'x');
    for (char& c : s) c = alphabet[std::uniform_int_distribution<int>(0, 4)(rng)];
    ASSERT_EQ(detail::findEndLineCandidate(s.data(), n),
              detail::findEndLineCandidateScalar(s.data(), n))
        << "round " << round;
  }
}

TEST(EndLineCandidate, CandidatesAtEveryPositionAndAtTheEnd) {
  for (size_t n = 1; n < 200; ++n) {  // past 130: every vector width is exercised
    for (size_t at = 0; at < n; ++at) {
      std::string s(n, 'z');
      std::string pat = "\r\n-";
      for (size_t k = 0; k < pat.size() && at + k < n; ++k) s[at + k] = pat[k];
      ASSERT_EQ(detail::findEndLineCandidate(s.data(), n), at) << n << " " << at;
      ASSERT_EQ(detail::findEndLineCandidateScalar(s.data(), n), at) << n << " " << at;
    }
    std::string none(n, '-');
    ASSERT_EQ(detail::findEndLineCandidate(none.data(), n), n);
  }
}

// Scans `pieces` and returns (body, end offset in the whole input or npos).
std::pair<std::string, size_t> scanAll(const std::vector<std::string_view>& pieces,
                                       std::string_view tid, EndFlag* flag) {
  EndLineScanner s;
  s.start(tid);
  std::string body;
  size_t base = 0;
  for (std::string_view p : pieces) {
    size_t end = s.scan(p, [&](ByteView b) { body.append(asText(b)); });
    if (end != EndLineScanner::npos) {
      *flag = s.flag();
      return {body, base + end};
    }
    base += p.size();
  }
  return {body, EndLineScanner::npos};
}

TEST(EndLineScanner, RandomBodiesEveryTwoWaySplit) {
  std::mt19937 rng(7);
  const std::string tid = "Ab3-";
  const std::string parts[] = {"\r\n", "-------", tid, "$", "+", "#", "x", "\r", "-", "Ab3"};
  const std::string end = "\r\n-------" + tid + "+\r\nAFTER";
  for (int round = 0; round < 400; ++round) {
    std::string body;
    int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < n; ++i) body += parts[std::uniform_int_distribution<int>(0, 9)(rng)];
    std::string stream = body + end;
    // Reference: the first CRLF-------tid[flag]CRLF by plain search.
    size_t ref = std::string::npos;
    for (size_t i = 0; i + 4 + 7 + tid.size() + 2 <= stream.size() + 1 && ref == std::string::npos;
         ++i) {
      if (stream.compare(i, 9, "\r\n-------") == 0 && stream.compare(i + 9, tid.size(), tid) == 0 &&
          i + 9 + tid.size() + 3 <= stream.size()) {
        char f = stream[i + 9 + tid.size()];
        if ((f == '$' || f == '+' || f == '#') &&
            stream.compare(i + 10 + tid.size(), 2, "\r\n") == 0)
          ref = i;
      }
    }
    ASSERT_NE(ref, std::string::npos);
    const size_t ref_end = ref + 9 + tid.size() + 3;
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
      std::vector<std::string_view> pieces = {std::string_view(stream).substr(0, cut),
                                              std::string_view(stream).substr(cut)};
      EndFlag flag = EndFlag::kComplete;
      auto [got_body, end] = scanAll(pieces, tid, &flag);
      ASSERT_EQ(end, ref_end) << "round " << round << " cut " << cut;
      ASSERT_EQ(got_body, stream.substr(0, ref)) << "round " << round << " cut " << cut;
      ASSERT_EQ(static_cast<char>(flag), stream[ref + 9 + tid.size()]);
    }
  }
}

}  // namespace
}  // namespace msrpgw::proto::msrp
