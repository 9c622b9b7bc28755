// Ways to cut one input into pieces, so incremental parsers are tested on every split:
// whole, every two-way split, byte by byte, and seeded random small pieces.
// forEachSplit(input, fn) calls fn(pieces, label) once per way; the label names the way
// (and the seed) so a failure can be reproduced.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace msrpgw::test {

using Pieces = std::vector<std::string_view>;

inline std::vector<std::pair<Pieces, std::string>> allSplits(std::string_view in,
                                                             uint32_t random_rounds = 8,
                                                             uint32_t seed = 4975) {
  std::vector<std::pair<Pieces, std::string>> out;
  out.push_back({{in}, "whole"});
  for (size_t cut = 1; cut < in.size(); ++cut) {
    out.push_back({{in.substr(0, cut), in.substr(cut)}, "split at " + std::to_string(cut)});
  }
  Pieces bytes;
  for (size_t i = 0; i < in.size(); ++i) bytes.push_back(in.substr(i, 1));
  out.push_back({bytes, "byte by byte"});
  std::mt19937 rng(seed);
  for (uint32_t r = 0; r < random_rounds; ++r) {
    Pieces p;
    for (size_t pos = 0; pos < in.size();) {
      size_t n = std::uniform_int_distribution<size_t>(1, 17)(rng);
      p.push_back(in.substr(pos, n));
      pos += std::min(n, in.size() - pos);
    }
    out.push_back({p, "random round " + std::to_string(r) + " seed " + std::to_string(seed)});
  }
  return out;
}

}  // namespace msrpgw::test
