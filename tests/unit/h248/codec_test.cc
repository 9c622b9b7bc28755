// Every golden vector parses; encoding it compact or pretty and parsing the result gives
// the same message; encoding is stable; SDP is written verbatim with CRLF, never indented.
#include <gtest/gtest.h>

#include <set>

#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "tests/support/guarded_buffer.h"
#include "tests/support/result_matchers.h"
#include "tests/unit/h248/vectors.h"

namespace msrpgw::proto::h248 {
namespace {

using msrpgw::test::IsOk;
using test::goldenVectors;
using test::Vector;

class GoldenVector : public ::testing::TestWithParam<Vector> {};

TEST_P(GoldenVector, Parses) {
  const Vector& v = GetParam();
  auto m = parseMessage(v.text);
  ASSERT_THAT(m, IsOk()) << v.text;
  EXPECT_TRUE(m->error || !m->transactions.empty());
}

TEST_P(GoldenVector, ParsesAgainstGuardPage) {
  const Vector& v = GetParam();
  msrpgw::test::GuardedBuffer buf(v.text);
  EXPECT_THAT(parseMessage(buf.view()), IsOk());
}

TEST_P(GoldenVector, CompactRoundTrip) {
  const Vector& v = GetParam();
  auto m = parseMessage(v.text);
  ASSERT_THAT(m, IsOk());
  std::string compact = encodeCompact(*m);
  auto again = parseMessage(compact);
  ASSERT_THAT(again, IsOk()) << compact;
  EXPECT_TRUE(*again == *m) << "compact: " << compact;
  EXPECT_EQ(encodeCompact(*again), compact);
}

TEST_P(GoldenVector, PrettyRoundTrip) {
  const Vector& v = GetParam();
  auto m = parseMessage(v.text);
  ASSERT_THAT(m, IsOk());
  std::string pretty = encodePretty(*m);
  auto again = parseMessage(pretty);
  ASSERT_THAT(again, IsOk()) << pretty;
  EXPECT_TRUE(*again == *m) << "pretty: " << pretty;
  EXPECT_EQ(encodePretty(*again), pretty);
  // Pretty and compact describe the same message.
  EXPECT_EQ(encodeCompact(*again), encodeCompact(*m));
}

// Inside Local/Remote every line ends with CRLF and starts at column 0; the closing brace
// follows the last line directly.
void expectSdpVerbatim(const std::string& out) {
  for (const char* open : {"L{\r\n", "R{\r\n", "Local {\r\n", "Remote {\r\n"}) {
    size_t pos = 0;
    while ((pos = out.find(open, pos)) != std::string::npos) {
      size_t start = pos + std::string(open).size();
      size_t end = out.find('}', start);
      ASSERT_NE(end, std::string::npos);
      std::string body = out.substr(start, end - start);
      size_t line = 0;
      while (line < body.size()) {
        size_t eol = body.find("\r\n", line);
        ASSERT_NE(eol, std::string::npos) << "SDP line without CRLF in " << out;
        ASSERT_GT(eol, line) << "empty SDP line";
        EXPECT_NE(body[line], ' ');
        EXPECT_NE(body[line], '\t');
        line = eol + 2;
      }
      pos = end;
    }
  }
}

TEST_P(GoldenVector, SdpWrittenVerbatim) {
  auto m = parseMessage(GetParam().text);
  ASSERT_THAT(m, IsOk());
  expectSdpVerbatim(encodeCompact(*m));
  expectSdpVerbatim(encodePretty(*m));
}

INSTANTIATE_TEST_SUITE_P(H248, GoldenVector, ::testing::ValuesIn(goldenVectors()),
                         [](const ::testing::TestParamInfo<Vector>& i) { return i.param.name; });

TEST(GoldenSet, AtLeastSixtyNamedForTheirSource) {
  const auto& all = goldenVectors();
  EXPECT_GE(all.size(), 60u);
  for (const Vector& v : all) {
    bool named = v.name.rfind("rfc3525_", 0) == 0 || v.name.rfind("ts29334_", 0) == 0 ||
                 v.name.rfind("h248md_", 0) == 0 || v.name.rfind("h2481_", 0) == 0 ||
                 v.name.rfind("issue_", 0) == 0;
    EXPECT_TRUE(named) << v.name;
  }
}

// Every command, descriptor and reply form of the issue appears in the golden set.
TEST(GoldenSet, CoversEveryForm) {
  std::set<std::string> seen;
  auto note = [&](const std::string& s) { seen.insert(s); };
  for (const Vector& v : goldenVectors()) {
    auto m = parseMessage(v.text);
    ASSERT_THAT(m, IsOk()) << v.name;
    note("mid" + std::to_string(static_cast<int>(m->mid.kind)));
    note("v" + std::to_string(m->version));
    if (m->error) note("message_error");
    for (const Transaction& t : m->transactions) {
      std::visit(
          [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            auto descs = [&](const std::vector<Descriptor>& ds, const std::string& where) {
              for (const Descriptor& d : ds) {
                note(where + "desc" + std::to_string(d.index()));
                if (const auto* ad = std::get_if<AuditDescriptor>(&d)) {
                  for (const IndAudParameter& p : ad->parameters) {
                    note("indaud" + std::to_string(p.index()));
                  }
                  if (where == "rep") note("reply_bare_items");
                }
                if (const auto* ed = std::get_if<EventsDescriptor>(&d)) {
                  for (const RequestedEvent& e : ed->events) {
                    note("notify" + std::to_string(static_cast<int>(e.notify)));
                    if (e.reset_events) note("reset_events");
                    if (e.has_embedded_events && e.embedded_events.empty()) {
                      note("embed_bare_events");
                    }
                    if (e.regulated_has_events && e.regulated_events.empty()) {
                      note("regulated_bare_events");
                    }
                    if (e.regulated_has_events || e.regulated_signals) note("regulated_embed");
                    for (const RequestedEvent& x : e.regulated_events) {
                      if (x.notify != NotifyBehaviour::kDefault) note("second_notify");
                    }
                  }
                }
                if (const auto* sc = std::get_if<ServiceChangeParms>(&d)) {
                  if (sc->info && sc->info->items) note("servicechange_audit_items");
                  if (sc->info && !sc->info->parameters.empty()) note("servicechange_indaud");
                }
                if (const auto* md = std::get_if<MediaDescriptor>(&d)) {
                  auto sp = [&](const StreamParms& p) {
                    if (p.local) note("local");
                    if (p.remote) note("remote");
                    if (p.local_control) note("local_control");
                    if (p.statistics) note("stream_statistics");
                    if (p.local && p.local->find("TCP/MSRP") != std::string::npos)
                      note("msrp_local");
                    if (p.remote && p.remote->find("a=path:msrp") != std::string::npos)
                      note("msrp_remote");
                  };
                  if (md->termination_state) note("termination_state");
                  if (md->one_stream) sp(*md->one_stream);
                  for (const Stream& s : md->streams) sp(s.parms);
                }
              }
            };
            if constexpr (std::is_same_v<T, TransactionRequest>) {
              note("request");
              for (const ActionRequest& a : x.actions) {
                if (a.context_id == kChooseContext) note("ctx$");
                if (a.context_id == kAllContext) note("ctx*");
                if (a.context_id == kNullContext) note("ctx-");
                if (a.context && a.context->topology) note("topology");
                if (a.context && a.context->priority) note("priority");
                if (a.context && a.context->emergency) note("emergency");
                if (a.context_audit) note("context_audit");
                if (a.context_audit &&
                    (a.context_audit->select_priority || a.context_audit->select_emergency ||
                     a.context_audit->select_ieps || a.context_audit->ieps ||
                     a.context_audit->select_logic || !a.context_audit->attributes.empty())) {
                  note("context_audit_v3");
                }
                if (a.context && a.context->ieps) note("ieps");
                if (a.context && !a.context->attributes.empty()) note("context_attr");
                if (a.context && !a.context->context_list.empty()) note("context_list");
                for (const CommandRequest& c : a.commands) {
                  note("cmd" + std::to_string(static_cast<int>(c.kind)));
                  if (c.optional) note("O-");
                  if (c.wildcard_return) note("W-");
                  if (!c.extra_termination_ids.empty()) {
                    note("termlist_req" + std::to_string(static_cast<int>(c.kind)));
                  }
                  descs(c.descriptors, "req");
                }
              }
            } else if constexpr (std::is_same_v<T, TransactionReply>) {
              note("reply");
              if (x.imm_ack_required) note("IA");
              if (x.error) note("reply_error");
              if (x.segment_number) note("segment_number");
              if (x.segmentation_complete) note("END");
              for (const ActionReply& a : x.actions) {
                if (a.error) note("action_error");
                if (a.context && (a.context->ieps || !a.context->attributes.empty() ||
                                  !a.context->context_list.empty())) {
                  note("reply_context_v3");
                }
                for (const CommandReply& c : a.replies) {
                  note("rep" + std::to_string(static_cast<int>(c.kind)));
                  if (!c.extra_termination_ids.empty()) {
                    note("termlist_rep" + std::to_string(static_cast<int>(c.kind)));
                  }
                  if (c.context_audit) {
                    note(c.context_terminations.empty() ? "av_context_error" : "av_context");
                  }
                  descs(c.descriptors, "rep");
                }
              }
            } else if constexpr (std::is_same_v<T, TransactionPending>) {
              note("pending");
            } else if constexpr (std::is_same_v<T, TransactionResponseAck>) {
              note("ack");
              for (const AckRange& r : x.acks) {
                if (r.last) note("ack_range");
              }
            } else {
              note("segment_reply");
            }
          },
          t);
    }
  }
  std::vector<std::string> want = {"mid0",
                                   "mid1",
                                   "mid2",
                                   "mid3",
                                   "mid4",
                                   "v1",
                                   "v2",
                                   "v3",
                                   "message_error",
                                   "request",
                                   "reply",
                                   "pending",
                                   "ack",
                                   "ack_range",
                                   "segment_reply",
                                   "IA",
                                   "reply_error",
                                   "segment_number",
                                   "END",
                                   "action_error",
                                   "ctx$",
                                   "ctx*",
                                   "ctx-",
                                   "topology",
                                   "priority",
                                   "emergency",
                                   "context_audit",
                                   "O-",
                                   "W-",
                                   "termination_state",
                                   "local",
                                   "remote",
                                   "local_control",
                                   "stream_statistics",
                                   "msrp_local",
                                   "msrp_remote",
                                   "reply_bare_items",
                                   "notify1",
                                   "notify2",
                                   "notify3",
                                   "reset_events",
                                   "regulated_embed",
                                   "second_notify",
                                   "context_audit_v3",
                                   "ieps",
                                   "context_attr",
                                   "context_list",
                                   "reply_context_v3",
                                   "av_context",
                                   "av_context_error",
                                   "embed_bare_events",
                                   "regulated_bare_events",
                                   "servicechange_audit_items",
                                   "servicechange_indaud"};
  for (int k = 0; k < 7; ++k) want.push_back("indaud" + std::to_string(k));
  for (int k = 0; k < 8; ++k) {
    want.push_back("cmd" + std::to_string(k));
    want.push_back("rep" + std::to_string(k));
    // v3 termIDList "[t1, t2]" in every command request and reply.
    want.push_back("termlist_req" + std::to_string(k));
    want.push_back("termlist_rep" + std::to_string(k));
  }
  // Request descriptors: Media..Statistics, ObservedEvents, Error (in Notify: not emitted,
  // Erlang rejects it), Services. Reply descriptors: all but Audit and Services... plus
  // Services in the ServiceChange reply.
  for (int d : {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12}) want.push_back("reqdesc" + std::to_string(d));
  for (int d : {0, 3, 4, 5, 6, 8, 9, 10, 11, 12}) want.push_back("repdesc" + std::to_string(d));
  for (const std::string& w : want) EXPECT_TRUE(seen.count(w)) << "no golden vector has " << w;
}

TEST(Encode, CompactLooksLikeErlangs) {
  auto m = parseMessage(
      "MEGACO/3 [192.0.2.9]:2944\r\nTransaction = 7 { Context = $ { Add = $ { Media { Stream = 1 "
      "{ LocalControl { Mode = SendReceive }, Local {\r\nv=0\r\nc=IN IP4 $\r\n} } }, Events = 2 "
      "{ g/cause } } } }");
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(encodeCompact(*m),
            "!/3 [192.0.2.9]:2944\r\nT=7{C=${A=${M{ST=1{O{MO=SR},L{\r\nv=0\r\nc=IN IP4 "
            "$\r\n}}},E=2{g/cause}}}}");
}

TEST(Encode, PrettyIndentsWithTabsButNotSdp) {
  auto m = parseMessage(
      "!/3 [192.0.2.2]:2944 P=1{C=42{A=ip/1/1{M{ST=1{L{\r\nv=0\r\nm=message 40000 TCP/MSRP "
      "*\r\n}}}}}}");
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(encodePretty(*m),
            "MEGACO/3 [192.0.2.2]:2944\r\n"
            "Reply = 1 {\r\n"
            "\tContext = 42 {\r\n"
            "\t\tAdd = ip/1/1 {\r\n"
            "\t\t\tMedia {\r\n"
            "\t\t\t\tStream = 1 {\r\n"
            "\t\t\t\t\tLocal {\r\n"
            "v=0\r\n"
            "m=message 40000 TCP/MSRP *\r\n"
            "}\r\n"
            "\t\t\t\t}\r\n"
            "\t\t\t}\r\n"
            "\t\t}\r\n"
            "\t}\r\n"
            "}");
}

TEST(Encode, AvoidsWhatErlangRejects) {
  auto m = parseMessage("!/2 mgc T=1{C=1{MF=t/1{SG{}},S=t/2}} P=2{C=-{SC=ROOT}} PN=3{}");
  ASSERT_THAT(m, IsOk());
  std::string c = encodeCompact(*m);
  EXPECT_EQ(c, "!/2 mgc\r\nT=1{C=1{MF=t/1{SG},S=t/2}}\r\nP=2{C=-{SC=ROOT}}\r\nPN=3{}");
}

TEST(Encode, QuotesValuesThatNeedIt) {
  Message m;
  m.version = 2;
  m.mid = MId{MId::Kind::kIp4, "192.0.2.1", 2944};
  CommandRequest c;
  c.kind = CommandKind::kModify;
  c.termination_id = "t/1";
  LocalControl lc;
  lc.props.push_back(Parm{"x/a", Parm::Relation::kEqual, Parm::Form::kSingle, {"two words"}});
  lc.props.push_back(Parm{"x/b", Parm::Relation::kEqual, Parm::Form::kSingle, {""}});
  lc.props.push_back(Parm{"x/c", Parm::Relation::kEqual, Parm::Form::kSingle, {"a,b"}});
  MediaDescriptor md;
  md.one_stream.emplace();
  md.one_stream->local_control = lc;
  c.descriptors.push_back(md);
  m.transactions.push_back(TransactionRequest{5, {ActionRequest{1, {}, {}, {c}}}});
  std::string out = encodeCompact(m);
  EXPECT_EQ(
      out,
      "!/2 [192.0.2.1]:2944\r\nT=5{C=1{MF=t/1{M{O{x/a=\"two words\",x/b=\"\",x/c=\"a,b\"}}}}}");
  auto back = parseMessage(out);
  ASSERT_THAT(back, IsOk());
  EXPECT_TRUE(*back == m);
}

TEST(Parse, MsrpAddFields) {
  auto m = parseMessage(goldenVectors().empty() ? "" : [] {
    for (const Vector& v : goldenVectors()) {
      if (v.name == "h248md_mgc_add_msrp_local_remote") return v.text;
    }
    return std::string();
  }());
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->version, 3);
  EXPECT_EQ(m->mid.kind, MId::Kind::kDomain);
  EXPECT_EQ(m->mid.address, "mgc.example.net");
  EXPECT_EQ(m->mid.port, 2944);
  const auto& tr = std::get<TransactionRequest>(m->transactions.at(0));
  EXPECT_EQ(tr.id, 1u);
  const ActionRequest& a = tr.actions.at(0);
  EXPECT_EQ(a.context_id, kChooseContext);
  const CommandRequest& c = a.commands.at(0);
  EXPECT_EQ(c.kind, CommandKind::kAdd);
  EXPECT_EQ(c.termination_id, "$");
  const auto& md = std::get<MediaDescriptor>(c.descriptors.at(0));
  const StreamParms& sp = md.streams.at(0).parms;
  EXPECT_EQ(md.streams.at(0).id, 1);
  EXPECT_EQ(sp.local_control->mode, StreamMode::kSendRecv);
  EXPECT_EQ(*sp.local, "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\na=setup:passive\r\n");
  EXPECT_NE(sp.remote->find("a=path:msrp://198.51.100.7:7394/abcd;tcp\r\n"), std::string::npos);
  const auto& ev = std::get<EventsDescriptor>(c.descriptors.at(1));
  EXPECT_EQ(ev.request_id, 2u);
  EXPECT_EQ(ev.events.at(0).name, "g/cause");
}

TEST(Parse, ParmForms) {
  auto m = parseMessage(
      "!/2 mgc T=1{C=1{MF=t/1{M{O{a/b=1,a/c={x,y},a/d=[x,y],a/e=[1:9],a/f>3,a/g<4,a/h#5,"
      "a/i=\"q r\"}}}}}");
  ASSERT_THAT(m, IsOk());
  const auto& cmd = std::get<TransactionRequest>(m->transactions[0]).actions[0].commands[0];
  const auto& props =
      std::get<MediaDescriptor>(cmd.descriptors[0]).one_stream->local_control->props;
  ASSERT_EQ(props.size(), 8u);
  EXPECT_EQ(props[1].form, Parm::Form::kAlternatives);
  EXPECT_EQ(props[2].form, Parm::Form::kSublist);
  EXPECT_EQ(props[3].form, Parm::Form::kRange);
  EXPECT_EQ(props[3].values, (std::vector<std::string>{"1", "9"}));
  EXPECT_EQ(props[4].relation, Parm::Relation::kGreater);
  EXPECT_EQ(props[5].relation, Parm::Relation::kLess);
  EXPECT_EQ(props[6].relation, Parm::Relation::kNotEqual);
  EXPECT_EQ(props[7].values[0], "q r");
}

// H.248.1 allows an Error descriptor after ObservedEvents in a Notify request; Erlang
// megaco rejects it in every version, so the encoders leave it out (see README.md).
TEST(Encode, NotifyRequestErrorIsLeftOut) {
  for (int v = 1; v <= 3; ++v) {
    std::string in =
        "!/" + std::to_string(v) + " mg T=1{C=1{N=msrp/1{OE=2{g/cause{gc=nr}},ER=500{\"lost\"}}}}";
    auto m = parseMessage(in);
    ASSERT_THAT(m, IsOk()) << in;
    const auto& n = std::get<TransactionRequest>(m->transactions[0]).actions[0].commands[0];
    ASSERT_EQ(n.descriptors.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<ErrorDescriptor>(n.descriptors[1]));
    std::string c = encodeCompact(*m);
    EXPECT_EQ(c, "!/" + std::to_string(v) + " mg\r\nT=1{C=1{N=msrp/1{OE=2{g/cause{gc=nr}}}}}");
    EXPECT_EQ(encodePretty(*m).find("Error"), std::string::npos);
    // A Notify reply keeps its Error.
    auto r = parseMessage("!/" + std::to_string(v) + " mg P=1{C=1{N=msrp/1{ER=500{\"x\"}}}}");
    ASSERT_THAT(r, IsOk());
    EXPECT_NE(encodeCompact(*r).find("ER=500"), std::string::npos);
  }
}

TEST(Parse, IndividualAuditFields) {
  auto m = parseMessage(
      "!/3 mgc T=1{C=*{AV=msrp/*{AT{M,SA{nt/os},M{TS{SI#OS},ST=1{O{MO=SR,nt/jit,nt/jit>40}},"
      "ST=1{R{\r\nv=0\r\n}}},SG{SL=3{al/ri{ST=2,RQ=7}}},EB{g/cause{gc}},E=4{g/cause},"
      "DM=dm1,PG{nt-1}}}}}");
  ASSERT_THAT(m, IsOk());
  const auto& ad = std::get<AuditDescriptor>(
      std::get<TransactionRequest>(m->transactions[0]).actions[0].commands[0].descriptors[0]);
  EXPECT_EQ(ad.items, kAuditMedia);
  ASSERT_EQ(ad.parameters.size(), 7u);
  EXPECT_EQ(std::get<IndAudStatisticsDescriptor>(ad.parameters[0]).name, "nt/os");
  const auto& md = std::get<IndAudMediaDescriptor>(ad.parameters[1]);
  EXPECT_EQ(md.termination_state->service_state_select, ServiceState::kOutOfService);
  EXPECT_EQ(md.termination_state->service_state_relation, Parm::Relation::kNotEqual);
  ASSERT_EQ(md.streams.size(), 2u);
  const IndAudLocalControl& lc = *md.streams[0].parms.local_control;
  EXPECT_FALSE(lc.mode);
  EXPECT_EQ(lc.mode_select, StreamMode::kSendRecv);
  ASSERT_EQ(lc.props.size(), 2u);
  EXPECT_TRUE(lc.props[0].values.empty());
  EXPECT_EQ(lc.props[1].relation, Parm::Relation::kGreater);
  EXPECT_EQ(md.streams[1].id, 1);
  EXPECT_EQ(md.streams[1].parms.remote, "v=0\r\n");
  const auto& sg = std::get<IndAudSignalsDescriptor>(ad.parameters[2]);
  EXPECT_EQ(sg.list_id, 3);
  EXPECT_EQ(sg.signal->stream, 2);
  EXPECT_EQ(sg.signal->request_id, 7u);
  EXPECT_EQ(std::get<IndAudEventBufferDescriptor>(ad.parameters[3]).parameter, "gc");
  EXPECT_EQ(std::get<IndAudEventsDescriptor>(ad.parameters[4]).request_id, 4u);
  EXPECT_EQ(std::get<IndAudDigitMapDescriptor>(ad.parameters[5]).name, "dm1");
  EXPECT_EQ(std::get<IndAudPackagesDescriptor>(ad.parameters[6]).package.version, 1);
  // Written back with the bare items first, as Erlang megaco does.
  EXPECT_NE(encodeCompact(*m).find("AT{M,SA{nt/os},M{TS{SI#OS},ST=1{O{MO=SR,nt/jit,nt/jit>40}}"),
            std::string::npos)
      << encodeCompact(*m);
}

TEST(Parse, BareAuditItemsGatherLastInReply) {
  auto m = parseMessage("!/3 mg P=1{C=1{AV=t/1{M,SA{nt/os=1},PG,E,SA}}}");
  ASSERT_THAT(m, IsOk());
  const auto& r = std::get<TransactionReply>(m->transactions[0]).actions[0].replies[0];
  ASSERT_EQ(r.descriptors.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<StatisticsDescriptor>(r.descriptors[0]));
  EXPECT_TRUE(std::holds_alternative<EventsDescriptor>(r.descriptors[1]));
  EXPECT_EQ(std::get<AuditDescriptor>(r.descriptors[2]).items,
            kAuditMedia | kAuditPackages | kAuditStatistics);
  EXPECT_EQ(encodeCompact(*m), "!/3 mg\r\nP=1{C=1{AV=t/1{SA{nt/os=1},E,M,SA,PG}}}");
}

TEST(Parse, TerminationIdLists) {
  auto m = parseMessage("!/3 mg T=1{C=1{A=[ t/1 , t/2,t/3 ]{M{O{MO=SR}}},S=[t/4]}}");
  ASSERT_THAT(m, IsOk());
  const auto& cs = std::get<TransactionRequest>(m->transactions[0]).actions[0].commands;
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].termination_id, "t/1");
  EXPECT_EQ(cs[0].extra_termination_ids, (std::vector<std::string>{"t/2", "t/3"}));
  // A one-id list is that id (as Erlang megaco reads and writes it).
  EXPECT_EQ(cs[1].termination_id, "t/4");
  EXPECT_TRUE(cs[1].extra_termination_ids.empty());
  EXPECT_EQ(encodeCompact(*m), "!/3 mg\r\nT=1{C=1{A=[t/1,t/2,t/3]{M{O{MO=SR}}},S=t/4}}");
  auto r = parseMessage("!/3 mg P=1{C=1{AV=[t/1,t/2]{M,PG},N=[t/1,t/2]}}");
  ASSERT_THAT(r, IsOk());
  const auto& rs = std::get<TransactionReply>(r->transactions[0]).actions[0].replies;
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].extra_termination_ids, std::vector<std::string>{"t/2"});
  EXPECT_FALSE(rs[0].context_audit);
  EXPECT_EQ(rs[1].extra_termination_ids, std::vector<std::string>{"t/2"});
  EXPECT_NE(encodePretty(*r).find("AuditValue = [t/1, t/2]"), std::string::npos)
      << encodePretty(*r);
}

TEST(Parse, BareEventsInEmbed) {
  auto m = parseMessage("!/1 mg T=1{C=1{MF=t{E=1{g/cause{EM{ E }},al/of{EM{SG{cg/dt},E}}}}}}");
  ASSERT_THAT(m, IsOk());
  const auto& c = std::get<TransactionRequest>(m->transactions[0]).actions[0].commands[0];
  const auto& ev = std::get<EventsDescriptor>(c.descriptors[0]).events;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_TRUE(ev[0].has_embedded_events);
  EXPECT_TRUE(ev[0].embedded_events.empty());
  EXPECT_FALSE(ev[0].embedded_signals);
  EXPECT_TRUE(ev[1].has_embedded_events);
  EXPECT_TRUE(ev[1].embedded_signals);
  EXPECT_EQ(encodeCompact(*m),
            "!/1 mg\r\nT=1{C=1{MF=t{E=1{g/cause{EM{E}},al/of{EM{SG{cg/dt},E}}}}}}");
}

TEST(Parse, ServiceChangeAuditItems) {
  auto m = parseMessage("!/2 mg T=1{C=-{SC=ROOT{SV{MT=RS,PG{nt-1},RE=901,M}}}}");
  ASSERT_THAT(m, IsOk());
  const auto& c = std::get<TransactionRequest>(m->transactions[0]).actions[0].commands[0];
  const auto& sc = std::get<ServiceChangeParms>(c.descriptors[0]);
  ASSERT_TRUE(sc.info);
  EXPECT_EQ(sc.info->items, kAuditMedia);
  ASSERT_EQ(sc.info->parameters.size(), 1u);
  EXPECT_EQ(encodeCompact(*m), "!/2 mg\r\nT=1{C=-{SC=ROOT{SV{MT=RS,RE=\"901\",M,PG{nt-1}}}}}");
}

TEST(Parse, NotifyBehavioursAndContextAudit) {
  auto m = parseMessage(
      "!/3 mgc T=1{C=*{CA{CT{TP,nt/a}},MF=t/1{E=1{a/b{NBRN{EM{SG{c/d},E=2{e/f{NBIN}}}}}}}}}");
  ASSERT_THAT(m, IsOk());
  const ActionRequest& a = std::get<TransactionRequest>(m->transactions[0]).actions[0];
  EXPECT_TRUE(a.context_audit->topology);
  EXPECT_EQ(a.context_audit->attributes, std::vector<std::string>{"nt/a"});
  const auto& e = std::get<EventsDescriptor>(a.commands[0].descriptors[0]).events[0];
  EXPECT_EQ(e.notify, NotifyBehaviour::kRegulated);
  ASSERT_TRUE(e.regulated_signals);
  EXPECT_EQ(e.regulated_request_id, 2u);
  EXPECT_EQ(e.regulated_events.at(0).notify, NotifyBehaviour::kImmediate);
  // ContextAudit { ContextAttr { items } } is written as ContextAudit { items }.
  EXPECT_NE(encodeCompact(*m).find("CA{TP,nt/a}"), std::string::npos) << encodeCompact(*m);
}

TEST(Parse, SdpLinesNormalised) {
  EXPECT_EQ(normalizeSdp("\r\nv=0\r\n  c=IN IP4 $\n\n\t\t"), "v=0\r\nc=IN IP4 $\r\n");
  EXPECT_EQ(normalizeSdp("\nv=0\r\n\t\t\t"), "v=0\r\n");
  EXPECT_EQ(normalizeSdp(""), "");
  EXPECT_EQ(normalizeSdp("a=x:\\}y\r\n"), "a=x:}y\r\n");
}

}  // namespace
}  // namespace msrpgw::proto::h248
