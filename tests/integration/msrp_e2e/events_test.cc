// Events through the real msrpgw: the MGC Adds B's termination with
// E=77{msrpgw/conn,msrpgw/idle,g/cause} (msrpgw connects out to B, which listens) under
// msrp.idle_timeout_ms=300. The scripted MGC gets a Notify OE=77{msrpgw/conn} once the
// leg is bound, OE=77{msrpgw/idle} once after it stays quiet, and g/cause NR when B goes
// away (SIGTERM: B closes its connection). Each Notify is left unanswered once, so it
// must come again (same transaction id), is answered then, and must not come a third time.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <regex>

#include "tests/integration/msrp_e2e/e2e_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

struct Seen {
  std::string text;
  int copies = 0;
};

// Reads msrpgw's Notify requests for `limit`: each transaction is answered on its second
// copy (the first retransmission). Stops early once `done` says so.
template <typename Done>
void collectNotifies(Harness& h, std::map<std::string, Seen>& seen, std::chrono::milliseconds limit,
                     Done done) {
  const auto until = std::chrono::steady_clock::now() + limit;
  const std::regex tid_re(R"(\bT=(\d+)\{C=(\d+)\{N=(msrp/\d+))");
  while (std::chrono::steady_clock::now() < until && !done()) {
    auto d = h.mgc().receive(50ms);
    if (!d) continue;
    std::smatch m;
    if (!std::regex_search(*d, m, tid_re)) continue;  // not a Notify request
    Seen& s = seen[m[1]];
    if (s.copies > 0) {
      EXPECT_EQ(s.text, *d) << "a retransmission differs from the original";
    }
    s.text = *d;
    if (++s.copies == 2) {
      h.mgc().sendTo(h.mgPort(), "MEGACO/3 [127.0.0.1]:" + std::to_string(h.mgc().port()) +
                                     "\nP=" + std::string(m[1]) + "{C=" + std::string(m[2]) +
                                     "{N=" + std::string(m[3]) + "}}");
    }
  }
}

// Transaction ids whose Notify text contains `what`.
std::vector<std::string> notifiesWith(const std::map<std::string, Seen>& seen,
                                      const std::string& what) {
  std::vector<std::string> v;
  for (const auto& [tid, s] : seen) {
    if (s.text.find(what) != std::string::npos) v.push_back(tid);
  }
  return v;
}

TEST(MsrpEvents, ConnIdleAndCauseAreNotifiedAndRetransmittedUntilAnswered) {
  Harness h;
  ASSERT_TRUE(h.startGateway(
      {"--set", "msrp.idle_timeout_ms=300", "--set", "h248.retransmit.initial_ms=200"}));
  ASSERT_TRUE(h.startB({"--timeout-ms", "30000"}));
  TermOptions b;
  b.extra = "E=77{msrpgw/conn,msrpgw/idle,g/cause}";
  ASSERT_TRUE(h.addPair({}, b));
  const std::string conn = "N=" + h.termB() + "{OE=77{msrpgw/conn}}";
  const std::string idle = "N=" + h.termB() + "{OE=77{msrpgw/idle}}";
  const std::string cause = "N=" + h.termB() + "{OE=77{g/cause{";

  std::map<std::string, Seen> seen;
  auto answered = [&](const std::string& what) {
    auto tids = notifiesWith(seen, what);
    return !tids.empty() && seen[tids[0]].copies >= 2;
  };
  collectNotifies(h, seen, 15s, [&] { return answered(conn) && answered(idle); });
  ASSERT_TRUE(answered(conn)) << "no (retransmitted) msrpgw/conn Notify\n" << h.log();
  ASSERT_TRUE(answered(idle)) << "no (retransmitted) msrpgw/idle Notify\n" << h.log();
  // Quiet on: still one idle Notify for this one quiet spell.
  collectNotifies(h, seen, 1500ms, [] { return false; });
  EXPECT_EQ(notifiesWith(seen, conn).size(), 1u);
  EXPECT_EQ(notifiesWith(seen, idle).size(), 1u) << "idle is once per quiet spell";

  // B goes away: it closes its connection to msrpgw.
  h.b().signal(SIGTERM);
  collectNotifies(h, seen, 15s, [&] { return answered(cause); });
  ASSERT_TRUE(answered(cause)) << "no (retransmitted) g/cause Notify\n" << h.log();
  collectNotifies(h, seen, 1500ms, [] { return false; });
  auto causes = notifiesWith(seen, cause);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_NE(seen[causes[0]].text.find("Generalcause=NR,Failurecause=peer_closed"),
            std::string::npos)
      << seen[causes[0]].text;

  // Answered at the second copy, the Notifies stop: no third copy of any.
  for (const auto& [tid, s] : seen) {
    EXPECT_EQ(s.copies, 2) << s.text;
  }
  EXPECT_TRUE(h.gatewayRunning()) << h.log();
  auto sub = h.subtract();
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
