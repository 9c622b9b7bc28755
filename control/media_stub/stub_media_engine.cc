#include "control/media_stub/stub_media_engine.h"

#include <sstream>
#include <vector>

namespace msrpgw::control::media_stub {

StubMediaEngine::StubMediaEngine(Mode mode, std::string address, uint32_t port_min,
                                 uint32_t port_max, Post post)
    : mode_(mode),
      address_(std::move(address)),
      port_min_(port_min),
      port_max_(port_max),
      next_port_(port_min),
      post_(std::move(post)) {}

std::string StubMediaEngine::buildLocal(const std::string& requested, const Term& t) const {
  bool v6 = address_.find(':') != std::string::npos;
  std::string setup = "a=setup:passive";
  std::vector<std::string> extra;
  std::istringstream in(requested);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("a=setup:", 0) == 0) setup = line;
    if (line.rfind("a=accept-types:", 0) == 0 || line.rfind("a=accept-wrapped-types:", 0) == 0 ||
        line.rfind("a=max-size:", 0) == 0) {
      extra.push_back(line);
    }
  }
  if (setup == "a=setup:actpass") setup = "a=setup:passive";
  std::string port = std::to_string(t.port);
  std::string host = v6 ? "[" + address_ + "]" : address_;
  std::string out = "v=0\r\n";
  out += std::string("c=IN ") + (v6 ? "IP6 " : "IP4 ") + address_ + "\r\n";
  out += "m=message " + port + " TCP/MSRP *\r\n";
  out += setup + "\r\n";
  out += "a=path:msrp://" + host + ":" + port + "/" + t.session + ";tcp\r\n";
  for (const auto& e : extra) out += e + "\r\n";
  return out;
}

void StubMediaEngine::add(uint32_t context, const std::string& termination,
                          media::TerminationSpec spec, Done<media::TerminationReply> done) {
  auto key = std::make_pair(context, termination);
  if (mode_ == Mode::kRefuse) {
    return post_([done] {
      done(media::makeError(media::Errc::kShuttingDown,
                            "no media engine: msrpgw runs with media.engine=none"));
    });
  }
  if (terms_.count(key)) {
    return post_([done] {
      done(media::makeError(media::Errc::kDuplicateTermination, "termination exists"));
    });
  }
  uint32_t span = port_max_ - port_min_ + 1;
  uint32_t port = 0;
  for (uint32_t i = 0; i < span; ++i) {
    uint32_t p = port_min_ + (next_port_ - port_min_ + i) % span;
    if (!ports_in_use_.count(p)) {
      port = p;
      break;
    }
  }
  if (port == 0) {
    return post_([done] {
      done(media::makeError(media::Errc::kNoResources, "no MSRP port left in msrp.ports"));
    });
  }
  next_port_ = port + 1 > port_max_ ? port_min_ : port + 1;
  ports_in_use_.insert(port);
  Term t;
  t.port = port;
  t.session = "s" + std::to_string(++sessions_);
  t.local = buildLocal(spec.local_sdp, t);
  terms_[key] = t;
  std::string local = t.local;
  post_([done, local] { done(media::TerminationReply{local}); });
}

void StubMediaEngine::modify(uint32_t context, const std::string& termination,
                             media::TerminationSpec spec, Done<media::TerminationReply> done) {
  auto it = terms_.find({context, termination});
  if (it == terms_.end()) {
    return post_([done] {
      done(media::makeError(media::Errc::kUnknownTermination, "no such termination"));
    });
  }
  it->second.local = buildLocal(spec.local_sdp, it->second);
  std::string local = it->second.local;
  post_([done, local] { done(media::TerminationReply{local}); });
}

void StubMediaEngine::subtract(uint32_t context, const std::string& termination,
                               Done<media::TerminationStats> done) {
  auto it = terms_.find({context, termination});
  if (it == terms_.end()) {
    return post_([done] {
      done(media::makeError(media::Errc::kUnknownTermination, "no such termination"));
    });
  }
  ports_in_use_.erase(it->second.port);
  terms_.erase(it);
  post_([done] { done(media::TerminationStats{}); });
}

void StubMediaEngine::statistics(uint32_t context, const std::string& termination,
                                 Done<media::TerminationStats> done) {
  bool known = terms_.count({context, termination}) > 0;
  post_([done, known] {
    if (!known) {
      return done(media::makeError(media::Errc::kUnknownTermination, "no such termination"));
    }
    done(media::TerminationStats{});
  });
}

void StubMediaEngine::move(uint32_t from, const std::string& termination, uint32_t to,
                           Done<media::TerminationReply> done) {
  auto it = terms_.find({from, termination});
  if (it == terms_.end()) {
    return post_([done] {
      done(media::makeError(media::Errc::kUnknownTermination, "no such termination"));
    });
  }
  if (from != to) {
    size_t in_target = 0;
    for (const auto& [key, term] : terms_) in_target += key.first == to ? 1 : 0;
    if (in_target >= 2) {
      return post_([done] {
        done(media::makeError(media::Errc::kContextFull, "the target context is full"));
      });
    }
    auto node = terms_.extract(it);
    node.key().first = to;
    it = terms_.insert(std::move(node)).position;
  }
  post_([done, local = it->second.local] { done(media::TerminationReply{local}); });
}

}  // namespace msrpgw::control::media_stub
