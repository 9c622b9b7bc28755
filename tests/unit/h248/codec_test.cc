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
                for (const CommandRequest& c : a.commands) {
                  note("cmd" + std::to_string(static_cast<int>(c.kind)));
                  if (c.optional) note("O-");
                  if (c.wildcard_return) note("W-");
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
                for (const CommandReply& c : a.replies) {
                  note("rep" + std::to_string(static_cast<int>(c.kind)));
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
                                   "msrp_remote"};
  for (int k = 0; k < 8; ++k) {
    want.push_back("cmd" + std::to_string(k));
    want.push_back("rep" + std::to_string(k));
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

TEST(Parse, SdpLinesNormalised) {
  EXPECT_EQ(normalizeSdp("\r\nv=0\r\n  c=IN IP4 $\n\n\t\t"), "v=0\r\nc=IN IP4 $\r\n");
  EXPECT_EQ(normalizeSdp("\nv=0\r\n\t\t\t"), "v=0\r\n");
  EXPECT_EQ(normalizeSdp(""), "");
  EXPECT_EQ(normalizeSdp("a=x:\\}y\r\n"), "a=x:}y\r\n");
}

}  // namespace
}  // namespace msrpgw::proto::h248
