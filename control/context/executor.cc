#include "control/context/executor.h"

#include <algorithm>
#include <set>
#include <type_traits>
#include <variant>

namespace msrpgw::control::context {

namespace h248 = proto::h248;
using h248::Errc;

struct Executor::Requested {
  bool has_media = false;
  uint16_t stream_id = 1;
  std::optional<std::string> local;
  std::optional<std::string> remote;
  std::optional<h248::StreamMode> mode;
  std::vector<h248::Parm> stream_props;  // msrpgw/*
  std::vector<h248::Parm> root_props;    // root/* (ROOT only)
  std::optional<h248::EventsDescriptor> events;
  std::optional<uint16_t> audit;  // AuditBits when an Audit descriptor was given
};

struct Executor::Job {
  std::vector<h248::ActionRequest> actions;
  Done done;
  // What the transaction touches, for ordering: the contexts it names (C=$ names none: a
  // new context is nobody else's yet), or everything (C=*, C=- ROOT business, Move).
  std::set<uint32_t> contexts;
  bool exclusive = false;
  size_t ai = 0;
  size_t ci = 0;
  bool started = false;  // the current action's context is resolved
  bool stop = false;     // a non-optional command failed
  uint32_t ctx = 0;
  bool created = false;
  std::vector<h248::ActionReply> replies;
};

struct Executor::Multi {
  h248::CommandRequest cmd;
  Requested req;
  std::vector<Target> targets;  // for Move: where each one is now
  uint32_t to = 0;              // Move: the target context
  size_t i = 0;
  CommandResult result;
  Cont cont;
};

namespace {

// The descriptors an Audit asks for. The v2/v3 individual audit forms (Media{Stream=1{..}},
// Statistics{nt/os}, Events{..}, ...) are answered with the whole descriptor they name, a
// superset of the item asked for, as H.248.1 allows an MG that audits descriptors whole.
uint16_t auditBits(const h248::AuditDescriptor& a) {
  uint16_t bits = a.items;
  for (const h248::IndAudParameter& p : a.parameters) {
    std::visit(
        [&bits](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, h248::IndAudMediaDescriptor>) {
            bits |= h248::kAuditMedia;
            const bool stats = (v.one_stream && v.one_stream->statistic) ||
                               std::any_of(v.streams.begin(), v.streams.end(), [](const auto& st) {
                                 return st.parms.statistic.has_value();
                               });
            if (stats) bits |= h248::kAuditStatistics;
          } else if constexpr (std::is_same_v<T, h248::IndAudEventsDescriptor>) {
            bits |= h248::kAuditEvents;
          } else if constexpr (std::is_same_v<T, h248::IndAudSignalsDescriptor>) {
            bits |= h248::kAuditSignals;
          } else if constexpr (std::is_same_v<T, h248::IndAudDigitMapDescriptor>) {
            bits |= h248::kAuditDigitMap;
          } else if constexpr (std::is_same_v<T, h248::IndAudEventBufferDescriptor>) {
            bits |= h248::kAuditEventBuffer;
          } else if constexpr (std::is_same_v<T, h248::IndAudStatisticsDescriptor>) {
            bits |= h248::kAuditStatistics;
          } else if constexpr (std::is_same_v<T, h248::IndAudPackagesDescriptor>) {
            bits |= h248::kAuditPackages;
          }
        },
        p);
  }
  return bits;
}

std::string toText(uint64_t v) {
  return std::to_string(v);
}

media::StreamMode toMedia(h248::StreamMode m) {
  switch (m) {
    case h248::StreamMode::kSendOnly: return media::StreamMode::kSendOnly;
    case h248::StreamMode::kRecvOnly: return media::StreamMode::kReceiveOnly;
    case h248::StreamMode::kInactive: return media::StreamMode::kInactive;
    case h248::StreamMode::kSendRecv:
    case h248::StreamMode::kLoopback: break;
  }
  return media::StreamMode::kSendReceive;
}

// The first m= line must be "m=message <port> TCP/MSRP|TCP/TLS/MSRP ...".
Check checkMediaLine(const std::string& sdp, const char* which) {
  size_t pos = sdp.rfind("m=", 0) == 0 ? 0 : sdp.find("\nm=");
  if (pos == std::string::npos) return std::nullopt;  // no m= line: media decides
  if (pos != 0) ++pos;
  size_t end = sdp.find_first_of("\r\n", pos);
  std::string line = sdp.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  std::vector<std::string> f;
  size_t i = 2;
  while (i < line.size() && f.size() < 3) {
    size_t sp = line.find(' ', i);
    f.push_back(line.substr(i, sp == std::string::npos ? std::string::npos : sp - i));
    if (sp == std::string::npos) break;
    i = sp + 1;
  }
  if (f.size() < 3 || f[0] != "message" || (f[2] != "TCP/MSRP" && f[2] != "TCP/TLS/MSRP")) {
    return fail(Errc::kUnsupportedMediaType,
                std::string("Unsupported media type in ") + which + ": " + line);
  }
  return std::nullopt;
}

void setOverride(media::LegOverrides& o, const h248::Parm& p) {
  std::string item = package::lower(p.name.substr(p.name.find('/') + 1));
  uint64_t v = std::stoull(p.values.at(0));  // checked by the registry already
  if (item == "chunksize") o.chunk_size = static_cast<uint32_t>(v);
  if (item == "maxmsgsize") o.max_message_size = v;
  if (item == "maxbuffered") o.max_buffered = v;
}

void mergeProps(std::vector<h248::Parm>& into, const std::vector<h248::Parm>& from) {
  for (const h248::Parm& p : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const h248::Parm& q) {
      return package::lower(q.name) == package::lower(p.name);
    });
    if (it != into.end()) {
      *it = p;
    } else {
      into.push_back(p);
    }
  }
}

// A property's possible values (AuditCapability, H.248.1 7.2.6): its range, its choices,
// or, when the MGC cannot set it, its value.
h248::Parm capability(const std::string& name, const package::PropertyDef& def,
                      const std::string& current) {
  h248::Parm p{name, h248::Parm::Relation::kEqual, h248::Parm::Form::kSingle, {current}};
  if (!def.writable) return p;
  switch (def.rule.type) {
    case package::ValueType::kInteger:
      p.form = h248::Parm::Form::kRange;
      p.values = {std::to_string(def.rule.min), std::to_string(def.rule.max)};
      break;
    case package::ValueType::kEnum:
      p.form = h248::Parm::Form::kSublist;
      p.values = def.rule.choices;
      break;
    case package::ValueType::kBoolean:
      p.form = h248::Parm::Form::kSublist;
      p.values = {"ON", "OFF"};
      break;
    case package::ValueType::kString: break;
  }
  return p;
}

// An event as a capability: its name and each parameter's possible values.
h248::RequestedEvent eventCapability(const std::string& pkg, const package::EventDef& def) {
  h248::RequestedEvent e;
  e.name = pkg + "/" + def.name;
  for (const package::ParameterDef& prm : def.params) {
    if (prm.rule.type == package::ValueType::kInteger) {
      e.params.push_back({prm.name,
                          h248::Parm::Relation::kEqual,
                          h248::Parm::Form::kRange,
                          {std::to_string(prm.rule.min), std::to_string(prm.rule.max)}});
    } else if (prm.rule.type == package::ValueType::kEnum) {
      e.params.push_back(
          {prm.name, h248::Parm::Relation::kEqual, h248::Parm::Form::kSublist, prm.rule.choices});
    }
  }
  return e;
}

h248::CommandReply errorReply(const h248::CommandRequest& cmd, const Failure& f) {
  h248::CommandReply r;
  r.kind = cmd.kind;
  r.termination_id = cmd.termination_id;
  r.descriptors.push_back(f.descriptor());
  return r;
}

}  // namespace

Executor::CommandResult Executor::succeeded(h248::CommandReply reply) {
  CommandResult r;
  r.replies.push_back(std::move(reply));
  return r;
}

Failure mediaFailure(const Error& e, const std::string& what) {
  std::string reason = e.reason ? e.reason : "";
  if (e.domain != Domain::kMedia) {
    return fail(Errc::kInternalError, "Media failure for " + what + ": " + reason);
  }
  switch (static_cast<media::Errc>(e.code)) {
    case media::Errc::kBadLocalSdp:
      return fail(Errc::kUnsupportedValue,
                  "Unsupported Local descriptor for " + what + ": " + reason);
    case media::Errc::kBadRemoteSdp:
      return fail(Errc::kUnsupportedValue,
                  "Unsupported Remote descriptor for " + what + ": " + reason);
    case media::Errc::kNoResources:
      return fail(Errc::kInsufficientResources,
                  "Insufficient resources for " + what + ": " + reason);
    case media::Errc::kUnknownTermination:
      return fail(Errc::kUnknownTermination, "Unknown termination " + what + ": " + reason);
    case media::Errc::kDuplicateTermination:
      return fail(Errc::kTerminationInContext, "Termination " + what + " exists: " + reason);
    case media::Errc::kContextFull:
      return fail(Errc::kMaxTerminationsPerContext, "Context full for " + what + ": " + reason);
    case media::Errc::kShuttingDown:
      return fail(Errc::kServiceUnavailable, "Service unavailable: " + reason);
  }
  return fail(Errc::kInternalError, "Media failure for " + what + ": " + reason);
}

Executor::Executor(const Clock& clock, const package::Registry& registry, ContextTable& table,
                   media::MediaEngine& engine, Hooks hooks)
    : clock_(clock),
      registry_(registry),
      table_(table),
      engine_(engine),
      hooks_(std::move(hooks)),
      alive_(std::make_shared<char>(0)) {
  if (const package::PackageDef* root = registry_.package("root")) {
    for (const package::PropertyDef& p : root->properties) {
      root_props_["root/" + package::lower(p.name)] = p.default_value;
    }
  }
  root_props_["root/maxnumberofcontexts"] = toText(table_.maxContexts());
  std::weak_ptr<char> alive = alive_;
  engine_.setEventHandler([this, alive](const media::TerminationEvent& ev) {
    if (!alive.expired()) onMediaEvent(ev);
  });
}

Executor::~Executor() = default;

std::string Executor::rootProperty(const std::string& name) const {
  auto it = root_props_.find(package::lower(name));
  return it == root_props_.end() ? std::string() : it->second;
}

void Executor::setRootProperty(const std::string& name, const std::string& value) {
  root_props_[package::lower(name)] = value;
}

void Executor::execute(std::vector<h248::ActionRequest> actions, Done done) {
  auto job = std::make_unique<Job>();
  job->actions = std::move(actions);
  job->done = std::move(done);
  for (const h248::ActionRequest& a : job->actions) {
    if (a.context_id == h248::kAllContext || a.context_id == h248::kNullContext) {
      job->exclusive = true;
    } else if (a.context_id != h248::kChooseContext) {
      job->contexts.insert(a.context_id);
    }
    for (const h248::CommandRequest& c : a.commands) {
      // Move names a termination of another context, found only when it runs.
      if (c.kind == h248::CommandKind::kMove) job->exclusive = true;
    }
  }
  queue_.push_back(std::move(job));
  schedule();
}

void Executor::schedule() {
  if (scheduling_) {
    reschedule_ = true;  // a job finished or arrived inside a start below: scan again
    return;
  }
  scheduling_ = true;
  do {
    reschedule_ = false;
    // In arrival order: a job starts when nothing running or waiting before it touches
    // one of its contexts; an exclusive job waits for everything before it, and
    // everything after it waits for it.
    bool barrier = false;
    std::set<uint32_t> waiting;
    for (auto it = queue_.begin(); it != queue_.end();) {
      Job& q = **it;
      bool can = false;
      if (q.exclusive) {
        can = running_.empty() && it == queue_.begin();
      } else if (!barrier && running_exclusive_ == 0) {
        can = std::none_of(q.contexts.begin(), q.contexts.end(),
                           [&](uint32_t c) { return busy_.count(c) || waiting.count(c); });
      }
      if (!can) {
        if (q.exclusive) barrier = true;
        waiting.insert(q.contexts.begin(), q.contexts.end());
        ++it;
        continue;
      }
      running_.push_back(std::move(*it));
      it = queue_.erase(it);
      Job* job = running_.back().get();
      if (job->exclusive) ++running_exclusive_;
      for (uint32_t c : job->contexts) ++busy_[c];
      ++stats_.transactions;
      step(job);
      if (reschedule_) break;  // the queue or the running set changed meanwhile
    }
  } while (reschedule_);
  scheduling_ = false;
}

void Executor::finish(Job* job) {
  auto it = std::find_if(running_.begin(), running_.end(),
                         [job](const std::unique_ptr<Job>& r) { return r.get() == job; });
  std::unique_ptr<Job> done = std::move(*it);
  running_.erase(it);
  if (done->exclusive) --running_exclusive_;
  for (uint32_t c : done->contexts) {
    if (--busy_[c] == 0) busy_.erase(c);
  }
  done->done(std::move(done->replies));
  schedule();
}

void Executor::step(Job* jp) {
  Job& j = *jp;
  while (j.ai < j.actions.size()) {
    if (!j.started) {
      if (!beginAction(j)) {
        ++j.ai;
        continue;
      }
    }
    h248::ActionRequest& a = j.actions[j.ai];
    if (j.stop || j.ci >= a.commands.size()) {
      endAction(j);
      continue;
    }
    const h248::CommandRequest& cmd = a.commands[j.ci];
    ++stats_.commands;
    std::weak_ptr<char> alive = alive_;
    bool optional = cmd.optional;
    runCommand(j, cmd, [this, alive, optional, jp](CommandResult r) {
      if (alive.expired()) return;
      Job& job = *jp;
      h248::ActionReply& reply = job.replies.back();
      if (r.failure) {
        ++stats_.command_errors;
        if (r.replies.empty()) {
          const h248::CommandRequest& c = job.actions[job.ai].commands[job.ci];
          r.replies.push_back(errorReply(c, *r.failure));
        } else {
          r.replies.back().descriptors.push_back(r.failure->descriptor());
        }
        if (!optional) job.stop = true;
      }
      for (auto& cr : r.replies) reply.replies.push_back(std::move(cr));
      ++job.ci;
      step(jp);
    });
    return;
  }
  finish(jp);
}

bool Executor::expandAllContexts(Job& j) {
  h248::ActionRequest all = j.actions[j.ai];
  for (const h248::CommandRequest& c : all.commands) {
    if (c.kind != h248::CommandKind::kAuditValue && c.kind != h248::CommandKind::kAuditCapability &&
        c.kind != h248::CommandKind::kSubtract && c.kind != h248::CommandKind::kModify) {
      return false;
    }
  }
  std::vector<h248::ActionRequest> expanded;
  for (auto& [id, ctx] : table_.all()) {
    bool hit = false;
    for (const h248::CommandRequest& c : all.commands) {
      for (const Termination& t : ctx.terminations) hit |= matches(c.termination_id, t.id);
    }
    if (!hit) continue;
    h248::ActionRequest a = all;
    a.context_id = id;
    expanded.push_back(std::move(a));
  }
  if (expanded.empty()) return false;
  j.actions.erase(j.actions.begin() + static_cast<long>(j.ai));
  j.actions.insert(j.actions.begin() + static_cast<long>(j.ai), expanded.begin(), expanded.end());
  return true;
}

bool Executor::beginAction(Job& j) {
  h248::ActionRequest& a = j.actions[j.ai];
  j.ci = 0;
  j.stop = false;
  j.created = false;
  h248::ActionReply reply;
  reply.context_id = a.context_id;
  auto actionError = [&](Errc code, std::string text) {
    reply.error = h248::ErrorDescriptor{static_cast<uint16_t>(code), std::move(text)};
    j.replies.push_back(std::move(reply));
    ++stats_.command_errors;
    return false;
  };
  if (a.context_id == h248::kAllContext) {
    if (!expandAllContexts(j)) {
      bool wildcard = false;
      for (const auto& c : a.commands) wildcard |= isWildcard(c.termination_id);
      return wildcard ? actionError(Errc::kNoTerminationMatched,
                                    "No termination matched the wildcard in any context")
                      : actionError(Errc::kUnknownTermination,
                                    "No context holds the termination, or the command is not "
                                    "allowed on context ALL");
    }
    reply.context_id = j.actions[j.ai].context_id;
  }
  h248::ActionRequest& act = j.actions[j.ai];
  if (act.context_id == h248::kChooseContext) {
    Context* c = table_.create();
    if (!c) {
      return actionError(Errc::kNoContextIdsAvailable,
                         "No context ids available: " + toText(table_.maxContexts()) +
                             " contexts in use (root/maxNumberOfContexts)");
    }
    j.ctx = c->id;
    j.created = true;
  } else if (act.context_id == h248::kNullContext) {
    j.ctx = 0;
  } else {
    if (!table_.find(act.context_id)) {
      return actionError(Errc::kUnknownContextId, "Unknown context id " + toText(act.context_id));
    }
    j.ctx = act.context_id;
  }
  reply.context_id = j.ctx;
  if (act.context && j.ctx != 0) {
    Context* c = table_.find(j.ctx);
    if (act.context->topology) c->topology = act.context->topology;
    if (act.context->priority) c->priority = act.context->priority;
    if (act.context->emergency) c->emergency = act.context->emergency;
  }
  j.replies.push_back(std::move(reply));
  j.started = true;
  return true;
}

void Executor::endAction(Job& j) {
  h248::ActionRequest& a = j.actions[j.ai];
  h248::ActionReply& reply = j.replies.back();
  Context* c = j.ctx ? table_.find(j.ctx) : nullptr;
  if (a.context_audit && c) {
    h248::ContextProps props;
    if (a.context_audit->topology) {
      props.topology = c->topology.value_or(std::vector<h248::TopologyTriple>{});
    }
    if (a.context_audit->priority) props.priority = c->priority.value_or(0);
    if (a.context_audit->emergency) props.emergency = c->emergency.value_or(false);
    reply.context = props;
  }
  if (c && c->terminations.empty()) table_.erase(c->id);
  j.started = false;
  ++j.ai;
}

Check Executor::applyMedia(const h248::StreamParms& sp, bool root, Requested* r) {
  if (root) {
    return fail(Errc::kPropertyIllegalInDescriptor,
                "ROOT has no streams: LocalControl, Local and Remote are illegal on ROOT");
  }
  if (sp.local_control) {
    const h248::LocalControl& lc = *sp.local_control;
    if (lc.mode) {
      if (*lc.mode == h248::StreamMode::kLoopback) {
        return fail(Errc::kUnsupportedMode, "Unsupported mode Loopback for an MSRP termination");
      }
      r->mode = lc.mode;
    }
    for (const h248::Parm& p : lc.props) {
      const package::PropertyDef* def = nullptr;
      if (Check c = registry_.checkPropertyWrite(p, &def)) return c;
      if (package::lower(p.name).rfind("msrpgw/", 0) != 0) {
        return fail(Errc::kPropertyIllegalInDescriptor,
                    "Property " + p.name + " is illegal in LocalControl");
      }
      r->stream_props.push_back(p);
    }
  }
  if (sp.local) {
    if (Check c = checkMediaLine(*sp.local, "Local")) return c;
    r->local = sp.local;
  }
  if (sp.remote) {
    if (Check c = checkMediaLine(*sp.remote, "Remote")) return c;
    r->remote = sp.remote;
  }
  return std::nullopt;
}

Check Executor::parseDescriptors(const h248::CommandRequest& cmd, bool root, Requested* r) {
  for (const h248::Descriptor& d : cmd.descriptors) {
    if (const auto* m = std::get_if<h248::MediaDescriptor>(&d)) {
      r->has_media = true;
      if (m->termination_state) {
        for (const h248::Parm& p : m->termination_state->props) {
          const package::PropertyDef* def = nullptr;
          if (Check c = registry_.checkPropertyWrite(p, &def)) return c;
          bool is_root_prop = package::lower(p.name).rfind("root/", 0) == 0;
          if (root != is_root_prop) {
            return fail(
                Errc::kPropertyIllegalInDescriptor,
                "Property " + p.name + " is illegal in TerminationState of " + cmd.termination_id);
          }
          (root ? r->root_props : r->stream_props).push_back(p);
        }
      }
      if (m->streams.size() > 1) {
        return fail(Errc::kNotImplemented,
                    "An MSRP termination has one stream; got " + toText(m->streams.size()));
      }
      if (m->one_stream) {
        if (Check c = applyMedia(*m->one_stream, root, r)) return c;
      }
      for (const h248::Stream& s : m->streams) {
        r->stream_id = s.id;
        if (Check c = applyMedia(s.parms, root, r)) return c;
      }
    } else if (const auto* e = std::get_if<h248::EventsDescriptor>(&d)) {
      for (const h248::RequestedEvent& ev : e->events) {
        if (Check c = registry_.checkEvent(ev)) return c;
        std::string name = package::lower(ev.name);
        // What can be detected: inactivity on ROOT; on an MSRP termination, its media
        // events (see onMediaEvent).
        bool ok = root ? name == "it/ito"
                       : name == "g/cause" || name == "msrpgw/conn" || name == "msrpgw/idle";
        if (!ok) {
          return fail(Errc::kUnequippedToDetectEvent,
                      "Unequipped to detect event " + ev.name + " on " + cmd.termination_id);
        }
      }
      if (!e->events.empty() && !e->request_id) {
        return fail(Errc::kSyntaxErrorInCommand, "Events without a RequestID");
      }
      r->events = *e;
    } else if (const auto* s = std::get_if<h248::SignalsDescriptor>(&d)) {
      for (const h248::SignalItem& item : s->items) {
        const auto* sig = std::get_if<h248::Signal>(&item);
        if (!sig) return fail(Errc::kUnequippedToGenerateSignal, "Signal lists are not supported");
        const package::SignalDef* def = nullptr;
        if (Check c = registry_.findSignal(sig->name, &def)) return c;
        return fail(Errc::kUnequippedToGenerateSignal, "Unequipped to generate " + sig->name);
      }
    } else if (const auto* a = std::get_if<h248::AuditDescriptor>(&d)) {
      r->audit = auditBits(*a);
    } else if (const auto* st = std::get_if<h248::StatisticsDescriptor>(&d)) {
      for (const h248::Statistic& s : st->stats) {
        const package::StatisticDef* def = nullptr;
        if (Check c = registry_.findStatistic(s.name, &def)) return c;
      }
    } else if (std::holds_alternative<h248::ModemDescriptor>(d) ||
               std::holds_alternative<h248::MuxDescriptor>(d) ||
               std::holds_alternative<h248::DigitMapDescriptor>(d) ||
               std::holds_alternative<h248::EventBufferDescriptor>(d)) {
      return fail(Errc::kUnsupportedDescriptor,
                  "Unsupported descriptor (Modem, Mux, DigitMap and EventBuffer are not "
                  "supported by an MSRP gateway)");
    } else {
      return fail(Errc::kDescriptorNotLegal, "Descriptor not legal in this command");
    }
  }
  return std::nullopt;
}

Check Executor::resolve(uint32_t ctx, const std::string& tid, std::vector<Target>* out) {
  if (tid == "$") return fail(Errc::kIncorrectIdentifier, "CHOOSE ($) is legal only in Add");
  if (isRoot(tid)) {
    if (ctx != 0) {
      return fail(Errc::kIncorrectIdentifier, "ROOT is addressed in the NULL context only");
    }
    out->push_back({0, "ROOT"});
    return std::nullopt;
  }
  Context* c = ctx ? table_.find(ctx) : nullptr;
  if (isWildcard(tid)) {
    if (c) {
      for (const Termination& t : c->terminations) {
        if (matches(tid, t.id)) out->push_back({ctx, t.id});
      }
    }
    if (out->empty()) {
      return fail(Errc::kNoTerminationMatched,
                  "No termination matched " + tid + (ctx ? " in context " + toText(ctx) : ""));
    }
    return std::nullopt;
  }
  std::optional<std::string> id = ContextTable::canonicalId(tid);
  if (!id) return fail(Errc::kUnknownTermination, "Unknown termination " + tid);
  if (c && c->find(*id)) {
    out->push_back({ctx, *id});
    return std::nullopt;
  }
  if (auto where = table_.whereIs(*id)) {
    return fail(Errc::kTerminationNotInContext, "Termination " + tid + " is in context " +
                                                    toText(*where) + ", not " +
                                                    (ctx ? toText(ctx) : std::string("NULL")));
  }
  return fail(Errc::kUnknownTermination, "Unknown termination " + tid);
}

void Executor::runCommand(Job& j, const h248::CommandRequest& cmd, Cont cont) {
  if (!cmd.extra_termination_ids.empty()) {
    // A v3 termination id list ([t1,t2]): refused whole rather than half applied.
    return cont({{},
                 fail(Errc::kNotImplemented,
                      "Termination id lists are not implemented: send one command per "
                      "termination (" +
                          cmd.termination_id + ", ...)")});
  }
  switch (cmd.kind) {
    case h248::CommandKind::kAdd: return runAdd(j, cmd, std::move(cont));
    case h248::CommandKind::kMove: return runMove(j, cmd, std::move(cont));
    case h248::CommandKind::kNotify:
      return cont({{}, fail(Errc::kUnsupportedCommand, "Notify is sent by the MG, not to it")});
    case h248::CommandKind::kServiceChange:
      return cont({{},
                   fail(Errc::kUnsupportedCommand,
                        "ServiceChange from the MGC is accepted on ROOT in its own transaction")});
    case h248::CommandKind::kModify:
    case h248::CommandKind::kSubtract:
    case h248::CommandKind::kAuditValue:
    case h248::CommandKind::kAuditCapability: break;
  }
  if (isRoot(cmd.termination_id) && j.ctx == 0) return runRoot(cmd, cont);
  if (cmd.kind == h248::CommandKind::kSubtract && isRoot(cmd.termination_id)) {
    return cont({{}, fail(Errc::kIncorrectIdentifier, "ROOT cannot be subtracted")});
  }
  auto m = std::make_shared<Multi>();
  m->cmd = cmd;
  m->cont = std::move(cont);
  if (Check c = resolve(j.ctx, cmd.termination_id, &m->targets)) return m->cont({{}, *c});
  if (Check c = parseDescriptors(cmd, false, &m->req)) return m->cont({{}, *c});
  if (cmd.kind != h248::CommandKind::kModify &&
      (m->req.has_media || m->req.events || !m->req.stream_props.empty())) {
    return m->cont({{},
                    fail(Errc::kDescriptorNotLegal,
                         "Only an Audit descriptor is legal in Subtract and Audit commands")});
  }
  runEach(std::move(m));
}

void Executor::runRoot(const h248::CommandRequest& cmd, const Cont& cont) {
  Requested req;
  if (Check c = parseDescriptors(cmd, true, &req)) return cont({{}, *c});
  h248::CommandReply reply;
  reply.kind = cmd.kind;
  reply.termination_id = "ROOT";
  if (cmd.kind == h248::CommandKind::kSubtract) {
    return cont({{}, fail(Errc::kIncorrectIdentifier, "ROOT cannot be subtracted")});
  }
  if (cmd.kind == h248::CommandKind::kModify) {
    for (const h248::Parm& p : req.root_props) setRootProperty(p.name, p.values.at(0));
    if (req.events) root_events_ = req.events->events.empty() ? std::nullopt : req.events;
    if (hooks_.root_changed) hooks_.root_changed();
    return cont(succeeded(std::move(reply)));
  }
  uint16_t items = req.audit.value_or(0);
  bool capabilities = cmd.kind == h248::CommandKind::kAuditCapability;
  if (items & h248::kAuditMedia) {
    h248::MediaDescriptor m;
    h248::TerminationState ts;
    const package::PackageDef* root = registry_.package("root");
    for (const package::PropertyDef& p : root->properties) {
      std::string name = "root/" + p.name;
      ts.props.push_back(capabilities ? capability(name, p, rootProperty(name))
                                      : h248::Parm{name,
                                                   h248::Parm::Relation::kEqual,
                                                   h248::Parm::Form::kSingle,
                                                   {rootProperty(name)}});
    }
    m.termination_state = ts;
    reply.descriptors.push_back(m);
  }
  if ((items & h248::kAuditEvents) && capabilities) {
    // ROOT detects the inactivity timeout (it/ito) only.
    h248::EventsDescriptor e;
    e.request_id = 0;
    const package::PackageDef* it = registry_.package("it");
    for (const package::EventDef& d : it->events) e.events.push_back(eventCapability("it", d));
    reply.descriptors.push_back(e);
  } else if (items & h248::kAuditEvents) {
    reply.descriptors.push_back(root_events_.value_or(h248::EventsDescriptor{}));
  }
  if (items & h248::kAuditPackages) {
    reply.descriptors.push_back(h248::PackagesDescriptor{registry_.packages()});
  }
  cont(succeeded(std::move(reply)));
}

void Executor::runAdd(Job& j, const h248::CommandRequest& cmd, Cont cont) {
  if (j.ctx == 0) {
    return cont({{}, fail(Errc::kUnknownAction, "Add needs a context ($ or an existing one)")});
  }
  Context* c = table_.find(j.ctx);
  std::string id;
  if (cmd.termination_id == "$") {
    // Chosen below, once the Add is known to fit.
  } else if (isRoot(cmd.termination_id) || isWildcard(cmd.termination_id)) {
    return cont({{},
                 fail(Errc::kIncorrectIdentifier,
                      "Add needs $ or an id of the form msrp/<n>, not " + cmd.termination_id)});
  } else {
    auto canon = ContextTable::canonicalId(cmd.termination_id);
    if (!canon) {
      return cont({{},
                   fail(Errc::kUnknownTermination, "Unknown termination " + cmd.termination_id +
                                                       " (terminations are named msrp/<n>)")});
    }
    if (auto where = table_.whereIs(*canon)) {
      return cont(
          {{},
           fail(Errc::kTerminationInContext,
                "Termination " + cmd.termination_id + " is already in context " + toText(*where))});
    }
    id = *canon;
  }
  uint32_t max_terms =
      static_cast<uint32_t>(std::stoul(rootProperty(package::kRootMaxTermsPerContext).empty()
                                           ? std::string("2")
                                           : rootProperty(package::kRootMaxTermsPerContext)));
  if (c->terminations.size() >= max_terms) {
    return cont(
        {{},
         fail(Errc::kMaxTerminationsPerContext, "Context " + toText(j.ctx) + " already holds " +
                                                    toText(max_terms) + " terminations")});
  }
  auto req = std::make_shared<Requested>();
  if (Check f = parseDescriptors(cmd, false, req.get())) return cont({{}, *f});
  if (id.empty()) id = table_.newTerminationId();
  media::TerminationSpec spec;
  spec.local_sdp = req->local.value_or("");
  spec.remote_sdp = req->remote.value_or("");
  spec.mode = toMedia(req->mode.value_or(h248::StreamMode::kSendRecv));
  for (const h248::Parm& p : req->stream_props) setOverride(spec.overrides, p);
  uint32_t ctx = j.ctx;
  // Reserve the id now so a second Add in the same action cannot take it.
  table_.place(id, ctx);
  std::weak_ptr<char> alive = alive_;
  media::LegOverrides overrides = spec.overrides;
  engine_.add(ctx, id, std::move(spec),
              [this, alive, ctx, id, req, overrides,
               cont = std::move(cont)](Result<media::TerminationReply> r) {
                if (alive.expired()) return;
                Context* c = table_.find(ctx);
                if (!r.ok() || !c) {
                  table_.unplace(id);
                  return cont({{},
                               r.ok() ? fail(Errc::kInternalError, "context vanished")
                                      : mediaFailure(r.error(), id)});
                }
                Termination t;
                t.id = id;
                t.local_sdp = r.value().local_sdp;
                t.remote_sdp = req->remote.value_or("");
                t.stream_id = req->stream_id;
                t.mode = req->mode;
                t.stream_props = req->stream_props;
                t.overrides = overrides;
                t.events = req->events;
                t.added_at = clock_.now();
                c->terminations.push_back(t);
                h248::CommandReply reply;
                reply.kind = h248::CommandKind::kAdd;
                reply.termination_id = id;
                h248::MediaDescriptor m;
                h248::StreamParms sp;
                sp.local = t.local_sdp;
                m.streams.push_back({t.stream_id, sp});
                reply.descriptors.push_back(m);
                cont(succeeded(std::move(reply)));
              });
}

void Executor::runEach(std::shared_ptr<Multi> m) {
  if (m->i >= m->targets.size()) return finishMulti(std::move(m));
  uint32_t ctx = m->targets[m->i].first;
  std::string id = m->targets[m->i].second;
  Context* c = table_.find(ctx);
  Termination* t = c ? c->find(id) : nullptr;
  if (!t) {
    m->result.failure = fail(Errc::kUnknownTermination, "Unknown termination " + id);
    return finishMulti(std::move(m));
  }
  std::weak_ptr<char> alive = alive_;
  h248::CommandReply reply;
  reply.kind = m->cmd.kind;
  reply.termination_id = id;
  auto next = [this, m](h248::CommandReply r) mutable { nextTarget(std::move(m), std::move(r)); };
  switch (m->cmd.kind) {
    case h248::CommandKind::kModify: return modifyOne(std::move(m), ctx, id, std::move(reply));
    case h248::CommandKind::kMove: return moveOne(std::move(m), ctx, id, std::move(reply));
    case h248::CommandKind::kSubtract: {
      engine_.subtract(
          ctx, id,
          [this, alive, m, ctx, id, reply, next](Result<media::TerminationStats> r) mutable {
            if (alive.expired()) return;
            Context* c = table_.find(ctx);
            Termination* t = c ? c->find(id) : nullptr;
            // The termination goes whatever media says: the MGC asked for it to be gone.
            if (t) {
              bool want_stats = !m->req.audit || (*m->req.audit & h248::kAuditStatistics);
              if (want_stats) {
                media::TerminationStats s = r.ok() ? r.value() : media::TerminationStats{};
                reply.descriptors.push_back(h248::StatisticsDescriptor{statistics(*t, s)});
              }
              if (m->req.audit) {
                auto more = audit(*t, *m->req.audit & ~h248::kAuditStatistics, nullptr);
                reply.descriptors.insert(reply.descriptors.end(), more.begin(), more.end());
              }
              c->terminations.erase(c->terminations.begin() + (t - c->terminations.data()));
              table_.unplace(id);
            }
            next(std::move(reply));
          });
      return;
    }
    case h248::CommandKind::kAuditCapability:
      reply.descriptors = capabilities(m->req.audit.value_or(0));
      return next(std::move(reply));
    case h248::CommandKind::kAuditValue: {
      uint16_t items = m->req.audit.value_or(0);
      if (!(items & h248::kAuditStatistics)) {
        reply.descriptors = audit(*t, items, nullptr);
        return next(std::move(reply));
      }
      engine_.statistics(
          ctx, id,
          [this, alive, m, ctx, id, items, reply, next](Result<media::TerminationStats> r) mutable {
            if (alive.expired()) return;
            Context* c = table_.find(ctx);
            Termination* t = c ? c->find(id) : nullptr;
            if (!t) {
              m->result.failure = fail(Errc::kUnknownTermination, "Unknown termination " + id);
              return finishMulti(std::move(m));
            }
            if (!r.ok()) {
              m->result.failure = mediaFailure(r.error(), id);
              return finishMulti(std::move(m));
            }
            reply.descriptors = audit(*t, items, &r.value());
            next(std::move(reply));
          });
      return;
    }
    default:
      m->result.failure = fail(Errc::kUnsupportedCommand, "Unsupported command");
      return finishMulti(std::move(m));
  }
}

void Executor::nextTarget(std::shared_ptr<Multi> m, h248::CommandReply reply) {
  m->result.replies.push_back(std::move(reply));
  ++m->i;
  runEach(std::move(m));
}

void Executor::modifyOne(std::shared_ptr<Multi> m, uint32_t ctx, const std::string& id,
                         h248::CommandReply reply) {
  Context* c = table_.find(ctx);
  Termination* t = c ? c->find(id) : nullptr;
  if (!t) {
    m->result.failure = fail(Errc::kUnknownTermination, "Unknown termination " + id);
    return finishMulti(std::move(m));
  }
  const Requested& req = m->req;
  if (req.events) t->events = req.events->events.empty() ? std::nullopt : req.events;
  bool media_change = req.local || req.remote || req.mode || !req.stream_props.empty();
  auto finish = [this](std::shared_ptr<Multi> m, const Termination& t, h248::CommandReply reply) {
    // Move (v2) may carry an Audit descriptor: answer it as an audit of the moved termination.
    if (m->cmd.kind == h248::CommandKind::kMove && m->req.audit) {
      auto more = audit(t, *m->req.audit & ~h248::kAuditStatistics, nullptr);
      reply.descriptors.insert(reply.descriptors.end(), more.begin(), more.end());
    }
    nextTarget(std::move(m), std::move(reply));
  };
  if (!media_change) return finish(std::move(m), *t, std::move(reply));
  media::TerminationSpec spec;
  spec.local_sdp = req.local.value_or(t->local_sdp);
  spec.remote_sdp = req.remote.value_or(t->remote_sdp);
  spec.mode = toMedia(req.mode.value_or(t->mode.value_or(h248::StreamMode::kSendRecv)));
  spec.overrides = t->overrides;
  for (const h248::Parm& p : req.stream_props) setOverride(spec.overrides, p);
  media::LegOverrides overrides = spec.overrides;
  std::weak_ptr<char> alive = alive_;
  engine_.modify(ctx, id, std::move(spec),
                 [this, alive, m, ctx, id, overrides, reply,
                  finish](Result<media::TerminationReply> r) mutable {
                   if (alive.expired()) return;
                   Context* c = table_.find(ctx);
                   Termination* t = c ? c->find(id) : nullptr;
                   if (!r.ok() || !t) {
                     m->result.failure =
                         r.ok() ? fail(Errc::kUnknownTermination, id) : mediaFailure(r.error(), id);
                     return finishMulti(std::move(m));
                   }
                   const Requested& req = m->req;
                   t->local_sdp = r.value().local_sdp;
                   if (req.remote) t->remote_sdp = *req.remote;
                   if (req.mode) t->mode = req.mode;
                   mergeProps(t->stream_props, req.stream_props);
                   t->overrides = overrides;
                   h248::MediaDescriptor md;
                   h248::StreamParms sp;
                   sp.local = t->local_sdp;
                   md.streams.push_back({t->stream_id, sp});
                   reply.descriptors.push_back(md);
                   finish(std::move(m), *t, std::move(reply));
                 });
}

void Executor::runMove(Job& j, const h248::CommandRequest& cmd, Cont cont) {
  if (j.ctx == 0) {
    return cont({{},
                 fail(Errc::kUnknownAction,
                      "Move needs a target context ($ or an existing one): terminations do "
                      "not move to or from the NULL context")});
  }
  if (cmd.termination_id == "$" || isRoot(cmd.termination_id)) {
    return cont({{},
                 fail(Errc::kIncorrectIdentifier,
                      "Move needs a termination in another context, not " + cmd.termination_id)});
  }
  auto m = std::make_shared<Multi>();
  m->cmd = cmd;
  m->cont = std::move(cont);
  m->to = j.ctx;
  if (Check c = parseDescriptors(cmd, false, &m->req)) return m->cont({{}, *c});
  // The termination lives in another context (the only command that names one: H.248.1
  // 7.2.4). A wildcard moves every match found outside the target, in context order.
  size_t arriving = 0;
  if (isWildcard(cmd.termination_id)) {
    for (auto& [id, ctx] : table_.all()) {
      for (const Termination& t : ctx.terminations) {
        if (!matches(cmd.termination_id, t.id)) continue;
        m->targets.push_back({id, t.id});
        if (id != m->to) ++arriving;
      }
    }
    if (m->targets.empty()) {
      return m->cont(
          {{}, fail(Errc::kNoTerminationMatched, "No termination matched " + cmd.termination_id)});
    }
  } else {
    std::optional<std::string> id = ContextTable::canonicalId(cmd.termination_id);
    std::optional<uint32_t> where = id ? table_.whereIs(*id) : std::nullopt;
    Context* from = where ? table_.find(*where) : nullptr;
    if (!from || !from->find(*id)) {
      return m->cont({{},
                      fail(Errc::kUnknownTermination, "Unknown termination " + cmd.termination_id +
                                                          ": Move needs one in a context")});
    }
    m->targets.push_back({*where, *id});
    if (*where != m->to) ++arriving;
  }
  uint32_t max_terms =
      static_cast<uint32_t>(std::stoul(rootProperty(package::kRootMaxTermsPerContext).empty()
                                           ? std::string("2")
                                           : rootProperty(package::kRootMaxTermsPerContext)));
  size_t present = table_.find(m->to)->terminations.size();
  if (present + arriving > max_terms) {
    return m->cont({{},
                    fail(Errc::kMaxTerminationsPerContext,
                         "Context " + toText(m->to) + " holds " + toText(present) +
                             " terminations; moving " + toText(arriving) + " more exceeds " +
                             toText(max_terms) + " (root/maxTerminationsPerContext)")});
  }
  runEach(std::move(m));
}

void Executor::moveOne(std::shared_ptr<Multi> m, uint32_t from, const std::string& id,
                       h248::CommandReply reply) {
  uint32_t to = m->to;
  // Already in the target: nothing moves, the rest applies as a Modify would.
  if (from == to) return modifyOne(std::move(m), to, id, std::move(reply));
  std::weak_ptr<char> alive = alive_;
  engine_.move(from, id, to,
               [this, alive, m, from, id, to, reply](Result<media::TerminationReply> r) mutable {
                 if (alive.expired()) return;
                 Context* src = table_.find(from);
                 Termination* t = src ? src->find(id) : nullptr;
                 if (!r.ok() || !t || !table_.find(to)) {
                   m->result.failure = r.ok() ? fail(Errc::kUnknownTermination,
                                                     "Termination " + id + " vanished during Move")
                                              : mediaFailure(r.error(), id);
                   return finishMulti(std::move(m));
                 }
                 t->local_sdp = r.value().local_sdp;
                 relocate(from, id, to);
                 modifyOne(std::move(m), to, id, std::move(reply));
               });
}

void Executor::relocate(uint32_t from, const std::string& id, uint32_t to) {
  Context* src = table_.find(from);
  Context* dst = table_.find(to);
  Termination* t = src->find(id);
  dst->terminations.push_back(std::move(*t));
  src->terminations.erase(src->terminations.begin() + (t - src->terminations.data()));
  // Topology triples naming the termination belonged to the old context.
  if (src->topology) {
    auto& tp = *src->topology;
    tp.erase(
        std::remove_if(tp.begin(), tp.end(),
                       [&](const h248::TopologyTriple& x) { return x.from == id || x.to == id; }),
        tp.end());
  }
  table_.place(id, to);
  // A context lives while it holds terminations; the last one moving out ends it.
  if (src->terminations.empty()) table_.erase(from);
}

// By value: the Multi stays alive while its continuation runs, whichever callback held it.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
void Executor::finishMulti(std::shared_ptr<Multi> m) {
  if (m->cmd.wildcard_return && !m->result.replies.empty() && !m->result.failure) {
    h248::CommandReply one;
    one.kind = m->cmd.kind;
    one.termination_id = m->cmd.termination_id;
    m->result.replies = {one};
  }
  Cont cont = std::move(m->cont);
  cont(std::move(m->result));
}

std::vector<h248::Statistic> Executor::statistics(const Termination& t,
                                                  const media::TerminationStats& s) const {
  Millis dur = clock_.now() - t.added_at;
  return {
      {"nt/dur", {toText(static_cast<uint64_t>(std::max<Millis>(dur, 0)))}},
      {"nt/os", {toText(s.bytes_sent)}},
      {"nt/or", {toText(s.bytes_received)}},
      {"msrpgw/mr", {toText(s.messages_received)}},
      {"msrpgw/ms", {toText(s.messages_sent)}},
      {"msrpgw/cr", {toText(s.chunks_received)}},
      {"msrpgw/cs", {toText(s.chunks_sent)}},
      {"msrpgw/rr", {toText(s.reports_received)}},
      {"msrpgw/rs", {toText(s.reports_sent)}},
      {"msrpgw/ma", {toText(s.messages_aborted)}},
  };
}

std::vector<h248::Descriptor> Executor::audit(const Termination& t, uint16_t items,
                                              const media::TerminationStats* stats) const {
  std::vector<h248::Descriptor> out;
  if (items & h248::kAuditMedia) {
    h248::MediaDescriptor m;
    h248::StreamParms sp;
    h248::LocalControl lc;
    lc.mode = t.mode.value_or(h248::StreamMode::kSendRecv);
    lc.props = t.stream_props;
    sp.local_control = lc;
    if (!t.local_sdp.empty()) sp.local = t.local_sdp;
    if (!t.remote_sdp.empty()) sp.remote = t.remote_sdp;
    m.streams.push_back({t.stream_id, sp});
    out.push_back(m);
  }
  if (items & h248::kAuditEvents) out.push_back(t.events.value_or(h248::EventsDescriptor{}));
  if (items & h248::kAuditSignals) out.push_back(h248::SignalsDescriptor{});
  if ((items & h248::kAuditStatistics) && stats) {
    out.push_back(h248::StatisticsDescriptor{statistics(t, *stats)});
  }
  if (items & h248::kAuditPackages) out.push_back(packages());
  return out;
}

h248::PackagesDescriptor Executor::packages() const {
  h248::PackagesDescriptor d;
  for (const char* name : {"g", "nt", "msrpgw"}) {
    if (const package::PackageDef* p = registry_.package(name)) {
      d.packages.push_back({p->name, p->version});
    }
  }
  return d;
}

std::vector<h248::Descriptor> Executor::capabilities(uint16_t items) const {
  std::vector<h248::Descriptor> out;
  if (items & h248::kAuditMedia) {
    // The private package's stream properties with their ranges. (Mode: the text encoding
    // carries one mode per LocalControl; SendReceive, SendOnly, ReceiveOnly and Inactive
    // are supported, Loopback is 517.)
    h248::MediaDescriptor m;
    h248::StreamParms sp;
    h248::LocalControl lc;
    const package::PackageDef* pkg = registry_.package("msrpgw");
    for (const package::PropertyDef& p : pkg->properties) {
      lc.props.push_back(capability("msrpgw/" + p.name, p, p.default_value));
    }
    sp.local_control = lc;
    m.streams.push_back({1, sp});
    out.push_back(m);
  }
  if (items & h248::kAuditEvents) {
    // An MSRP termination reports connection failure and loss through g/cause.
    h248::EventsDescriptor e;
    e.request_id = 0;
    const package::PackageDef* g = registry_.package("g");
    for (const package::EventDef& d : g->events) {
      if (package::lower(d.name) == "cause") e.events.push_back(eventCapability("g", d));
    }
    out.push_back(e);
  }
  if (items & h248::kAuditSignals) out.push_back(h248::SignalsDescriptor{});
  if (items & h248::kAuditStatistics) {
    h248::StatisticsDescriptor st;
    for (const char* name : {"nt", "msrpgw"}) {
      for (const package::StatisticDef& d : registry_.package(name)->statistics) {
        st.stats.push_back({std::string(name) + "/" + d.name, {}});
      }
    }
    out.push_back(st);
  }
  if (items & h248::kAuditPackages) out.push_back(packages());
  return out;
}

void Executor::onMediaEvent(const media::TerminationEvent& ev) {
  Context* c = table_.find(ev.context);
  Termination* t = c ? c->find(ev.termination) : nullptr;
  if (!t || !t->events || !t->events->request_id) return;
  // Failures are g/cause (Generalcause FT, or NR when the peer closed, with the cause);
  // the leg coming up and a quiet spell are the msrpgw package's conn and idle events.
  const char* wanted = nullptr;
  switch (ev.kind) {
    case media::EventKind::kConnectionFailed:
    case media::EventKind::kConnectionLost: wanted = "g/cause"; break;
    case media::EventKind::kConnected: wanted = "msrpgw/conn"; break;
    case media::EventKind::kIdle: wanted = "msrpgw/idle"; break;
  }
  bool asked = false;
  for (const auto& e : t->events->events) asked |= package::lower(e.name) == wanted;
  if (!asked) return;
  h248::ObservedEvent oe;
  oe.name = wanted;
  if (ev.kind == media::EventKind::kConnectionFailed ||
      ev.kind == media::EventKind::kConnectionLost) {
    const char* general =
        ev.kind == media::EventKind::kConnectionLost && ev.cause == "peer_closed" ? "NR" : "FT";
    oe.params.push_back(
        {"Generalcause", h248::Parm::Relation::kEqual, h248::Parm::Form::kSingle, {general}});
    if (!ev.cause.empty()) {
      oe.params.push_back(
          {"Failurecause", h248::Parm::Relation::kEqual, h248::Parm::Form::kSingle, {ev.cause}});
    }
  }
  h248::CommandRequest n;
  n.kind = h248::CommandKind::kNotify;
  n.termination_id = t->id;
  n.descriptors.push_back(h248::ObservedEventsDescriptor{*t->events->request_id, {oe}});
  ++stats_.notifies;
  if (hooks_.notify) hooks_.notify(ev.context, std::move(n));
}

}  // namespace msrpgw::control::context
