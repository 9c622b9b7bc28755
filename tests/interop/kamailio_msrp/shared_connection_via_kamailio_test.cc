// Several MSRP sessions on one connection, made by a real relay: kamailio's msrp relay
// (pass-through mode of the reference configuration) forwards by looking a connection up
// by the next hop's host:port, so every session it relays toward msrpgw's shared port goes
// over the one connection it opened there. Five concurrent sessions A_i -> kamailio ->
// msrpgw -> B_i (msrpgw with two workers: the contexts, with consecutive ids, live on
// both), each carrying messages both ways and success REPORTs both ways:
// - A_send_i's two texts reach B_i only, bytes and Message-ID unchanged;
// - B_i's text goes from msrpgw to kamailio on that connection, To-Path naming the relay
//   and A_i's URI, and reaches A (a_recv, where kamailio delivers what is addressed to any
//   A_i); A's success REPORT comes back to msrpgw on that connection and reaches B_i;
// - msrpgw's success REPORTs for A_send_i's texts (B_i's, mapped back) go out on that
//   connection and reach A;
// - msrpgw had exactly one connection accepted on its MSRP port, kamailio's.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "tests/integration/msrp_tool/harness.h"
#include "tests/interop/kamailio_msrp/gateway_mgc.h"
#include "tests/interop/kamailio_msrp/relay.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

// Established TCP connections whose local port is `port` (sockets msrpgw accepted on its
// listening port), from /proc/net/tcp.
int establishedOnLocalPort(uint16_t port) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  int n = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state;
    f >> slot >> local >> remote >> state;
    const size_t colon = local.find(':');
    if (colon == std::string::npos) continue;
    if (std::stoul(local.substr(colon + 1), nullptr, 16) == port && state == "01") ++n;
  }
  return n;
}

std::string texts(const std::vector<Json>& events) {
  std::string s;
  for (const Json& e : events) s += e.dump() + "\n";
  return s;
}

TEST(SharedConnectionViaKamailio, FiveSessionsOverTheRelaysOneConnectionToMsrpgw) {
  constexpr int kSessions = 5;
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  GatewayMgc mgc;
  ASSERT_TRUE(mgc.start({"--set", "workers=2"})) << mgc.log();
  // Where kamailio delivers what is addressed to any A_i (their URIs share its host:port).
  Listener a_recv = startListener({"--no-chunk-events"});
  ASSERT_NE(a_recv.port, 0) << a_recv.proc->err();

  const std::string relay_uri = relay.uri("a-side");
  std::vector<Listener> b(kSessions);
  std::vector<Added> ctx(kSessions);
  std::vector<std::string> a_uri(kSessions);
  std::set<unsigned long> workers;
  for (int i = 0; i < kSessions; ++i) {
    a_uri[i] = "msrp://127.0.0.1:" + std::to_string(a_recv.port) + "/kamShared" +
               std::to_string(i) + ";tcp";
    // B_i takes A_i's two texts and sends one text of its own, asking for a success REPORT.
    b[i] = startListener({"--expect-messages", "2", "--send-text",
                          "B" + std::to_string(i) + " answers through msrpgw and kamailio",
                          "--success-report", "yes", "--no-chunk-events"});
    ASSERT_NE(b[i].port, 0) << b[i].proc->err();
    std::string reply;
    auto added = addContext(mgc, remoteSdp(relay.port(), relay_uri + " " + a_uri[i], "active"),
                            remoteSdp(b[i].port, b[i].local_uri, "passive"), reply);
    ASSERT_TRUE(added.has_value()) << reply << mgc.log();
    ctx[i] = *added;
    workers.insert(std::stoul(ctx[i].context) % 2);
  }
  ASSERT_EQ(workers.size(), 2u) << "the contexts live on both workers";

  auto startSender = [&](int i) {
    const std::string n = std::to_string(i);
    return std::make_unique<ChildProcess>(std::vector<std::string>{
        MSRP_TOOL_BIN, "--connect", "127.0.0.1:" + std::to_string(relay.port()), "--json",
        "--local-uri", a_uri[i], "--remote-path", relay_uri + " " + ctx[i].uri_a, "--send-text",
        "A" + n + " first text", "--send-text", "A" + n + " second text, session " + n,
        "--success-report", "yes", "--no-chunk-events", "--timeout-ms", "45000"});
  };
  std::vector<std::unique_ptr<ChildProcess>> a_send(kSessions);
  // Session 0 first, so kamailio's connection to msrpgw exists before the others need one
  // (kamailio's TCP workers would otherwise race to open one each).
  a_send[0] = startSender(0);
  ASSERT_TRUE(waitForEvents(*b[0].proc, "recv_message", 1, 20s))
      << b[0].proc->out() << b[0].proc->err() << mgc.log() << relay.log();
  for (int i = 1; i < kSessions; ++i) a_send[i] = startSender(i);

  bool all_b = true;
  for (int i = 0; i < kSessions; ++i) {
    const auto code = b[i].proc->waitExit(45s);
    all_b = all_b && code == 0;
    EXPECT_EQ(code, 0) << "B" << i << " did not get A's texts and its REPORT\n"
                       << b[i].proc->out() << b[i].proc->err() << mgc.log() << relay.log();
  }
  // A's side: five texts from the B_i, and ten success REPORTs for the A_send_i texts (not
  // waited for long when a B already failed).
  const auto a_wait = all_b ? 20s : 2s;
  EXPECT_TRUE(waitForEvents(*a_recv.proc, "recv_message", kSessions, a_wait)) << a_recv.proc->out();
  EXPECT_TRUE(waitForEvents(*a_recv.proc, "report", 2 * kSessions, a_wait)) << a_recv.proc->out();
  // Every session went over kamailio's one connection (else this case proves nothing).
  const int accepted = establishedOnLocalPort(ctx[0].msrp_port);
  std::cout << "[ kamailio ] connections on msrpgw's MSRP port: " << accepted << "\n";
  EXPECT_EQ(accepted, 1) << "msrpgw's MSRP port should carry kamailio's one connection";

  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(waitForEvents(*a_send[i], "sent_message", 2, 10s)) << a_send[i]->out();
    a_send[i]->signal(SIGTERM);  // it waits for REPORTs that go to a_recv
    a_send[i]->waitExit(10s);
  }
  a_recv.proc->signal(SIGTERM);
  a_recv.proc->waitExit(10s);

  auto a_events = parseEvents(a_recv.proc->out());
  auto a_got = eventsNamed(a_events, "recv_message");
  auto a_reports = eventsNamed(a_events, "report");
  std::map<std::string, int> report_status;
  for (const Json& r : a_reports) report_status[r.value("message_id", "")] = r.value("status", 0);
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    const std::string n = std::to_string(i);
    auto sent = eventsNamed(parseEvents(a_send[i]->out()), "sent_message");
    auto got = eventsNamed(parseEvents(b[i].proc->out()), "recv_message");
    ASSERT_EQ(sent.size(), 2u) << a_send[i]->out();
    ASSERT_EQ(got.size(), 2u) << b[i].proc->out();
    EXPECT_EQ(got[0]["text"], "A" + n + " first text");
    EXPECT_EQ(got[1]["text"], "A" + n + " second text, session " + n);
    for (size_t k = 0; k < 2; ++k) {
      EXPECT_EQ(sent[k]["status"], "ok") << a_send[i]->out();
      EXPECT_EQ(got[k]["message_id"], sent[k]["message_id"]) << "Message-ID kept end to end";
      EXPECT_EQ(got[k]["sha256"], sent[k]["sha256"]);
      // B_i's success REPORT, mapped back by msrpgw, reached A through the relay.
      EXPECT_EQ(report_status[sent[k]["message_id"].get<std::string>()], 200) << texts(a_reports);
    }
    // B_i's text reached A, and A's success REPORT for it reached B_i.
    auto b_sent = eventsNamed(parseEvents(b[i].proc->out()), "sent_message");
    ASSERT_EQ(b_sent.size(), 1u) << b[i].proc->out();
    EXPECT_EQ(b_sent[0]["status"], "ok");
    size_t found = 0;
    for (const Json& g : a_got) {
      if (g["message_id"] == b_sent[0]["message_id"]) {
        ++found;
        EXPECT_EQ(g["text"], "B" + n + " answers through msrpgw and kamailio");
        EXPECT_EQ(g["sha256"], b_sent[0]["sha256"]);
      }
    }
    EXPECT_EQ(found, 1u) << texts(a_got);
    auto b_reports = eventsNamed(parseEvents(b[i].proc->out()), "report");
    ASSERT_EQ(b_reports.size(), 1u) << b[i].proc->out();
    EXPECT_EQ(b_reports[0]["status"], 200);
    EXPECT_EQ(b_reports[0]["message_id"], b_sent[0]["message_id"]);
  }
  EXPECT_EQ(a_got.size(), static_cast<size_t>(kSessions)) << texts(a_got);
  EXPECT_EQ(a_reports.size(), 2u * kSessions) << texts(a_reports);

  for (const Added& c : ctx) {
    auto sub = mgc.transact("C=" + c.context + "{S=*}");
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  }
  EXPECT_EQ(mgc.stop(), 0) << mgc.log();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

}  // namespace
}  // namespace msrpgw::test
