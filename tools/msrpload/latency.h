// Send-to-receive latency samples and their percentiles.
// Owner: the load loop. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace msrpgw::tools::msrpload {

class Latency {
 public:
  void add(uint64_t ns) { samples_.push_back(ns); }
  size_t count() const { return samples_.size(); }
  // The q-quantile (0..1) in microseconds; nullopt when there are too few samples for it
  // to mean anything (fewer than 1 / (1 - q), at least 1).
  std::optional<double> quantileUs(double q);

 private:
  std::vector<uint64_t> samples_;
  bool sorted_ = false;
};

}  // namespace msrpgw::tools::msrpload
