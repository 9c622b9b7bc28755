// Several MSRP sessions on one connection, made by a real relay: kamailio's msrp relay
// (pass-through mode of the reference configuration) forwards by looking a connection up
// by the next hop's host:port, so every session it relays toward msrpgw's shared port goes
// over the one connection it opened there. Five concurrent sessions A_i -> kamailio ->
// msrpgw -> B_i (msrpgw with two workers: the contexts, with consecutive ids, live on
// both), each carrying messages both ways and success REPORTs both ways:
// - A_send_i's two texts and a file (4000-byte chunks, under the relay's frame limit)
//   reach B_i only, bytes (SHA-256) and Message-ID unchanged;
// - B_i's text and file go from msrpgw to kamailio on that connection, To-Path naming the
//   relay and A_i's URI, and reach A (a_recv, where kamailio delivers what is addressed to
//   any A_i); A's success REPORTs come back to msrpgw on that connection and reach B_i;
// - msrpgw's success REPORTs for A_send_i's messages (B_i's, mapped back) go out on that
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
#include "tests/support/random_file.h"
#include "tests/support/tshark.h"

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

// The event of `events` whose message_id is `id`, or nullptr.
const Json* byMessageId(const std::vector<Json>& events, const Json& id) {
  for (const Json& e : events) {
    if (e["message_id"] == id) return &e;
  }
  return nullptr;
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
    // B_i takes A_i's three messages and sends a text and a file of its own, asking for
    // success REPORTs.
    b[i] = startListener(
        {"--expect-messages", "3", "--send-text",
         "B" + std::to_string(i) + " answers through msrpgw and kamailio", "--send-file",
         writeRandomFile("kam_shared_b" + std::to_string(i) + ".bin", 150 * 1024 + 333 * i, 50 + i),
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
        MSRP_TOOL_BIN,
        "--connect",
        "127.0.0.1:" + std::to_string(relay.port()),
        "--json",
        "--local-uri",
        a_uri[i],
        "--remote-path",
        relay_uri + " " + ctx[i].uri_a,
        "--send-text",
        "A" + n + " first text",
        "--send-text",
        "A" + n + " second text, session " + n,
        "--send-file",
        writeRandomFile("kam_shared_a" + n + ".bin", 200 * 1024 + 1000 * i + 7, 40 + i),
        "--chunk-size",
        "4000",
        "--success-report",
        "yes",
        "--no-chunk-events",
        "--timeout-ms",
        "45000"});
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
  // A's side: a text and a file from each B_i, and success REPORTs for the A_send_i
  // messages (not waited for long when a B already failed).
  const auto a_wait = all_b ? 20s : 2s;
  EXPECT_TRUE(waitForEvents(*a_recv.proc, "recv_message", size_t{2} * kSessions, a_wait))
      << a_recv.proc->out();
  EXPECT_TRUE(waitForEvents(*a_recv.proc, "report", size_t{3} * kSessions, a_wait))
      << a_recv.proc->out();
  // Every session went over kamailio's one connection (else this case proves nothing).
  const int accepted = establishedOnLocalPort(ctx[0].msrp_port);
  std::cout << "[ kamailio ] connections on msrpgw's MSRP port: " << accepted << "\n";
  EXPECT_EQ(accepted, 1) << "msrpgw's MSRP port should carry kamailio's one connection";

  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(waitForEvents(*a_send[i], "sent_message", 3, 10s)) << a_send[i]->out();
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
    ASSERT_EQ(sent.size(), 3u) << a_send[i]->out();
    ASSERT_EQ(got.size(), 3u) << b[i].proc->out();
    for (const Json& m : sent) {
      EXPECT_EQ(m["status"], "ok") << a_send[i]->out();
      const Json* g = byMessageId(got, m["message_id"]);
      ASSERT_NE(g, nullptr) << "Message-ID kept end to end\n" << texts(got);
      EXPECT_EQ((*g)["sha256"], m["sha256"]);
      EXPECT_EQ((*g)["size"], m["size"]);
      // B_i's success REPORT, mapped back by msrpgw, reached A through the relay.
      EXPECT_EQ(report_status[m["message_id"].get<std::string>()], 200) << texts(a_reports);
    }
    EXPECT_EQ((*byMessageId(got, sent[0]["message_id"]))["text"], "A" + n + " first text");
    EXPECT_EQ((*byMessageId(got, sent[1]["message_id"]))["text"],
              std::string("A").append(n).append(" second text, session ").append(n));
    // B_i's text and file reached A, and A's success REPORTs for them reached B_i.
    auto b_sent = eventsNamed(parseEvents(b[i].proc->out()), "sent_message");
    auto b_reports = eventsNamed(parseEvents(b[i].proc->out()), "report");
    ASSERT_EQ(b_sent.size(), 2u) << b[i].proc->out();
    EXPECT_EQ(b_reports.size(), 2u) << b[i].proc->out();
    for (const Json& m : b_sent) {
      EXPECT_EQ(m["status"], "ok");
      const Json* g = byMessageId(a_got, m["message_id"]);
      ASSERT_NE(g, nullptr) << texts(a_got);
      EXPECT_EQ((*g)["sha256"], m["sha256"]);
      const Json* r = byMessageId(b_reports, m["message_id"]);
      ASSERT_NE(r, nullptr) << b[i].proc->out();
      EXPECT_EQ((*r)["status"], 200);
    }
    EXPECT_EQ((*byMessageId(a_got, b_sent[0]["message_id"]))["text"],
              "B" + n + " answers through msrpgw and kamailio");
  }
  EXPECT_EQ(a_got.size(), 2u * kSessions) << texts(a_got);
  EXPECT_EQ(a_reports.size(), 3u * kSessions) << texts(a_reports);

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
