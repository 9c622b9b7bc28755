// H.248 Move through the real msrpgw and its MSRP engine: context X holds A's and B's
// terminations and A's first text reaches B; the MGC Adds C's termination (a third msrp
// tool, listening) in a context Y and Moves A's termination from X into Y; A's next text
// then reaches C and not B, and Subtract of Y returns both terminations' statistics.
// Contexts sit on worker (context id % 2) when created, so Y is chosen with the parity
// that makes the Move cross workers (socket hand-over) or stay on one (re-link). The
// Move is sent while A's leg is quiet: after A saw its first message answered, ~4 s
// before its second one (--rate 0.25), since the engine refuses a cross-worker Move
// mid-transfer (media/README.md).
#include <gtest/gtest.h>

#include <regex>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

struct Added {
  std::string context;
  std::string term;
};

// The context and the (single) termination an Add reply names.
std::optional<Added> parseAdd(const std::optional<std::string>& reply) {
  std::smatch c, t;
  if (!reply || reply->find("ER=") != std::string::npos ||
      !std::regex_search(*reply, c, std::regex(R"(C=(\d+)\{)")) ||
      !std::regex_search(*reply, t, std::regex(R"(A=(msrp/\d+))"))) {
    return std::nullopt;
  }
  return Added{c[1], t[1]};
}

int parity(const std::string& context) {
  return static_cast<int>(std::stoull(context) % 2);
}

void moveOnce(bool cross_workers) {
  Harness h;
  ASSERT_TRUE(h.startGateway({"--set", "workers=2"}));
  // B has no goal: it keeps running (and counting) after its first message.
  ASSERT_TRUE(h.startSession({"--timeout-ms", "30000"}));
  const std::string x = h.context();

  const std::string c_uri = "msrp://127.0.0.1:1/e2eCsession;tcp";
  auto c = startListenerTool(c_uri, {"--expect-messages", "1", "--timeout-ms", "30000"});
  const uint16_t c_port = listeningPort(*c);
  ASSERT_NE(c_port, 0) << c->out() << c->err();

  // Y: a context with the wanted parity. msrpgw picks ids for C=$, so a placeholder
  // termination (a=setup:active: msrpgw waits for a peer that never comes) opens contexts
  // until one has it; C's termination joins that one and the placeholder leaves.
  std::string y, term_c;
  for (int i = 0; i < 6 && y.empty(); ++i) {
    auto d = parseAdd(
        h.request("C=${A=${" +
                  terminationDescriptor("127.0.0.1", 40009,
                                        "msrp://127.0.0.1:40009/placeholder;tcp", "active", {}) +
                  "}}"));
    ASSERT_TRUE(d.has_value()) << h.log();
    if ((parity(d->context) != parity(x)) != cross_workers) {
      auto sub = h.request("C=" + d->context + "{S=*}");
      ASSERT_TRUE(sub && sub->find("ER=") == std::string::npos) << sub.value_or("(no reply)");
      continue;
    }
    auto added = parseAdd(
        h.request("C=" + d->context + "{A=${" +
                  terminationDescriptor("127.0.0.1", c_port, c_uri, "passive", {}) + "}}"));
    ASSERT_TRUE(added.has_value()) << h.log();
    auto sub = h.request("C=" + d->context + "{S=" + d->term + "}");
    ASSERT_TRUE(sub && sub->find("ER=") == std::string::npos) << sub.value_or("(no reply)");
    y = d->context;
    term_c = added->term;
  }
  ASSERT_FALSE(y.empty()) << "no context id of the wanted parity in 6 tries";
  ASSERT_EQ(parity(x) != parity(y), cross_workers) << "X=" << x << " Y=" << y;

  h.startA({"--send-text", "before the move", "--send-text", "after the move", "--rate", "0.25",
            "--timeout-ms", "30000"});
  ASSERT_TRUE(waitForEvent(h.a(), "sent_message", 15s)) << h.log();
  ASSERT_TRUE(waitForEvent(h.b(), "recv_message", 15s)) << h.log();
  ASSERT_EQ(events(h.a().out(), "sent_message").size(), 1u)
      << "the second message went before the Move\n"
      << h.log();

  auto mv = h.request("C=" + y + "{MV=" + h.termA() + "}");
  ASSERT_TRUE(mv.has_value()) << h.log();
  EXPECT_EQ(mv->find("ER="), std::string::npos) << *mv << "\n" << h.log();
  EXPECT_NE(mv->find("MV=" + h.termA()), std::string::npos) << *mv;

  // A Move of a termination msrpgw does not have: 430 (unknown TerminationID).
  auto unknown = h.request("C=" + y + "{MV=msrp/999999}");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_NE(unknown->find("ER=430"), std::string::npos) << *unknown;

  ASSERT_TRUE(waitForEvent(*c, "recv_message", 20s)) << "C got nothing after the Move\n--- C ---\n"
                                                     << c->out() << c->err() << h.log();
  auto at_c = events(c->out(), "recv_message");
  ASSERT_EQ(at_c.size(), 1u);
  EXPECT_EQ(at_c[0]["text"], "after the move");
  EXPECT_EQ(c->waitExit(10s), 0) << c->out() << c->err();

  h.a().waitExit(10s);
  auto sent = events(h.a().out(), "sent_message");
  ASSERT_EQ(sent.size(), 2u) << h.log();
  EXPECT_EQ(sent[1]["status"], "ok") << h.log();
  auto at_b = events(h.b().out(), "recv_message");
  ASSERT_EQ(at_b.size(), 1u) << "B must not get A's message after the Move\n" << h.log();
  EXPECT_EQ(at_b[0]["text"], "before the move");

  auto sub = h.request("C=" + y + "{S=*}");
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=" + h.termA() + "{SA{nt/dur="), std::string::npos) << *sub;
  EXPECT_NE(sub->find("S=" + term_c + "{SA{nt/dur="), std::string::npos) << *sub;
  // A's termination received both messages over its life, C's sent the one.
  EXPECT_EQ(statistic(*sub, h.termA(), "msrpgw/mr"), 2) << *sub;
  EXPECT_EQ(statistic(*sub, term_c, "msrpgw/ms"), 1) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

TEST(MsrpMove, MoveAcrossWorkersCarriesTheNextMessageToTheNewContext) {
  moveOnce(true);
}

TEST(MsrpMove, MoveWithinAWorkerCarriesTheNextMessageToTheNewContext) {
  moveOnce(false);
}

}  // namespace
}  // namespace msrpgw::test::e2e
