// Stand-in media engines for running the MG before the real MSRP engine is wired in.
//   kRefuse: every Add is refused (503, "no media engine"): the honest default.
//   kSignalling: answers Add/Modify with a complete Local SDP (the configured address, a
//     port from the configured range, an a=path with a fresh session id, a=setup) and
//     zero statistics, but carries no MSRP: for H.248 tests and MGC integration trials.
// Completions arrive through the post function, never inside the call.
// Owner: control loop. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "media/engine/media_engine.h"

namespace msrpgw::control::media_stub {

class StubMediaEngine : public media::MediaEngine {
 public:
  enum class Mode : uint8_t { kRefuse, kSignalling };
  using Post = std::function<void(std::function<void()>)>;

  StubMediaEngine(Mode mode, std::string address, uint32_t port_min, uint32_t port_max, Post post);

  void add(uint32_t context, const std::string& termination, media::TerminationSpec spec,
           Done<media::TerminationReply> done) override;
  void modify(uint32_t context, const std::string& termination, media::TerminationSpec spec,
              Done<media::TerminationReply> done) override;
  void subtract(uint32_t context, const std::string& termination,
                Done<media::TerminationStats> done) override;
  void statistics(uint32_t context, const std::string& termination,
                  Done<media::TerminationStats> done) override;
  void move(uint32_t from, const std::string& termination, uint32_t to,
            Done<media::TerminationReply> done) override;
  void setEventHandler(EventHandler handler) override { handler_ = std::move(handler); }

  size_t terminations() const { return terms_.size(); }

 private:
  struct Term {
    uint32_t port = 0;
    std::string session;
    std::string local;
  };
  std::string buildLocal(const std::string& requested, const Term& t) const;

  Mode mode_;
  std::string address_;
  uint32_t port_min_, port_max_;
  uint32_t next_port_;
  Post post_;
  EventHandler handler_;
  std::map<std::pair<uint32_t, std::string>, Term> terms_;
  std::set<uint32_t> ports_in_use_;
  uint64_t sessions_ = 0;
};

}  // namespace msrpgw::control::media_stub
