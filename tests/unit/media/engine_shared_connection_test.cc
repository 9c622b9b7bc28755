// Several MSRP sessions on one connection (RFC 4975), through the engine: a peer that
// multiplexes sessions whose contexts live on both workers over one TCP connection to the
// shared port, each session bound as its first request names it, frames both ways routed
// by session-id (responses included), refusals that leave the other sessions alone, the
// connection closed when its last session is gone or its framing is lost.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/media/engine_fixture.h"

namespace msrpgw::media {
namespace {

class EngineSharedConnection : public EngineTest {
 protected:
  struct Ctx {
    uint32_t id = 0;
    std::string a_leg, b_leg;    // msrpgw's a=path for the multiplexing peer / the far peer
    std::string a_peer, b_peer;  // the peers' own URIs
  };
  void TearDown() override {
    engine_->stop();
    on(peers_, [&] { bs_.clear(); });
    EngineTest::TearDown();
  }
  // Far peers: every connection the engine opens to this listener becomes one.
  uint16_t listenForFarPeers() {
    return on(peers_, [&] {
      listener_ = Listener::listen(peers_.loop(), "127.0.0.1", 0, pool_,
                                   [&](std::unique_ptr<TcpConnection> c) {
                                     auto p = std::make_unique<ScriptedPeer>();
                                     p->conn = std::move(c);
                                     p->conn->setHandler(p.get());
                                     p->conn->resumeReading();
                                     bs_.push_back(std::move(p));
                                   })
                      .value();
      return listener_->port();
    });
  }
  // A context whose msrp/1 waits for the multiplexing peer and whose msrp/2 connects out.
  Ctx addContext(uint32_t id, uint16_t far_port) {
    const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
    Ctx c;
    c.id = id;
    c.a_peer = "msrp://127.0.0.1:40001/mux" + std::to_string(id) + ";tcp";
    c.b_peer =
        "msrp://127.0.0.1:" + std::to_string(far_port) + "/far" + std::to_string(id) + ";tcp";
    auto ra = add(id, "msrp/1", local, sdpOf(40001, c.a_peer, "active"));
    auto rb = add(id, "msrp/2", local, sdpOf(far_port, c.b_peer, "passive"));
    EXPECT_TRUE(ra.ok() && rb.ok());
    if (ra.ok()) c.a_leg = pathIn(ra->local_sdp);
    if (rb.ok()) c.b_leg = pathIn(rb->local_sdp);
    return c;
  }
  static std::string sendFrame(const std::string& tid, const std::string& to,
                               const std::string& from, const std::string& mid,
                               const std::string& body) {
    return "MSRP " + tid + " SEND\r\nTo-Path: " + to + "\r\nFrom-Path: " + from +
           "\r\nMessage-ID: " + mid + "\r\nByte-Range: 1-" + std::to_string(body.size()) + "/" +
           std::to_string(body.size()) + "\r\nContent-Type: text/plain\r\n\r\n" + body +
           "\r\n-------" + tid + "$\r\n";
  }
  // The frames the far peer of `c` received (found by the From-Path of the engine's
  // binding SEND, which names that context's msrp/2).
  std::vector<std::string> farFrames(const Ctx& c) {
    return on(peers_, [&] { return farFramesHere(c); });
  }
  std::vector<std::string> farFramesHere(const Ctx& c) {  // on the peers loop
    for (auto& p : bs_) {
      if (p->first_from == c.b_leg) return p->frames;
    }
    return {};
  }
  bool farHas(const Ctx& c, const std::string& frame) {
    return eventually(peers_, [&] {
      for (auto& p : bs_) {
        if (p->first_from == c.b_leg)
          return std::find(p->frames.begin(), p->frames.end(), frame) != p->frames.end();
      }
      return false;
    });
  }
  void farSends(const Ctx& c, const std::string& frame) {
    on(peers_, [&] {
      for (auto& p : bs_) {
        if (p->first_from == c.b_leg) p->send(frame);
      }
    });
  }
  // Connects `m` once and sends one message "a<id>" per context over that connection.
  void connectMux(ScriptedPeer& m, const std::vector<Ctx>& ctx) {
    ASSERT_NO_FATAL_FAILURE(connectToEngine(m));
    on(peers_, [&] {
      m.conn->resumeReading();
      for (const Ctx& c : ctx) {
        const std::string n = std::to_string(c.id);
        m.send(sendFrame("tM0000" + n, c.a_leg, c.a_peer, "mA" + n, "a" + n));
      }
    });
  }
  Result<TerminationStats> subtract(uint32_t ctx, const std::string& term) {
    return call<TerminationStats>(
        [&](auto done) { engine_->subtract(ctx, term, std::move(done)); });
  }
  size_t downEvents() {
    return on(control_, [&] {
      return static_cast<size_t>(std::count_if(
          events_.begin(), events_.end(), [](auto& e) { return e.rfind("msrp/1 down", 0) == 0; }));
    });
  }

  std::vector<std::unique_ptr<ScriptedPeer>> bs_;  // peers loop only
};

TEST_F(EngineSharedConnection, SessionsOfBothWorkersShareOnePeerConnection) {
  const uint16_t far_port = listenForFarPeers();
  // Contexts 10 and 12 live on worker 0 (the shared port's), 11 on worker 1.
  std::vector<Ctx> ctx = {addContext(10, far_port), addContext(11, far_port),
                          addContext(12, far_port)};
  ASSERT_TRUE(eventually(peers_, [&] { return bs_.size() == 3; }));
  for (const Ctx& c : ctx)
    ASSERT_TRUE(eventually(peers_, [&] { return !farFramesHere(c).empty(); }));

  // One connection, three sessions: each request binds its session and is delivered to
  // that context's far peer alone.
  ScriptedPeer& m = peer_[0];
  ASSERT_NO_FATAL_FAILURE(connectMux(m, ctx));
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 3; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames; }), (std::vector<std::string>{"200", "200", "200"}));
  for (const Ctx& c : ctx) {
    const std::string n = std::to_string(c.id);
    EXPECT_TRUE(farHas(c, std::string("SEND mA").append(n).append(" 1-3/3 $ a").append(n)))
        << "context " << n;
    EXPECT_EQ(farFrames(c).size(), 2u) << "the binding SEND and its own message only";
  }

  // The other way: each far peer's message reaches the multiplexing peer on the same
  // connection. It answers 415: each answer must find its session by its To-Path, so
  // each far peer gets a REPORT with its own Message-ID.
  on(peers_, [&] { m.answer = 415; });
  for (const Ctx& c : ctx) {
    const std::string n = std::to_string(c.id);
    farSends(c, sendFrame("tB0000" + n, c.b_leg, c.b_peer, "mB" + n, "b" + n));
  }
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 6; }));
  for (const Ctx& c : ctx) {
    const std::string n = std::to_string(c.id);
    EXPECT_TRUE(farHas(c, "REPORT mB" + n + " 1-3/3 000 415 Unsupported Media Type"))
        << "context " << n << ": " << ::testing::PrintToString(farFrames(c));
  }
  auto mframes = on(peers_, [&] { return m.frames; });
  for (const Ctx& c : ctx) {
    const std::string n = std::to_string(c.id);
    EXPECT_NE(std::find(mframes.begin(), mframes.end(),
                        std::string("SEND mB").append(n).append(" 1-3/3 $ b").append(n)),
              mframes.end());
  }
  on(peers_, [&] { m.answer = 200; });

  // A request naming no session of ours gets 481; the connection and its sessions stay.
  on(peers_, [&] {
    m.send(sendFrame("tMbad001",
                     "msrp://127.0.0.1:" + std::to_string(engine_->port()) + "/noSuchSession;tcp",
                     ctx[0].a_peer, "mX", "x"));
  });
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 7; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames[6]; }), "481");
  EXPECT_FALSE(on(peers_, [&] { return m.closed; }));

  // Another connection naming a session bound here gets 506.
  ScriptedPeer& other = peer_[1];
  ASSERT_NO_FATAL_FAILURE(connectToEngine(other));
  on(peers_, [&] {
    other.conn->resumeReading();
    other.send(sendFrame("tO000001", ctx[1].a_leg, ctx[1].a_peer, "mO", "o"));
  });
  ASSERT_TRUE(eventually(peers_, [&] { return other.frames.size() == 1; }));
  EXPECT_EQ(on(peers_, [&] { return other.frames[0]; }), "506");

  // Context 11 (on the other worker) goes: 10 and 12 carry on over the connection.
  ASSERT_TRUE(subtract(11, "msrp/1").ok());
  ASSERT_TRUE(subtract(11, "msrp/2").ok());
  on(peers_, [&] { m.send(sendFrame("tM00after", ctx[0].a_leg, ctx[0].a_peer, "mC10", "c10")); });
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 8; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames[7]; }), "200");
  EXPECT_TRUE(farHas(ctx[0], "SEND mC10 1-3/3 $ c10"));
  EXPECT_FALSE(on(peers_, [&] { return m.closed; }));

  // The last sessions go: msrpgw closes the connection.
  ASSERT_TRUE(subtract(10, "msrp/1").ok());
  EXPECT_FALSE(on(peers_, [&] { return m.closed; })) << "context 12 still uses it";
  ASSERT_TRUE(subtract(12, "msrp/1").ok());
  EXPECT_TRUE(eventually(peers_, [&] { return m.closed; }));
}

TEST_F(EngineSharedConnection, FirstSessionOnTheOtherWorkerAndFramingLossTakesAllDown) {
  const uint16_t far_port = listenForFarPeers();
  // 21 lives on worker 1: the new connection's socket goes there; 20 (worker 0) is then
  // spliced back from worker 1.
  std::vector<Ctx> ctx = {addContext(21, far_port), addContext(20, far_port)};
  ASSERT_TRUE(eventually(peers_, [&] { return bs_.size() == 2; }));
  ScriptedPeer& m = peer_[0];
  ASSERT_NO_FATAL_FAILURE(connectMux(m, ctx));
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 2; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames; }), (std::vector<std::string>{"200", "200"}));
  for (const Ctx& c : ctx) {
    const std::string n = std::to_string(c.id);
    EXPECT_TRUE(farHas(c, std::string("SEND mA").append(n).append(" 1-3/3 $ a").append(n)))
        << "context " << n;
  }
  ASSERT_TRUE(eventually(control_, [&] { return events_.size() >= 4; }));
  EXPECT_EQ(downEvents(), 0u);

  // Garbage where a frame must start: framing is lost for every session on it.
  on(peers_, [&] { m.send("this is not MSRP\r\n\r\n"); });
  EXPECT_TRUE(eventually(peers_, [&] { return m.closed; }));
  EXPECT_TRUE(eventually(control_, [&] {
    return std::count_if(events_.begin(), events_.end(),
                         [](auto& e) { return e.rfind("msrp/1 down", 0) == 0; }) == 2;
  }));
}

TEST_F(EngineSharedConnection, AMoveToAnotherWorkerSplicesTheSessionOffTheSharedConnection) {
  const uint16_t far_port = listenForFarPeers();
  // 30 and 32 on worker 0 share the multiplexing peer's connection; 31 (worker 1) holds
  // one termination toward its own far peer.
  std::vector<Ctx> ctx = {addContext(30, far_port), addContext(32, far_port)};
  const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
  Ctx target;
  target.id = 31;
  target.b_peer = "msrp://127.0.0.1:" + std::to_string(far_port) + "/far31;tcp";
  auto rt = add(31, "msrp/5", local, sdpOf(far_port, target.b_peer, "passive"));
  ASSERT_TRUE(rt.ok());
  target.b_leg = pathIn(rt->local_sdp);
  ASSERT_TRUE(eventually(peers_, [&] { return bs_.size() == 3; }));
  ScriptedPeer& m = peer_[0];
  ASSERT_NO_FATAL_FAILURE(connectMux(m, ctx));
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 2; }));

  auto moved =
      call<TerminationReply>([&](auto done) { engine_->move(30, "msrp/1", 31, std::move(done)); });
  ASSERT_TRUE(moved.ok()) << describe(moved.error());

  // Session 30 now ends at context 31's far peer; 32 still ends at its own; one connection.
  on(peers_, [&] {
    m.send(sendFrame("tM00mv30", ctx[0].a_leg, ctx[0].a_peer, "mM30", "m30"));
    m.send(sendFrame("tM00mv32", ctx[1].a_leg, ctx[1].a_peer, "mM32", "m32"));
  });
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 4; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames; }),
            (std::vector<std::string>{"200", "200", "200", "200"}));
  EXPECT_TRUE(farHas(target, "SEND mM30 1-3/3 $ m30"));
  EXPECT_TRUE(farHas(ctx[1], "SEND mM32 1-3/3 $ m32"));
  EXPECT_EQ(farFrames(ctx[0]).size(), 2u) << "the old context's far peer got nothing more";

  // And back from context 31's far peer to the multiplexing peer, over the same connection.
  farSends(target, sendFrame("tF00mv31", target.b_leg, target.b_peer, "mF31", "f31"));
  ASSERT_TRUE(eventually(peers_, [&] { return m.frames.size() == 5; }));
  EXPECT_EQ(on(peers_, [&] { return m.frames[4]; }), "SEND mF31 1-3/3 $ f31");
  EXPECT_FALSE(on(peers_, [&] { return m.closed; }));
}

}  // namespace
}  // namespace msrpgw::media
