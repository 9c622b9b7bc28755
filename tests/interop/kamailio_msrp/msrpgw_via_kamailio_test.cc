// The issue-5 interop case: an endpoint reaches msrpgw through kamailio's msrp relay (the
// reference configuration in pass-through mode), msrpgw re-originates toward the other
// endpoint; the real msrpgw runs under a scripted H.248 MGC as in tests/integration/msrp_e2e.
//
// The relay in pass-through mode answers each SEND itself and forwards it by opening (or
// reusing) a connection to the next To-Path URI's host:port; it never reuses the
// sender's connection for frames addressed to the sender's URI unless that URI names the
// connection's own source port. So endpoint A is two msrp processes, as a relay user's
// endpoint is one host: A_send connects to the relay and sends with From-Path A_uri, and
// A_recv listens at A_uri, where the relay delivers what is addressed to A (msrpgw's
// REPORTs and SENDs). As RFC 4976 relays do, A's a=path (the Remote SDP msrpgw gets) lists
// the relay's URI and then A's; A's To-Path is the relay's URI and then msrpgw's a=path.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "tests/integration/msrp_tool/harness.h"
#include "tests/interop/kamailio_msrp/auth.h"
#include "tests/interop/kamailio_msrp/gateway_mgc.h"
#include "tests/interop/kamailio_msrp/relay.h"
#include "tests/support/random_file.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

// A -> kamailio -> msrpgw -> B: a text and a 1 MiB file (4000-byte chunks, under the
// relay's frame limit) arrive at B intact, re-cut by msrpgw; B's success REPORTs go back
// through msrpgw and the relay to A's URI.
TEST(MsrpgwViaKamailio, EndpointSendsThroughTheRelayToMsrpgw) {
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  GatewayMgc mgc;
  ASSERT_TRUE(mgc.start()) << mgc.log();
  Listener a_recv = startListener({});
  ASSERT_NE(a_recv.port, 0) << a_recv.proc->err();
  const std::string dir = tempPath("kam_gw_in_b");
  std::filesystem::create_directories(dir);
  Listener b = startListener({"--expect-messages", "2", "--save-dir", dir, "--no-chunk-events"});
  ASSERT_NE(b.port, 0) << b.proc->err();

  const std::string relay_uri = relay.uri("a-side");
  std::string reply;
  auto ctx = addContext(mgc, remoteSdp(relay.port(), relay_uri + " " + a_recv.local_uri, "active"),
                        remoteSdp(b.port, b.local_uri, "passive"), reply);
  ASSERT_TRUE(ctx.has_value()) << reply << mgc.log();

  const std::string file = writeRandomFile("kam_gw_a.bin", 1024 * 1024 + 3, 21);
  ChildProcess a_send({MSRP_TOOL_BIN, "--connect", "127.0.0.1:" + std::to_string(relay.port()),
                       "--json", "--local-uri", a_recv.local_uri, "--remote-path",
                       relay_uri + " " + ctx->uri_a, "--send-text", "hello msrpgw via kamailio",
                       "--send-file", file, "--chunk-size", "4000", "--success-report", "yes",
                       "--no-chunk-events", "--timeout-ms", "60000"});
  ASSERT_EQ(b.proc->waitExit(60s), 0) << b.proc->out() << b.proc->err() << mgc.log() << relay.log();
  // The REPORTs are addressed to A's URI: the relay delivers them to A_recv.
  EXPECT_TRUE(waitForEvents(*a_recv.proc, "report", 2, 20s))
      << a_recv.proc->out() << mgc.log() << relay.log();
  ASSERT_TRUE(waitForEvents(a_send, "sent_message", 2, 10s)) << a_send.out();
  a_send.signal(SIGTERM);  // it waits for REPORTs that go to A_recv
  a_send.waitExit(10s);

  auto sent = eventsNamed(parseEvents(a_send.out()), "sent_message");
  auto got = eventsNamed(parseEvents(b.proc->out()), "recv_message");
  ASSERT_EQ(sent.size(), 2u) << a_send.out();
  ASSERT_EQ(got.size(), 2u) << b.proc->out();
  for (const auto& s : sent) EXPECT_EQ(s["status"], "ok") << a_send.out();
  EXPECT_EQ(got[0]["text"], "hello msrpgw via kamailio");
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]);
  EXPECT_EQ(got[1]["message_id"], sent[1]["message_id"]) << "Message-ID kept end to end";
  EXPECT_EQ(got[1]["chunks"], (1024 * 1024 + 3 + 2047) / 2048) << "re-cut to msrpgw's 2048";
  EXPECT_TRUE(readFile(got[1]["saved"].get<std::string>()) == readFile(file));
  auto reports = eventsNamed(parseEvents(a_recv.proc->out()), "report");
  ASSERT_EQ(reports.size(), 2u) << a_recv.proc->out();
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(reports[i]["status"], 200);
    EXPECT_EQ(reports[i]["message_id"], sent[i]["message_id"]);
  }
  EXPECT_EQ(reports[1]["byte_range"], "1-1048579/1048579");
  auto learnt = eventsNamed(parseEvents(a_recv.proc->out()), "remote_path");
  ASSERT_EQ(learnt.size(), 1u);
  EXPECT_EQ(learnt[0]["path"], relay_uri + " " + ctx->uri_a)
      << "msrpgw's REPORT came through the relay, which put its URI in front";

  auto sub = mgc.transact("C=" + ctx->context + "{S=*}");
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  a_recv.proc->signal(SIGTERM);
  EXPECT_EQ(mgc.stop(), 0) << mgc.log();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

// B -> msrpgw -> kamailio -> A: msrpgw's leg toward A is bound by A's first request (a
// bodiless SEND through the relay); then B's text and 1 MiB file go out through the relay
// in msrpgw's 2048-byte chunks, arrive at A intact, and A's success REPORTs come back to B
// through the relay and msrpgw.
TEST(MsrpgwViaKamailio, MsrpgwSendsThroughTheRelayToTheEndpoint) {
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  GatewayMgc mgc;
  ASSERT_TRUE(mgc.start()) << mgc.log();
  const std::string dir = tempPath("kam_gw_in_a");
  std::filesystem::create_directories(dir);
  Listener a_recv =
      startListener({"--expect-messages", "2", "--save-dir", dir, "--no-chunk-events"});
  ASSERT_NE(a_recv.port, 0) << a_recv.proc->err();

  const std::string relay_uri = relay.uri("a-side");
  const std::string b_uri = "msrp://127.0.0.1:40002/kamGwB;tcp";
  std::string reply;
  auto ctx = addContext(mgc, remoteSdp(relay.port(), relay_uri + " " + a_recv.local_uri, "active"),
                        remoteSdp(40002, b_uri, "active"), reply);
  ASSERT_TRUE(ctx.has_value()) << reply << mgc.log();

  // A binds msrpgw's leg: its bodiless SEND reaches msrpgw over the relay's connection.
  CommandResult bind = runConnector(relay.port(), {"--local-uri", a_recv.local_uri, "--remote-path",
                                                   relay_uri + " " + ctx->uri_a, "--bind-send"});
  ASSERT_EQ(bind.exit_code, 0) << bind.out << bind.err;

  const std::string file = writeRandomFile("kam_gw_b.bin", 1024 * 1024 + 5, 22);
  CommandResult b = runConnector(
      ctx->msrp_port, {"--local-uri", b_uri, "--remote-path", ctx->uri_b, "--send-text",
                       "hello endpoint via msrpgw and kamailio", "--send-file", file,
                       "--chunk-size", "65536", "--success-report", "yes", "--no-chunk-events"});
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err << mgc.log() << relay.log();
  ASSERT_EQ(a_recv.proc->waitExit(30s), 0) << a_recv.proc->out() << a_recv.proc->err();

  auto sent = eventsNamed(parseEvents(b.out), "sent_message");
  auto got = eventsNamed(parseEvents(a_recv.proc->out()), "recv_message");
  ASSERT_EQ(sent.size(), 2u) << b.out;
  ASSERT_EQ(got.size(), 2u) << a_recv.proc->out();
  EXPECT_EQ(got[0]["text"], "hello endpoint via msrpgw and kamailio");
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]);
  EXPECT_EQ(got[1]["message_id"], sent[1]["message_id"]);
  EXPECT_EQ(got[1]["chunks"], (1024 * 1024 + 5 + 2047) / 2048) << "msrpgw's chunks, relayed as cut";
  EXPECT_TRUE(readFile(got[1]["saved"].get<std::string>()) == readFile(file));
  auto learnt = eventsNamed(parseEvents(a_recv.proc->out()), "remote_path");
  ASSERT_EQ(learnt.size(), 1u);
  EXPECT_EQ(learnt[0]["path"], relay_uri + " " + ctx->uri_a);
  auto reports = eventsNamed(parseEvents(b.out), "report");
  ASSERT_EQ(reports.size(), 2u) << "A's success REPORTs reach B through the relay and msrpgw";
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(reports[i]["status"], 200);
    EXPECT_EQ(reports[i]["message_id"], sent[i]["message_id"]);
  }

  auto sub = mgc.transact("C=" + ctx->context + "{S=*}");
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_EQ(mgc.stop(), 0) << mgc.log();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

// The relay in AUTH mode (RFC 4976): endpoint A authenticates and gets a Use-Path; its
// a=path (msrpgw's Remote SDP) is that Use-Path and then A's URI, a=setup:passive, m=/c=
// the relay. msrpgw connects to the relay and sends; the relay delivers over A's AUTH
// connection (msrp_cmap_lookup), with its URI moved to the front of From-Path. B's text
// reaches A that way, and the relay's 200s complete msrpgw's transactions (B gets its 200).
TEST(MsrpgwViaKamailio, MsrpgwReachesAnAuthenticatedEndpointOverItsAuthConnection) {
  KamailioRelay relay(/*auth=*/true);
  ASSERT_TRUE(relay.running());
  GatewayMgc mgc;
  ASSERT_TRUE(mgc.start()) << mgc.log();
  RawClient a(relay.port());
  ASSERT_TRUE(a.connected());
  const std::string a_uri = "msrp://127.0.0.1:40012/authEndpointA;tcp";
  AuthExchange x =
      authenticate(a, "msrp://127.0.0.1:" + std::to_string(relay.port()) + ";tcp", a_uri);
  ASSERT_FALSE(x.use_path.empty()) << a.received();

  const std::string b_uri = "msrp://127.0.0.1:40013/authEndpointB;tcp";
  std::string reply;
  auto ctx = addContext(mgc, remoteSdp(relay.port(), x.use_path + " " + a_uri, "passive"),
                        remoteSdp(40013, b_uri, "active"), reply);
  ASSERT_TRUE(ctx.has_value()) << reply << mgc.log();
  const std::string text = "to an authenticated endpoint through the relay";
  CommandResult b = runConnector(
      ctx->msrp_port, {"--local-uri", b_uri, "--remote-path", ctx->uri_b, "--send-text", text});
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err << mgc.log() << relay.log();
  ASSERT_TRUE(a.readUntil(text, 20s)) << a.received() << relay.log();

  // The SEND that carried it, as A received it: the relay popped its own URI from To-Path
  // and pushed it on From-Path, in front of msrpgw's.
  const std::string& in = a.received();
  size_t body = in.find(text);
  size_t start = in.rfind("MSRP ", body);
  ASSERT_NE(start, std::string::npos);
  const std::string head = in.substr(start, body - start);
  EXPECT_NE(head.find(" SEND\r\nTo-Path: " + a_uri + "\r\nFrom-Path: " + x.use_path + " " +
                      ctx->uri_a + "\r\n"),
            std::string::npos)
      << head;
  EXPECT_NE(head.find("Content-Type: text/plain"), std::string::npos) << head;
  // msrpgw's bodiless bind SEND came first, the same way.
  EXPECT_LT(in.find("Byte-Range: 1-0/0"), start) << in;

  auto sub = mgc.transact("C=" + ctx->context + "{S=*}");
  ASSERT_TRUE(sub.has_value());
  EXPECT_EQ(sub->find("ER="), std::string::npos) << *sub;
  EXPECT_EQ(mgc.stop(), 0) << mgc.log();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

// msrpgw as the active side toward the relay (A's SDP says a=setup:passive, its m=/c= name
// the relay): msrpgw connects to the relay and sends its bind SEND and B's messages through
// it; they reach A. A's success REPORTs go back To-Path "relay msrpgw": kamailio's
// pass-through mode looks a connection up by the URI's host:port, finds none (msrpgw's own
// connection to it comes from an ephemeral port) and opens a new one to msrpgw's listening
// port. msrpgw takes that side connection for the session it connected out for: REPORTs
// on it are passed on (SENDs there would get 506), so B gets its REPORTs.
TEST(MsrpgwViaKamailio, MsrpgwConnectsToTheRelayAndGetsReportsBack) {
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  GatewayMgc mgc;
  ASSERT_TRUE(mgc.start()) << mgc.log();
  Listener a_recv = startListener({"--expect-messages", "1"});
  ASSERT_NE(a_recv.port, 0) << a_recv.proc->err();
  const std::string relay_uri = relay.uri("a-side");
  const std::string b_uri = "msrp://127.0.0.1:40003/kamGwB2;tcp";
  std::string reply;
  auto ctx = addContext(mgc, remoteSdp(relay.port(), relay_uri + " " + a_recv.local_uri, "passive"),
                        remoteSdp(40003, b_uri, "active"), reply);
  ASSERT_TRUE(ctx.has_value()) << reply << mgc.log();
  CommandResult b = runConnector(ctx->msrp_port,
                                 {"--local-uri", b_uri, "--remote-path", ctx->uri_b, "--send-text",
                                  "to the endpoint over msrpgw's own connection to the relay",
                                  "--success-report", "yes", "--no-chunk-events"});
  EXPECT_EQ(a_recv.proc->waitExit(30s), 0) << a_recv.proc->out();
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
  auto reports = eventsNamed(parseEvents(b.out), "report");
  ASSERT_EQ(reports.size(), 1u) << "A's success REPORT reaches B through the relay and msrpgw";
  EXPECT_EQ(reports[0]["status"], 200);
  EXPECT_EQ(mgc.stop(), 0) << mgc.log();
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

}  // namespace
}  // namespace msrpgw::test
