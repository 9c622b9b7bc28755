// Our requests waiting for their transaction response (RFC 4975 section 7.1): looked up
// by transaction id, and expired in send order after the transaction timeout (30 s by
// default; a local 408).
// Owner: the session that sent them. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace msrpgw::tools::msrp {

struct PendingTransaction {
  std::string tid;
  std::string message_id;  // empty for the bodiless binding SEND
  uint64_t start = 0;      // 1-based Byte-Range of the chunk
  uint64_t end = 0;
  uint64_t total = 0;
  bool timeout_is_success = false;  // Failure-Report: partial (no 200 will come)
  uint64_t deadline_ms = 0;
};

class Transactions {
 public:
  explicit Transactions(uint64_t timeout_ms) : timeout_ms_(timeout_ms) {}
  void add(PendingTransaction t, uint64_t now_ms);
  // Removes and returns the transaction with this id, if it is pending.
  std::optional<PendingTransaction> take(const std::string& tid);
  // Removes and returns every transaction whose deadline passed.
  std::vector<PendingTransaction> expire(uint64_t now_ms);
  size_t size() const { return pending_.size(); }
  // Pending transactions whose response is awaited (not Failure-Report: partial ones).
  size_t awaited() const { return awaited_; }

 private:
  uint64_t timeout_ms_;
  size_t awaited_ = 0;
  std::unordered_map<std::string, PendingTransaction> pending_;
  std::deque<std::pair<uint64_t, std::string>> order_;  // (deadline, tid) in send order
};

}  // namespace msrpgw::tools::msrp
