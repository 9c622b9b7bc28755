// The one writer behind encodeCompact() and encodePretty(): the two styles differ only
// in keyword spelling, spacing around '=' and '{', and line breaks with tab indentation.
#include <charconv>

#include "proto/h248/encode.h"
#include "proto/h248/scanner.h"

namespace msrpgw::proto::h248 {
namespace {

class Writer {
 public:
  Writer(std::string* out, bool pretty) : out_(*out), pretty_(pretty) {}

  void message(const Message& m) {
    out_ += pretty_ ? "MEGACO/" : "!/";
    num(m.version);
    out_ += ' ';
    mid(m.mid);
    out_ += "\r\n";
    if (m.error) {
      errorDescriptor(*m.error);
      return;
    }
    bool first = true;
    for (const Transaction& t : m.transactions) {
      if (!first) out_ += "\r\n";
      first = false;
      first_ = true;
      std::visit([this](const auto& x) { transaction(x); }, t);
    }
  }

 private:
  // ---- layout primitives ----
  void tok(Tok t) { out_ += pretty_ ? longName(t) : shortName(t); }
  void eq() { out_ += pretty_ ? " = " : "="; }
  // The next item of a list, as `name=` (the value follows).
  void key(Tok t) {
    item();
    tok(t);
    eq();
  }
  void open() {
    out_ += pretty_ ? " {" : "{";
    ++depth_;
    first_ = true;
  }
  void item() {
    if (!first_) out_ += ',';
    first_ = false;
    if (pretty_) newline();
  }
  void close() {
    --depth_;
    if (pretty_) newline();
    out_ += '}';
    first_ = false;
  }
  void newline() {
    out_ += "\r\n";
    out_.append(static_cast<size_t>(depth_), '\t');
  }
  template <class T>
  void num(T v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(v));
    out_.append(buf, r.ptr);
  }
  void value(const std::string& v) {
    bool safe = !v.empty();
    for (char c : v) {
      if (!isSafeChar(c)) {
        safe = false;
        break;
      }
    }
    if (safe) {
      out_ += v;
    } else {
      out_ += '"';
      out_ += v;
      out_ += '"';
    }
  }
  void quoted(const std::string& v) {
    out_ += '"';
    out_ += v;
    out_ += '"';
  }

  void mid(const MId& m) {
    switch (m.kind) {
      case MId::Kind::kIp4:
      case MId::Kind::kIp6:
        out_ += '[';
        out_ += m.address;
        out_ += ']';
        break;
      case MId::Kind::kDomain:
        out_ += '<';
        out_ += m.address;
        out_ += '>';
        break;
      case MId::Kind::kDevice: out_ += m.address; return;
      case MId::Kind::kMtp:
        out_ += "MTP{";
        out_ += m.address;
        out_ += '}';
        return;
    }
    if (m.port) {
      out_ += ':';
      num(*m.port);
    }
  }

  void contextId(uint32_t id) {
    if (id == kNullContext) {
      out_ += '-';
    } else if (id == kChooseContext) {
      out_ += '$';
    } else if (id == kAllContext) {
      out_ += '*';
    } else {
      num(id);
    }
  }

  void errorDescriptor(const ErrorDescriptor& e) {
    tok(Tok::kError);
    eq();
    num(e.code);
    out_ += pretty_ ? " {" : "{";
    if (e.text) quoted(*e.text);
    out_ += '}';
    first_ = false;
  }

  // ---- transactions ----
  void transaction(const TransactionRequest& t) {
    tok(Tok::kTransaction);
    eq();
    num(t.id);
    open();
    for (const ActionRequest& a : t.actions) actionRequest(a);
    close();
  }

  void transaction(const TransactionReply& r) {
    tok(Tok::kReply);
    eq();
    num(r.id);
    if (r.segment_number) {
      out_ += '/';
      num(*r.segment_number);
      if (r.segmentation_complete) {
        out_ += '/';
        tok(Tok::kEnd);
      }
    }
    open();
    if (r.imm_ack_required) {
      item();
      tok(Tok::kImmAckRequired);
    }
    if (r.error) {
      item();
      errorDescriptor(*r.error);
    } else {
      for (const ActionReply& a : r.actions) actionReply(a);
    }
    close();
  }

  void transaction(const TransactionPending& p) {
    tok(Tok::kPending);
    eq();
    num(p.id);
    out_ += pretty_ ? " { }" : "{}";
  }

  void transaction(const TransactionResponseAck& k) {
    tok(Tok::kResponseAck);
    out_ += pretty_ ? " {" : "{";
    bool first = true;
    for (const AckRange& a : k.acks) {
      if (!first) out_ += ',';
      first = false;
      num(a.first);
      if (a.last) {
        out_ += '-';
        num(*a.last);
      }
    }
    out_ += '}';
  }

  void transaction(const SegmentReply& s) {
    tok(Tok::kSegment);
    eq();
    num(s.id);
    out_ += '/';
    num(s.segment_number);
    if (s.segmentation_complete) {
      out_ += '/';
      tok(Tok::kEnd);
    }
  }

  // ---- actions ----
  void contextProps(const ContextProps& c) {
    if (c.priority) {
      key(Tok::kPriority);
      num(*c.priority);
    }
    if (c.emergency) {
      item();
      tok(*c.emergency ? Tok::kEmergency : Tok::kEmergencyOff);
    }
    if (c.topology) {
      item();
      tok(Tok::kTopology);
      open();
      for (const TopologyTriple& t : *c.topology) {
        item();
        out_ += t.from;
        out_ += ',';
        out_ += t.to;
        out_ += ',';
        switch (t.direction) {
          case TopologyDirection::kBothway: tok(Tok::kBothway); break;
          case TopologyDirection::kIsolate: tok(Tok::kIsolate); break;
          case TopologyDirection::kOneway: tok(Tok::kOneway); break;
          case TopologyDirection::kOnewayExternal: tok(Tok::kOnewayExternal); break;
          case TopologyDirection::kOnewayBoth: tok(Tok::kOnewayBoth); break;
        }
        if (t.stream) {
          out_ += ',';
          tok(Tok::kStream);
          eq();
          num(*t.stream);
        }
      }
      close();
    }
    if (c.ieps) {
      key(Tok::kIeps);
      tok(*c.ieps ? Tok::kOn : Tok::kOff);
    }
    contextAttr(c.attributes, c.context_list);
  }

  // v3 "ContextAttr { props }" or "ContextAttr { ContextList = { ids } }"; nothing if empty.
  void contextAttr(const std::vector<Parm>& attrs, const std::vector<uint32_t>& ids) {
    if (attrs.empty() && ids.empty()) return;
    item();
    tok(Tok::kContextAttr);
    open();
    if (!ids.empty()) {
      key(Tok::kContextList);
      out_ += '{';
      bool first = true;
      for (uint32_t id : ids) {
        if (!first) out_ += ',';
        first = false;
        num(id);
      }
      out_ += '}';
    } else {
      for (const Parm& p : attrs) parm(p);
    }
    close();
  }

  void actionRequest(const ActionRequest& a) {
    key(Tok::kContext);
    contextId(a.context_id);
    open();
    if (a.context) contextProps(*a.context);
    if (a.context_audit) {
      item();
      tok(Tok::kContextAudit);
      out_ += pretty_ ? " {" : "{";
      bool first = true;
      auto add = [&](bool on, Tok t) {
        if (!on) return;
        if (!first) out_ += ',';
        first = false;
        tok(t);
      };
      const ContextAudit& ca = *a.context_audit;
      add(ca.topology, Tok::kTopology);
      add(ca.emergency, Tok::kEmergency);
      add(ca.priority, Tok::kPriority);
      add(ca.ieps, Tok::kIeps);
      for (const std::string& n : ca.attributes) {
        if (!first) out_ += ',';
        first = false;
        out_ += n;
      }
      auto sel = [&](Tok t) {
        if (!first) out_ += ',';
        first = false;
        tok(t);
        out_ += '=';
      };
      if (ca.select_priority) {
        sel(Tok::kPriority);
        num(*ca.select_priority);
      }
      if (ca.select_emergency) {
        sel(Tok::kEmergencyValue);
        tok(*ca.select_emergency ? Tok::kEmergency : Tok::kEmergencyOff);
      }
      if (ca.select_ieps) {
        sel(Tok::kIeps);
        tok(*ca.select_ieps ? Tok::kOn : Tok::kOff);
      }
      if (ca.select_logic) {
        add(true, *ca.select_logic == AuditSelectLogic::kAnd ? Tok::kAndLogic : Tok::kOrLogic);
      }
      if (!ca.select_attributes.empty() || !ca.select_contexts.empty()) {
        // Written inline, without line breaks, like the rest of ContextAudit.
        std::string inner;
        Writer w(&inner, false);
        w.first_ = true;
        w.contextAttr(ca.select_attributes, ca.select_contexts);
        if (!first) out_ += ',';
        first = false;
        if (pretty_) {
          tok(Tok::kContextAttr);
          out_ += inner.substr(std::string_view(shortName(Tok::kContextAttr)).size());
        } else {
          out_ += inner;
        }
      }
      out_ += '}';
    }
    for (const CommandRequest& c : a.commands) commandRequest(c);
    close();
  }

  void actionReply(const ActionReply& a) {
    key(Tok::kContext);
    contextId(a.context_id);
    open();
    if (a.context) contextProps(*a.context);
    for (const CommandReply& c : a.replies) commandReply(c);
    if (a.error) {
      item();
      errorDescriptor(*a.error);
    }
    close();
  }

  static Tok commandTok(CommandKind k) {
    switch (k) {
      case CommandKind::kAdd: return Tok::kAdd;
      case CommandKind::kModify: return Tok::kModify;
      case CommandKind::kMove: return Tok::kMove;
      case CommandKind::kSubtract: return Tok::kSubtract;
      case CommandKind::kAuditValue: return Tok::kAuditValue;
      case CommandKind::kAuditCapability: return Tok::kAuditCapability;
      case CommandKind::kNotify: return Tok::kNotify;
      case CommandKind::kServiceChange: return Tok::kServiceChange;
    }
    return Tok::kAdd;
  }

  void descriptors(const std::vector<Descriptor>& ds) {
    if (ds.empty()) return;
    open();
    for (const Descriptor& d : ds) std::visit([this](const auto& x) { descriptor(x); }, d);
    close();
  }

  // One id, or the v3 termIDList "[t1,t2]" ("[t1, t2]" pretty) when there are more.
  void termIds(const std::string& first, const std::vector<std::string>& extra) {
    if (extra.empty()) {
      out_ += first;
      return;
    }
    out_ += '[';
    out_ += first;
    for (const std::string& t : extra) {
      out_ += pretty_ ? ", " : ",";
      out_ += t;
    }
    out_ += ']';
  }

  void commandRequest(const CommandRequest& c) {
    item();
    if (c.optional) out_ += "O-";
    if (c.wildcard_return) out_ += "W-";
    tok(commandTok(c.kind));
    eq();
    termIds(c.termination_id, c.extra_termination_ids);
    if (c.kind == CommandKind::kNotify && c.descriptors.size() > 1) {
      // H.248.1 Annex B allows "Notify = t { ObservedEvents {..}, Error {..} }" in every
      // version, but Erlang megaco rejects an Error descriptor in a Notify request in all
      // three (its grammar takes ObservedEvents or Error, never both, and its v3 encoder
      // cannot write Error alone): the Error is optional, so it is left out and only the
      // ObservedEvents go on the wire. The parser still reads it. See README.md.
      std::vector<Descriptor> kept;
      for (const Descriptor& d : c.descriptors) {
        if (!std::holds_alternative<ErrorDescriptor>(d)) kept.push_back(d);
      }
      descriptors(kept);
      return;
    }
    descriptors(c.descriptors);
  }

  void commandReply(const CommandReply& c) {
    item();
    tok(commandTok(c.kind));
    eq();
    if (c.context_audit) {  // "AV = Context { t1, t2 }" or "{ Error = .. }"
      tok(Tok::kContext);
      out_ += pretty_ ? " {" : "{";
      bool first = true;
      for (const std::string& t : c.context_terminations) {
        if (!first) out_ += ',';
        first = false;
        out_ += t;
      }
      for (const Descriptor& d : c.descriptors) {
        if (const auto* e = std::get_if<ErrorDescriptor>(&d)) {
          first_ = true;
          errorDescriptor(*e);
        }
      }
      out_ += '}';
      first_ = false;
      return;
    }
    termIds(c.termination_id, c.extra_termination_ids);
    if (c.kind == CommandKind::kServiceChange && c.descriptors.size() == 1 &&
        std::holds_alternative<ServiceChangeParms>(c.descriptors[0]) &&
        std::get<ServiceChangeParms>(c.descriptors[0]) == ServiceChangeParms{}) {
      return;  // an empty Services is not allowed: write "SC=ROOT"
    }
    in_reply_ = true;
    descriptors(c.descriptors);
    in_reply_ = false;
  }

  // ---- descriptors ----
  void parm(const Parm& p) {
    item();
    parmInline(p);
  }
  void parmInline(const Parm& p) {
    out_ += p.name;
    switch (p.relation) {
      case Parm::Relation::kEqual: out_ += '='; break;
      case Parm::Relation::kGreater: out_ += '>'; break;
      case Parm::Relation::kLess: out_ += '<'; break;
      case Parm::Relation::kNotEqual: out_ += '#'; break;
    }
    auto list = [&](char sep) {
      bool first = true;
      for (const std::string& v : p.values) {
        if (!first) out_ += sep;
        first = false;
        value(v);
      }
    };
    switch (p.form) {
      case Parm::Form::kSingle:
        if (!p.values.empty()) value(p.values[0]);
        break;
      case Parm::Form::kAlternatives:
        out_ += '{';
        list(',');
        out_ += '}';
        break;
      case Parm::Form::kSublist:
        out_ += '[';
        list(',');
        out_ += ']';
        break;
      case Parm::Form::kRange:
        out_ += '[';
        list(':');
        out_ += ']';
        break;
    }
  }

  void sdp(Tok t, const std::string& text) {
    item();
    tok(t);
    out_ += pretty_ ? " {\r\n" : "{\r\n";
    for (char c : text) {
      if (c == '}') out_ += '\\';
      out_ += c;
    }
    out_ += '}';
    first_ = false;
  }

  void statistics(const std::vector<Statistic>& stats) {
    item();
    tok(Tok::kStatistics);
    open();
    for (const Statistic& s : stats) {
      item();
      out_ += s.name;
      if (s.values.size() == 1) {
        out_ += '=';
        value(s.values[0]);
      } else if (s.values.size() > 1) {
        out_ += "=[";
        bool first = true;
        for (const std::string& v : s.values) {
          if (!first) out_ += ',';
          first = false;
          value(v);
        }
        out_ += ']';
      }
    }
    close();
  }

  void streamParms(const StreamParms& sp) {
    if (sp.local_control) {
      const LocalControl& lc = *sp.local_control;
      item();
      tok(Tok::kLocalControl);
      open();
      if (lc.mode) {
        key(Tok::kMode);
        switch (*lc.mode) {
          case StreamMode::kSendOnly: tok(Tok::kSendOnly); break;
          case StreamMode::kRecvOnly: tok(Tok::kRecvOnly); break;
          case StreamMode::kSendRecv: tok(Tok::kSendRecv); break;
          case StreamMode::kInactive: tok(Tok::kInactive); break;
          case StreamMode::kLoopback: tok(Tok::kLoopback); break;
        }
      }
      if (lc.reserve_value) {
        key(Tok::kReservedValue);
        tok(*lc.reserve_value ? Tok::kOn : Tok::kOff);
      }
      if (lc.reserve_group) {
        key(Tok::kReservedGroup);
        tok(*lc.reserve_group ? Tok::kOn : Tok::kOff);
      }
      for (const Parm& p : lc.props) parm(p);
      close();
    }
    if (sp.local) sdp(Tok::kLocal, *sp.local);
    if (sp.remote) sdp(Tok::kRemote, *sp.remote);
    if (sp.statistics) statistics(*sp.statistics);
  }

  void descriptor(const MediaDescriptor& m) {
    item();
    tok(Tok::kMedia);
    open();
    if (m.termination_state) {
      const TerminationState& ts = *m.termination_state;
      item();
      tok(Tok::kTerminationState);
      open();
      if (ts.service_state) {
        key(Tok::kServiceStates);
        switch (*ts.service_state) {
          case ServiceState::kTest: tok(Tok::kTest); break;
          case ServiceState::kOutOfService: tok(Tok::kOutOfService); break;
          case ServiceState::kInService: tok(Tok::kInService); break;
        }
      }
      if (ts.buffer) {
        key(Tok::kBuffer);
        tok(*ts.buffer == EventBufferControl::kOff ? Tok::kOff : Tok::kLockStep);
      }
      for (const Parm& p : ts.props) parm(p);
      close();
    }
    if (m.one_stream) streamParms(*m.one_stream);
    for (const Stream& s : m.streams) {
      key(Tok::kStream);
      num(s.id);
      open();
      streamParms(s.parms);
      close();
    }
    close();
  }

  void descriptor(const ModemDescriptor& m) {
    item();
    tok(Tok::kModem);
    if (m.types.size() == 1) {
      eq();
      out_ += m.types[0];
    } else {
      out_ += '[';
      bool first = true;
      for (const std::string& t : m.types) {
        if (!first) out_ += ',';
        first = false;
        out_ += t;
      }
      out_ += ']';
    }
    if (!m.props.empty()) {
      open();
      for (const Parm& p : m.props) parm(p);
      close();
    }
  }

  void descriptor(const MuxDescriptor& m) {
    key(Tok::kMux);
    out_ += m.type;
    out_ += '{';
    bool first = true;
    for (const std::string& t : m.terminations) {
      if (!first) out_ += ',';
      first = false;
      out_ += t;
    }
    out_ += '}';
  }

  // A descriptor always has "=" ("DM=name{v}", "DM={v}"); an event parameter with only a
  // value has none ("DM{v}"), as the grammar says.
  void digitMap(const DigitMapDescriptor& dm, bool in_event) {
    tok(Tok::kDigitMap);
    if (!dm.name.empty() || !in_event) eq();
    out_ += dm.name;
    if (dm.value) {
      out_ += '{';
      out_ += *dm.value;
      out_ += '}';
    }
  }

  void embed(const std::optional<SignalsDescriptor>& signals, bool has_events, uint32_t request_id,
             const std::vector<RequestedEvent>& events) {
    item();
    tok(Tok::kEmbed);
    open();
    if (signals) descriptor(*signals);
    if (has_events && events.empty()) {  // bare "Events" (Annex B embedFirst)
      item();
      tok(Tok::kEvents);
    } else if (has_events) {
      key(Tok::kEvents);
      num(request_id);
      open();
      for (const RequestedEvent& x : events) requestedEvent(x);
      close();
    }
    close();
  }

  void requestedEvent(const RequestedEvent& e) {
    item();
    out_ += e.name;
    bool any = e.stream || e.keep_active || e.reset_events ||
               e.notify != NotifyBehaviour::kDefault || e.digit_map || e.embedded_signals ||
               e.has_embedded_events || !e.params.empty();
    if (!any) return;
    open();
    if (e.stream) {
      key(Tok::kStream);
      num(*e.stream);
    }
    if (e.keep_active) {
      item();
      tok(Tok::kKeepActive);
    }
    if (e.reset_events) {
      item();
      tok(Tok::kResetEvents);
    }
    switch (e.notify) {
      case NotifyBehaviour::kDefault: break;
      case NotifyBehaviour::kImmediate:
        item();
        tok(Tok::kNotifyImmediate);
        break;
      case NotifyBehaviour::kNever:
        item();
        tok(Tok::kNeverNotify);
        break;
      case NotifyBehaviour::kRegulated:
        item();
        tok(Tok::kNotifyRegulated);
        if (e.regulated_signals || e.regulated_has_events) {
          open();
          embed(e.regulated_signals, e.regulated_has_events, e.regulated_request_id,
                e.regulated_events);
          close();
        }
        break;
    }
    if (e.digit_map) {
      item();
      digitMap(*e.digit_map, true);
    }
    if (e.embedded_signals || e.has_embedded_events) {
      embed(e.embedded_signals, e.has_embedded_events, e.embedded_request_id, e.embedded_events);
    }
    for (const Parm& p : e.params) parm(p);
    close();
  }

  void descriptor(const EventsDescriptor& e) {
    item();
    tok(Tok::kEvents);
    if (!e.request_id) return;
    eq();
    num(*e.request_id);
    open();
    for (const RequestedEvent& x : e.events) requestedEvent(x);
    close();
  }

  void signal(const Signal& s) {
    item();
    out_ += s.name;
    bool any = s.stream || s.type || s.duration || s.notify_completion || s.keep_active ||
               s.direction || s.request_id || s.intersignal_delay || !s.params.empty();
    if (!any) return;
    open();
    if (s.stream) {
      key(Tok::kStream);
      num(*s.stream);
    }
    if (s.type) {
      key(Tok::kSignalType);
      switch (*s.type) {
        case SignalType::kOnOff: tok(Tok::kOnOff); break;
        case SignalType::kTimeOut: tok(Tok::kTimeOut); break;
        case SignalType::kBrief: tok(Tok::kBrief); break;
      }
    }
    if (s.duration) {
      key(Tok::kDuration);
      num(*s.duration);
    }
    if (s.notify_completion) {
      key(Tok::kNotifyCompletion);
      out_ += '{';
      bool first = true;
      auto add = [&](uint8_t bit, Tok t) {
        if (!(*s.notify_completion & bit)) return;
        if (!first) out_ += ',';
        first = false;
        tok(t);
      };
      add(kNcTimeOut, Tok::kTimeOut);
      add(kNcInterruptByEvent, Tok::kInterruptByEvent);
      add(kNcInterruptByNewSignals, Tok::kInterruptByNewSignals);
      add(kNcOtherReason, Tok::kOtherReason);
      add(kNcIteration, Tok::kIteration);
      out_ += '}';
    }
    if (s.keep_active) {
      item();
      tok(Tok::kKeepActive);
    }
    if (s.direction) {
      key(Tok::kDirection);
      switch (*s.direction) {
        case SignalDirection::kExternal: tok(Tok::kExternal); break;
        case SignalDirection::kInternal: tok(Tok::kInternal); break;
        case SignalDirection::kBoth: tok(Tok::kBoth); break;
      }
    }
    if (s.request_id) {
      key(Tok::kRequestId);
      num(*s.request_id);
    }
    if (s.intersignal_delay) {
      key(Tok::kIntersignal);
      num(*s.intersignal_delay);
    }
    for (const Parm& p : s.params) parm(p);
    close();
  }

  void descriptor(const SignalsDescriptor& s) {
    item();
    tok(Tok::kSignals);
    if (s.items.empty()) return;
    open();
    for (const SignalItem& si : s.items) {
      if (const auto* sg = std::get_if<Signal>(&si)) {
        signal(*sg);
      } else {
        const SignalList& sl = std::get<SignalList>(si);
        key(Tok::kSignalList);
        num(sl.id);
        open();
        for (const Signal& x : sl.signals) signal(x);
        close();
      }
    }
    close();
  }

  void descriptor(const DigitMapDescriptor& d) {
    item();
    digitMap(d, false);
  }

  void eventSpecParams(const std::optional<uint16_t>& stream, const std::vector<Parm>& params) {
    if (!stream && params.empty()) return;
    open();
    if (stream) {
      key(Tok::kStream);
      num(*stream);
    }
    for (const Parm& p : params) parm(p);
    close();
  }

  void descriptor(const EventBufferDescriptor& eb) {
    item();
    tok(Tok::kEventBuffer);
    if (eb.events.empty()) return;
    open();
    for (const EventSpec& e : eb.events) {
      item();
      out_ += e.name;
      eventSpecParams(e.stream, e.params);
    }
    close();
  }

  static constexpr std::pair<uint16_t, Tok> kAuditItems[] = {
      {kAuditMux, Tok::kMux},
      {kAuditModem, Tok::kModem},
      {kAuditMedia, Tok::kMedia},
      {kAuditSignals, Tok::kSignals},
      {kAuditEventBuffer, Tok::kEventBuffer},
      {kAuditDigitMap, Tok::kDigitMap},
      {kAuditStatistics, Tok::kStatistics},
      {kAuditEvents, Tok::kEvents},
      {kAuditObservedEvents, Tok::kObservedEvents},
      {kAuditPackages, Tok::kPackages},
  };

  void auditBits(uint16_t items) {
    for (const auto& [bit, t] : kAuditItems) {
      if (items & bit) {
        item();
        tok(t);
      }
    }
  }

  void descriptor(const AuditDescriptor& a) {
    if (in_reply_) {  // bare auditReturnItem tokens (see ast.h)
      auditBits(a.items);
      return;
    }
    item();
    tok(Tok::kAudit);
    if (a.items == 0 && a.parameters.empty()) {
      out_ += pretty_ ? " { }" : "{}";
      return;
    }
    open();
    auditBits(a.items);
    for (const IndAudParameter& p : a.parameters) {
      std::visit([this](const auto& x) { indAud(x); }, p);
    }
    close();
  }

  // ---- individual audit descriptors ----
  void relation(Parm::Relation r) {
    switch (r) {
      case Parm::Relation::kEqual: eq(); break;
      case Parm::Relation::kGreater: out_ += '>'; break;
      case Parm::Relation::kLess: out_ += '<'; break;
      case Parm::Relation::kNotEqual: out_ += '#'; break;
    }
  }
  void indAudProp(const Parm& p) {
    item();
    if (p.form == Parm::Form::kSingle && p.values.empty()) {
      out_ += p.name;
    } else {
      parmInline(p);
    }
  }
  void modeTok(StreamMode m) {
    switch (m) {
      case StreamMode::kSendOnly: tok(Tok::kSendOnly); break;
      case StreamMode::kRecvOnly: tok(Tok::kRecvOnly); break;
      case StreamMode::kSendRecv: tok(Tok::kSendRecv); break;
      case StreamMode::kInactive: tok(Tok::kInactive); break;
      case StreamMode::kLoopback: tok(Tok::kLoopback); break;
    }
  }
  void serviceStateTok(ServiceState st) {
    switch (st) {
      case ServiceState::kTest: tok(Tok::kTest); break;
      case ServiceState::kOutOfService: tok(Tok::kOutOfService); break;
      case ServiceState::kInService: tok(Tok::kInService); break;
    }
  }
  // One "name { pkg/item }" with a single item, kept on one line.
  void oneItem(Tok t, const std::string& name) {
    item();
    tok(t);
    out_ += pretty_ ? " {" : "{";
    out_ += name;
    out_ += '}';
  }

  void indAudStreamParms(const IndAudStreamParms& sp) {
    if (sp.local_control) {
      const IndAudLocalControl& lc = *sp.local_control;
      item();
      tok(Tok::kLocalControl);
      open();
      if (lc.mode) {
        item();
        tok(Tok::kMode);
      }
      if (lc.mode_select) {
        item();
        tok(Tok::kMode);
        relation(lc.mode_relation);
        modeTok(*lc.mode_select);
      }
      if (lc.reserve_value) {
        item();
        tok(Tok::kReservedValue);
      }
      if (lc.reserve_group) {
        item();
        tok(Tok::kReservedGroup);
      }
      for (const Parm& p : lc.props) indAudProp(p);
      close();
    }
    if (sp.local) sdp(Tok::kLocal, *sp.local);
    if (sp.remote) sdp(Tok::kRemote, *sp.remote);
    if (sp.statistic) oneItem(Tok::kStatistics, *sp.statistic);
  }

  void indAud(const IndAudMediaDescriptor& m) {
    item();
    tok(Tok::kMedia);
    open();
    if (m.termination_state) {
      const IndAudTerminationState& ts = *m.termination_state;
      item();
      tok(Tok::kTerminationState);
      open();
      if (ts.prop) indAudProp(*ts.prop);
      if (ts.service_state) {
        item();
        tok(Tok::kServiceStates);
      }
      if (ts.service_state_select) {
        item();
        tok(Tok::kServiceStates);
        relation(ts.service_state_relation);
        serviceStateTok(*ts.service_state_select);
      }
      if (ts.buffer) {
        item();
        tok(Tok::kBuffer);
      }
      close();
    }
    if (m.one_stream) indAudStreamParms(*m.one_stream);
    for (const IndAudStream& s : m.streams) {
      key(Tok::kStream);
      num(s.id);
      open();
      indAudStreamParms(s.parms);
      close();
    }
    close();
  }

  void indAud(const IndAudEventsDescriptor& e) {
    item();
    tok(Tok::kEvents);
    if (e.request_id) {
      eq();
      num(*e.request_id);
    }
    out_ += pretty_ ? " {" : "{";
    out_ += e.name;
    out_ += '}';
  }

  void indAudSignal(const IndAudSignal& sg) {
    out_ += sg.name;
    if (!sg.stream && !sg.request_id) return;
    out_ += '{';
    if (sg.stream) {
      tok(Tok::kStream);
      out_ += '=';
      num(*sg.stream);
      if (sg.request_id) out_ += ',';
    }
    if (sg.request_id) {
      tok(Tok::kRequestId);
      out_ += '=';
      num(*sg.request_id);
    }
    out_ += '}';
  }

  void indAud(const IndAudSignalsDescriptor& s) {
    item();
    tok(Tok::kSignals);
    out_ += pretty_ ? " {" : "{";
    if (s.list_id) {
      tok(Tok::kSignalList);
      out_ += '=';
      num(*s.list_id);
      if (s.signal) {
        out_ += '{';
        indAudSignal(*s.signal);
        out_ += '}';
      }
    } else if (s.signal) {
      indAudSignal(*s.signal);
    }
    out_ += '}';
  }

  void indAud(const IndAudDigitMapDescriptor& d) {
    key(Tok::kDigitMap);
    out_ += d.name;
  }

  void indAud(const IndAudEventBufferDescriptor& eb) {
    item();
    tok(Tok::kEventBuffer);
    out_ += pretty_ ? " {" : "{";
    out_ += eb.name;
    if (eb.stream) {
      out_ += '{';
      tok(Tok::kStream);
      out_ += '=';
      num(*eb.stream);
      out_ += '}';
    } else if (!eb.parameter.empty()) {
      out_ += '{';
      out_ += eb.parameter;
      out_ += '}';
    }
    out_ += '}';
  }

  void indAud(const IndAudStatisticsDescriptor& st) { oneItem(Tok::kStatistics, st.name); }

  void indAud(const IndAudPackagesDescriptor& pg) {
    item();
    tok(Tok::kPackages);
    out_ += pretty_ ? " {" : "{";
    out_ += pg.package.name;
    out_ += '-';
    num(pg.package.version);
    out_ += '}';
  }

  void descriptor(const StatisticsDescriptor& s) { statistics(s.stats); }

  void descriptor(const PackagesDescriptor& p) {
    item();
    tok(Tok::kPackages);
    open();
    for (const PackageItem& x : p.packages) {
      item();
      out_ += x.name;
      out_ += '-';
      num(x.version);
    }
    close();
  }

  void descriptor(const ObservedEventsDescriptor& oe) {
    key(Tok::kObservedEvents);
    num(oe.request_id);
    open();
    for (const ObservedEvent& e : oe.events) {
      item();
      if (e.timestamp) {
        out_ += *e.timestamp;
        out_ += ':';
      }
      out_ += e.name;
      eventSpecParams(e.stream, e.params);
    }
    close();
  }

  void descriptor(const ErrorDescriptor& e) {
    item();
    errorDescriptor(e);
  }

  void descriptor(const ServiceChangeParms& sc) {
    item();
    tok(Tok::kServices);
    open();
    if (sc.method) {
      key(Tok::kMethod);
      switch (*sc.method) {
        case ServiceChangeMethod::kFailover: tok(Tok::kFailover); break;
        case ServiceChangeMethod::kForced: tok(Tok::kForced); break;
        case ServiceChangeMethod::kGraceful: tok(Tok::kGraceful); break;
        case ServiceChangeMethod::kRestart: tok(Tok::kRestart); break;
        case ServiceChangeMethod::kDisconnected: tok(Tok::kDisconnected); break;
        case ServiceChangeMethod::kHandOff: tok(Tok::kHandOff); break;
      }
    }
    if (sc.reason) {
      key(Tok::kReason);
      quoted(*sc.reason);
    }
    if (sc.delay) {
      key(Tok::kDelay);
      num(*sc.delay);
    }
    if (sc.address_port) {
      key(Tok::kServiceChangeAddress);
      num(*sc.address_port);
    } else if (sc.address) {
      key(Tok::kServiceChangeAddress);
      mid(*sc.address);
    }
    if (sc.mgc_id) {
      key(Tok::kMgcIdToTry);
      mid(*sc.mgc_id);
    }
    if (sc.profile) {
      key(Tok::kProfile);
      out_ += sc.profile->name;
      out_ += '/';
      num(sc.profile->version);
    }
    if (sc.version) {
      key(Tok::kVersion);
      num(*sc.version);
    }
    if (sc.timestamp) {
      item();
      out_ += *sc.timestamp;
    }
    if (sc.incomplete) {
      item();
      tok(Tok::kServiceChangeInc);
    }
    if (sc.info) {  // v2 audit items: bare bits first, as in Audit { }
      auditBits(sc.info->items);
      for (const IndAudParameter& p : sc.info->parameters) {
        std::visit([this](const auto& x) { indAud(x); }, p);
      }
    }
    close();
  }

  std::string& out_;
  bool pretty_;
  bool in_reply_ = false;  // writing a command reply's descriptors
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace

void encode(const Message& m, Style style, std::string* out) {
  Writer(out, style == Style::kPretty).message(m);
}

}  // namespace msrpgw::proto::h248
