#include "tools/msrpload/latency.h"

#include <algorithm>
#include <cmath>

namespace msrpgw::tools::msrpload {

std::optional<double> Latency::quantileUs(double q) {
  if (samples_.empty()) return std::nullopt;
  if (q < 1 && static_cast<double>(samples_.size()) < std::min(1.0 / (1 - q), 1e9)) {
    if (q > 0.5) return std::nullopt;
  }
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  auto idx = static_cast<size_t>(std::ceil(q * static_cast<double>(samples_.size())));
  idx = idx == 0 ? 0 : idx - 1;
  if (idx >= samples_.size()) idx = samples_.size() - 1;
  return static_cast<double>(samples_[idx]) / 1000.0;
}

}  // namespace msrpgw::tools::msrpload
