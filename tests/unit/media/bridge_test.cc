// The bridge between two real MsrpLegs, each facing a scripted MSRP peer over
// 127.0.0.1: re-chunking both ways, Message-ID and Byte-Range on the far side,
// 200-then-own-delivery (failure responses, lost connections and REPORTs mapped back to
// the sender as its reports ask), aborts, filters, Mode, holding for a far leg that is
// not up yet, and back-pressure.
#include "media/bridge/bridge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "media/bridge/flat_index.h"
#include "media/connection/listener.h"
#include "media/filter/accept_types_filter.h"
#include "media/leg/msrp_leg.h"
#include "proto/msrp/writer.h"
#include "tests/unit/media/connection_keeper.h"
#include "tests/unit/media/scripted_peer.h"

namespace msrpgw::media {
namespace {

namespace msrp = proto::msrp;

class BridgeTest : public ::testing::Test {
 protected:
  void build(BridgeDirection a_to_b, BridgeDirection b_to_a, bool connect_b = true) {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    for (int i = 0; i < 2; ++i) {
      ScriptedPeer& p = peer_[i];
      p.name = i == 0 ? "A" : "B";
      p.uri = "msrp://127.0.0.1:4000" + std::to_string(i) + "/peer" + p.name + "sess;tcp";
      p.leg_uri = "msrp://127.0.0.1:2855/leg" + p.name + "sess;tcp";
      MsrpLegConfig cfg{p.leg_uri, p.uri, 30000, {}, {}};
      leg_[i] = std::make_unique<MsrpLeg>(&loop_, pool_, cfg);
      auto l = Listener::listen(&loop_, "127.0.0.1", 0, pool_,
                                [this, i](std::unique_ptr<TcpConnection> c) {
                                  MsrpConnection& mc = keeper_.adopt(std::move(c));
                                  leg_[i]->attach(mc, false);
                                  mc.start();
                                });
      ASSERT_TRUE(l.ok());
      listener_[i] = std::move(l).value();
    }
    bridge_ = std::make_unique<Bridge>(*leg_[0], *leg_[1], std::move(a_to_b), std::move(b_to_a));
    connectPeer(0);
    if (connect_b) connectPeer(1);
  }
  void connectPeer(int i) {
    sockaddr_storage to;
    ASSERT_TRUE(makeSockaddr("127.0.0.1", listener_[i]->port(), to));
    auto c = TcpConnection::connect(&loop_, reinterpret_cast<sockaddr*>(&to), pool_, &peer_[i]);
    ASSERT_TRUE(c.ok());
    peer_[i].conn = std::move(c).value();
    runUntil([&] { return peer_[i].connected && leg_[i]->up(); });
    peer_[i].conn->resumeReading();
  }
  void TearDown() override {
    bridge_.reset();
    for (int i = 0; i < 2; ++i) {
      leg_[i].reset();
      peer_[i].conn.reset();
      listener_[i].reset();
    }
    keeper_.all.clear();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
    EXPECT_EQ(pool_.outstanding(), 0u);
  }
  template <class F>
  void runUntil(F cond) {
    for (int i = 0; i < 400000 && !cond(); ++i) uv_run(&loop_, UV_RUN_ONCE);
    ASSERT_TRUE(cond());
  }
  void runFor(int turns) {
    for (int i = 0; i < turns; ++i) uv_run(&loop_, UV_RUN_NOWAIT);
  }
  // A SEND from peer i to its leg.
  std::string send(int i, const std::string& tid, const std::string& mid, const std::string& range,
                   const std::string& body, char flag = '$', const std::string& extra = "") {
    const ScriptedPeer& p = peer_[i];
    return "MSRP " + tid + " SEND\r\nTo-Path: " + p.leg_uri + "\r\nFrom-Path: " + p.uri +
           "\r\nMessage-ID: " + mid + "\r\nByte-Range: " + range + "\r\n" + extra +
           "Content-Type: text/plain\r\n\r\n" + body + "\r\n-------" + tid + flag + "\r\n";
  }
  static BridgeDirection dir(uint32_t chunk) {
    BridgeDirection d;
    d.chunk_size = chunk;
    return d;
  }

  uv_loop_t loop_;
  buffer::BlockPool pool_{size_t{16} * 1024, 32};
  ConnectionKeeper keeper_;
  ScriptedPeer peer_[2];
  std::unique_ptr<MsrpLeg> leg_[2];
  std::unique_ptr<Listener> listener_[2];
  std::unique_ptr<Bridge> bridge_;
};

TEST_F(BridgeTest, PassThroughKeepsMessageIdAndRangeAndAnswersTheSender) {
  build(dir(2048), dir(2048));
  peer_[0].send(send(0, "tA000001", "mid00001", "1-5/5", "hello"));
  runUntil([&] { return peer_[1].frames.size() == 1 && peer_[0].frames.size() == 1; });
  EXPECT_EQ(peer_[1].frames[0], "SEND mid00001 1-5/5 $ hello");
  EXPECT_EQ(peer_[0].frames[0], "200");
  // And the other way.
  peer_[1].send(send(1, "tB000001", "mid00002", "1-3/3", "hey"));
  runUntil([&] { return peer_[0].frames.size() == 2; });
  EXPECT_EQ(peer_[0].frames[1], "SEND mid00002 1-3/3 $ hey");
  runUntil([&] { return bridge_->messagesInFlight() == 0; });
  EXPECT_EQ(bridge_->stats(Bridge::kA).messages_forwarded, 1u);
  EXPECT_EQ(bridge_->stats(Bridge::kB).messages_forwarded, 1u);
}

// A finished message goes back to its thread's pool and the next one reuses it: after a
// burst of n messages in flight the pool holds at least n, and a second burst as large
// takes all of its messages from the pool (none allocated, so the pool does not grow).
TEST_F(BridgeTest, FinishedMessagesAreReusedByTheNextOnes) {
  build(dir(2048), dir(2048));
  peer_[1].answer = 0;  // B holds its answers: the whole burst is in flight at once
  constexpr size_t kBurst = 12;
  int next = 0;
  auto burst = [&] {
    std::string frames;
    for (size_t i = 0; i < kBurst; ++i, ++next) {
      char id[16];
      std::snprintf(id, sizeof id, "%08d", next);
      frames += send(0, std::string("t") + id, std::string("m") + id, "1-2/2", "hi");
    }
    peer_[0].send(frames);
    runUntil([&] { return peer_[1].held.size() == kBurst; });
    EXPECT_EQ(bridge_->messagesInFlight(), kBurst);
    peer_[1].answerHeld(200);
    runUntil([&] { return bridge_->messagesInFlight() == 0; });
  };
  const size_t before = Bridge::spareMessages();  // other tests on this thread leave some
  burst();
  const size_t after_first = Bridge::spareMessages();
  EXPECT_EQ(after_first, std::max(before, kBurst));
  burst();
  EXPECT_EQ(Bridge::spareMessages(), after_first);
  EXPECT_EQ(bridge_->stats(Bridge::kA).messages_forwarded, 2 * kBurst);
}

TEST_F(BridgeTest, OneChunkIsCutIntoTheFarLegsChunkSize) {
  build(dir(4), dir(2048));
  peer_[0].send(send(0, "tA000002", "mid00003", "1-10/10", "0123456789"));
  runUntil([&] { return peer_[1].frames.size() == 3; });
  EXPECT_EQ(peer_[1].frames,
            (std::vector<std::string>{"SEND mid00003 1-4/10 + 0123", "SEND mid00003 5-8/10 + 4567",
                                      "SEND mid00003 9-10/10 $ 89"}));
}

TEST_F(BridgeTest, SmallChunksCoalesceAndUnknownTotalsAreFilledAtTheEnd) {
  build(dir(100), dir(2048));
  peer_[0].send(send(0, "tA000003", "mid00004", "1-3/*", "abc", '+'));
  peer_[0].send(send(0, "tA000004", "mid00004", "4-6/*", "def", '+'));
  peer_[0].send(send(0, "tA000005", "mid00004", "7-9/*", "ghi", '$'));
  runUntil([&] { return peer_[1].frames.size() == 1 && peer_[0].frames.size() == 3; });
  EXPECT_EQ(peer_[1].frames[0], "SEND mid00004 1-9/9 $ abcdefghi");
  EXPECT_EQ(peer_[0].frames, (std::vector<std::string>{"200", "200", "200"}));
}

TEST_F(BridgeTest, AbortGoesOnAsHash) {
  build(dir(4), dir(2048));
  peer_[0].send(send(0, "tA000006", "mid00005", "1-5/20", "abcde", '+'));
  peer_[0].send(send(0, "tA000007", "mid00005", "6-7/20", "fg", '#'));
  runUntil([&] { return peer_[1].frames.size() == 2; });
  EXPECT_EQ(peer_[1].frames, (std::vector<std::string>{"SEND mid00005 1-4/20 + abcd",
                                                       "SEND mid00005 5-7/20 # efg"}));
  EXPECT_EQ(bridge_->stats(Bridge::kA).messages_aborted, 1u);
}

TEST_F(BridgeTest, FarSideFailureBecomesAFailureReportToTheSender) {
  build(dir(2048), dir(2048));
  peer_[1].answer = 415;
  peer_[0].send(send(0, "tA000008", "mid00006", "1-5/5", "hello"));
  runUntil([&] { return peer_[0].frames.size() == 2; });
  EXPECT_EQ(peer_[0].frames[0], "200") << "accepted first: msrpgw owns delivery";
  EXPECT_EQ(peer_[0].frames[1], "REPORT mid00006 1-5/5 000 415 Unsupported Media Type");
  // Failure-Report: no asks for nothing.
  peer_[0].send(send(0, "tA000009", "mid00007", "1-5/5", "hello", '$', "Failure-Report: no\r\n"));
  peer_[0].send(send(0, "tA000010", "mid00008", "1-2/2", "hi"));
  runUntil([&] { return peer_[0].frames.size() == 4; });
  EXPECT_EQ(peer_[0].frames[2], "200");
  EXPECT_EQ(peer_[0].frames[3], "REPORT mid00008 1-2/2 000 415 Unsupported Media Type");
  EXPECT_EQ(bridge_->stats(Bridge::kA).reports_generated, 2u);
}

TEST_F(BridgeTest, AnswersToARetiredBridgesChunksDoNotReachTheNextBridge) {
  // A Modify may rebuild a context's bridge while the far peer still owes answers to the
  // old bridge's chunks; those answers must not be taken for the new bridge's chunks.
  build(dir(2048), dir(2048));
  peer_[1].answer = 0;
  peer_[0].send(send(0, "tA000050", "old00001", "1-5/5", "hello"));
  runUntil([&] { return peer_[1].frames.size() == 1 && peer_[0].frames.size() == 1; });
  const std::string old_tid = peer_[1].tid;
  bridge_.reset();
  bridge_ = std::make_unique<Bridge>(*leg_[0], *leg_[1], dir(2048), dir(2048));
  peer_[0].send(send(0, "tA000051", "new00001", "1-3/3", "hey"));
  runUntil([&] { return peer_[1].frames.size() == 2 && peer_[0].frames.size() == 2; });
  const std::string new_tid = peer_[1].tid;
  ASSERT_NE(old_tid, new_tid);
  auto answer = [&](const std::string& tid, uint16_t status) {
    std::string out;
    ASSERT_TRUE(msrp::writeResponse(out, {.tid = tid,
                                          .status = status,
                                          .comment = "X",
                                          .to_path = peer_[1].reply_to,
                                          .from_path = peer_[1].reply_from})
                    .ok());
    peer_[1].send(out);
  };
  answer(old_tid, 481);  // for the old message: its bridge is gone, nobody is told
  answer(new_tid, 200);
  runUntil([&] { return bridge_->messagesInFlight() == 0; });
  runFor(50);
  EXPECT_EQ(peer_[0].frames.size(), 2u) << "no REPORT for new00001: " << peer_[0].frames.back();
  EXPECT_EQ(bridge_->stats(Bridge::kA).reports_generated, 0u);
  EXPECT_EQ(bridge_->stats(Bridge::kA).messages_refused, 0u);
}

TEST_F(BridgeTest, SuccessReportsFromTheFarPeerGoBackWhenAsked) {
  build(dir(2048), dir(2048));
  peer_[0].send(send(0, "tA000011", "mid00009", "1-5/5", "hello", '$', "Success-Report: yes\r\n"));
  runUntil([&] { return peer_[1].frames.size() == 1; });
  EXPECT_EQ(peer_[1].frames[0], "SEND mid00009 1-5/5 sr=yes $ hello");
  auto report = [&](const std::string& mid, const std::string& status) {
    return "MSRP rep" + mid + " REPORT\r\nTo-Path: " + peer_[1].leg_uri +
           "\r\nFrom-Path: " + peer_[1].uri + "\r\nMessage-ID: " + mid +
           "\r\nByte-Range: 1-5/5\r\nStatus: " + status + "\r\n-------rep" + mid + "$\r\n";
  };
  peer_[1].send(report("mid00009", "000 200 OK"));
  peer_[1].send(report("unknown1", "000 200 OK"));  // not ours: dropped
  runUntil([&] { return peer_[0].frames.size() == 2; });
  EXPECT_EQ(peer_[0].frames[1], "REPORT mid00009 1-5/5 000 200 OK");
  runFor(50);
  EXPECT_EQ(peer_[0].frames.size(), 2u);
}

TEST_F(BridgeTest, FarPeerVanishingFailsWhatItHadNotAnswered) {
  build(dir(2048), dir(2048));
  peer_[1].answer = 0;  // takes the chunk, never answers, then goes away
  peer_[0].send(send(0, "tA000012", "mid00010", "1-5/5", "hello"));
  runUntil([&] { return peer_[1].frames.size() == 1; });
  peer_[1].conn->close(CloseReason::kLocal);
  runUntil([&] { return peer_[0].frames.size() == 2; });
  EXPECT_EQ(peer_[0].frames[1], "REPORT mid00010 1-5/5 000 408 Request Timeout");
  // The far session is gone: new messages are refused.
  peer_[0].send(send(0, "tA000013", "mid00011", "1-2/2", "hi"));
  runUntil([&] { return peer_[0].frames.size() == 3; });
  EXPECT_EQ(peer_[0].frames[2], "481");
}

// REPORTs from the far peer map to the sender's Success-Report while their message is in
// flight, however many are, and for the last 64 finished messages per side after that.
TEST_F(BridgeTest, ReportsMapForEveryMessageInFlight) {
  build(dir(2048), dir(2048));
  peer_[1].answer = 0;  // B takes every chunk and answers none: all stay in flight
  const int kMessages = 100;
  for (int i = 0; i < kMessages; ++i) {
    peer_[0].send(send(0, "tR" + std::to_string(100000 + i), "rmsg" + std::to_string(1000 + i),
                       "1-2/2", "hi", '$', "Success-Report: yes\r\n"));
  }
  runUntil([&] { return peer_[1].frames.size() == kMessages; });
  EXPECT_EQ(bridge_->messagesInFlight(), static_cast<size_t>(kMessages));
  for (int i : {0, 50, 99}) {
    peer_[1].send("MSRP rep" + std::to_string(i) + "x REPORT\r\nTo-Path: " + peer_[1].leg_uri +
                  "\r\nFrom-Path: " + peer_[1].uri + "\r\nMessage-ID: rmsg" +
                  std::to_string(1000 + i) + "\r\nByte-Range: 1-2/2\r\nStatus: 000 200 OK\r\n" +
                  "-------rep" + std::to_string(i) + "x$\r\n");
  }
  runUntil([&] { return peer_[0].frames.size() == kMessages + 3; });
  EXPECT_EQ(peer_[0].frames[kMessages], "REPORT rmsg1000 1-2/2 000 200 OK");
  EXPECT_EQ(peer_[0].frames[kMessages + 1], "REPORT rmsg1050 1-2/2 000 200 OK");
  EXPECT_EQ(peer_[0].frames[kMessages + 2], "REPORT rmsg1099 1-2/2 000 200 OK");
}

TEST_F(BridgeTest, LateReportsMapForTheLast64FinishedMessages) {
  build(dir(2048), dir(2048));
  const int kMessages = 100;
  for (int i = 0; i < kMessages; ++i) {
    peer_[0].send(send(0, "tL" + std::to_string(100000 + i), "lmsg" + std::to_string(1000 + i),
                       "1-2/2", "hi", '$', "Success-Report: yes\r\n"));
  }
  runUntil([&] { return peer_[1].frames.size() == kMessages; });
  runUntil([&] { return bridge_->messagesInFlight() == 0; });  // every 200 from B is in
  // Finished in order lmsg1000..lmsg1099: the last 64 are lmsg1036..lmsg1099.
  for (int i : {0, 35, 36, 99}) {
    peer_[1].send("MSRP rep" + std::to_string(i) + "x REPORT\r\nTo-Path: " + peer_[1].leg_uri +
                  "\r\nFrom-Path: " + peer_[1].uri + "\r\nMessage-ID: lmsg" +
                  std::to_string(1000 + i) + "\r\nByte-Range: 1-2/2\r\nStatus: 000 200 OK\r\n" +
                  "-------rep" + std::to_string(i) + "x$\r\n");
  }
  runUntil([&] { return peer_[0].frames.size() >= kMessages + 2; });
  runFor(50);
  ASSERT_EQ(peer_[0].frames.size(), static_cast<size_t>(kMessages + 2));
  EXPECT_EQ(peer_[0].frames[kMessages], "REPORT lmsg1036 1-2/2 000 200 OK");
  EXPECT_EQ(peer_[0].frames[kMessages + 1], "REPORT lmsg1099 1-2/2 000 200 OK");
  EXPECT_EQ(bridge_->stats(Bridge::kA).reports_forwarded, 2u);
}

// The filter remembers the last type it accepted; verdicts must not depend on what came
// before: each type gets the verdict of RFC 4975 section 8.6 in any order.
TEST(AcceptTypesFilterVerdicts, RepeatedAndAlternatingTypes) {
  namespace sdp = proto::sdp;
  filter::AcceptTypesFilter f({{"text", "plain"}, {"message", "cpim"}}, {{"image", "png"}});
  auto verdict = [&](const std::string& type) {
    ChunkMeta m;
    m.content_type = type;
    filter::Verdict v = f.onMessageStart(m);
    return std::to_string(v.status) + (v.accepted() ? "" : std::string(" ") + v.reason) + " " +
           std::to_string(f.headBytes(m));
  };
  const std::string head = std::to_string(filter::AcceptTypesFilter::kMaxCpimHead);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(verdict("text/plain"), "0 0");
    EXPECT_EQ(verdict("text/plain"), "0 0");
    EXPECT_EQ(verdict("text/html"), "415 type_not_accepted 0");
    EXPECT_EQ(verdict("TEXT/PLAIN"), "0 0");
    EXPECT_EQ(verdict("image/png"), "415 type_only_wrapped 0");
    EXPECT_EQ(verdict("message/cpim"), "0 " + head);
    EXPECT_EQ(verdict("message/cpim"), "0 " + head);
    EXPECT_EQ(verdict("text/plain;charset=utf-8"), "0 0");
    EXPECT_EQ(verdict("text"), "415 bad_content_type 0");
    EXPECT_EQ(verdict("Message/CPIM"), "0 " + head);
  }
}

// The bridge's index against std::multimap as the oracle: random inserts, finds and
// erases over few keys (long probe runs, repeated keys), through growth and release.
TEST(FlatIndex, AgreesWithAMultimap) {
  detail::FlatIndex<std::unique_ptr<int>> index;
  std::multimap<uint64_t, int> oracle;
  std::mt19937_64 rng(7);
  int next_value = 0;
  for (int round = 0; round < 3; ++round) {
    for (int op = 0; op < 20000; ++op) {
      const uint64_t key = 1 + rng() % (round == 1 ? 4000 : 40);
      const int what = static_cast<int>(rng() % 3);
      if (what == 0 || oracle.size() < 10) {
        index.insert(key, std::make_unique<int>(next_value));
        oracle.emplace(key, next_value++);
      } else {
        // A value stored under the key, or one that is not there.
        auto range = oracle.equal_range(key);
        const int wanted =
            range.first != range.second && rng() % 4 != 0
                ? std::next(range.first,
                            static_cast<long>(rng() % static_cast<uint64_t>(std::distance(
                                                          range.first, range.second))))
                      ->second
                : -1;
        auto match = [&](const std::unique_ptr<int>& v) { return *v == wanted; };
        std::unique_ptr<int>* found = index.find(key, match);
        ASSERT_EQ(found != nullptr, wanted >= 0) << "key " << key;
        if (what == 2 && wanted >= 0) {
          ASSERT_TRUE(index.erase(key, match));
          for (auto it = range.first; it != range.second; ++it) {
            if (it->second == wanted) {
              oracle.erase(it);
              break;
            }
          }
        }
      }
      ASSERT_EQ(index.size(), oracle.size());
    }
    // Everything left is found, then erased; the table is empty again.
    for (const auto& [key, value] : oracle) {
      const int v = value;
      ASSERT_TRUE(index.erase(key, [v](const std::unique_ptr<int>& p) { return *p == v; }));
    }
    oracle.clear();
    EXPECT_TRUE(index.empty());
    EXPECT_EQ(index.find(1), nullptr);
  }
}

struct RejectHtml : filter::ContentFilter {
  filter::Verdict onMessageStart(const ChunkMeta& m) override {
    if (m.content_type == "text/html") return {415, "type_not_accepted"};
    return filter::Verdict::accept();
  }
};

TEST_F(BridgeTest, FiltersAndModeRefuseBeforeTheFarSide) {
  BridgeDirection a = dir(2048);
  a.filters.push_back(std::make_unique<RejectHtml>());
  BridgeDirection b = dir(2048);
  b.allowed = false;  // e.g. Mode SendOnly on the far termination
  build(std::move(a), std::move(b));
  std::string html = send(0, "tA000014", "mid00012", "1-4/4", "<b/>");
  html.replace(html.find("text/plain"), 10, "text/html");
  peer_[0].send(html);
  peer_[1].send(send(1, "tB000002", "mid00013", "1-2/2", "no"));
  runUntil([&] { return peer_[0].frames.size() == 1 && peer_[1].frames.size() == 1; });
  EXPECT_EQ(peer_[0].frames[0], "415");
  EXPECT_EQ(peer_[1].frames[0], "403");
}

// B's SDP: a=accept-types:message/cpim, a=accept-wrapped-types:text/plain. The wrapped
// type is read from the CPIM body (held until its MIME headers are complete), whether
// the headers come in one chunk or several.
TEST_F(BridgeTest, WrappedTypesAreCheckedInsideMessageCpim) {
  namespace sdp = proto::sdp;
  BridgeDirection a = dir(2048);
  a.filters.push_back(
      std::make_unique<filter::AcceptTypesFilter>(std::vector<sdp::MediaRange>{{"message", "cpim"}},
                                                  std::vector<sdp::MediaRange>{{"text", "plain"}}));
  build(std::move(a), dir(2048));
  auto cpim = [](const std::string& inner_type, const std::string& body) {
    return "From: <sip:a@example.com>\r\nTo: <sip:b@example.com>\r\n\r\nContent-Type: " +
           inner_type + "\r\n\r\n" + body;
  };
  auto sendAs = [&](const std::string& tid, const std::string& mid, uint64_t from, uint64_t total,
                    const std::string& body, char flag) {
    std::string range = std::to_string(from) + "-" + std::to_string(from + body.size() - 1) + "/" +
                        std::to_string(total);
    std::string f = send(0, tid, mid, range, body, flag);
    f.replace(f.find("text/plain"), 10, "message/cpim");
    peer_[0].send(f);
  };
  const std::string ok = cpim("text/plain", "hi");
  const std::string png = cpim("image/png", "PNG");
  sendAs("tA000030", "cpim0001", 1, ok.size(), ok, '$');
  sendAs("tA000031", "cpim0002", 1, png.size(), png, '$');
  // The same two, with the CPIM head cut inside the From header.
  sendAs("tA000032", "cpim0003", 1, ok.size(), ok.substr(0, 10), '+');
  sendAs("tA000033", "cpim0003", 11, ok.size(), ok.substr(10), '$');
  sendAs("tA000034", "cpim0004", 1, png.size(), png.substr(0, 10), '+');
  sendAs("tA000035", "cpim0004", 11, png.size(), png.substr(10), '$');
  // A type B takes only wrapped, sent bare.
  peer_[0].send(send(0, "tA000036", "cpim0005", "1-4/4", "bare"));
  runUntil([&] { return peer_[0].frames.size() == 7; });
  EXPECT_EQ(peer_[0].frames,
            (std::vector<std::string>{"200", "415", "200", "200", "200", "415", "415"}));
  runUntil([&] { return peer_[1].frames.size() == 2; });
  runFor(50);
  ASSERT_EQ(peer_[1].frames.size(), 2u) << "nothing refused reaches B";
  const std::string whole = "1-" + std::to_string(ok.size()) + "/" + std::to_string(ok.size());
  EXPECT_EQ(peer_[1].frames[0], "SEND cpim0001 " + whole + " $ " + ok);
  EXPECT_EQ(peer_[1].frames[1], "SEND cpim0003 " + whole + " $ " + ok);
  EXPECT_EQ(bridge_->heldBytes(), 0u);
}

TEST_F(BridgeTest, MessagesWaitForAFarLegThatIsNotUpYet) {
  build(dir(2048), dir(2048), /*connect_b=*/false);
  peer_[0].send(send(0, "tA000015", "mid00014", "1-5/5", "early"));
  runUntil([&] { return peer_[0].frames.size() == 1; });
  EXPECT_EQ(peer_[0].frames[0], "200");
  EXPECT_EQ(bridge_->heldBytes(), 5u);
  connectPeer(1);
  runUntil([&] { return peer_[1].frames.size() == 1; });
  EXPECT_EQ(peer_[1].frames[0], "SEND mid00014 1-5/5 $ early");
  EXPECT_EQ(bridge_->heldBytes(), 0u);
}

TEST_F(BridgeTest, MaxSizeOfTheFarSideRefusesWith413) {
  BridgeDirection a = dir(4);
  a.max_message_size = 8;
  build(std::move(a), dir(2048));
  peer_[0].send(send(0, "tA000016", "mid00015", "1-10/10", "0123456789"));  // total says too large
  peer_[0].send(send(0, "tA000017", "mid00016", "1-6/*", "abcdef", '+'));   // grows too large
  peer_[0].send(send(0, "tA000018", "mid00016", "7-12/*", "ghijkl", '$'));
  runUntil([&] { return peer_[0].frames.size() == 3; });
  EXPECT_EQ(peer_[0].frames[0], "413");
  EXPECT_EQ(peer_[0].frames[1], "200");
  EXPECT_EQ(peer_[0].frames[2], "413");
  runUntil([&] { return peer_[1].frames.size() == 2; });
  EXPECT_EQ(peer_[1].frames,
            (std::vector<std::string>{"SEND mid00016 1-4/* + abcd", "SEND mid00016 5-6/* # ef"}));
}

TEST_F(BridgeTest, ASlowFarPeerPausesTheSenderAndEverythingArrives) {
  BridgeDirection a = dir(64 * 1024);
  build(std::move(a), dir(2048));
  peer_[1].keep_bodies = false;
  peer_[1].conn->pauseReading();
  const size_t kChunk = 60000, kChunks = 400;  // 24 MB through a peer that is not reading
  std::string body(kChunk, 'z');
  for (size_t i = 0; i < kChunks; ++i) {
    std::string range = std::to_string(i * kChunk + 1) + "-" + std::to_string((i + 1) * kChunk) +
                        "/" + std::to_string(kChunk * kChunks);
    peer_[0].send(send(0, "tA" + std::to_string(100000 + i), "bigmsg01", range, body,
                       i + 1 == kChunks ? '$' : '+'));
  }
  runUntil([&] { return bridge_->stats(Bridge::kA).read_paused > 0; });
  EXPECT_LE(bridge_->heldBytes(), 64u * 1024 + 16 * 1024) << "held bytes stay bounded while paused";
  peer_[1].conn->resumeReading();
  runUntil([&] { return peer_[1].body_bytes == kChunk * kChunks; });
  runUntil([&] { return bridge_->messagesInFlight() == 0; });
  EXPECT_EQ(bridge_->stats(Bridge::kA).messages_forwarded, 1u);
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// The sender was paused for a far peer that does not read; then that peer vanishes. The
// sender is read again and every chunk it sent gets a response (481 once the far
// session is gone) instead of waiting for one that never comes.
TEST_F(BridgeTest, ASenderPausedForAFarPeerThatVanishesIsAnsweredAgain) {
  BridgeDirection a = dir(64 * 1024);
  a.max_held = uint64_t{64} * 1024;
  build(std::move(a), dir(2048));
  peer_[1].keep_bodies = false;
  peer_[1].answer = 0;
  peer_[1].conn->pauseReading();
  const size_t kChunk = 60000, kChunks = 200;
  std::string body(kChunk, 'v');
  for (size_t i = 0; i < kChunks; ++i) {
    std::string range = std::to_string(i * kChunk + 1) + "-" + std::to_string((i + 1) * kChunk) +
                        "/" + std::to_string(kChunk * kChunks);
    peer_[0].send(send(0, "tV" + std::to_string(100000 + i), "vanish01", range, body,
                       i + 1 == kChunks ? '$' : '+'));
  }
  runUntil([&] { return bridge_->stats(Bridge::kA).read_paused > 0; });
  peer_[1].conn->close(CloseReason::kLocal);
  // Every chunk is answered: 200 for those taken before, 481 after; then one REPORT.
  runUntil([&] {
    size_t responses = 0;
    for (const std::string& f : peer_[0].frames) responses += f.rfind("REPORT", 0) != 0;
    return responses == kChunks;
  });
  EXPECT_EQ(peer_[0].frames.back().substr(0, 3), "481");
}

}  // namespace
}  // namespace msrpgw::media
