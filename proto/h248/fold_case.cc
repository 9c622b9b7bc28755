#include "proto/h248/fold_case.h"

#include "proto/base/bytes.h"

namespace msrpgw::proto::h248 {
namespace {

void lower(std::string& s) {
  for (char& c : s) c = asciiLower(c);
}

void fold(MId& m) {
  if (m.kind != MId::Kind::kMtp) lower(m.address);
}
void fold(Parm& p) {
  lower(p.name);
  for (std::string& v : p.values) lower(v);
}
void fold(std::vector<Parm>& ps) {
  for (Parm& p : ps) fold(p);
}
void fold(std::vector<Statistic>& ss) {
  for (Statistic& s : ss) {
    lower(s.name);
    for (std::string& v : s.values) lower(v);
  }
}
void fold(DigitMapDescriptor& d) {
  lower(d.name);
  if (d.value) lower(*d.value);
}
void fold(StreamParms& sp) {
  if (sp.local_control) fold(sp.local_control->props);
  if (sp.statistics) fold(*sp.statistics);
}
void fold(Signal& s) {
  lower(s.name);
  fold(s.params);
}
void fold(SignalsDescriptor& d) {
  for (SignalItem& i : d.items) {
    if (auto* s = std::get_if<Signal>(&i)) {
      fold(*s);
    } else {
      for (Signal& x : std::get<SignalList>(i).signals) fold(x);
    }
  }
}
void fold(RequestedEvent& e) {
  lower(e.name);
  if (e.digit_map) fold(*e.digit_map);
  if (e.embedded_signals) fold(*e.embedded_signals);
  for (RequestedEvent& x : e.embedded_events) fold(x);
  if (e.regulated_signals) fold(*e.regulated_signals);
  for (RequestedEvent& x : e.regulated_events) fold(x);
  fold(e.params);
}
void fold(IndAudStreamParms& sp) {
  if (sp.local_control) fold(sp.local_control->props);
  if (sp.statistic) lower(*sp.statistic);
}
void foldIndAud(IndAudMediaDescriptor& d) {
  if (d.termination_state && d.termination_state->prop) fold(*d.termination_state->prop);
  if (d.one_stream) fold(*d.one_stream);
  for (IndAudStream& s : d.streams) fold(s.parms);
}
void foldIndAud(IndAudEventsDescriptor& d) {
  lower(d.name);
}
void foldIndAud(IndAudSignalsDescriptor& d) {
  if (d.signal) lower(d.signal->name);
}
void foldIndAud(IndAudDigitMapDescriptor& d) {
  lower(d.name);
}
void foldIndAud(IndAudEventBufferDescriptor& d) {
  lower(d.name);
  lower(d.parameter);
}
void foldIndAud(IndAudStatisticsDescriptor& d) {
  lower(d.name);
}
void foldIndAud(IndAudPackagesDescriptor& d) {
  lower(d.package.name);
}

void foldDescriptor(MediaDescriptor& d) {
  if (d.termination_state) fold(d.termination_state->props);
  if (d.one_stream) fold(*d.one_stream);
  for (Stream& s : d.streams) fold(s.parms);
}
void foldDescriptor(ModemDescriptor& d) {
  for (std::string& t : d.types) lower(t);
  fold(d.props);
}
void foldDescriptor(MuxDescriptor& d) {
  lower(d.type);
  for (std::string& t : d.terminations) lower(t);
}
void foldDescriptor(EventsDescriptor& d) {
  for (RequestedEvent& e : d.events) fold(e);
}
void foldDescriptor(SignalsDescriptor& d) {
  fold(d);
}
void foldDescriptor(DigitMapDescriptor& d) {
  fold(d);
}
void foldDescriptor(EventBufferDescriptor& d) {
  for (EventSpec& e : d.events) {
    lower(e.name);
    fold(e.params);
  }
}
void foldDescriptor(AuditDescriptor& d) {
  for (IndAudParameter& p : d.parameters) std::visit([](auto& x) { foldIndAud(x); }, p);
}
void foldDescriptor(StatisticsDescriptor& d) {
  fold(d.stats);
}
void foldDescriptor(PackagesDescriptor& d) {
  for (PackageItem& p : d.packages) lower(p.name);
}
void foldDescriptor(ObservedEventsDescriptor& d) {
  for (ObservedEvent& e : d.events) {
    lower(e.name);
    fold(e.params);
  }
}
void foldDescriptor(ErrorDescriptor&) {}
void foldDescriptor(ServiceChangeParms& d) {
  if (d.address) fold(*d.address);
  if (d.mgc_id) fold(*d.mgc_id);
  if (d.profile) lower(d.profile->name);
  if (d.info) foldDescriptor(*d.info);
}

void fold(std::vector<Descriptor>& ds) {
  for (Descriptor& d : ds) std::visit([](auto& x) { foldDescriptor(x); }, d);
}
void fold(ContextProps& c) {
  fold(c.attributes);
  if (!c.topology) return;
  for (TopologyTriple& t : *c.topology) {
    lower(t.from);
    lower(t.to);
  }
}

void foldTransaction(TransactionRequest& t) {
  for (ActionRequest& a : t.actions) {
    if (a.context) fold(*a.context);
    if (a.context_audit) {
      for (std::string& n : a.context_audit->attributes) lower(n);
      fold(a.context_audit->select_attributes);
    }
    for (CommandRequest& c : a.commands) {
      lower(c.termination_id);
      for (std::string& t : c.extra_termination_ids) lower(t);
      fold(c.descriptors);
    }
  }
}
void foldTransaction(TransactionReply& t) {
  for (ActionReply& a : t.actions) {
    if (a.context) fold(*a.context);
    for (CommandReply& c : a.replies) {
      lower(c.termination_id);
      for (std::string& t : c.extra_termination_ids) lower(t);
      for (std::string& t : c.context_terminations) lower(t);
      fold(c.descriptors);
    }
  }
}
void foldTransaction(TransactionPending&) {}
void foldTransaction(TransactionResponseAck&) {}
void foldTransaction(SegmentReply&) {}

}  // namespace

void foldCase(Message* m) {
  fold(m->mid);
  for (Transaction& t : m->transactions) std::visit([](auto& x) { foldTransaction(x); }, t);
}

}  // namespace msrpgw::proto::h248
