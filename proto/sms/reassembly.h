// Reassembly of concatenated SMS (UDH IE 0x00 / 0x08) as a pure state machine: the caller
// passes the time in, nothing here reads a clock. Parts are keyed by (originator,
// destination, reference, total, reference size); the first copy of a sequence number
// wins and later copies are reported as duplicates. A message that stays incomplete past
// the timeout comes back from expire() with the missing parts listed; a memory cap (octets
// held and messages pending) turns new messages away with kOverLimit.
// Text: GSM 7-bit is decoded part by part (each part has its own fill bits and never
// splits an escape); UCS2 octets of consecutive parts are joined before decoding, since
// some senders split a surrogate pair across parts.
// Thread-safe: no; one instance per owner thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto/sms/dcs.h"
#include "proto/sms/reader.h"
#include "proto/sms/udh.h"
#include "proto/sms/user_data.h"

namespace msrpgw::proto::sms {

struct ReassemblyKey {
  std::string originator;   // e.g. the TP-OA digits, or a URI
  std::string destination;  // optional; empty when not part of the key
  uint16_t reference = 0;
  uint8_t total = 0;
  bool ref16 = false;
  // The compiler-generated comparisons against 0 draw a false use-nullptr finding.
  auto operator<=>(const ReassemblyKey&) const = default;  // NOLINT(modernize-use-nullptr)
};

// One part's payload in its coded form.
struct Fragment {
  Alphabet alphabet = Alphabet::kGsm7;
  bool compressed = false;       // carried as octets, never decoded
  std::vector<uint8_t> septets;  // kGsm7
  Octets octets;                 // kUcs2 / k8Bit / compressed
  size_t size() const { return septets.size() + octets.size(); }
};

// The payload of `ud` under TP-DCS `dcs`.
Fragment fragmentOf(const UserData& ud, uint8_t dcs);

struct Reassembled {
  ReassemblyKey key;
  std::string text;              // UTF-8 of GSM 7-bit / UCS2 parts, gaps as gap_marker
  Octets data;                   // 8-bit / compressed parts joined
  bool has_binary = false;       // some part was 8-bit or compressed
  std::vector<uint8_t> missing;  // sequence numbers that never arrived (expire() only)
};

class Reassembler {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  struct Limits {
    std::chrono::milliseconds timeout = std::chrono::minutes(5);
    size_t max_octets = 1 << 20;  // payload held over all pending messages
    size_t max_messages = 4096;   // pending (incomplete) messages
    std::string gap_marker = "[...]";
  };

  enum class Outcome : uint8_t {
    kStored,     // kept, message still incomplete
    kComplete,   // this part completed the message: see AddResult::message
    kDuplicate,  // sequence number already held: ignored, the first copy kept
    kInvalid,    // total 0, seq 0 or seq > total: ignored
    kOverLimit,  // memory cap reached: ignored
  };

  struct AddResult {
    Outcome outcome;
    std::optional<Reassembled> message;
  };

  Reassembler() : Reassembler(Limits{}) {}
  explicit Reassembler(Limits limits) : limits_(std::move(limits)) {}

  AddResult add(const ReassemblyKey& key, uint8_t seq, Fragment fragment, TimePoint now);
  // Removes and returns messages whose first part is older than the timeout.
  std::vector<Reassembled> expire(TimePoint now);
  // When the next expiry is due, for the caller's timer.
  std::optional<TimePoint> nextDeadline() const;

  size_t pendingMessages() const { return pending_.size(); }
  size_t pendingOctets() const { return octets_; }

 private:
  struct Pending {
    TimePoint first;
    std::map<uint8_t, Fragment> parts;
    size_t octets = 0;
  };
  Reassembled finish(const ReassemblyKey& key, const Pending& p) const;

  Limits limits_;
  std::map<ReassemblyKey, Pending> pending_;
  size_t octets_ = 0;
};

}  // namespace msrpgw::proto::sms
