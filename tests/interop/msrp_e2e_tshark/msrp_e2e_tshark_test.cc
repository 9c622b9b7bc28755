// tshark (Debian, independent of our code) decodes the MSRP msrpgw really writes: one
// end-to-end run (from A a text and 30 paced 1500-byte messages, from B a 200 KB text
// file that msrpgw re-chunks, all with Success-Report: yes, so msrpgw writes SENDs,
// 200 responses and forwarded REPORTs on both legs, and its bodiless binding SEND) is
// captured on loopback with dumpcap and read back with the MSRP dissector forced on both
// ports. No packet may be malformed or carry an MSRP expert warning, and tshark must see
// msrpgw's frames on both legs. TCP sequence analysis is off and TCP-only packets are not
// judged: their warnings (window full, D-SACK on a loaded loopback) judge the kernel, not
// msrpgw. Bodies are printable text without ';' (the tshark 4.0 quirks in
// reference/msrp.md).
#include <gtest/gtest.h>

#include <iostream>

#include "tests/integration/msrp_e2e/e2e_fixture.h"
#include "tests/interop/msrp_e2e_tshark/frame_capture.h"
#include "tests/support/loopback.h"
#include "tests/support/tshark.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

size_t count(const std::vector<std::vector<std::string>>& rows, const std::string& needle) {
  size_t n = 0;
  for (const auto& row : rows) {
    for (const auto& cell : row) {
      for (size_t at = cell.find(needle); at != std::string::npos; at = cell.find(needle, at + 1)) {
        ++n;
      }
    }
  }
  return n;
}

TEST(MsrpE2eTshark, EveryFrameMsrpgwWritesDecodesWithoutMalformedItems) {
  // msrpgw's MSRP port must be known before the capture starts, which is before the Add.
  const uint16_t gw_port = freeTcpPort();
  ASSERT_NE(gw_port, 0);
  Harness h;
  const std::string ports =
      "msrp.ports=[" + std::to_string(gw_port) + "," + std::to_string(gw_port) + "]";
  ASSERT_TRUE(h.startGateway({"--set", ports}));
  // B sends a 200 KB text file toward A (msrpgw re-chunks it, 1000 -> 2048) while A sends
  // a text and 30 paced 1500-byte messages toward B, all with Success-Report: yes.
  const std::string file = textFile("e2e_text.txt", 200'000);
  ASSERT_TRUE(h.startB({"--expect-messages", "31", "--success-report", "yes", "--chunk-size",
                        "1000", "--send-file", file, "--timeout-ms", "60000"}));

  const std::string pcap = tempPath("e2e_msrp.pcapng");
  LoopbackCapture cap(
      pcap, "tcp port " + std::to_string(gw_port) + " or tcp port " + std::to_string(h.bPort()));
  ASSERT_TRUE(cap.live()) << cap.log();

  ASSERT_TRUE(h.addPair());
  ASSERT_EQ(h.gwPort(), std::to_string(gw_port));
  h.startA({"--success-report", "yes", "--send-text", "hello tshark through msrpgw", "--count",
            "30", "--size", "1500", "--rate", "20", "--expect-messages", "1", "--timeout-ms",
            "60000"});
  ASSERT_TRUE(h.waitBoth(70s));
  EXPECT_EQ(h.aExit(), 0) << h.log();
  EXPECT_EQ(h.bExit(), 0) << h.log();
  auto got = events(h.b().out(), "recv_message");
  ASSERT_EQ(got.size(), 31u) << h.log();
  for (const auto& s : events(h.a().out(), "sent_message")) {
    auto it = std::find_if(got.begin(), got.end(), [&](const nlohmann::json& g) {
      return g["message_id"] == s["message_id"];
    });
    ASSERT_NE(it, got.end()) << s;
    EXPECT_EQ((*it)["sha256"], s["sha256"]);
  }
  auto file_got = events(h.a().out(), "recv_message");
  auto file_sent = events(h.b().out(), "sent_message");
  ASSERT_EQ(file_got.size(), 1u) << h.log();
  ASSERT_EQ(file_sent.size(), 1u) << h.log();
  EXPECT_EQ(file_got[0]["sha256"], file_sent[0]["sha256"]);
  EXPECT_EQ(file_got[0]["chunks"], (200'000 + 2047) / 2048);
  ASSERT_TRUE(cap.stop()) << cap.log();
  std::cout << "[ tshark ] dumpcap: " << cap.log();

  const std::vector<std::string> decode = {"tcp.port==" + std::to_string(gw_port) + ",msrp",
                                           "tcp.port==" + std::to_string(h.bPort()) + ",msrp"};
  CommandResult problems = msrpProblems(pcap, decode);
  ASSERT_EQ(problems.exit_code, 0) << problems.err;
  EXPECT_EQ(problems.out, "") << "tshark found problems in these packets:\n"
                              << problems.out << tsharkVerbose(pcap, decode).substr(0, 20000);

  // msrpgw's frames toward B (its binding SEND and the re-chunked SENDs) and toward A
  // (200 responses, the forwarded success REPORTs), as tshark decoded them.
  const std::string b_port = std::to_string(h.bPort());
  const std::string g_port = std::to_string(gw_port);
  auto to_b = tsharkFields(pcap, decode, "msrp && tcp.dstport==" + b_port,
                           {"msrp.request.line", "msrp.response.line", "msrp.end.line"});
  auto to_a = tsharkFields(pcap, decode, "msrp && tcp.srcport==" + g_port,
                           {"msrp.request.line", "msrp.response.line", "msrp.end.line"});
  auto from_a = tsharkFields(pcap, decode, "msrp && tcp.dstport==" + g_port, {"msrp.request.line"});
  ASSERT_EQ(to_b.exit_code, 0) << to_b.err;
  ASSERT_EQ(to_a.exit_code, 0) << to_a.err;
  const size_t sends_to_b = count(to_b.rows, " SEND");
  const size_t ok_to_a = count(to_a.rows, " 200 OK");
  const size_t reports_to_a = count(to_a.rows, " REPORT");
  std::cout << "[ tshark ] decoded from msrpgw: " << to_b.rows.size() << " packets toward B ("
            << sends_to_b << " SEND lines), " << to_a.rows.size() << " packets toward A ("
            << ok_to_a << " 200 lines, " << reports_to_a << " REPORT lines); from A "
            << from_a.rows.size() << " packets\n";
  // tshark shows the first MSRP frame of each TCP segment only; the 30 paced messages
  // (one 1500-byte chunk each, 50 ms apart) give msrpgw's SENDs, 200s and REPORTs
  // segments of their own, so tshark decodes nearly all of those (a loaded machine may
  // still put two in one segment now and then).
  EXPECT_GE(sends_to_b, 25u) << "tshark decoded too few of msrpgw's SENDs toward B";
  EXPECT_GE(ok_to_a, 25u) << "tshark decoded too few of msrpgw's 200s toward A";
  EXPECT_GE(reports_to_a, 25u) << "tshark decoded too few of msrpgw's REPORTs toward A";
  // B's file: msrpgw's re-cut SENDs toward A, its 200s and the forwarded REPORT toward B.
  EXPECT_GE(count(to_a.rows, " SEND"), 1u) << "tshark saw no SEND written by msrpgw toward A";
  EXPECT_GE(count(to_b.rows, " 200 OK"), 1u) << "tshark saw no 200 written by msrpgw toward B";
  EXPECT_GE(count(to_b.rows, " REPORT"), 1u) << "tshark saw no REPORT written by msrpgw to B";
  // Every end-line tshark found on msrpgw's side closes with a valid flag.
  for (const auto* side : {&to_b, &to_a}) {
    for (const auto& row : side->rows) {
      if (row.size() < 3 || row[2].empty()) continue;
      EXPECT_TRUE(row[2].find('$') != std::string::npos || row[2].find('+') != std::string::npos ||
                  row[2].find('#') != std::string::npos)
          << row[2];
    }
  }
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
