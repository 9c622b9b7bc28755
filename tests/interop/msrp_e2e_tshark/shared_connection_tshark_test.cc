// tshark (Debian, independent of our code) decodes every frame msrpgw writes on one TCP
// connection that four MSRP sessions share while msrpgw runs two workers: the sessions'
// contexts (consecutive ids) alternate between the workers, so the worker that owns the
// connection writes its own sessions' frames between the frames the other worker sends it
// whole through the splice socket pair (media/README.md, "Sessions on different workers").
//
// Traffic, all at once so both workers write to the shared connection together: the
// shared peer sends per session a text and a 4500-byte message in three 1500-byte chunks,
// each far peer a 40000..43000-byte message in 1000-byte chunks, all with Success-Report:
// yes. msrpgw re-cuts every message to its 2048-byte chunks and forwards the REPORTs.
//
// Every byte msrpgw writes toward each peer is captured with dumpcap, reassembled by
// tshark, cut into frames at their end-lines and decoded one frame per segment
// (frame_capture.h). Checked per connection: no byte is left that is not a whole frame;
// tshark decodes each one as MSRP, none malformed or with an expert warning, with the same
// transaction id on its start and end lines; the number of frames is the number the
// traffic makes; each SEND's body, as tshark shows it, is the bytes of its message that its
// Byte-Range names; per session, the transaction ids of msrpgw's 200s are the peer's own
// SENDs', in order, and the Message-IDs, Byte-Ranges and flags of its SENDs and REPORTs
// are those of the messages sent, re-cut; and tshark's frames are, one for one, the frames
// the peer's own parser read. A frame written inside another, or a cut one, fails these.
// Bodies are printable text without ';' (the tshark 4.0 quirks in reference/msrp.md).
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "tests/integration/msrp_e2e/shared_connection_fixture.h"
#include "tests/interop/msrp_e2e_tshark/frame_capture.h"
#include "tests/support/loopback.h"
#include "tests/support/tshark.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

constexpr int kSessions = 4;
constexpr size_t kGatewayChunk = 2048;  // msrp.chunk_size's default
constexpr size_t kSharedBig = 4500, kSharedChunk = 1500, kFarChunk = 1000;

size_t farSize(int i) {
  return 40000 + 1000 * static_cast<size_t>(i);
}

std::string letters(size_t n, int seed) {
  std::string s;
  for (size_t k = 0; k < n; ++k) s.push_back("abcdefghij"[(k * 7 + seed) % 10]);
  return s;
}

std::string range(size_t first, size_t last, size_t total) {
  return std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(total);
}

// The SEND chunks of a `size`-byte message as msrpgw writes them: "mid range flag".
std::vector<std::string> recut(const std::string& mid, size_t size) {
  std::vector<std::string> v;
  for (size_t at = 0; at < size; at += kGatewayChunk) {
    const size_t last = std::min(size, at + kGatewayChunk);
    v.push_back(mid + " " + range(at + 1, last, size) + (last == size ? " $" : " +"));
  }
  return v;
}

// The frames toward one peer, by To-Path and kind: 200s by transaction id, SENDs by
// "mid range flag", REPORTs by "mid range"; in the order written.
using ByKind = std::map<std::string, std::vector<std::string>>;

void add(ByKind& m, const std::string& to, const std::string& kind, const std::string& what) {
  m[to + " " + kind].push_back(what);
}

ByKind byKind(const std::vector<DecodedFrame>& frames) {
  ByKind m;
  for (const DecodedFrame& d : frames) {
    if (!d.status.empty()) add(m, d.to_path, d.status, d.tid);
    if (d.method == "SEND")
      add(m, d.to_path, "SEND", d.message_id + " " + d.byte_range + " " + d.flag);
    if (d.method == "REPORT") add(m, d.to_path, "REPORT", d.message_id + " " + d.byte_range);
    if (d.method != "SEND" && d.method != "REPORT" && d.status.empty())
      add(m, d.to_path, "?", d.tid);
  }
  return m;
}

// The 200s a peer expects: one per SEND it made to msrpgw's URI `gw_uri`, in order.
void expectAnswers(ByKind& m, const MsrpPeer& p, const std::string& gw_uri, const std::string& to) {
  for (const MadeSend& s : p.sends()) {
    if (s.to_path == gw_uri) add(m, to, "200", s.tid);
  }
}

std::string line(const DecodedFrame& d) {
  return d.tid + " " + d.method + d.status + " to=" + d.to_path + " mid=" + d.message_id +
         " br=" + d.byte_range + " " + d.flag;
}

std::string line(const Frame& f) {
  return f.tid + " " + (f.is_request ? f.method : std::to_string(f.status)) + " to=" + f.to_path +
         " mid=" + f.message_id + " br=" + f.byte_range + " " + f.flag;
}

bool allAnswered(const MsrpPeer& p) {
  for (const MadeSend& s : p.sends()) {
    if (p.response(s.tid) == nullptr) return false;
  }
  return true;
}

// The messages of the test, per session.
struct Messages {
  std::vector<std::string> text, text_mid, big_mid, far_mid;
  std::map<std::string, std::string> bodies;  // by Message-ID, bindOnShared's included
};

// `body` as message `mid` from `p`, cut into `chunk`-byte SENDs with Success-Report: yes.
std::string chunked(MsrpPeer& p, const std::string& to, const std::string& from,
                    const std::string& body, const std::string& mid, size_t chunk) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += chunk) {
    Request r = sendRequest(to, from, body.substr(at, chunk), mid);
    r.range_start = at + 1;
    r.total = body.size();
    r.flag = at + chunk >= body.size() ? '$' : '+';
    r.success_report = "yes";
    out += p.make(r).bytes;
  }
  return out;
}

// Every peer writes its messages now: the shared peer all of them in one write.
Messages sendAll(SharedCase& c) {
  Messages m;
  std::string burst;
  for (int i = 0; i < kSessions; ++i) {
    const Session& s = c.sessions[i];
    const std::string n = std::to_string(i);
    m.text.push_back("text of session " + n + " over the shared connection");
    m.text_mid.push_back("txtS" + n);
    m.big_mid.push_back("bigS" + n);
    m.far_mid.push_back("farF" + n);
    for (const MadeSend& made : c.shared->sends()) {
      if (made.to_path == s.gw_uri_shared) m.bodies[made.message_id] = "bind " + n;
    }
    m.bodies[m.text_mid[i]] = m.text[i];
    m.bodies[m.big_mid[i]] = letters(kSharedBig, i);
    m.bodies[m.far_mid[i]] = letters(farSize(i), 3 + i);
    burst += chunked(*c.shared, s.gw_uri_shared, s.shared_uri, m.text[i], m.text_mid[i],
                     m.text[i].size());
    burst += chunked(*c.shared, s.gw_uri_shared, s.shared_uri, m.bodies[m.big_mid[i]], m.big_mid[i],
                     kSharedChunk);
    c.far[i]->write(chunked(*c.far[i], s.gw_uri_far, s.far_uri, m.bodies[m.far_mid[i]],
                            m.far_mid[i], kFarChunk));
  }
  c.shared->write(burst);
  return m;
}

// Every message arrived whole, every SEND was answered, every REPORT came back.
bool allDone(const SharedCase& c, const Messages& m) {
  if (!allAnswered(*c.shared)) return false;
  for (int i = 0; i < kSessions; ++i) {
    const MsrpPeer& f = *c.far[i];
    if (!allAnswered(f) || !c.shared->message(m.far_mid[i]) || !c.shared->report(m.text_mid[i]) ||
        !c.shared->report(m.big_mid[i]) || !f.message(m.text_mid[i]) || !f.message(m.big_mid[i]) ||
        !f.report(m.far_mid[i])) {
      return false;
    }
  }
  return true;
}

// What msrpgw must have written toward each peer (by its port), derived from what was sent.
std::map<uint16_t, ByKind> expectedFrames(const SharedCase& c, const Messages& m) {
  std::map<uint16_t, ByKind> expected;
  ByKind& to_shared = expected[c.shared->localPort()];
  for (int i = 0; i < kSessions; ++i) {
    const Session& s = c.sessions[i];
    expectAnswers(to_shared, *c.shared, s.gw_uri_shared, s.shared_uri);
    for (const std::string& chunk : recut(m.far_mid[i], farSize(i))) {
      add(to_shared, s.shared_uri, "SEND", chunk);
    }
    const size_t n = m.text[i].size();
    add(to_shared, s.shared_uri, "REPORT", m.text_mid[i] + " " + range(1, n, n));
    add(to_shared, s.shared_uri, "REPORT", m.big_mid[i] + " " + range(1, kSharedBig, kSharedBig));

    ByKind& to_far = expected[c.far[i]->localPort()];
    expectAnswers(to_far, *c.far[i], s.gw_uri_far, s.far_uri);
    // The shared peer's messages for this session in order: bindOnShared's ("bind i"), the
    // text (one chunk each), then the 4500 bytes re-cut.
    for (const MadeSend& made : c.shared->sends()) {
      if (made.to_path != s.gw_uri_shared || made.message_id == m.big_mid[i]) continue;
      const size_t size = made.message_id == m.text_mid[i] ? n : 6;
      add(to_far, s.far_uri, "SEND", made.message_id + " " + range(1, size, size) + " $");
    }
    for (const std::string& chunk : recut(m.big_mid[i], kSharedBig)) {
      add(to_far, s.far_uri, "SEND", chunk);
    }
    add(to_far, s.far_uri, "REPORT", m.far_mid[i] + " " + range(1, farSize(i), farSize(i)));
  }
  return expected;
}

// Every SEND chunk tshark decoded carries exactly the bytes of its message that its
// Byte-Range names.
void expectBodies(const std::vector<DecodedFrame>& decoded, const Messages& m) {
  for (const DecodedFrame& d : decoded) {
    if (d.method != "SEND") continue;
    size_t first = 0, last = 0, total = 0;
    ASSERT_EQ(std::sscanf(d.byte_range.c_str(), "%zu-%zu/%zu", &first, &last, &total), 3)
        << line(d);
    auto it = m.bodies.find(d.message_id);
    ASSERT_NE(it, m.bodies.end()) << line(d);
    ASSERT_EQ(total, it->second.size()) << line(d);
    EXPECT_TRUE(first >= 1 && first <= last && last <= total &&
                d.body == it->second.substr(first - 1, last - first + 1))
        << "the body of " << line(d)
        << " is not those bytes of its message: " << d.body.substr(0, 100) << "...";
  }
}

TEST(MsrpE2eTshark, SessionsOfBothWorkersOnOneConnectionDecodeFrameByFrame) {
  const uint16_t gw_port = freeTcpPort();
  ASSERT_NE(gw_port, 0);
  const std::string port = std::to_string(gw_port);
  SharedCase c;
  ASSERT_TRUE(
      c.h.startGateway({"--set", "workers=2", "--set", "msrp.ports=[" + port + "," + port + "]"}));
  const std::string pcap = tempPath("shared_msrp.pcapng");
  LoopbackCapture cap(pcap, "tcp port " + port);
  ASSERT_TRUE(cap.live()) << cap.log();

  // Four sessions on alternating workers; the first binds the shared connection to its
  // worker, the sessions of the other worker are spliced.
  ASSERT_NO_FATAL_FAILURE(setUpSharedSessions(c, 2, kSessions));
  ASSERT_EQ(c.sessions[0].gw_port, gw_port);
  ASSERT_NO_FATAL_FAILURE(bindOnShared(c.h, *c.shared, c.sessions, c.peers));
  const Messages m = sendAll(c);
  ASSERT_TRUE(MsrpPeer::pumpUntil(
      c.peers, [&] { return allDone(c, m); }, 30s))
      << dump(c.h, c.peers);
  // Anything further msrpgw writes is read too, before the capture ends.
  MsrpPeer::pumpUntil(
      c.peers, [] { return false; }, 300ms);
  ASSERT_TRUE(cap.stop()) << cap.log();
  ASSERT_EQ(cap.dropped(), 0) << "the capture lost packets: " << cap.log();
  for (MsrpPeer* p : c.peers) ASSERT_EQ(p->parseError(), "") << dump(c.h, c.peers);

  const std::map<uint16_t, ByKind> expected = expectedFrames(c, m);
  std::vector<uint16_t> ports;
  size_t expected_frames = 0;
  for (const auto& [p, kinds] : expected) {
    ports.push_back(p);
    for (const auto& [k, v] : kinds) expected_frames += v.size();
  }

  std::string err;
  const auto streams = bytesFromGateway(pcap, gw_port, ports, err);
  ASSERT_EQ(err, "");
  std::map<uint16_t, std::vector<std::string>> cut;
  size_t cut_frames = 0;
  for (const auto& [p, bytes] : streams) {
    std::string rest;
    cut[p] = cutFrames(bytes, rest);
    cut_frames += cut[p].size();
    EXPECT_EQ(rest.substr(0, 2000), "")
        << "bytes toward port " << p << " after " << cut[p].size() << " whole frames";
  }
  std::string problems;
  const std::vector<DecodedFrame> decoded =
      decodeOnePerSegment(tempPath("shared_frames.pcap"), gw_port, cut, problems, err);
  ASSERT_EQ(err, "");
  EXPECT_EQ(problems, "") << "tshark found problems in these frames";
  std::cout << "[ tshark ] " << decoded.size() << " frames decoded one per segment ("
            << cut[c.shared->localPort()].size() << " on the shared connection), "
            << expected_frames << " expected\n";
  EXPECT_EQ(cut_frames, expected_frames);
  ASSERT_EQ(decoded.size(), cut_frames) << "tshark saw a different number of packets";

  ASSERT_NO_FATAL_FAILURE(expectBodies(decoded, m));
  std::map<uint16_t, std::vector<DecodedFrame>> per_port;
  for (const DecodedFrame& d : decoded) {
    EXPECT_FALSE(d.tid.empty()) << "not decoded as MSRP: " << line(d);
    EXPECT_EQ(d.tid, d.end_tid) << "start and end-line differ: " << line(d);
    per_port[d.peer_port].push_back(d);
  }
  for (const MsrpPeer* peer : c.peers) {
    SCOPED_TRACE("toward " + peer->name());
    const uint16_t p = peer->localPort();
    ASSERT_EQ(expected.count(p), 1u);
    EXPECT_EQ(byKind(per_port[p]), expected.at(p));
    // tshark and the peer's own parser read the same frames, one for one.
    std::vector<std::string> from_tshark, from_peer;
    for (const DecodedFrame& d : per_port[p]) from_tshark.push_back(line(d));
    for (const Frame& f : peer->frames()) from_peer.push_back(line(f));
    EXPECT_EQ(from_tshark, from_peer);
  }

  // The capture as written (tshark sees the first frame of each segment): clean as well.
  CommandResult raw = msrpProblems(pcap, {"tcp.port==" + port + ",msrp"});
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  EXPECT_EQ(raw.out, "") << "tshark found problems in the capture";
  EXPECT_TRUE(c.h.stopGateway()) << c.h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
