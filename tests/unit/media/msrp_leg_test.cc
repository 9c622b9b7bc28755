// MsrpLeg against a raw MSRP peer over 127.0.0.1: what the leg answers (per Failure-
// Report, session, method and validity), what it hands the sink, what it sends, and how
// transactions end (response, timeout, connection loss).
#include "media/leg/msrp_leg.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "media/connection/listener.h"
#include "proto/msrp/writer.h"
#include "tests/unit/media/connection_keeper.h"
#include "tests/unit/msrp/event_log.h"

namespace msrpgw::media {
namespace {

namespace msrp = proto::msrp;

const std::string kLegUri = "msrp://127.0.0.1:2855/leGsEss10n;tcp";
const std::string kPeerUri = "msrp://127.0.0.1:40000/pEErsEss;tcp";

struct RecordingSink : LegSink {
  std::string log;
  Verdict start_verdict = kAccept;
  std::map<std::string, Verdict> verdict_for;  // by Message-ID, over start_verdict
  Verdict end_verdict = kAccept;
  int up = 0, down = 0, writable = 0;
  CloseReason down_reason = CloseReason::kLocal;
  std::vector<std::pair<uint64_t, uint16_t>> outcomes;
  Verdict onChunkStart(Leg&, const ChunkMeta& m) override {
    log += "start " + m.message_id + " " + m.content_type +
           " fr=" + std::to_string(static_cast<int>(m.failure_report)) + "\n";
    auto it = verdict_for.find(m.message_id);
    return it != verdict_for.end() ? it->second : start_verdict;
  }
  void onChunkBody(Leg&, buffer::Slice piece) override {
    log += "body " + std::string(piece.text()) + "\n";
  }
  Verdict onChunkEnd(Leg&, EndFlag f) override {
    log += std::string("end ") + static_cast<char>(f) + "\n";
    return end_verdict;
  }
  void onReport(Leg&, const ReportMeta& r) override {
    log += "report " + r.message_id + " " + std::to_string(r.status) + "\n";
  }
  void onChunkOutcome(Leg&, uint64_t ref, uint16_t status) override {
    outcomes.emplace_back(ref, status);
  }
  void onLegUp(Leg&) override { ++up; }
  void onLegDown(Leg&, CloseReason r) override {
    ++down;
    down_reason = r;
  }
  void onLegWritable(Leg&) override { ++writable; }
};

// The far end: a raw connection whose received frames are logged by the MSRP parser.
struct Peer : TcpConnection::Handler {
  std::unique_ptr<TcpConnection> conn;
  msrp::test::EventLog events;
  msrp::Parser parser{events};
  bool connected = false, closed = false;
  std::string raw;
  void onData(ByteView b, const buffer::BlockRef&) override {
    raw.append(asText(b));
    size_t off = 0;
    while (off < b.size()) {
      auto r = parser.feed(b.subspan(off));
      off += r.consumed;
      if (r.status == msrp::FeedStatus::kError) break;
    }
  }
  void onConnected() override { connected = true; }
  void onClose(CloseReason) override { closed = true; }
};

class MsrpLegTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    MsrpLegConfig cfg;
    cfg.local_uri = kLegUri;
    cfg.remote_path = kPeerUri;
    cfg.transaction_timeout_ms = timeout_ms_;
    leg_ = std::make_unique<MsrpLeg>(&loop_, pool_, cfg);
    leg_->setSink(&sink_);
    auto l =
        Listener::listen(&loop_, "127.0.0.1", 0, pool_, [this](std::unique_ptr<TcpConnection> c) {
          MsrpConnection& mc = keeper_.adopt(std::move(c));
          leg_->attach(mc, /*send_bind=*/false);
          mc.start();
        });
    ASSERT_TRUE(l.ok());
    listener_ = std::move(l).value();
    sockaddr_storage to;
    ASSERT_TRUE(makeSockaddr("127.0.0.1", listener_->port(), to));
    auto c = TcpConnection::connect(&loop_, reinterpret_cast<sockaddr*>(&to), pool_, &peer_);
    ASSERT_TRUE(c.ok());
    peer_.conn = std::move(c).value();
    runUntil([&] { return peer_.connected && sink_.up == 1; });
    peer_.conn->resumeReading();
  }
  void TearDown() override {
    leg_.reset();
    peer_.conn.reset();
    listener_.reset();
    keeper_.all.clear();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
    EXPECT_EQ(pool_.outstanding(), 0u);
  }
  template <class F>
  void runUntil(F cond) {
    for (int i = 0; i < 200000 && !cond(); ++i) uv_run(&loop_, UV_RUN_ONCE);
    ASSERT_TRUE(cond());
  }
  // Sends raw bytes from the peer in small pieces, to exercise split reads.
  void peerSends(const std::string& bytes, size_t piece = 7) {
    for (size_t i = 0; i < bytes.size(); i += piece) peer_.conn->write(bytes.substr(i, piece));
  }
  std::string send(const std::string& tid, const std::string& extra, const std::string& body,
                   const std::string& to = kLegUri) {
    return "MSRP " + tid + " SEND\r\nTo-Path: " + to + "\r\nFrom-Path: " + kPeerUri + "\r\n" +
           extra + (body.empty() ? "" : "Content-Type: text/plain\r\n\r\n" + body + "\r\n") +
           "-------" + tid + "$\r\n";
  }

  uint32_t timeout_ms_ = 30000;
  uv_loop_t loop_;
  buffer::BlockPool pool_{size_t{16} * 1024, 16};
  ConnectionKeeper keeper_;
  RecordingSink sink_;
  Peer peer_;
  std::unique_ptr<MsrpLeg> leg_;
  std::unique_ptr<Listener> listener_;
};

TEST_F(MsrpLegTest, AcceptedChunkReachesTheSinkAndIsAnswered200) {
  peerSends(send("tid00001", "Message-ID: msg00001\r\nByte-Range: 1-11/11\r\n", "hello world"));
  runUntil([&] { return peer_.events.log.find("end $") != std::string::npos; });
  EXPECT_EQ(sink_.log, "start msg00001 text/plain fr=1\nbody hello world\nend $\n");
  EXPECT_EQ(peer_.events.log, "response 200 \"OK\" tid=tid00001\nTo-Path: " + kPeerUri +
                                  "\nFrom-Path: " + kLegUri + "\nend $\n");
  EXPECT_EQ(leg_->stats().chunks_received, 1u);
  EXPECT_EQ(leg_->stats().bytes_received, 11u);
}

TEST_F(MsrpLegTest, FailureReportDecidesWhatIsAnswered) {
  peerSends(send("tidNo001", "Message-ID: msg00002\r\nFailure-Report: no\r\n", "a"));
  peerSends(send("tidPa001", "Message-ID: msg00003\r\nFailure-Report: partial\r\n", "b"));
  sink_.verdict_for["msg00004"] = 415;
  sink_.verdict_for["msg00005"] = 415;
  peerSends(send("tidPa002", "Message-ID: msg00004\r\nFailure-Report: partial\r\n", "c"));
  peerSends(send("tidNo002", "Message-ID: msg00005\r\nFailure-Report: no\r\n", "d"));
  peerSends(send("tidYes01", "Message-ID: msg00006\r\n", "e"));
  runUntil([&] { return peer_.events.log.find("tid=tidYes01") != std::string::npos; });
  // Only the refused partial chunk and the last (Failure-Report yes) were answered.
  EXPECT_EQ(peer_.events.log.find("tidNo001"), std::string::npos);
  EXPECT_EQ(peer_.events.log.find("tidPa001"), std::string::npos);
  EXPECT_NE(peer_.events.log.find("response 415 \"Unsupported Media Type\" tid=tidPa002"),
            std::string::npos);
  EXPECT_EQ(peer_.events.log.find("tidNo002"), std::string::npos);
  EXPECT_NE(peer_.events.log.find("response 200 \"OK\" tid=tidYes01"), std::string::npos);
}

TEST_F(MsrpLegTest, RefusalsWithTheirCodes) {
  peerSends(
      send("tidSess1", "Message-ID: msg00001\r\n", "x", "msrp://127.0.0.1:2855/otherSession;tcp"));
  peerSends("MSRP tidMeth1 NICKNAME\r\nTo-Path: " + kLegUri + "\r\nFrom-Path: " + kPeerUri +
            "\r\n-------tidMeth1$\r\n");
  peerSends(send("tidNoMid", "Byte-Range: 1-1/1\r\n", "x"));
  peerSends(send("tidLast1", "Message-ID: msg00009\r\n", "ok"));
  runUntil([&] { return peer_.events.log.find("tid=tidLast1") != std::string::npos; });
  EXPECT_NE(peer_.events.log.find("response 481 \"No Such Session\" tid=tidSess1"),
            std::string::npos);
  EXPECT_NE(peer_.events.log.find("response 501 \"Not Implemented\" tid=tidMeth1"),
            std::string::npos);
  EXPECT_NE(peer_.events.log.find("response 400 \"Bad Request\" tid=tidNoMid"), std::string::npos);
  EXPECT_EQ(sink_.log, "start msg00009 text/plain fr=1\nbody ok\nend $\n")
      << "refused chunks never reach the sink";
  // The 481 is the connection's (it routes by session-id); the leg refused the other two.
  EXPECT_EQ(leg_->stats().requests_rejected, 2u);
  ASSERT_EQ(keeper_.all.size(), 1u);
  EXPECT_EQ(keeper_.all[0]->stats().frames_refused, 1u);
}

TEST_F(MsrpLegTest, ReportsAreNeverAnsweredAndKeepalivesStayLocal) {
  peerSends("MSRP tidRep01 REPORT\r\nTo-Path: " + kLegUri + "\r\nFrom-Path: " + kPeerUri +
            "\r\nMessage-ID: msg00001\r\nByte-Range: 1-5/5\r\nStatus: 000 200 "
            "OK\r\n-------tidRep01$\r\n");
  peerSends(send("tidKeep1", "Message-ID: keep0001\r\nByte-Range: 1-0/0\r\n", ""));
  runUntil([&] { return peer_.events.log.find("tid=tidKeep1") != std::string::npos; });
  EXPECT_EQ(sink_.log, "report msg00001 200\n");
  EXPECT_EQ(peer_.events.log.find("tidRep01"), std::string::npos);
  EXPECT_EQ(leg_->stats().keepalives_received, 1u);
}

TEST_F(MsrpLegTest, BrokenFramingGets400AndTheConnectionCloses) {
  peerSends("MSRP tidBad01 SEND\r\nFrom-Path: " + kPeerUri + "\r\nTo-Path: " + kLegUri +
            "\r\n-------tidBad01$\r\n");
  runUntil([&] { return peer_.closed && sink_.down == 1; });
  EXPECT_NE(peer_.raw.find("MSRP tidBad01 400 to_path_not_first\r\n"), std::string::npos)
      << peer_.raw;
  EXPECT_EQ(sink_.down_reason, CloseReason::kProtocolError);
}

TEST_F(MsrpLegTest, SentChunksCarryThisLegsPathsAndGetTheirOutcome) {
  buffer::BlockRef b = pool_.allocate();
  std::memcpy(b->data(), "0123456789", 10);
  buffer::Chain body;
  body.append(buffer::Slice(b, 0, 10));
  b = {};
  ChunkMeta m;
  m.message_id = "outmsg01";
  m.range = ByteRange{11, 20, 30};
  m.content_type = "text/plain";
  m.success_report = ReportMode::kYes;
  ASSERT_TRUE(leg_->sendChunk(m, body, EndFlag::kMore, 77));
  EXPECT_EQ(leg_->outstandingTransactions(), 1u);
  runUntil([&] { return peer_.events.log.find("end +") != std::string::npos; });
  const std::string& log = peer_.events.log;
  const size_t at = log.find("tid=") + 4;
  const std::string tid = log.substr(at, log.find('\n', at) - at);
  EXPECT_EQ(log,
            "request SEND tid=" + tid + "\nTo-Path: " + kPeerUri + "\nFrom-Path: " + kLegUri +
                "\nMessage-ID: outmsg01\nByte-Range: 11-20/30\nSuccess-Report: yes\nContent-Type: "
                "text/plain\nbody 10 \"0123456789\"\nend +\n");
  std::string resp;
  ASSERT_TRUE(msrp::writeResponse(resp, {.tid = tid,
                                         .status = 413,
                                         .comment = "Too Large",
                                         .to_path = kLegUri,
                                         .from_path = kPeerUri})
                  .ok());
  peer_.conn->write(resp);
  runUntil([&] { return !sink_.outcomes.empty(); });
  EXPECT_EQ(sink_.outcomes, (std::vector<std::pair<uint64_t, uint16_t>>{{77, 413}}));
  EXPECT_EQ(leg_->outstandingTransactions(), 0u);

  ASSERT_TRUE(leg_->sendReport({"inmsg001", ByteRange{1, 5, 5}, 200, "OK"}));
  runUntil([&] { return peer_.events.log.find("request REPORT") != std::string::npos; });
  EXPECT_NE(peer_.events.log.find("Status: 000 200 OK"), std::string::npos);
}

TEST_F(MsrpLegTest, LostConnectionEndsOutstandingTransactionsWith408) {
  ChunkMeta m;
  m.message_id = "outmsg02";
  m.range = ByteRange{1, 0, 0};
  ASSERT_TRUE(leg_->sendChunk(m, {}, EndFlag::kComplete, 1));
  ASSERT_TRUE(leg_->sendChunk(m, {}, EndFlag::kComplete, 2));
  m.failure_report = ReportMode::kNo;  // no transaction to track
  ASSERT_TRUE(leg_->sendChunk(m, {}, EndFlag::kComplete, 3));
  EXPECT_EQ(leg_->outstandingTransactions(), 2u);
  runUntil([&] { return peer_.events.log.find("outmsg02") != std::string::npos; });
  peer_.conn->close(CloseReason::kLocal);
  runUntil([&] { return sink_.down == 1; });
  EXPECT_EQ(sink_.outcomes, (std::vector<std::pair<uint64_t, uint16_t>>{{1, 408}, {2, 408}}));
  EXPECT_EQ(sink_.down_reason, CloseReason::kPeerClosed);
  EXPECT_FALSE(leg_->up());
  EXPECT_FALSE(leg_->sendChunk(m, {}, EndFlag::kComplete, 4));
}

class MsrpLegTimeoutTest : public MsrpLegTest {
 protected:
  MsrpLegTimeoutTest() { timeout_ms_ = 20; }
};

TEST_F(MsrpLegTimeoutTest, UnansweredSendTimesOutAs408) {
  ChunkMeta m;
  m.message_id = "outmsg03";
  m.range = ByteRange{1, 0, 0};
  ASSERT_TRUE(leg_->sendChunk(m, {}, EndFlag::kComplete, 9));
  runUntil([&] { return !sink_.outcomes.empty(); });
  EXPECT_EQ(sink_.outcomes, (std::vector<std::pair<uint64_t, uint16_t>>{{9, 408}}));
  EXPECT_EQ(leg_->stats().transaction_timeouts, 1u);
  EXPECT_TRUE(leg_->up()) << "a timeout does not end the connection";
}

}  // namespace
}  // namespace msrpgw::media
