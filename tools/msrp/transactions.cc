#include "tools/msrp/transactions.h"

namespace msrpgw::tools::msrp {

void Transactions::add(PendingTransaction t, uint64_t now_ms) {
  t.deadline_ms = now_ms + timeout_ms_;
  if (!t.timeout_is_success) ++awaited_;
  order_.emplace_back(t.deadline_ms, t.tid);
  std::string tid = t.tid;
  pending_.emplace(std::move(tid), std::move(t));
}

std::optional<PendingTransaction> Transactions::take(const std::string& tid) {
  auto it = pending_.find(tid);
  if (it == pending_.end()) return std::nullopt;
  PendingTransaction t = std::move(it->second);
  pending_.erase(it);
  if (!t.timeout_is_success) --awaited_;
  if (pending_.empty()) order_.clear();  // answered ones need no expiry entry
  return t;
}

std::vector<PendingTransaction> Transactions::expire(uint64_t now_ms) {
  std::vector<PendingTransaction> out;
  while (!order_.empty() && order_.front().first <= now_ms) {
    auto it = pending_.find(order_.front().second);
    if (it != pending_.end()) {
      if (!it->second.timeout_is_success) --awaited_;
      out.push_back(std::move(it->second));
      pending_.erase(it);
    }
    order_.pop_front();
  }
  return out;
}

}  // namespace msrpgw::tools::msrp
