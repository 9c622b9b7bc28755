// The bytes the `msrp` tool writes on a real TCP connection, judged by tshark's MSRP
// dissector (an implementation nobody here wrote): a test peer listens, the tool connects,
// sends two interleaved messages in small chunks and answers the peer's SEND with a 200
// and a success REPORT. The captured stream is cut into frames by our own parser and
// written one frame per TCP segment (tshark shows only the first frame of a segment);
// every frame must decode with the fields the tool reported and without expert warnings.
// Bodies keep ';' out of their first bytes (tshark 4.0 quirk, reference/msrp.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include "proto/msrp/parser.h"
#include "tests/integration/msrp_tool/harness.h"
#include "tests/support/pcap_writer.h"
#include "tests/support/tshark.h"

namespace msrpgw::test {
namespace {

using namespace std::chrono_literals;
namespace pm = proto::msrp;

const std::vector<std::string> kDecodeAs = {"tcp.port==2855,msrp"};
const std::string kPeerUri = "msrp://127.0.0.1:2855/pEEr01;tcp";

// Cuts a byte stream into frames with the project's parser.
struct FrameCutter : pm::FrameSink {
  void onHead(const pm::FrameHead&) override {}
  void onBody(ByteView) override {}
  void onEnd(pm::EndFlag) override {}
  std::vector<std::string> cut(const std::string& stream) {
    pm::Parser parser(*this);
    std::vector<std::string> frames;
    size_t begin = 0, at = 0;
    while (at < stream.size()) {
      pm::FeedResult r = parser.feed(std::string_view(stream).substr(at));
      at += r.consumed;
      if (r.status == pm::FeedStatus::kError) break;
      if (r.status == pm::FeedStatus::kFrameDone) {
        frames.push_back(stream.substr(begin, at - begin));
        begin = at;
      }
    }
    return frames;
  }
};

// Accepts one connection on `lfd` and returns the accepted socket, or -1.
int acceptWithin(int lfd, std::chrono::milliseconds limit) {
  pollfd p{lfd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return -1;
  return ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
}

// Everything the peer sends until it closes (bounded).
std::string readToEof(int fd, std::chrono::milliseconds limit) {
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return in;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return in;
    char buf[65536];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return in;
    in.append(buf, static_cast<size_t>(n));
  }
}

TEST(MsrpToolTshark, EveryFrameTheToolWritesDecodesCleanly) {
  ASSERT_TRUE(haveProgram("tshark")) << "tshark is required (tools/install-deps --test)";
  int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(lfd, 4), 0);
  ASSERT_EQ(::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  uint16_t port = ntohs(a.sin_port);

  ChildProcess tool({kMsrpBin, "--connect", "127.0.0.1:" + std::to_string(port), "--json",
                     "--remote-path", kPeerUri, "--failure-report", "no", "--send-text",
                     "hello tshark one", "--send-text", "and a second one", "--chunk-size", "6",
                     "--interleave", "--expect-messages", "1", "--timeout-ms", "20000"});
  int fd = acceptWithin(lfd, 20s);
  ::close(lfd);
  ASSERT_GE(fd, 0) << tool.err();
  std::string peer_send =
      "MSRP peertid01 SEND\r\nTo-Path: msrp://127.0.0.1:1/x;tcp\r\nFrom-Path: " + kPeerUri +
      "\r\nMessage-ID: peermsg01\r\nByte-Range: 1-13/13\r\nSuccess-Report: yes\r\n"
      "Content-Type: text/plain\r\n\r\nfrom the peer\r\n-------peertid01$\r\n";
  ASSERT_EQ(::send(fd, peer_send.data(), peer_send.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(peer_send.size()));
  std::string stream = readToEof(fd, 20s);
  ::close(fd);
  ASSERT_EQ(tool.waitExit(20s), 0) << tool.out() << tool.err();

  std::vector<std::string> frames = FrameCutter{}.cut(stream);
  // 3 + 3 chunks, the 200 for the peer's SEND, the success REPORT.
  ASSERT_EQ(frames.size(), 8u) << stream;
  size_t joined = 0;
  for (const auto& f : frames) joined += f.size();
  EXPECT_EQ(joined, stream.size());

  std::string pcap = tempPath("msrp_tool.pcap");
  PcapWriter w(pcap);
  for (const auto& f : frames) w.tcp({0x7f000001, 40000}, {0x7f000001, 2855}, f);
  ASSERT_TRUE(w.close());

  EXPECT_EQ(tsharkProblemCount(pcap, kDecodeAs), 0) << tsharkVerbose(pcap, kDecodeAs);
  auto r = tsharkFields(pcap, kDecodeAs, "msrp",
                        {"msrp.method", "msrp.status.code", "msrp.cnt.flg", "msrp.messageid",
                         "msrp.byte.range", "msrp.to.path", "msrp.status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.rows.size(), 8u) << tsharkVerbose(pcap, kDecodeAs);

  auto sent = eventsNamed(parseEvents(tool.out()), "sent_message");
  ASSERT_EQ(sent.size(), 2u) << tool.out();
  std::set<std::string> ids = {sent[0]["message_id"], sent[1]["message_id"]};
  std::multiset<std::string> ranges;
  int sends = 0, responses = 0, reports = 0;
  for (const auto& row : r.rows) {
    if (row[0] == "SEND") {
      ++sends;
      EXPECT_EQ(ids.count(row[3]), 1u) << row[3];
      EXPECT_EQ(row[5], kPeerUri);
      ranges.insert(row[4]);
    } else if (row[0] == "REPORT") {
      ++reports;
      EXPECT_EQ(row[3], "peermsg01");
      EXPECT_EQ(row[4], "1-13/13");
      EXPECT_EQ(row[6], "000 200 OK");
      EXPECT_EQ(row[5], kPeerUri);
    } else {
      ++responses;
      EXPECT_EQ(row[1], "200");
      EXPECT_EQ(row[5], kPeerUri);
    }
  }
  EXPECT_EQ(sends, 6);
  EXPECT_EQ(responses, 1);
  EXPECT_EQ(reports, 1);
  EXPECT_EQ(ranges, (std::multiset<std::string>{"1-6/16", "1-6/16", "7-12/16", "7-12/16",
                                                "13-16/16", "13-16/16"}));
  // The two messages interleave on the wire.
  EXPECT_NE(r.rows[0][3], r.rows[1][3]);
}

}  // namespace
}  // namespace msrpgw::test
