// The `msrp` tool as an RFC 4975 endpoint on loopback: two instances exchanging text,
// a file cut in small chunks, interleaved and aborted messages and success REPORTs; and
// a raw socket checking the tool's answers byte for byte (400 on malformed requests,
// Failure-Report semantics, REPORTs never answered, out-of-order reassembly). Every wait
// is bounded and waits for an expected line; nothing depends on timing.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "tests/integration/msrp_tool/harness.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string tempDir(const std::string& tag) {
  std::string tmpl = (fs::temp_directory_path() / ("msrp_tool_" + tag + "_XXXXXX")).string();
  return ::mkdtemp(tmpl.data()) ? tmpl : std::string();
}

std::string readAll(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Ends a listener that has no goal of its own, then returns its events.
std::vector<Json> stopAndCollect(Listener& l) {
  l.proc->signal(SIGTERM);
  auto code = l.proc->waitExit(10s);
  EXPECT_EQ(code, 0) << l.proc->err();
  return parseEvents(l.proc->out());
}

TEST(MsrpTool, TextBothWays) {
  Listener l = startListener({"--send-text", "hello from the listener", "--expect-messages", "1"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c =
      runConnector(l.port, {"--send-text", "hello from the connector", "--expect-messages", "1"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->out() << l.proc->err();

  auto lev = parseEvents(l.proc->out());
  auto cev = parseEvents(c.out);
  auto lrecv = eventsNamed(lev, "recv_message");
  auto crecv = eventsNamed(cev, "recv_message");
  ASSERT_EQ(lrecv.size(), 1u) << l.proc->out();
  ASSERT_EQ(crecv.size(), 1u) << c.out;
  EXPECT_EQ(lrecv[0]["text"], "hello from the connector");
  EXPECT_EQ(crecv[0]["text"], "hello from the listener");
  EXPECT_EQ(lrecv[0]["content_type"], "text/plain");
  // Each side got a 200 for its one chunk.
  for (const auto* ev : {&lev, &cev}) {
    auto responses = eventsNamed(*ev, "response");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0]["status"], 200);
  }
  EXPECT_EQ(eventsNamed(cev, "summary").at(0)["exit_code"], 0);
}

TEST(MsrpTool, FileInSmallChunksArrivesWhole) {
  std::string dir = tempDir("file");
  ASSERT_FALSE(dir.empty());
  std::string file = dir + "/payload.bin";
  std::string body(3 * 1024 * 1024 + 17, '\0');
  std::mt19937 rng(4975);
  for (char& ch : body) ch = static_cast<char>(rng());
  std::ofstream(file, std::ios::binary)
      .write(body.data(), static_cast<std::streamsize>(body.size()));
  std::string save = dir + "/saved";
  fs::create_directory(save);

  Listener l = startListener({"--expect-messages", "1", "--save-dir", save, "--no-chunk-events"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(l.port, {"--send-file", file, "--chunk-size", "1000"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();

  auto sent = eventsNamed(parseEvents(c.out), "sent_message");
  auto recv = eventsNamed(parseEvents(l.proc->out()), "recv_message");
  ASSERT_EQ(sent.size(), 1u) << c.out;
  ASSERT_EQ(recv.size(), 1u) << l.proc->out();
  EXPECT_EQ(sent[0]["status"], "ok");
  EXPECT_EQ(sent[0]["chunks"], (body.size() + 999) / 1000);
  EXPECT_EQ(recv[0]["size"], body.size());
  EXPECT_EQ(recv[0]["chunks"], sent[0]["chunks"]);
  EXPECT_EQ(recv[0]["sha256"], sent[0]["sha256"]);
  EXPECT_EQ(recv[0]["content_type"], "application/octet-stream");
  ASSERT_TRUE(recv[0].contains("saved"));
  EXPECT_EQ(recv[0]["saved"], save + "/" + recv[0]["message_id"].get<std::string>());
  EXPECT_TRUE(readAll(recv[0]["saved"].get<std::string>()) == body);
  fs::remove_all(dir);
}

TEST(MsrpTool, InterleavedMessagesAreReassembledApart) {
  std::string a(400, 'a'), b(400, 'b');
  a[123] = 'X';
  b[321] = 'Y';
  Listener l = startListener({"--expect-messages", "2"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(
      l.port, {"--send-text", a, "--send-text", b, "--chunk-size", "50", "--interleave"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto events = parseEvents(l.proc->out());
  auto chunks = eventsNamed(events, "recv_chunk");
  ASSERT_EQ(chunks.size(), 16u);
  // The chunks of the two messages really alternated on the wire.
  int switches = 0;
  for (size_t i = 1; i < chunks.size(); ++i)
    switches += chunks[i]["message_id"] != chunks[i - 1]["message_id"];
  EXPECT_GE(switches, 8);
  auto recv = eventsNamed(events, "recv_message");
  ASSERT_EQ(recv.size(), 2u);
  std::set<std::string> texts = {recv[0]["text"], recv[1]["text"]};
  EXPECT_EQ(texts, (std::set<std::string>{a, b}));
}

TEST(MsrpTool, AbortedMessageIsReportedAndNotSaved) {
  std::string dir = tempDir("abort");
  Listener l = startListener({"--expect-messages", "1", "--save-dir", dir});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult aborted = runConnector(
      l.port, {"--send-text", std::string(100, 'z'), "--chunk-size", "10", "--abort-after", "35"});
  EXPECT_EQ(aborted.exit_code, 0) << aborted.err;
  auto sent = eventsNamed(parseEvents(aborted.out), "sent_message");
  ASSERT_EQ(sent.size(), 1u) << aborted.out;
  EXPECT_EQ(sent[0]["status"], "aborted");
  EXPECT_EQ(sent[0]["sent"], 35);
  ASSERT_TRUE(waitForEvents(*l.proc, "recv_aborted", 1, 20s)) << l.proc->out();
  CommandResult after = runConnector(l.port, {"--send-text", "after the abort"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();

  auto events = parseEvents(l.proc->out());
  auto chunks = eventsNamed(events, "recv_chunk");
  ASSERT_GE(chunks.size(), 4u);
  EXPECT_EQ(chunks[3]["flag"], "#");
  EXPECT_EQ(chunks[3]["byte_range"], "31-35/100");
  auto ab = eventsNamed(events, "recv_aborted");
  ASSERT_EQ(ab.size(), 1u);
  EXPECT_EQ(ab[0]["bytes"], 35);
  EXPECT_EQ(ab[0]["message_id"], sent[0]["message_id"]);
  auto recv = eventsNamed(events, "recv_message");
  ASSERT_EQ(recv.size(), 1u);
  EXPECT_EQ(recv[0]["text"], "after the abort");
  // Only the complete message is saved; nothing of the aborted one is left behind.
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().filename());
  EXPECT_EQ(files, std::vector<std::string>{recv[0]["message_id"].get<std::string>()});
  fs::remove_all(dir);
}

TEST(MsrpTool, SuccessReportComesBackForTheWholeMessage) {
  Listener l = startListener({"--expect-messages", "1"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(l.port, {"--send-text", std::string(5000, 'r'), "--chunk-size",
                                          "2048", "--success-report", "yes"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto cev = parseEvents(c.out);
  auto reports = eventsNamed(cev, "report");
  auto sent = eventsNamed(cev, "sent_message");
  ASSERT_EQ(reports.size(), 1u) << c.out;
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(reports[0]["status"], 200);
  EXPECT_EQ(reports[0]["byte_range"], "1-5000/5000");
  EXPECT_EQ(reports[0]["message_id"], sent[0]["message_id"]);
  EXPECT_EQ(eventsNamed(parseEvents(l.proc->out()), "summary").at(0)["reports_sent"], 1);
}

TEST(MsrpTool, FailureReportPartialSenderDoesNotWaitForA200) {
  Listener l = startListener({"--expect-messages", "1"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  // With partial no 200 ever comes; the message is done once written, and the success
  // REPORT it asked for is what the sender waits for.
  CommandResult c =
      runConnector(l.port, {"--send-text", "partial please", "--chunk-size", "5",
                            "--failure-report", "partial", "--success-report", "yes"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto cev = parseEvents(c.out);
  EXPECT_TRUE(eventsNamed(cev, "response").empty()) << c.out;
  ASSERT_EQ(eventsNamed(cev, "sent_message").size(), 1u);
  EXPECT_EQ(eventsNamed(cev, "sent_message")[0]["status"], "ok");
  EXPECT_EQ(eventsNamed(cev, "report").size(), 1u);
  EXPECT_EQ(eventsNamed(parseEvents(l.proc->out()), "recv_chunk").size(), 3u);
}

TEST(MsrpTool, RespondOptionGivesTheSenderThatStatus) {
  Listener l = startListener({"--respond", "415"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(l.port, {"--send-text", "refused please"});
  EXPECT_EQ(c.exit_code, 4) << c.out << c.err;  // a sent message failed
  auto cev = parseEvents(c.out);
  auto responses = eventsNamed(cev, "response");
  ASSERT_EQ(responses.size(), 1u) << c.out;
  EXPECT_EQ(responses[0]["status"], 415);
  auto sent = eventsNamed(cev, "sent_message");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["status"], "failed");
  EXPECT_EQ(sent[0]["failure_status"], 415);
  auto lev = stopAndCollect(l);
  EXPECT_TRUE(eventsNamed(lev, "recv_message").empty());
  EXPECT_EQ(eventsNamed(lev, "recv_chunk").at(0)["status"], 415);
}

TEST(MsrpTool, TransactionTimeoutIsAnErrorEvent) {
  // A peer that accepts TCP (the kernel does, from the backlog) and never answers.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  CommandResult c = runConnector(
      ntohs(a.sin_port), {"--send-text", "anyone there?", "--transaction-timeout-ms", "300"});
  ::close(fd);
  EXPECT_EQ(c.exit_code, 4) << c.out << c.err;
  auto errors = eventsNamed(parseEvents(c.out), "error");
  ASSERT_EQ(errors.size(), 1u) << c.out;
  EXPECT_EQ(errors[0]["kind"], "transaction_timeout");
  auto sent = eventsNamed(parseEvents(c.out), "sent_message");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["failure_status"], 408);
}

TEST(MsrpTool, LoadOptionsSendCountMessagesOfSize) {
  Listener l = startListener({"--expect-messages", "300", "--no-chunk-events"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(l.port, {"--count", "300", "--size", "1500", "--chunk-size",
                                          "1000", "--rate", "100000", "--no-chunk-events"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto cs = eventsNamed(parseEvents(c.out), "summary");
  ASSERT_EQ(cs.size(), 1u) << c.out;
  EXPECT_EQ(cs[0]["sent_messages"], 300);
  EXPECT_EQ(cs[0]["sent_chunks"], 600);
  EXPECT_EQ(cs[0]["sent_bytes"], 450000);
  EXPECT_EQ(cs[0]["responses"], 600);
  auto levents = parseEvents(l.proc->out());
  EXPECT_TRUE(eventsNamed(levents, "recv_chunk").empty());  // --no-chunk-events
  auto ls = eventsNamed(levents, "summary");
  ASSERT_EQ(ls.size(), 1u);
  EXPECT_EQ(ls[0]["recv_messages"], 300);
  EXPECT_EQ(ls[0]["recv_bytes"], 450000);
  // Every message arrived with the digest its sender computed.
  std::map<std::string, std::string> sent, recv;
  for (const auto& e : eventsNamed(parseEvents(c.out), "sent_message"))
    sent[e["message_id"]] = e["sha256"];
  for (const auto& e : eventsNamed(levents, "recv_message")) recv[e["message_id"]] = e["sha256"];
  EXPECT_EQ(sent.size(), 300u);
  EXPECT_EQ(sent, recv);
}

TEST(MsrpTool, SlowReceiverStillGetsEveryByte) {
  // --recv-rate pauses and resumes reading; the sender, write-blocked meanwhile, must
  // resume on drain and deliver the whole message.
  Listener l =
      startListener({"--expect-messages", "1", "--recv-rate", "8000000", "--no-chunk-events"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(
      l.port, {"--count", "1", "--size", "3000000", "--chunk-size", "4096", "--no-chunk-events"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto sent = eventsNamed(parseEvents(c.out), "sent_message");
  auto recv = eventsNamed(parseEvents(l.proc->out()), "recv_message");
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(recv.size(), 1u);
  EXPECT_EQ(recv[0]["size"], 3000000);
  EXPECT_EQ(recv[0]["sha256"], sent[0]["sha256"]);
}

TEST(MsrpTool, PeerVanishingMidTransferEndsWithThree) {
  Listener l = startListener({"--recv-rate", "100000", "--no-chunk-events"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  ChildProcess c({kMsrpBin, "--connect", "127.0.0.1:" + std::to_string(l.port), "--json",
                  "--timeout-ms", "30000", "--count", "1", "--size", "5000000"});
  ASSERT_TRUE(waitForEvents(*l.proc, "accepted", 1, 10s)) << l.proc->out();
  l.proc->signal(SIGKILL);
  EXPECT_EQ(c.waitExit(20s), 3) << c.out() << c.err();
  auto closed = eventsNamed(parseEvents(c.out()), "closed");
  ASSERT_EQ(closed.size(), 1u) << c.out();
  EXPECT_TRUE(closed[0]["reason"] == "peer_reset" || closed[0]["reason"] == "peer_closed")
      << closed[0];
  EXPECT_TRUE(eventsNamed(parseEvents(c.out()), "sent_message").empty());
}

TEST(MsrpTool, ConnectionRefusedEndsWithThree) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  ::close(fd);  // bound, never listening: nothing accepts on that port now
  CommandResult c = runConnector(ntohs(a.sin_port), {"--send-text", "nobody home"});
  EXPECT_EQ(c.exit_code, 3) << c.out << c.err;
  auto errors = eventsNamed(parseEvents(c.out), "error");
  ASSERT_EQ(errors.size(), 1u) << c.out;
  EXPECT_EQ(errors[0]["kind"], "connect");
  EXPECT_EQ(errors[0]["reason"], "connect_failed");
}

TEST(MsrpTool, WindowOfOneIsStopAndWait) {
  // One chunk in flight at a time: every send resumes on the previous response.
  Listener l = startListener({"--expect-messages", "20"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  CommandResult c = runConnector(l.port, {"--count", "20", "--size", "300", "--chunk-size", "100",
                                          "--window", "1", "--interleave"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto cev = parseEvents(c.out);
  EXPECT_EQ(eventsNamed(cev, "response").size(), 60u);
  // Every chunk was answered, in the order it was received.
  auto chunks = eventsNamed(parseEvents(l.proc->out()), "recv_chunk");
  auto responses = eventsNamed(cev, "response");
  ASSERT_EQ(chunks.size(), 60u);
  for (size_t i = 0; i < chunks.size(); ++i) EXPECT_EQ(chunks[i]["tid"], responses[i]["tid"]);
  EXPECT_EQ(eventsNamed(cev, "summary").at(0)["sent_messages"], 20);
}

TEST(MsrpTool, BindSendGoesFirstAndIsAnswered) {
  Listener l = startListener({"--expect-messages", "1"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  std::string to = "msrp://127.0.0.1:" + std::to_string(l.port) + "/sessXyZ;tcp";
  CommandResult c =
      runConnector(l.port, {"--bind-send", "--remote-path", to, "--local-uri",
                            "msrp://127.0.0.1:1234/mine42;tcp", "--send-text", "after the bind"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->err();
  auto responses = eventsNamed(parseEvents(c.out), "response");
  ASSERT_EQ(responses.size(), 2u) << c.out;
  EXPECT_EQ(responses[0]["bind"], true);
  EXPECT_EQ(responses[0]["status"], 200);
  auto levents = parseEvents(l.proc->out());
  auto chunks = eventsNamed(levents, "recv_chunk");
  ASSERT_EQ(chunks.size(), 2u);
  EXPECT_EQ(chunks[0]["bodiless"], true);
  EXPECT_EQ(chunks[0]["byte_range"], "1-0/0");
  // The listener learnt our From-Path for its own requests.
  auto learnt = eventsNamed(levents, "remote_path");
  ASSERT_EQ(learnt.size(), 1u);
  EXPECT_EQ(learnt[0]["path"], "msrp://127.0.0.1:1234/mine42;tcp");
  EXPECT_EQ(eventsNamed(levents, "recv_message").at(0)["text"], "after the bind");
}

TEST(MsrpTool, PrintPortWithoutJsonStillGivesTheBoundPort) {
  ChildProcess p({kMsrpBin, "--listen", "127.0.0.1:0", "--print-port", "--timeout-ms", "20000"});
  ASSERT_TRUE(waitForEvents(p, "listening", 1, 10s)) << p.out() << p.err();
  Json first = parseEvents(p.out()).front();
  EXPECT_EQ(first["event"], "listening");
  EXPECT_GT(first["port"].get<int>(), 0);
  RawClient raw(static_cast<uint16_t>(first["port"].get<int>()));
  EXPECT_TRUE(raw.connected());
  p.signal(SIGTERM);
  EXPECT_EQ(p.waitExit(10s), 0) << p.err();
  // The rest is for people: "event key=value" lines.
  EXPECT_NE(p.out().find("\nsummary exit_code=0 "), std::string::npos) << p.out();
}

TEST(MsrpTool, UsageErrorsExitWithTwo) {
  EXPECT_EQ(runCommand({kMsrpBin, "--send-text", "x"}).exit_code, 2);
  EXPECT_EQ(runCommand({kMsrpBin, "--connect", "nowhere"}).exit_code, 2);
  EXPECT_EQ(runCommand({kMsrpBin, "--listen", "127.0.0.1:0", "--connect", "127.0.0.1:1"}).exit_code,
            2);
  CommandResult r = runCommand(
      {kMsrpBin, "--connect", "127.0.0.1:9", "--send-file", "/nonexistent/file", "--json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("\"kind\":\"file\""), std::string::npos) << r.out;
}

// ---- a raw socket speaking to the tool ----

const std::string kPeer = "msrp://127.0.0.1:9/peer1;tcp";

std::string frame(const std::string& tid, const std::string& headers, const std::string& body,
                  char flag, bool with_body) {
  std::string f = "MSRP " + tid +
                  " SEND\r\nTo-Path: msrp://127.0.0.1:1/x;tcp\r\nFrom-Path: " + kPeer + "\r\n" +
                  headers;
  if (with_body) f += "Content-Type: text/plain\r\n\r\n" + body + "\r\n";
  f += "-------" + tid + flag + "\r\n";
  return f;
}

TEST(MsrpTool, MalformedRequestsGet400AndFramingErrorsClose) {
  Listener l = startListener({});
  ASSERT_NE(l.port, 0) << l.proc->err();
  RawClient raw(l.port);
  ASSERT_TRUE(raw.connected());
  // A SEND without Message-ID: refused with 400, the connection stays.
  raw.send(frame("tidnomid1", "Byte-Range: 1-2/2\r\n", "hi", '$', true));
  ASSERT_TRUE(raw.readUntil("-------tidnomid1$\r\n", 10s)) << raw.received();
  EXPECT_EQ(raw.received().rfind("MSRP tidnomid1 400 ", 0), 0u) << raw.received();
  EXPECT_NE(raw.received().find("To-Path: " + kPeer + "\r\n"), std::string::npos);
  EXPECT_NE(raw.received().find("From-Path: " + l.local_uri + "\r\n"), std::string::npos);
  // An unknown method: 501.
  raw.send("MSRP tidmeth01 FETCH\r\nTo-Path: msrp://127.0.0.1:1/x;tcp\r\nFrom-Path: " + kPeer +
           "\r\n-------tidmeth01$\r\n");
  ASSERT_TRUE(raw.readUntil("-------tidmeth01$\r\n", 10s)) << raw.received();
  EXPECT_NE(raw.received().find("MSRP tidmeth01 501 "), std::string::npos);
  // From-Path before To-Path is a framing error: 400 on that transaction, then close.
  raw.send("MSRP tidframe1 SEND\r\nFrom-Path: " + kPeer +
           "\r\nTo-Path: msrp://127.0.0.1:1/x;tcp\r\n-------tidframe1$\r\n");
  EXPECT_TRUE(raw.readUntilClosed(10s)) << raw.received();
  EXPECT_NE(raw.received().find("MSRP tidframe1 400 "), std::string::npos) << raw.received();
  auto events = stopAndCollect(l);
  auto errors = eventsNamed(events, "error");
  ASSERT_EQ(errors.size(), 3u) << l.proc->out();
  EXPECT_EQ(errors[0]["kind"], "bad_request");
  EXPECT_EQ(errors[0]["status"], 400);
  EXPECT_EQ(errors[1]["status"], 501);
  EXPECT_EQ(errors[2]["kind"], "framing");
  EXPECT_EQ(eventsNamed(events, "closed").at(0)["reason"], "protocol_error");
}

TEST(MsrpTool, FailureReportDecidesResponsesAndReportsAreNeverAnswered) {
  Listener l = startListener({});
  ASSERT_NE(l.port, 0) << l.proc->err();
  RawClient raw(l.port);
  ASSERT_TRUE(raw.connected());
  raw.send(frame("tidfrno01", "Message-ID: m1abc\r\nByte-Range: 1-1/1\r\nFailure-Report: no\r\n",
                 "a", '$', true));
  raw.send(frame("tidfrpart1",
                 "Message-ID: m2abc\r\nByte-Range: 1-1/1\r\nFailure-Report: partial\r\n", "b", '$',
                 true));
  raw.send("MSRP tidreport1 REPORT\r\nTo-Path: msrp://127.0.0.1:1/x;tcp\r\nFrom-Path: " + kPeer +
           "\r\nMessage-ID: m9abc\r\nByte-Range: 1-1/1\r\nStatus: 000 200 OK\r\n"
           "-------tidreport1$\r\n");
  raw.send(frame("tidlast01", "Message-ID: m3abc\r\nByte-Range: 1-0/0\r\n", "", '$', false));
  ASSERT_TRUE(raw.readUntil("-------tidlast01$\r\n", 10s)) << raw.received();
  // Responses go out in order, so only the last SEND was answered.
  EXPECT_EQ(raw.received().rfind("MSRP tidlast01 200 OK\r\n", 0), 0u) << raw.received();
  EXPECT_EQ(raw.received().find("MSRP", 1), std::string::npos) << raw.received();
  auto events = stopAndCollect(l);
  EXPECT_EQ(eventsNamed(events, "recv_message").size(), 2u);
  auto reports = eventsNamed(events, "report");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]["message_id"], "m9abc");
}

TEST(MsrpTool, ChunksOutOfOrderAreReassembledByByteRange) {
  Listener l = startListener({"--expect-messages", "1"});
  ASSERT_NE(l.port, 0) << l.proc->err();
  RawClient raw(l.port);
  ASSERT_TRUE(raw.connected());
  // The last chunk first, then a repeat overlapping it, then the first; a body that
  // contains a dashed line of another transaction is body, not an end-line.
  raw.send(frame("tidooo0001", "Message-ID: mooo1\r\nByte-Range: 11-23/23\r\n", "ld\r\n-------x$",
                 '$', true));
  raw.send(frame("tidooo0002", "Message-ID: mooo1\r\nByte-Range: 9-12/23\r\n", "orld", '+', true));
  raw.send(
      frame("tidooo0003", "Message-ID: mooo1\r\nByte-Range: 1-10/23\r\n", "hello, wor", '+', true));
  ASSERT_EQ(l.proc->waitExit(20s), 0) << l.proc->out();
  auto recv = eventsNamed(parseEvents(l.proc->out()), "recv_message");
  ASSERT_EQ(recv.size(), 1u) << l.proc->out();
  EXPECT_EQ(recv[0]["text"], "hello, world\r\n-------x$");
  EXPECT_EQ(recv[0]["size"], 23);
}

}  // namespace
}  // namespace msrpgw::test
