// Kamailio 5.6's msrp relay (pass-through mode of the reference configuration) between two
// msrp tool endpoints: proves the harness against the relay's documented behaviour
// (../shared/reference/msrp.md section 11). A text and a file in chunks under the relay's
// ~11.2 KB frame limit arrive byte for byte (SHA-256 and the saved file); the relay keeps
// each chunk's transaction id, moves its own URI to the front of From-Path, and relays the
// receiver's success REPORTs back over the sender's own connection; a frame above the
// limit is refused with 501 and never reaches the receiver.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <set>

#include "tests/integration/msrp_tool/harness.h"
#include "tests/interop/kamailio_msrp/relay.h"
#include "tests/support/random_file.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;

TEST(KamailioPassThrough, RelaysTextAndFileBetweenTwoEndpoints) {
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  const std::string dir = tempPath("kam_pass_in");
  std::filesystem::create_directories(dir);
  Listener b = startListener({"--expect-messages", "2", "--save-dir", dir});
  ASSERT_NE(b.port, 0) << b.proc->err();

  // 200 KiB in 8000-byte chunks: every frame stays under kamailio's ~11.2 KB limit.
  const std::string file = writeRandomFile("kam_pass.bin", 200 * 1024 + 7, 11);
  CommandResult a =
      runConnector(relay.port(), {"--remote-path", relay.uri() + " " + b.local_uri, "--send-text",
                                  "hello through kamailio", "--send-file", file, "--chunk-size",
                                  "8000", "--success-report", "yes"});
  EXPECT_EQ(a.exit_code, 0) << a.out << a.err << relay.log();
  ASSERT_EQ(b.proc->waitExit(20s), 0) << b.proc->out() << b.proc->err();

  const auto a_events = parseEvents(a.out);
  const auto b_events = parseEvents(b.proc->out());
  auto sent = eventsNamed(a_events, "sent_message");
  auto got = eventsNamed(b_events, "recv_message");
  ASSERT_EQ(sent.size(), 2u) << a.out;
  ASSERT_EQ(got.size(), 2u) << b.proc->out();
  EXPECT_EQ(got[0]["text"], "hello through kamailio");
  EXPECT_EQ(got[1]["sha256"], sent[1]["sha256"]);
  EXPECT_EQ(got[1]["message_id"], sent[1]["message_id"]);
  EXPECT_TRUE(readFile(got[1]["saved"].get<std::string>()) == readFile(file));

  // The relay rotated the path: its URI first in From-Path, then the sender's.
  auto connected = eventsNamed(a_events, "connected");
  ASSERT_EQ(connected.size(), 1u);
  auto learnt = eventsNamed(b_events, "remote_path");
  ASSERT_EQ(learnt.size(), 1u);
  EXPECT_EQ(learnt[0]["path"], relay.uri() + " " + connected[0]["local_uri"].get<std::string>());
  // Kamailio keeps the transaction id across the hop (msrp.md section 10).
  std::set<std::string> sent_tids, recv_tids;
  for (const auto& r : eventsNamed(a_events, "response")) sent_tids.insert(r["tid"]);
  for (const auto& c : eventsNamed(b_events, "recv_chunk")) recv_tids.insert(c["tid"]);
  EXPECT_EQ(recv_tids.size(), 1u + (200 * 1024 + 7 + 7999) / 8000);
  EXPECT_EQ(sent_tids, recv_tids);
  // B's success REPORTs went back through the relay, over A's own connection.
  auto reports = eventsNamed(a_events, "report");
  ASSERT_EQ(reports.size(), 2u) << a.out;
  for (const auto& r : reports) EXPECT_EQ(r["status"], 200);
  EXPECT_EQ(reports[1]["byte_range"], "1-204807/204807");

  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

TEST(KamailioPassThrough, AFrameAboveTheRelayLimitIsRefusedWith501) {
  KamailioRelay relay;
  ASSERT_TRUE(relay.running());
  Listener b = startListener({});
  ASSERT_NE(b.port, 0) << b.proc->err();
  const std::string file = writeRandomFile("kam_big_frame.bin", 12000, 12);
  CommandResult a = runConnector(relay.port(), {"--remote-path", relay.uri() + " " + b.local_uri,
                                                "--send-file", file, "--chunk-size", "0"});
  EXPECT_EQ(a.exit_code, 4) << a.out << a.err;  // done, but the message failed
  auto responses = eventsNamed(parseEvents(a.out), "response");
  ASSERT_EQ(responses.size(), 1u) << a.out;
  EXPECT_EQ(responses[0]["status"], 501);
  // A following small message on the same relay still goes through to B.
  CommandResult a2 = runConnector(relay.port(), {"--remote-path", relay.uri() + " " + b.local_uri,
                                                 "--send-text", "after the refusal"});
  EXPECT_EQ(a2.exit_code, 0) << a2.out << a2.err;
  ASSERT_TRUE(waitForEvents(*b.proc, "recv_message", 1, 10s)) << b.proc->out();
  auto got = eventsNamed(parseEvents(b.proc->out()), "recv_message");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["text"], "after the refusal") << "the refused frame never reached B";
  b.proc->signal(SIGTERM);
  b.proc->waitExit(10s);
  EXPECT_EQ(relay.stop(10s), 0) << relay.log();
}

}  // namespace
}  // namespace msrpgw::test
