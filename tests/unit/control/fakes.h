// Test doubles for control: a clock the test moves by hand and a media engine whose
// completions wait in a queue until the test runs them (as the real engine's would come
// later from the loop), with scriptable refusals.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "control/clock.h"
#include "media/engine/media_engine.h"

namespace msrpgw::control::test {

class FakeClock : public Clock {
 public:
  Millis now() const override { return now_; }
  void advance(Millis ms) { now_ += ms; }
  void set(Millis t) { now_ = t; }

 private:
  Millis now_ = 1000000;
};

class FakeMediaEngine : public media::MediaEngine {
 public:
  struct Call {
    std::string op;  // add, modify, subtract, statistics, move
    uint32_t context;
    std::string termination;
    media::TerminationSpec spec;
  };

  void add(uint32_t context, const std::string& termination, media::TerminationSpec spec,
           Done<media::TerminationReply> done) override {
    calls.push_back({"add", context, termination, spec});
    std::optional<media::Errc> refuse = next_refusal;
    next_refusal.reset();
    queue_.push_back([=, this] {
      if (refuse) return done(media::makeError(*refuse, "refused by the fake"));
      std::string local = "v=0\r\nc=IN IP4 192.0.2.2\r\nm=message " +
                          std::to_string(40000 + ++adds_) + " TCP/MSRP *\r\na=setup:passive\r\n";
      live[{context, termination}] = local;
      done(media::TerminationReply{local});
    });
  }
  void modify(uint32_t context, const std::string& termination, media::TerminationSpec spec,
              Done<media::TerminationReply> done) override {
    calls.push_back({"modify", context, termination, spec});
    queue_.push_back([=, this] {
      auto it = live.find({context, termination});
      if (it == live.end()) return done(media::makeError(media::Errc::kUnknownTermination, "?"));
      done(media::TerminationReply{it->second});
    });
  }
  void subtract(uint32_t context, const std::string& termination,
                Done<media::TerminationStats> done) override {
    calls.push_back({"subtract", context, termination, {}});
    queue_.push_back([=, this] {
      live.erase({context, termination});
      done(stats);
    });
  }
  void statistics(uint32_t context, const std::string& termination,
                  Done<media::TerminationStats> done) override {
    calls.push_back({"statistics", context, termination, {}});
    queue_.push_back([=, this] { done(stats); });
  }
  void move(uint32_t from, const std::string& termination, uint32_t to,
            Done<media::TerminationReply> done) override {
    media::TerminationSpec target;
    target.local_sdp = std::to_string(to);  // the fake records the target context here
    calls.push_back({"move", from, termination, target});
    std::optional<media::Errc> refuse = next_refusal;
    next_refusal.reset();
    queue_.push_back([=, this] {
      if (refuse) return done(media::makeError(*refuse, "refused by the fake"));
      auto it = live.find({from, termination});
      if (it == live.end()) return done(media::makeError(media::Errc::kUnknownTermination, "?"));
      std::string local = it->second;
      live.erase(it);
      live[{to, termination}] = local;
      done(media::TerminationReply{local});
    });
  }
  void setEventHandler(EventHandler handler) override { handler_ = std::move(handler); }

  // Runs every queued completion (and those they queue), as the loop would.
  size_t runAll() {
    size_t n = 0;
    while (!queue_.empty()) {
      auto f = std::move(queue_.front());
      queue_.pop_front();
      f();
      ++n;
    }
    return n;
  }
  // Runs the oldest queued completion only; false when none waits.
  bool runOne() {
    if (queue_.empty()) return false;
    auto f = std::move(queue_.front());
    queue_.pop_front();
    f();
    return true;
  }
  size_t queued() const { return queue_.size(); }
  void raise(const media::TerminationEvent& ev) { handler_(ev); }

  std::vector<Call> calls;
  std::optional<media::Errc> next_refusal;  // the next add or move fails with it
  media::TerminationStats stats;
  std::map<std::pair<uint32_t, std::string>, std::string> live;

 private:
  std::deque<std::function<void()>> queue_;
  EventHandler handler_;
  int adds_ = 0;
};

}  // namespace msrpgw::control::test
