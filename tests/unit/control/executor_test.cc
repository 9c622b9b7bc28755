// Contexts, terminations and packages with a fake media engine: Add/Modify/Subtract/
// AuditValue, wildcards, ROOT, events and Notify, and each error code a controller can
// provoke, with the text naming what was wrong.
#include "control/context/executor.h"

#include <gtest/gtest.h>

#include "control/package/builtin.h"
#include "proto/h248/encode.h"
#include "proto/h248/parser.h"
#include "tests/unit/control/fakes.h"

namespace msrpgw::control::context {
namespace {

namespace h248 = proto::h248;

const char* kMsrpLocal = "L{\nv=0\nc=IN IP4 $\nm=message $ TCP/MSRP *\na=setup:passive\n}";
const char* kMsrpRemote =
    "R{\nv=0\nc=IN IP4 198.51.100.7\nm=message 7394 TCP/MSRP *\n"
    "a=path:msrp://198.51.100.7:7394/abcd;tcp\na=setup:active\n}";

class ExecutorTest : public ::testing::Test {
 protected:
  ExecutorTest()
      : registry_(package::builtinRegistry()),
        table_(3),
        executor_(clock_, registry_, table_, engine_,
                  {[this](uint32_t ctx, h248::CommandRequest n) {
                     notifies_.push_back({ctx, std::move(n)});
                   },
                   [this] { ++root_changes_; }}) {}

  // Runs one transaction written in text ("C=${A=$}") and returns its action replies.
  std::vector<h248::ActionReply> run(const std::string& actions) {
    auto m = h248::parseMessage("MEGACO/3 [192.0.2.9]:2945\nT=1{" + actions + "}");
    EXPECT_TRUE(m.ok()) << actions;
    if (!m.ok()) return {};
    auto req = std::get<h248::TransactionRequest>(m.value().transactions[0]);
    std::optional<std::vector<h248::ActionReply>> out;
    executor_.execute(req.actions, [&](std::vector<h248::ActionReply> r) { out = std::move(r); });
    engine_.runAll();
    EXPECT_TRUE(out.has_value()) << "no answer for " << actions;
    last_text_ = out ? text(*out) : "";
    return out.value_or(std::vector<h248::ActionReply>{});
  }

  // The reply as compact text, for readable failures and substring checks.
  static std::string text(const std::vector<h248::ActionReply>& actions) {
    h248::Message m;
    m.version = 3;
    m.mid = {h248::MId::Kind::kIp4, "192.0.2.2", 2944};
    h248::TransactionReply reply;
    reply.id = 1;
    reply.actions = actions;
    m.transactions.emplace_back(std::move(reply));
    return h248::encodeCompact(m);
  }

  // The first Error descriptor anywhere in the replies.
  static std::optional<h248::ErrorDescriptor> firstError(
      const std::vector<h248::ActionReply>& replies) {
    for (const auto& a : replies) {
      if (a.error) return a.error;
      for (const auto& c : a.replies) {
        for (const auto& d : c.descriptors) {
          if (const auto* e = std::get_if<h248::ErrorDescriptor>(&d)) return *e;
        }
      }
    }
    return std::nullopt;
  }

  void expectError(const std::string& actions, uint16_t code, const std::string& in_text) {
    auto r = run(actions);
    auto e = firstError(r);
    ASSERT_TRUE(e.has_value()) << actions << " -> " << last_text_;
    EXPECT_EQ(e->code, code) << actions << " -> " << last_text_;
    EXPECT_NE(e->text.value_or("").find(in_text), std::string::npos)
        << actions << " -> " << last_text_;
  }

  // Adds one termination into a new context; returns {context, termination}.
  std::pair<uint32_t, std::string> addOne() {
    auto r = run(std::string("C=${A=${M{ST=1{O{MO=SR},") + kMsrpLocal + "}}}}");
    EXPECT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].replies.size(), 1u) << last_text_;
    return {r[0].context_id, r[0].replies.empty() ? "" : r[0].replies[0].termination_id};
  }

  test::FakeClock clock_;
  package::Registry registry_;
  ContextTable table_;
  test::FakeMediaEngine engine_;
  Executor executor_;
  std::vector<std::pair<uint32_t, h248::CommandRequest>> notifies_;
  int root_changes_ = 0;
  std::string last_text_;
};

TEST_F(ExecutorTest, AddChoosesContextAndTerminationAndReturnsTheLocalFromMedia) {
  auto r = run(std::string("C=${A=${M{ST=1{O{MO=SR,msrpgw/chunksize=2048},") + kMsrpLocal + "," +
               kMsrpRemote + "}}}}");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].context_id, 1u);
  ASSERT_EQ(r[0].replies.size(), 1u);
  EXPECT_EQ(r[0].replies[0].termination_id, "msrp/1");
  EXPECT_NE(last_text_.find("m=message 40001 TCP/MSRP *"), std::string::npos) << last_text_;
  ASSERT_EQ(engine_.calls.size(), 1u);
  EXPECT_EQ(engine_.calls[0].op, "add");
  EXPECT_EQ(engine_.calls[0].spec.overrides.chunk_size, 2048u);
  EXPECT_NE(engine_.calls[0].spec.remote_sdp.find("a=setup:active"), std::string::npos);
  EXPECT_EQ(table_.size(), 1u);
}

TEST_F(ExecutorTest, TwoAddsInOneActionShareTheContext) {
  auto r = run(std::string("C=${A=${M{") + kMsrpLocal + "}},A=${M{" + kMsrpLocal + "}}}");
  ASSERT_EQ(r[0].replies.size(), 2u) << last_text_;
  EXPECT_EQ(r[0].replies[0].termination_id, "msrp/1");
  EXPECT_EQ(r[0].replies[1].termination_id, "msrp/2");
  EXPECT_EQ(table_.find(r[0].context_id)->terminations.size(), 2u);
}

TEST_F(ExecutorTest, ModifyPassesRemoteAndModeAndAuditShowsThem) {
  auto [ctx, term] = addOne();
  std::string c = std::to_string(ctx);
  auto r = run("C=" + c + "{MF=" + term + "{M{ST=1{O{MO=RC,msrpgw/maxmsgsize=65536}," +
               kMsrpRemote + "}}}}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  ASSERT_EQ(engine_.calls.back().op, "modify");
  EXPECT_EQ(engine_.calls.back().spec.mode, media::StreamMode::kReceiveOnly);
  EXPECT_EQ(engine_.calls.back().spec.overrides.max_message_size, 65536u);
  run("C=" + c + "{AV=" + term + "{AT{M}}}");
  EXPECT_NE(last_text_.find("MO=RC"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("msrpgw/maxmsgsize=65536"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("a=path:msrp://198.51.100.7:7394/abcd;tcp"), std::string::npos)
      << last_text_;
}

TEST_F(ExecutorTest, SubtractReturnsStatisticsAndRemovesTheContext) {
  auto [ctx, term] = addOne();
  engine_.stats.bytes_sent = 1200;
  engine_.stats.bytes_received = 800;
  engine_.stats.messages_sent = 3;
  clock_.advance(1500);
  auto r = run("C=" + std::to_string(ctx) + "{S=" + term + "}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  EXPECT_NE(last_text_.find("nt/os=1200"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("nt/or=800"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("nt/dur=1500"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("msrpgw/ms=3"), std::string::npos) << last_text_;
  EXPECT_EQ(table_.size(), 0u);
  expectError("C=" + std::to_string(ctx) + "{S=" + term + "}", 411, "Unknown context");
}

TEST_F(ExecutorTest, AuditValueStatisticsAsksMedia) {
  auto [ctx, term] = addOne();
  engine_.stats.chunks_received = 9;
  run("C=" + std::to_string(ctx) + "{AV=" + term + "{AT{SA}}}");
  EXPECT_EQ(engine_.calls.back().op, "statistics");
  EXPECT_NE(last_text_.find("msrpgw/cr=9"), std::string::npos) << last_text_;
}

// The v2/v3 individual audit forms name one item; the MG answers with the descriptor
// holding it (a superset, as H.248.1 lets an MG audit descriptors whole).
TEST_F(ExecutorTest, IndividualAuditFormsAreAnsweredWithTheirDescriptors) {
  auto [ctx, term] = addOne();
  engine_.stats.chunks_received = 7;
  const std::string c = "C=" + std::to_string(ctx);
  run(c + "{AV=" + term + "{AT{SA{msrpgw/cr}}}}");
  EXPECT_EQ(engine_.calls.back().op, "statistics");
  EXPECT_NE(last_text_.find("msrpgw/cr=7"), std::string::npos) << last_text_;
  run(c + "{AV=" + term + "{AT{M{ST=1{O{MO}}}}}}");
  EXPECT_NE(last_text_.find("MO=SR"), std::string::npos) << last_text_;
  run(c + "{AV=" + term + "{AT{PG{msrpgw-1}}}}");
  EXPECT_NE(last_text_.find("msrpgw-1"), std::string::npos) << last_text_;
}

// H.248.1 7.2.6: AuditCapability answers with what may be set, from the packages'
// declarations, not with the current values; the reply survives our encoder and parser.
TEST_F(ExecutorTest, AuditCapabilityOfATerminationGivesPossibleValues) {
  auto [ctx, term] = addOne();
  auto r = run("C=" + std::to_string(ctx) + "{AC=" + term + "{AT{M,E,SA,PG}}}");
  ASSERT_FALSE(firstError(r).has_value()) << last_text_;
  auto back = h248::parseMessage(last_text_);
  ASSERT_TRUE(back.ok()) << last_text_;
  EXPECT_EQ(std::get<h248::TransactionReply>(back.value().transactions[0]).actions, r);
  const auto& d = r.at(0).replies.at(0).descriptors;
  ASSERT_EQ(d.size(), 4u) << last_text_;
  const auto& lc = *std::get<h248::MediaDescriptor>(d[0]).streams.at(0).parms.local_control;
  h248::Parm chunk{"msrpgw/chunksize",
                   h248::Parm::Relation::kEqual,
                   h248::Parm::Form::kRange,
                   {"64", "16777216"}};
  EXPECT_NE(std::find(lc.props.begin(), lc.props.end(), chunk), lc.props.end()) << last_text_;
  const auto& ev = std::get<h248::EventsDescriptor>(d[1]);
  ASSERT_EQ(ev.events.size(), 1u);
  EXPECT_EQ(ev.events[0].name, "g/cause");
  ASSERT_FALSE(ev.events[0].params.empty());
  EXPECT_EQ(ev.events[0].params[0].form, h248::Parm::Form::kSublist);
  EXPECT_EQ(ev.events[0].params[0].values,
            (std::vector<std::string>{"NR", "UR", "FT", "FP", "IW", "UN"}));
  const auto& st = std::get<h248::StatisticsDescriptor>(d[2]).stats;
  EXPECT_NE(std::find(st.begin(), st.end(), h248::Statistic{"nt/os", {}}), st.end());
  EXPECT_NE(std::find(st.begin(), st.end(), h248::Statistic{"msrpgw/ma", {}}), st.end());
  EXPECT_TRUE(std::holds_alternative<h248::PackagesDescriptor>(d[3]));
  EXPECT_EQ(engine_.calls.back().op, "add");  // capabilities need no statistics from media
}

TEST_F(ExecutorTest, AuditCapabilityOfRootGivesRangesOfWritableProperties) {
  auto r = run("C=-{AC=ROOT{AT{M,E}}}");
  ASSERT_FALSE(firstError(r).has_value()) << last_text_;
  EXPECT_NE(last_text_.find("root/normalMGExecutionTime=[1:3600000]"), std::string::npos)
      << last_text_;
  EXPECT_NE(last_text_.find("root/maxNumberOfContexts=3"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("it/ito{mit=[1:360000]}"), std::string::npos) << last_text_;
  auto back = h248::parseMessage(last_text_);
  ASSERT_TRUE(back.ok()) << last_text_;
  EXPECT_EQ(std::get<h248::TransactionReply>(back.value().transactions[0]).actions, r);
  // AuditValue still gives the current values.
  run("C=-{AV=ROOT{AT{M}}}");
  EXPECT_NE(last_text_.find("root/normalMGExecutionTime=200"), std::string::npos) << last_text_;
}

TEST_F(ExecutorTest, WildcardAuditAcrossAllContexts) {
  addOne();
  addOne();
  auto r = run("C=*{AV=*{AT{}}}");
  ASSERT_EQ(r.size(), 2u) << last_text_;
  EXPECT_EQ(r[0].replies[0].termination_id, "msrp/1");
  EXPECT_EQ(r[1].replies[0].termination_id, "msrp/2");
}

TEST_F(ExecutorTest, WildcardSubtractWithWReturnsOneReply) {
  auto r0 = run(std::string("C=${A=${M{") + kMsrpLocal + "}},A=${M{" + kMsrpLocal + "}}}");
  std::string c = std::to_string(r0[0].context_id);
  auto r = run("C=" + c + "{W-S=msrp/*}");
  ASSERT_EQ(r[0].replies.size(), 1u) << last_text_;
  EXPECT_EQ(r[0].replies[0].termination_id, "msrp/*");
  EXPECT_EQ(table_.size(), 0u);
}

TEST_F(ExecutorTest, RootAuditGivesPackagesAndRootProperties) {
  run("C=-{AV=ROOT{AT{M,PG}}}");
  EXPECT_NE(last_text_.find("root/maxNumberOfContexts=3"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("root/normalMGExecutionTime=200"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("msrpgw-1"), std::string::npos) << last_text_;
  EXPECT_NE(last_text_.find("it-1"), std::string::npos) << last_text_;
}

TEST_F(ExecutorTest, ModifyRootSetsWritableRootPropertiesAndInactivityEvent) {
  auto r = run("C=-{MF=ROOT{M{TS{root/normalMGExecutionTime=500}},E=7{it/ito{mit=100}}}}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  EXPECT_EQ(executor_.rootProperty("root/normalMGExecutionTime"), "500");
  ASSERT_TRUE(executor_.rootEvents().has_value());
  EXPECT_EQ(executor_.rootEvents()->request_id, 7u);
  EXPECT_EQ(root_changes_, 1);
}

TEST_F(ExecutorTest, RequestedCauseEventIsNotified) {
  auto r = run(std::string("C=${A=${M{") + kMsrpLocal + "},E=12{g/cause}}}");
  uint32_t ctx = r[0].context_id;
  engine_.raise({ctx, "msrp/1", media::EventKind::kConnectionFailed, "connect_refused"});
  ASSERT_EQ(notifies_.size(), 1u);
  EXPECT_EQ(notifies_[0].first, ctx);
  h248::Message m;
  m.mid = {h248::MId::Kind::kIp4, "192.0.2.2", 2944};
  m.transactions.push_back(h248::TransactionRequest{5, {{ctx, {}, {}, {notifies_[0].second}}}});
  std::string t = h248::encodeCompact(m);
  EXPECT_NE(t.find("N=msrp/1{OE=12{g/cause{Generalcause=FT,Failurecause=connect_refused}}}"),
            std::string::npos)
      << t;
  engine_.raise({ctx, "msrp/1", media::EventKind::kConnected, ""});
  EXPECT_EQ(notifies_.size(), 1u);
}

TEST_F(ExecutorTest, ConnectedIdleAndLostAreNotifiedAsRequested) {
  auto r =
      run(std::string("C=${A=${M{") + kMsrpLocal + "},E=14{msrpgw/conn,msrpgw/idle,g/cause}}}");
  ASSERT_FALSE(firstError(r).has_value())
      << firstError(r)->code << " " << firstError(r)->text.value_or("");
  uint32_t ctx = r[0].context_id;
  engine_.raise({ctx, "msrp/1", media::EventKind::kConnected, ""});
  engine_.raise({ctx, "msrp/1", media::EventKind::kIdle, "no_traffic"});
  engine_.raise({ctx, "msrp/1", media::EventKind::kConnectionLost, "peer_closed"});
  ASSERT_EQ(notifies_.size(), 3u);
  std::string all;
  for (const auto& [c, n] : notifies_) {
    h248::Message m;
    m.mid = {h248::MId::Kind::kIp4, "192.0.2.2", 2944};
    m.transactions.push_back(h248::TransactionRequest{5, {{c, {}, {}, {n}}}});
    all += h248::encodeCompact(m);
  }
  EXPECT_NE(all.find("N=msrp/1{OE=14{msrpgw/conn}}"), std::string::npos) << all;
  EXPECT_NE(all.find("N=msrp/1{OE=14{msrpgw/idle}}"), std::string::npos) << all;
  EXPECT_NE(all.find("N=msrp/1{OE=14{g/cause{Generalcause=NR,Failurecause=peer_closed}}}"),
            std::string::npos)
      << all;
}

TEST_F(ExecutorTest, EventsNotRequestedAreNotNotified) {
  auto [ctx, term] = addOne();
  engine_.raise({ctx, term, media::EventKind::kConnectionLost, "peer_reset"});
  EXPECT_TRUE(notifies_.empty());
}

TEST_F(ExecutorTest, TerminationIdListsAreRefusedWhole) {
  auto [ctx, term] = addOne();
  auto r = run("C=" + std::to_string(ctx) + "{MF=[" + term + ",msrp/77]{M{O{MO=SO}}}}");
  auto e = firstError(r);
  ASSERT_TRUE(e.has_value()) << last_text_;
  EXPECT_EQ(e->code, 501) << last_text_;
  EXPECT_EQ(engine_.calls.back().op, "add") << "nothing of the list was applied";
}

TEST_F(ExecutorTest, OptionalCommandFailureDoesNotStopTheAction) {
  auto [ctx, term] = addOne();
  std::string c = std::to_string(ctx);
  auto r = run("C=" + c + "{O-MF=msrp/99{E=1{g/cause}},AV=" + term + "{AT{}}}");
  ASSERT_EQ(r[0].replies.size(), 2u) << last_text_;
  r = run("C=" + c + "{MF=msrp/99{E=1{g/cause}},AV=" + term + "{AT{}}}");
  ASSERT_EQ(r[0].replies.size(), 1u) << last_text_;
}

TEST_F(ExecutorTest, ErrorUnknownContext411) {
  expectError("C=77{AV=msrp/1{AT{}}}", 411, "Unknown context id 77");
}
TEST_F(ExecutorTest, ErrorNoContextIdsLeft412) {
  addOne();
  addOne();
  addOne();
  expectError(std::string("C=${A=${M{") + kMsrpLocal + "}}}", 412, "No context ids available");
}
TEST_F(ExecutorTest, ErrorUnknownTermination430) {
  auto [ctx, term] = addOne();
  expectError("C=" + std::to_string(ctx) + "{MF=msrp/42{E=1{g/cause}}}", 430,
              "Unknown termination msrp/42");
  expectError("C=" + std::to_string(ctx) + "{A=ds/1/1}", 430, "named msrp/<n>");
}
TEST_F(ExecutorTest, ErrorNoWildcardMatch431) {
  auto [ctx, term] = addOne();
  expectError("C=" + std::to_string(ctx) + "{AV=foo/*{AT{}}}", 431, "No termination matched foo/*");
}
TEST_F(ExecutorTest, ErrorTerminationAlreadyInContext433) {
  auto [ctx, term] = addOne();
  expectError("C=${A=" + term + "}", 433, "already in context " + std::to_string(ctx));
}
TEST_F(ExecutorTest, ErrorTooManyTerminations434) {
  auto r = run(std::string("C=${A=$,A=$}"));
  expectError("C=" + std::to_string(r[0].context_id) + "{A=$}", 434, "already holds 2");
}
TEST_F(ExecutorTest, ErrorTerminationNotInThisContext435) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  expectError("C=" + std::to_string(c2) + "{AV=" + t1 + "{AT{}}}", 435,
              "is in context " + std::to_string(c1));
}
TEST_F(ExecutorTest, ErrorUnknownPackage440) {
  expectError("C=${A=${M{ST=1{O{foo/bar=1}}}}}", 440, "Unsupported package foo");
  EXPECT_EQ(table_.size(), 0u);  // the chosen context went away with the failed Add
}
TEST_F(ExecutorTest, ErrorReadOnlyProperty445) {
  expectError("C=-{MF=ROOT{M{TS{root/maxNumberOfContexts=9}}}}", 445,
              "root/maxNumberOfContexts is read-only");
}
TEST_F(ExecutorTest, ErrorUnsupportedDescriptor444) {
  expectError("C=${A=${DM=dialplan0}}", 444, "Unsupported descriptor");
}
TEST_F(ExecutorTest, ErrorBadValue449NamesTheValue) {
  expectError("C=${A=${M{ST=1{O{msrpgw/chunksize=12}}}}}", 449,
              "Unsupported value 12 for msrpgw/chunksize");
  expectError("C=${A=${M{ST=1{O{msrpgw/chunksize=big}}}}}", 449, "big");
}
TEST_F(ExecutorTest, ErrorNoSuchPropertyEventSignalStatistic) {
  expectError("C=${A=${M{ST=1{O{msrpgw/colour=1}}}}}", 450, "No such property msrpgw/colour");
  expectError("C=${A=${E=1{g/boom}}}", 451, "No such event g/boom");
  expectError("C=${A=${SG{g/tone}}}", 452, "No such signal g/tone");
  auto [ctx, term] = addOne();
  expectError("C=" + std::to_string(ctx) + "{MF=" + term + "{SA{nt/xyz}}}", 453,
              "No such statistic nt/xyz");
  expectError("C=${A=${E=1{g/cause{colour=red}}}}", 454, "No such parameter colour");
}
TEST_F(ExecutorTest, ErrorPropertyIllegalInDescriptor455) {
  expectError("C=${A=${M{TS{root/normalMGExecutionTime=5}}}}", 455, "illegal in TerminationState");
}
TEST_F(ExecutorTest, ErrorUnequippedToDetect512) {
  expectError("C=${A=${E=1{it/ito{mit=10}}}}", 512, "it/ito");
}
TEST_F(ExecutorTest, ErrorMediaOutOfResources510) {
  engine_.next_refusal = media::Errc::kNoResources;
  expectError(std::string("C=${A=${M{") + kMsrpLocal + "}}}", 510, "Insufficient resources");
}
TEST_F(ExecutorTest, ErrorUnsupportedMediaType515) {
  expectError("C=${A=${M{L{\nv=0\nm=audio 49170 RTP/AVP 0\n}}}}", 515, "m=audio 49170 RTP/AVP 0");
}
TEST_F(ExecutorTest, ErrorUnsupportedMode517) {
  expectError("C=${A=${M{ST=1{O{MO=LB}}}}}", 517, "Loopback");
}
// H.248.1 7.2.4: the action's context is the target, the termination comes from another one.
TEST_F(ExecutorTest, MoveCarriesTheTerminationAndEndsTheEmptiedSource) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  auto r = run("C=" + std::to_string(c2) + "{MV=" + t1 + "}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  ASSERT_EQ(r[0].replies.size(), 1u) << last_text_;
  EXPECT_EQ(r[0].context_id, c2);
  EXPECT_EQ(r[0].replies[0].kind, h248::CommandKind::kMove);
  EXPECT_EQ(r[0].replies[0].termination_id, t1);
  ASSERT_EQ(engine_.calls.back().op, "move");
  EXPECT_EQ(engine_.calls.back().context, c1);
  EXPECT_EQ(engine_.calls.back().spec.local_sdp, std::to_string(c2));  // the fake's target
  EXPECT_EQ(table_.find(c1), nullptr);
  ASSERT_NE(table_.find(c2), nullptr);
  EXPECT_EQ(table_.find(c2)->terminations.size(), 2u);
  EXPECT_EQ(table_.whereIs(t1), c2);
  // The moved termination keeps its Local and answers audits in its new context only.
  run("C=" + std::to_string(c2) + "{AV=" + t1 + "{AT{M}}}");
  EXPECT_NE(last_text_.find("m=message 40001 TCP/MSRP *"), std::string::npos) << last_text_;
  expectError("C=" + std::to_string(c1) + "{AV=" + t1 + "{AT{}}}", 411, "Unknown context");
}

TEST_F(ExecutorTest, MoveIntoChooseCreatesAContext) {
  auto [c1, t1] = addOne();
  auto r = run("C=${MV=" + t1 + "}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  uint32_t c = r[0].context_id;
  EXPECT_NE(c, c1);
  ASSERT_NE(table_.find(c), nullptr);
  EXPECT_EQ(table_.find(c)->terminations.at(0).id, t1);
  EXPECT_EQ(table_.find(c1), nullptr);
  EXPECT_EQ(table_.size(), 1u);
}

TEST_F(ExecutorTest, MoveAppliesItsDescriptorsAfterTheMoveAsModifyWould) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  std::string c = std::to_string(c2);
  auto r = run("C=" + c + "{MV=" + t1 + "{M{ST=1{O{MO=RC,msrpgw/chunksize=4096}," + kMsrpRemote +
               "}},E=21{g/cause}}}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  ASSERT_GE(engine_.calls.size(), 2u);
  const auto& mv = engine_.calls[engine_.calls.size() - 2];
  const auto& mf = engine_.calls.back();
  EXPECT_EQ(mv.op, "move");
  EXPECT_EQ(mf.op, "modify");
  EXPECT_EQ(mf.context, c2);  // applied in the new context, after the move
  EXPECT_EQ(mf.spec.mode, media::StreamMode::kReceiveOnly);
  EXPECT_EQ(mf.spec.overrides.chunk_size, 4096u);
  EXPECT_NE(mf.spec.remote_sdp.find("a=path:msrp://198.51.100.7:7394/abcd;tcp"), std::string::npos);
  EXPECT_NE(last_text_.find("MV=" + t1 + "{M{ST=1{L{"), std::string::npos) << last_text_;
  // The Events descriptor of the Move now reports from the new context.
  engine_.raise({c2, t1, media::EventKind::kConnectionLost, "peer_reset"});
  ASSERT_EQ(notifies_.size(), 1u);
  EXPECT_EQ(notifies_[0].first, c2);
  EXPECT_EQ(notifies_[0].second.termination_id, t1);
}

TEST_F(ExecutorTest, MoveWithAnAuditDescriptorAnswersTheAudit) {
  auto [c1, t1] = addOne();
  auto r = run("C=${MV=" + t1 + "{AT{M}}}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  EXPECT_NE(last_text_.find("MO=SR"), std::string::npos) << last_text_;
}

TEST_F(ExecutorTest, MoveWithinTheSameContextIsAModify) {
  auto [c1, t1] = addOne();
  size_t before = engine_.calls.size();
  auto r = run("C=" + std::to_string(c1) + "{MV=" + t1 + "{M{ST=1{O{MO=SO}}}}}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  ASSERT_EQ(engine_.calls.size(), before + 1);
  EXPECT_EQ(engine_.calls.back().op, "modify");
  EXPECT_EQ(engine_.calls.back().spec.mode, media::StreamMode::kSendOnly);
  EXPECT_EQ(table_.whereIs(t1), c1);
}

TEST_F(ExecutorTest, WildcardMoveGathersEveryMatch) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  auto r = run("C=${MV=msrp/*}");
  EXPECT_FALSE(firstError(r).has_value()) << last_text_;
  ASSERT_EQ(r[0].replies.size(), 2u) << last_text_;
  EXPECT_EQ(table_.size(), 1u);
  EXPECT_EQ(table_.find(r[0].context_id)->terminations.size(), 2u);
  expectError("C=${MV=foo/*}", 431, "No termination matched foo/*");
}

TEST_F(ExecutorTest, MoveErrors) {
  auto [c1, t1] = addOne();
  std::string c = std::to_string(c1);
  expectError("C=${MV=msrp/77}", 430, "Unknown termination msrp/77");
  expectError("C=${MV=ROOT}", 410, "ROOT");
  expectError("C=" + c + "{MV=$}", 410, "$");
  expectError("C=-{MV=" + t1 + "}", 421, "NULL context");
  expectError("C=${MV=" + t1 + "{M{ST=1{O{MO=LB}}}}}", 517, "Loopback");
  EXPECT_EQ(table_.whereIs(t1), c1);
  EXPECT_EQ(table_.size(), 1u);  // the chosen contexts of the failed Moves went away
}

TEST_F(ExecutorTest, MoveIntoAFullContext434) {
  auto r = run("C=${A=$,A=$}");
  auto [c1, t1] = addOne();
  expectError("C=" + std::to_string(r[0].context_id) + "{MV=" + t1 + "}", 434, "exceeds 2");
  EXPECT_EQ(table_.whereIs(t1), c1);
  EXPECT_EQ(engine_.calls.back().op, "add");  // refused before media was asked
}

TEST_F(ExecutorTest, MoveRefusedByMediaLeavesTheTerminationWhereItWas) {
  auto [c1, t1] = addOne();
  engine_.next_refusal = media::Errc::kNoResources;
  expectError("C=${MV=" + t1 + "}", 510, "Insufficient resources");
  EXPECT_EQ(table_.whereIs(t1), c1);
  EXPECT_EQ(table_.size(), 1u);
  engine_.next_refusal = media::Errc::kContextFull;
  expectError("C=${MV=" + t1 + "}", 434, "Context full");
}

TEST_F(ExecutorTest, RootTransactionWaitsForTheOneBeforeIt) {
  std::vector<int> order;
  auto parse = [](const std::string& t) {
    auto m = h248::parseMessage("MEGACO/3 [192.0.2.9]:2945\nT=1{" + t + "}");
    return std::get<h248::TransactionRequest>(m.value().transactions[0]).actions;
  };
  executor_.execute(parse("C=${A=$}"), [&](auto) { order.push_back(1); });
  executor_.execute(parse("C=-{AV=ROOT{AT{}}}"), [&](auto) { order.push_back(2); });
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(executor_.queued(), 2u);
  engine_.runAll();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

// Concurrency: transactions on different contexts run while media works on each other's
// commands; those naming the same context keep their order; ROOT ones run alone.
class ExecutorConcurrencyTest : public ExecutorTest {
 protected:
  std::vector<h248::ActionRequest> parse(const std::string& t) {
    auto m = h248::parseMessage("MEGACO/3 [192.0.2.9]:2945\nT=1{" + t + "}");
    EXPECT_TRUE(m.ok()) << t;
    return std::get<h248::TransactionRequest>(m.value().transactions[0]).actions;
  }
  void start(int n, const std::string& t) {
    executor_.execute(parse(t), [this, n](const std::vector<h248::ActionReply>& r) {
      done_.push_back(n);
      EXPECT_FALSE(firstError(r).has_value()) << n << ": " << text(r);
    });
  }
  // The engine calls made since `from`, as "op@context".
  std::vector<std::string> callsSince(size_t from) const {
    std::vector<std::string> out;
    for (size_t i = from; i < engine_.calls.size(); ++i) {
      out.push_back(engine_.calls[i].op + "@" + std::to_string(engine_.calls[i].context));
    }
    return out;
  }
  std::vector<int> done_;
};

TEST_F(ExecutorConcurrencyTest, TransactionsOnDifferentContextsInterleave) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  std::string a = std::to_string(c1), b = std::to_string(c2);
  size_t from = engine_.calls.size();
  start(1, "C=" + a + "{MF=" + t1 + "{M{ST=1{O{MO=SO}}}},AV=" + t1 + "{AT{SA}}}");
  start(2, "C=" + b + "{MF=" + t2 + "{M{ST=1{O{MO=RC}}}},AV=" + t2 + "{AT{SA}}}");
  // Both Modifies are with media before either is answered.
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"modify@" + a, "modify@" + b}));
  EXPECT_EQ(executor_.running(), 2u);
  ASSERT_TRUE(engine_.runOne());  // transaction 1's Modify: its audit follows, in order
  ASSERT_TRUE(engine_.runOne());  // transaction 2's Modify
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"modify@" + a, "modify@" + b,
                                                        "statistics@" + a, "statistics@" + b}));
  EXPECT_TRUE(done_.empty());
  ASSERT_TRUE(engine_.runOne());
  EXPECT_EQ(done_, (std::vector<int>{1}));
  ASSERT_TRUE(engine_.runOne());
  EXPECT_EQ(done_, (std::vector<int>{1, 2}));
  EXPECT_EQ(executor_.queued(), 0u);
}

TEST_F(ExecutorConcurrencyTest, TransactionsOnTheSameContextKeepTheirOrder) {
  auto [c1, t1] = addOne();
  std::string a = std::to_string(c1);
  size_t from = engine_.calls.size();
  start(1, "C=" + a + "{MF=" + t1 + "{M{ST=1{O{MO=SO}}}}}");
  start(2, "C=" + a + "{MF=" + t1 + "{M{ST=1{O{MO=RC}}}}}");
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"modify@" + a}));
  EXPECT_EQ(executor_.running(), 1u);
  EXPECT_EQ(executor_.queued(), 2u);
  ASSERT_TRUE(engine_.runOne());
  EXPECT_EQ(done_, (std::vector<int>{1}));
  ASSERT_EQ(callsSince(from).size(), 2u);
  EXPECT_EQ(engine_.calls.back().spec.mode, media::StreamMode::kReceiveOnly);
  engine_.runAll();
  EXPECT_EQ(done_, (std::vector<int>{1, 2}));
  run("C=" + a + "{AV=" + t1 + "{AT{M}}}");
  EXPECT_NE(last_text_.find("MO=RC"), std::string::npos) << last_text_;  // the later one won
}

TEST_F(ExecutorConcurrencyTest, RootTransactionRunsAloneBetweenTheOthers) {
  auto [c1, t1] = addOne();
  auto [c2, t2] = addOne();
  std::string a = std::to_string(c1), b = std::to_string(c2);
  size_t from = engine_.calls.size();
  start(1, "C=" + a + "{AV=" + t1 + "{AT{SA}}}");
  start(2, "C=-{AV=ROOT{AT{M}}}");
  start(3, "C=" + b + "{AV=" + t2 + "{AT{SA}}}");
  // ROOT waits for 1; 3 waits for ROOT although its context is free.
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"statistics@" + a}));
  EXPECT_TRUE(done_.empty());
  ASSERT_TRUE(engine_.runOne());
  EXPECT_EQ(done_, (std::vector<int>{1, 2}));
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"statistics@" + a, "statistics@" + b}));
  engine_.runAll();
  EXPECT_EQ(done_, (std::vector<int>{1, 2, 3}));
}

TEST_F(ExecutorConcurrencyTest, NewContextsDoNotWaitForBusyOnes) {
  auto [c1, t1] = addOne();
  std::string a = std::to_string(c1);
  size_t from = engine_.calls.size();
  start(1, "C=" + a + "{AV=" + t1 + "{AT{SA}}}");
  start(2, std::string("C=${A=${M{") + kMsrpLocal + "}}}");
  start(3, "C=" + a + "{S=" + t1 + "}");  // waits for 1 only
  EXPECT_EQ(callsSince(from), (std::vector<std::string>{"statistics@" + a, "add@2"}));
  ASSERT_TRUE(engine_.runOne());
  EXPECT_EQ(done_, (std::vector<int>{1}));
  EXPECT_EQ(callsSince(from).back(), "subtract@" + a);
  engine_.runAll();
  EXPECT_EQ(done_, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(table_.size(), 1u);
}

}  // namespace
}  // namespace msrpgw::control::context
