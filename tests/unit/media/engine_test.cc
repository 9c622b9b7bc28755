// The media engine through its MediaEngine interface, as control drives it: two workers,
// the shared listening port, a passive leg the peer connects to (routed by session-id),
// an active leg the engine connects itself, the bridge between them, events, statistics
// and Subtract. Peers are scripted MSRP endpoints on their own loop over 127.0.0.1.
#include "media/engine/engine.h"

#include <gtest/gtest.h>

#include "tests/unit/media/engine_fixture.h"

namespace msrpgw::media {
namespace {

TEST_F(EngineTest, TwoLegsBridgedThroughTheSharedPortAndAnActiveConnect) {
  const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
  // Peer B listens: the engine must connect to it (its setup is passive).
  const uint16_t b_port = listenAsB();
  peer_[0].uri = "msrp://127.0.0.1:40001/peerAsess;tcp";
  peer_[1].uri = "msrp://127.0.0.1:" + std::to_string(b_port) + "/peerBsess;tcp";

  auto ra = add(7, "msrp/1", local, sdpOf(40001, peer_[0].uri, "active"));
  ASSERT_TRUE(ra.ok()) << describe(ra.error());
  const std::string& la = ra->local_sdp;
  EXPECT_NE(la.find("c=IN IP4 127.0.0.1\r\n"), std::string::npos) << la;
  EXPECT_NE(la.find("m=message " + std::to_string(engine_->port()) + " TCP/MSRP *\r\n"),
            std::string::npos)
      << la;
  EXPECT_NE(la.find("a=setup:passive\r\n"), std::string::npos) << la;
  peer_[0].leg_uri = pathIn(la);
  EXPECT_EQ(peer_[0].leg_uri.rfind("msrp://127.0.0.1:" + std::to_string(engine_->port()) + "/", 0),
            0u);

  auto rb = add(7, "msrp/2", local, sdpOf(b_port, peer_[1].uri, "passive"));
  ASSERT_TRUE(rb.ok()) << describe(rb.error());
  EXPECT_NE(rb->local_sdp.find("a=setup:active\r\n"), std::string::npos) << rb->local_sdp;
  peer_[1].leg_uri = pathIn(rb->local_sdp);
  EXPECT_NE(peer_[0].leg_uri, peer_[1].leg_uri) << "each leg has its own session";

  // The engine connects to B at once and binds with a bodiless SEND.
  ASSERT_TRUE(eventually(peers_, [&] { return !peer_[1].frames.empty(); }));
  EXPECT_EQ(on(peers_, [&] { return peer_[1].frames[0].substr(peer_[1].frames[0].size() - 8); }),
            "1-0/0 $ ");

  // A connects to the shared port and sends; B receives the message re-chunked.
  ASSERT_NO_FATAL_FAILURE(connectToEngine(peer_[0]));
  on(peers_, [&] {
    peer_[0].conn->resumeReading();
    peer_[0].send(
        "MSRP tA000001 SEND\r\nTo-Path: " + peer_[0].leg_uri + "\r\nFrom-Path: " + peer_[0].uri +
        "\r\nMessage-ID: e2e00001\r\nByte-Range: 1-10/10\r\nContent-Type: text/plain\r\n\r\n"
        "0123456789\r\n-------tA000001$\r\n");
  });
  ASSERT_TRUE(eventually(
      peers_, [&] { return peer_[1].frames.size() == 4 && peer_[0].frames.size() == 1; }));
  EXPECT_EQ(on(peers_, [&] { return peer_[1].frames; }),
            (std::vector<std::string>{on(peers_, [&] { return peer_[1].frames[0]; }),
                                      "SEND e2e00001 1-4/10 + 0123", "SEND e2e00001 5-8/10 + 4567",
                                      "SEND e2e00001 9-10/10 $ 89"}));
  EXPECT_EQ(on(peers_, [&] { return peer_[0].frames[0]; }), "200");

  // A message B's SDP does not accept is refused before it reaches B.
  on(peers_, [&] {
    peer_[0].send(
        "MSRP tA000002 SEND\r\nTo-Path: " + peer_[0].leg_uri + "\r\nFrom-Path: " + peer_[0].uri +
        "\r\nMessage-ID: e2e00002\r\nByte-Range: 1-2/2\r\nContent-Type: image/png\r\n\r\nPN\r\n"
        "-------tA000002$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return peer_[0].frames.size() == 2; }));
  EXPECT_EQ(on(peers_, [&] { return peer_[0].frames[1]; }), "415");

  // Both legs reported connected; statistics and Subtract.
  ASSERT_TRUE(eventually(control_, [&] { return events_.size() >= 2; }));
  auto stats =
      call<TerminationStats>([&](auto done) { engine_->statistics(7, "msrp/2", std::move(done)); });
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->chunks_sent, 3u);  // the binding SEND is not a chunk of a message
  EXPECT_EQ(stats->bytes_sent, 10u);
  EXPECT_EQ(stats->messages_sent, 1u);
  auto gone =
      call<TerminationStats>([&](auto done) { engine_->subtract(7, "msrp/1", std::move(done)); });
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->chunks_received, 2u);
  EXPECT_EQ(gone->messages_received, 1u);
  EXPECT_EQ(gone->errors_by_status.at(415), 1u);
  auto left =
      call<TerminationStats>([&](auto done) { engine_->statistics(7, "msrp/2", std::move(done)); });
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->messages_sent, 1u) << "message counts outlive the bridge the Subtract took down";
  auto again =
      call<TerminationStats>([&](auto done) { engine_->subtract(7, "msrp/1", std::move(done)); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, static_cast<uint16_t>(Errc::kUnknownTermination));
  EXPECT_EQ(engine_->sessions(), 1u);
}

TEST_F(EngineTest, UnknownSessionsAndBadSdpAreRefused) {
  // A connection naming no session of ours gets 481.
  ScriptedPeer& p = peer_[0];
  p.uri = "msrp://127.0.0.1:40001/strangerA;tcp";
  ASSERT_NO_FATAL_FAILURE(connectToEngine(p));
  on(peers_, [&] {
    p.conn->resumeReading();
    p.send("MSRP tS000001 SEND\r\nTo-Path: msrp://127.0.0.1:" + std::to_string(engine_->port()) +
           "/noSuchSession;tcp\r\nFrom-Path: " + p.uri +
           "\r\nMessage-ID: s0000001\r\nByte-Range: 1-0/0\r\n"
           "-------tS000001$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return p.frames.size() == 1 && p.closed; }));
  EXPECT_EQ(on(peers_, [&] { return p.frames[0]; }), "481");

  auto bad = add(9, "msrp/1", "", "v=0\r\nm=audio 4000 RTP/AVP 0\r\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, static_cast<uint16_t>(Errc::kBadRemoteSdp));
  ASSERT_TRUE(add(9, "msrp/1", "", "").ok());
  auto dup = add(9, "msrp/1", "", "");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, static_cast<uint16_t>(Errc::kDuplicateTermination));
  ASSERT_TRUE(add(9, "msrp/2", "", "").ok());
  auto third = add(9, "msrp/3", "", "");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, static_cast<uint16_t>(Errc::kContextFull));
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

TEST(EngineBindTimeout, AConnectionThatNeverSendsAValidHeadIsClosed) {
  Worker control("control"), peers("peers");
  control.start();
  peers.start();
  EngineConfig cfg;
  cfg.port = 0;
  cfg.bind_timeout_ms = 40;
  Engine engine(cfg, [&](std::function<void()> f) { control.post(std::move(f)); });
  ASSERT_TRUE(engine.start().ok());
  buffer::BlockPool pool(4096);
  ScriptedPeer silent;
  on(peers, [&] {
    sockaddr_storage to;
    makeSockaddr("127.0.0.1", engine.port(), to);
    silent.conn =
        TcpConnection::connect(peers.loop(), reinterpret_cast<sockaddr*>(&to), pool, &silent)
            .value();
  });
  ASSERT_TRUE(eventually(peers, [&] { return silent.connected; }));
  on(peers, [&] {
    silent.conn->resumeReading();
    silent.send("MSRP half");  // a start line that never completes
  });
  EXPECT_TRUE(eventually(peers, [&] { return silent.closed; }))
      << "the engine must drop a silent connection";
  engine.stop();
  on(peers, [&] { silent.conn.reset(); });
  peers.stop();
  control.stop();
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

TEST_F(EngineTest, RemoteArrivingByModifyConnectsAndRebridges) {
  const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
  const uint16_t b_port = listenAsB();
  peer_[1].uri = "msrp://127.0.0.1:" + std::to_string(b_port) + "/peerBsess;tcp";
  // Both terminations first without Remote (an offer from the gateway's side).
  ASSERT_TRUE(add(3, "msrp/1", local, "").ok());
  ASSERT_TRUE(add(3, "msrp/2", local, "").ok());
  // Then the answers: B's Remote (passive) makes the engine connect to B.
  TerminationSpec spec{local, sdpOf(b_port, peer_[1].uri, "passive")};
  auto r = call<TerminationReply>(
      [&](auto done) { engine_->modify(3, "msrp/2", spec, std::move(done)); });
  ASSERT_TRUE(r.ok()) << describe(r.error());
  EXPECT_NE(r->local_sdp.find("a=setup:active\r\n"), std::string::npos) << r->local_sdp;
  ASSERT_TRUE(eventually(peers_, [&] { return !peer_[1].frames.empty(); }))
      << "the engine connects once Remote is known";
  auto unknown = call<TerminationReply>(
      [&](auto done) { engine_->modify(3, "msrp/9", spec, std::move(done)); });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, static_cast<uint16_t>(Errc::kUnknownTermination));
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// H.248 Move: a connected termination leaves its context on one worker and joins a
// context on the other worker, its connection handed over; messages then flow in the
// new context.
TEST_F(EngineTest, MoveCarriesAConnectedLegIntoAContextOnAnotherWorker) {
  const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
  const uint16_t b_port = listenAsB();
  peer_[0].uri = "msrp://127.0.0.1:40001/moverAsess;tcp";
  peer_[1].uri = "msrp://127.0.0.1:" + std::to_string(b_port) + "/stayerBsess;tcp";
  // Context 4 (worker 0): A, and a second termination with no peer yet.
  auto ra = add(4, "msrp/1", local, sdpOf(40001, peer_[0].uri, "active"));
  ASSERT_TRUE(ra.ok()) << describe(ra.error());
  peer_[0].leg_uri = pathIn(ra->local_sdp);
  ASSERT_TRUE(add(4, "msrp/2", local, "").ok());
  // Context 5 (worker 1): B, which the engine connects to.
  ASSERT_TRUE(add(5, "msrp/3", local, sdpOf(b_port, peer_[1].uri, "passive")).ok());
  ASSERT_TRUE(eventually(peers_, [&] { return !peer_[1].frames.empty(); }));

  // A connects and binds its connection with a bodiless SEND.
  ASSERT_NO_FATAL_FAILURE(connectToEngine(peer_[0]));
  on(peers_, [&] {
    peer_[0].conn->resumeReading();
    peer_[0].send("MSRP tM000001 SEND\r\nTo-Path: " + peer_[0].leg_uri +
                  "\r\nFrom-Path: " + peer_[0].uri +
                  "\r\nMessage-ID: mv000001\r\nByte-Range: 1-0/0\r\n-------tM000001$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return peer_[0].frames.size() == 1; }));
  ASSERT_EQ(on(peers_, [&] { return peer_[0].frames[0]; }), "200");

  auto full =
      call<TerminationReply>([&](auto done) { engine_->move(4, "msrp/9", 5, std::move(done)); });
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, static_cast<uint16_t>(Errc::kUnknownTermination));

  auto moved =
      call<TerminationReply>([&](auto done) { engine_->move(4, "msrp/1", 5, std::move(done)); });
  ASSERT_TRUE(moved.ok()) << describe(moved.error());
  EXPECT_EQ(moved->local_sdp, ra->local_sdp) << "a Move keeps the termination's Local";
  auto old_place =
      call<TerminationStats>([&](auto done) { engine_->statistics(4, "msrp/1", std::move(done)); });
  ASSERT_FALSE(old_place.ok());
  EXPECT_EQ(old_place.error().code, static_cast<uint16_t>(Errc::kUnknownTermination));

  // The same connection now carries A's message to B, through context 5.
  on(peers_, [&] {
    peer_[0].send("MSRP tM000002 SEND\r\nTo-Path: " + peer_[0].leg_uri +
                  "\r\nFrom-Path: " + peer_[0].uri +
                  "\r\nMessage-ID: mv000002\r\nByte-Range: 1-6/6\r\nContent-Type: text/plain"
                  "\r\n\r\nmoved!\r\n-------tM000002$\r\n");
  });
  ASSERT_TRUE(eventually(
      peers_, [&] { return peer_[1].frames.size() == 3 && peer_[0].frames.size() == 2; }));
  EXPECT_EQ(on(peers_, [&] { return peer_[1].frames[1]; }), "SEND mv000002 1-4/6 + move");
  EXPECT_EQ(on(peers_, [&] { return peer_[1].frames[2]; }), "SEND mv000002 5-6/6 $ d!");
  EXPECT_EQ(on(peers_, [&] { return peer_[0].frames[1]; }), "200");

  // Context 5 is full now; its statistics follow the moved termination.
  auto into_full =
      call<TerminationReply>([&](auto done) { engine_->move(4, "msrp/2", 5, std::move(done)); });
  ASSERT_FALSE(into_full.ok());
  EXPECT_EQ(into_full.error().code, static_cast<uint16_t>(Errc::kContextFull));
  auto stats =
      call<TerminationStats>([&](auto done) { engine_->statistics(5, "msrp/1", std::move(done)); });
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->chunks_received, 1u);
  EXPECT_EQ(stats->bytes_received, 6u);
  EXPECT_EQ(stats->messages_received, 1u);

  // Into a context nobody has used: it is made where the termination lives.
  auto fresh =
      call<TerminationReply>([&](auto done) { engine_->move(4, "msrp/2", 6, std::move(done)); });
  ASSERT_TRUE(fresh.ok()) << describe(fresh.error());
  EXPECT_TRUE(call<TerminationStats>([&](auto done) {
                engine_->statistics(6, "msrp/2", std::move(done));
              }).ok());
  auto same =
      call<TerminationReply>([&](auto done) { engine_->move(6, "msrp/2", 6, std::move(done)); });
  EXPECT_TRUE(same.ok());
  on(control_, [&] {
    EXPECT_EQ(std::count(events_.begin(), events_.end(), "msrp/1 connected"), 1)
        << "the moved connection is not reported again";
  });
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// A connected leg without traffic raises kIdle once per quiet spell; traffic re-arms it.
TEST(EngineIdle, AQuietConnectedLegIsReportedIdleOncePerQuietSpell) {
  Worker control("control"), peers("peers");
  control.start();
  peers.start();
  EngineConfig cfg;
  cfg.port = 0;
  cfg.idle_timeout_ms = 60;
  Engine engine(cfg, [&](std::function<void()> f) { control.post(std::move(f)); });
  std::vector<std::string> seen;  // control loop only
  engine.setEventHandler([&](const TerminationEvent& e) {
    if (e.kind == EventKind::kIdle) seen.push_back(e.termination + " idle " + e.cause);
  });
  ASSERT_TRUE(engine.start().ok());
  std::promise<Result<TerminationReply>> added;
  control.post([&] {
    engine.add(1, "msrp/1", {"", sdpOf(40001, "msrp://127.0.0.1:40001/idlePeer;tcp", "active")},
               [&](Result<TerminationReply> r) { added.set_value(std::move(r)); });
  });
  auto r = added.get_future().get();
  ASSERT_TRUE(r.ok());
  const std::string leg_uri = pathIn(r->local_sdp);
  buffer::BlockPool pool(4096);
  ScriptedPeer p;
  p.uri = "msrp://127.0.0.1:40001/idlePeer;tcp";
  on(peers, [&] {
    sockaddr_storage to;
    makeSockaddr("127.0.0.1", engine.port(), to);
    p.conn =
        TcpConnection::connect(peers.loop(), reinterpret_cast<sockaddr*>(&to), pool, &p).value();
  });
  ASSERT_TRUE(eventually(peers, [&] { return p.connected; }));
  auto keepalive = [&](const std::string& tid) {
    on(peers, [&] {
      p.conn->resumeReading();
      p.send("MSRP " + tid + " SEND\r\nTo-Path: " + leg_uri + "\r\nFrom-Path: " + p.uri +
             "\r\nMessage-ID: " + tid + "\r\nByte-Range: 1-0/0\r\n-------" + tid + "$\r\n");
    });
  };
  keepalive("tI000001");
  ASSERT_TRUE(eventually(peers, [&] { return p.frames.size() == 1; }));
  ASSERT_TRUE(eventually(control, [&] { return seen.size() == 1; }));
  EXPECT_EQ(on(control, [&] { return seen[0]; }), "msrp/1 idle no_traffic");
  // Still quiet: no second report. Then traffic, and a new quiet spell is reported again.
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(on(control, [&] { return seen.size(); }), 1u);
  keepalive("tI000002");
  ASSERT_TRUE(eventually(peers, [&] { return p.frames.size() == 2; }));
  ASSERT_TRUE(eventually(control, [&] { return seen.size() == 2; }));
  engine.stop();
  on(peers, [&] { p.conn.reset(); });
  peers.stop();
  control.stop();
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

std::string portIn(const std::string& sdp) {
  size_t at = sdp.find("m=message ");
  return sdp.substr(at + 10, sdp.find(' ', at + 10) - at - 10);
}

// msrp.port_mode=per_leg: every leg listens on its own port from the range; the range
// running out refuses the Add (no resources) and a Subtract gives the port back.
TEST(EnginePortPerLeg, EachLegListensOnItsOwnPortFromTheRange) {
  Worker control("control"), peers("peers");
  control.start();
  peers.start();
  // A free port to make a one-port range of.
  buffer::BlockPool pool(4096, 8);
  uint16_t free_port = on(peers, [&] {
    auto l = Listener::listen(peers.loop(), "127.0.0.1", 0, pool, [](auto) {});
    return l.value()->port();
  });
  EngineConfig cfg;
  cfg.workers = 2;
  cfg.port_per_leg = true;
  cfg.port = free_port;
  cfg.port_max = free_port;
  Engine engine(cfg, [&](std::function<void()> f) { control.post(std::move(f)); });
  ASSERT_TRUE(engine.start().ok());
  auto add = [&](uint32_t ctx, const std::string& term) {
    std::promise<Result<TerminationReply>> p;
    control.post([&] {
      engine.add(
          ctx, term,
          {"", sdpOf(40001, "msrp://127.0.0.1:40001/perLeg" + term.substr(5) + ";tcp", "active")},
          [&](Result<TerminationReply> r) { p.set_value(std::move(r)); });
    });
    return p.get_future().get();
  };
  auto first = add(1, "msrp/1");
  ASSERT_TRUE(first.ok()) << describe(first.error());
  EXPECT_EQ(portIn(first->local_sdp), std::to_string(free_port)) << first->local_sdp;
  EXPECT_NE(pathIn(first->local_sdp).find(":" + std::to_string(free_port) + "/"),
            std::string::npos);
  auto second = add(2, "msrp/2");  // another worker, and no port left
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, static_cast<uint16_t>(Errc::kNoResources));

  // The leg's own port takes its peer's connection.
  ScriptedPeer p;
  p.uri = "msrp://127.0.0.1:40001/perLeg1;tcp";
  on(peers, [&] {
    sockaddr_storage to;
    makeSockaddr("127.0.0.1", free_port, to);
    p.conn =
        TcpConnection::connect(peers.loop(), reinterpret_cast<sockaddr*>(&to), pool, &p).value();
  });
  ASSERT_TRUE(eventually(peers, [&] { return p.connected; }));
  on(peers, [&] {
    p.conn->resumeReading();
    p.send("MSRP tP000001 SEND\r\nTo-Path: " + pathIn(first->local_sdp) + "\r\nFrom-Path: " +
           p.uri + "\r\nMessage-ID: pl000001\r\nByte-Range: 1-0/0\r\n-------tP000001$\r\n");
  });
  ASSERT_TRUE(eventually(peers, [&] { return p.frames.size() == 1; }));
  EXPECT_EQ(on(peers, [&] { return p.frames[0]; }), "200");

  std::promise<Result<TerminationStats>> gone;
  control.post([&] {
    engine.subtract(1, "msrp/1", [&](Result<TerminationStats> r) { gone.set_value(std::move(r)); });
  });
  ASSERT_TRUE(gone.get_future().get().ok());
  // The port is free again (its close completes on the worker's next turn).
  Result<TerminationReply> again = makeError(Errc::kNoResources, "not yet");
  for (int i = 0; i < 200 && !again.ok(); ++i) {
    again = add(3, "msrp/3");
    if (!again.ok()) std::this_thread::sleep_for(5ms);
  }
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(portIn(again->local_sdp), std::to_string(free_port));
  engine.stop();
  on(peers, [&] { p.conn.reset(); });
  peers.stop();
  control.stop();
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// A connection whose first request is a REPORT for no session of ours is closed without
// an answer: REPORTs are never answered (RFC 4975 section 7.1.2), not even with 481.
TEST_F(EngineTest, ARefusedReportIsNotAnswered) {
  ScriptedPeer& p = peer_[0];
  p.uri = "msrp://127.0.0.1:40001/reporterA;tcp";
  ASSERT_NO_FATAL_FAILURE(connectToEngine(p));
  on(peers_, [&] {
    p.conn->resumeReading();
    p.send("MSRP tR000001 REPORT\r\nTo-Path: msrp://127.0.0.1:" + std::to_string(engine_->port()) +
           "/noSuchSession;tcp\r\nFrom-Path: " + p.uri +
           "\r\nMessage-ID: r0000001\r\nByte-Range: 1-5/5\r\nStatus: 000 200 OK\r\n"
           "-------tR000001$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return p.closed; }));
  EXPECT_TRUE(on(peers_, [&] { return p.frames.empty(); })) << "no response to a REPORT";
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// connect_to=path: an active leg connects to the first URI of the peer's a=path (RFC
// 4975), not to c=/m= (here a port nobody listens on).
TEST(EngineConnectTo, PathConnectsToTheFirstPathUriNotTheMLinePort) {
  Worker control("control"), peers("peers");
  control.start();
  peers.start();
  buffer::BlockPool pool(4096, 8);
  ScriptedPeer b;
  std::unique_ptr<Listener> listener;
  uint16_t b_port = on(peers, [&] {
    listener =
        Listener::listen(peers.loop(), "127.0.0.1", 0, pool, [&](std::unique_ptr<TcpConnection> c) {
          b.conn = std::move(c);
          b.conn->setHandler(&b);
          b.conn->resumeReading();
        }).value();
    return listener->port();
  });
  EngineConfig cfg;
  cfg.port = 0;
  cfg.connect_to_path = true;
  Engine engine(cfg, [&](std::function<void()> f) { control.post(std::move(f)); });
  ASSERT_TRUE(engine.start().ok());
  std::promise<Result<TerminationReply>> added;
  const std::string path = "msrp://127.0.0.1:" + std::to_string(b_port) + "/byPath;tcp";
  control.post([&] {
    engine.add(1, "msrp/1", {"", sdpOf(1, path, "passive")},
               [&](Result<TerminationReply> r) { added.set_value(std::move(r)); });
  });
  ASSERT_TRUE(added.get_future().get().ok());
  ASSERT_TRUE(eventually(peers, [&] { return !b.frames.empty(); }))
      << "the engine connects to the a=path URI and binds";
  EXPECT_EQ(on(peers, [&] { return b.frames[0].substr(b.frames[0].size() - 8); }), "1-0/0 $ ");
  engine.stop();
  on(peers, [&] {
    b.conn.reset();
    listener.reset();
  });
  peers.stop();
  control.stop();
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// A relay that cannot find the connection msrpgw opened to it opens its own to msrpgw's
// port for what it sends back: msrpgw takes REPORTs there for the session it connected
// out for (they reach the sender on the other leg) and answers SENDs there with 506.
TEST_F(EngineTest, ASideConnectionForAnActiveLegCarriesReportsOnly) {
  const char* local = "v=0\r\nc=IN IP4 $\r\nm=message $ TCP/MSRP *\r\n";
  const uint16_t b_port = listenAsB();
  peer_[0].uri = "msrp://127.0.0.1:40001/sideAsess;tcp";
  peer_[1].uri = "msrp://127.0.0.1:" + std::to_string(b_port) + "/sideBsess;tcp";
  auto ra = add(8, "msrp/1", local, sdpOf(40001, peer_[0].uri, "active"));
  ASSERT_TRUE(ra.ok());
  peer_[0].leg_uri = pathIn(ra->local_sdp);
  auto rb = add(8, "msrp/2", local, sdpOf(b_port, peer_[1].uri, "passive"));
  ASSERT_TRUE(rb.ok());
  peer_[1].leg_uri = pathIn(rb->local_sdp);
  ASSERT_TRUE(eventually(peers_, [&] { return !peer_[1].frames.empty(); }));  // bound to B
  ASSERT_NO_FATAL_FAILURE(connectToEngine(peer_[0]));
  on(peers_, [&] {
    peer_[0].conn->resumeReading();
    peer_[0].send("MSRP tS000001 SEND\r\nTo-Path: " + peer_[0].leg_uri +
                  "\r\nFrom-Path: " + peer_[0].uri +
                  "\r\nMessage-ID: side0001\r\nByte-Range: 1-3/3\r\nSuccess-Report: yes\r\n"
                  "Content-Type: text/plain\r\n\r\nabc\r\n-------tS000001$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return peer_[1].frames.size() == 2; }));

  // B's side: a new connection to msrpgw's port, a SEND (506) and its success REPORT.
  ScriptedPeer side;
  side.uri = peer_[1].uri;
  side.leg_uri = peer_[1].leg_uri;
  ASSERT_NO_FATAL_FAILURE(connectToEngine(side));
  on(peers_, [&] {
    side.conn->resumeReading();
    side.send("MSRP tB000001 REPORT\r\nTo-Path: " + side.leg_uri + "\r\nFrom-Path: " + side.uri +
              "\r\nMessage-ID: side0001\r\nByte-Range: 1-3/3\r\nStatus: 000 200 OK\r\n"
              "-------tB000001$\r\n");
    side.send("MSRP tB000002 SEND\r\nTo-Path: " + side.leg_uri + "\r\nFrom-Path: " + side.uri +
              "\r\nMessage-ID: side0002\r\nByte-Range: 1-2/2\r\nContent-Type: text/plain\r\n\r\n"
              "no\r\n-------tB000002$\r\n");
  });
  ASSERT_TRUE(eventually(peers_, [&] { return side.frames.size() == 1; }));
  EXPECT_EQ(on(peers_, [&] { return side.frames[0]; }), "506") << "only the SEND is answered";
  ASSERT_TRUE(eventually(peers_, [&] { return peer_[0].frames.size() == 2; }));
  EXPECT_EQ(on(peers_, [&] { return peer_[0].frames[1]; }), "REPORT side0001 1-3/3 000 200 OK");
  on(peers_, [&] { side.conn.reset(); });
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

// A Move that fails leaves the termination where it was, and its context still finds it
// (here: the named termination does not exist, the target lives on the other worker, and
// the source context's only termination must stay reachable).
TEST_F(EngineTest, AFailedMoveLeavesTheSourceContextWhereItWas) {
  ASSERT_TRUE(add(10, "msrp/1", "", "").ok());  // worker 0
  ASSERT_TRUE(add(11, "msrp/2", "", "").ok());  // worker 1
  auto r =
      call<TerminationReply>([&](auto done) { engine_->move(10, "msrp/9", 11, std::move(done)); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, static_cast<uint16_t>(Errc::kUnknownTermination));
  auto still = call<TerminationStats>(
      [&](auto done) { engine_->statistics(10, "msrp/1", std::move(done)); });
  EXPECT_TRUE(still.ok()) << "context 10 must still be served by its own worker";
  auto both =
      call<TerminationReply>([&](auto done) { engine_->move(10, "msrp/1", 11, std::move(done)); });
  EXPECT_TRUE(both.ok()) << describe(both.error());
}

}  // namespace
}  // namespace msrpgw::media
