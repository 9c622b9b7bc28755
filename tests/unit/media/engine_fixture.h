// The fixture of the media engine's tests: a control loop, the engine with two workers
// on a shared port chosen by the OS, and scripted MSRP peers on their own loop.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "media/connection/listener.h"
#include "media/engine/engine.h"
#include "tests/unit/media/scripted_peer.h"

namespace msrpgw::media {

using namespace std::chrono_literals;

// Runs fn on `w` and waits for its result.
template <class F>
auto on(Worker& w, F fn) {
  std::promise<decltype(fn())> p;
  w.post([&] {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      p.set_value();
    } else {
      p.set_value(fn());
    }
  });
  return p.get_future().get();
}

// Waits (bounded) until pred() holds when evaluated on `w`.
template <class F>
bool eventually(Worker& w, F pred) {
  for (int i = 0; i < 2000; ++i) {
    if (on(w, pred)) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

inline std::string sdpOf(uint16_t port, const std::string& path, const char* setup) {
  return "v=0\r\nc=IN IP4 127.0.0.1\r\nm=message " + std::to_string(port) +
         " TCP/MSRP *\r\na=path:" + path + "\r\na=setup:" + setup +
         "\r\na=accept-types:text/plain\r\n";
}

inline std::string pathIn(const std::string& sdp) {
  size_t at = sdp.find("a=path:");
  return sdp.substr(at + 7, sdp.find("\r\n", at) - at - 7);
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    control_.start();
    peers_.start();
    EngineConfig cfg;
    cfg.workers = 2;
    cfg.port = 0;
    cfg.chunk_size = 4;  // re-chunk everything going out, to see it on the wire
    engine_ = std::make_unique<Engine>(
        cfg, [this](std::function<void()> f) { control_.post(std::move(f)); });
    engine_->setEventHandler([this](const TerminationEvent& e) {
      events_.push_back(e.termination +
                        (e.kind == EventKind::kConnected ? " connected" : " down " + e.cause));
    });
    ASSERT_TRUE(engine_->start().ok());
    ASSERT_NE(engine_->port(), 0);
  }
  void TearDown() override {
    engine_->stop();
    on(peers_, [&] {
      for (auto& p : peer_) p.conn.reset();
      listener_.reset();
    });
    peers_.stop();
    control_.stop();
  }
  template <class T>
  Result<T> call(std::function<void(MediaEngine::Done<T>)> f) {
    std::promise<Result<T>> p;
    control_.post([&] { f([&](Result<T> r) { p.set_value(std::move(r)); }); });
    return p.get_future().get();
  }
  Result<TerminationReply> add(uint32_t ctx, const std::string& term, const std::string& local,
                               const std::string& remote) {
    TerminationSpec spec{local, remote};
    return call<TerminationReply>(
        [&](auto done) { engine_->add(ctx, term, spec, std::move(done)); });
  }

  // Connects peer `p` to the engine's shared port and waits until it is up.
  void connectToEngine(ScriptedPeer& p) {
    on(peers_, [&] {
      sockaddr_storage to;
      makeSockaddr("127.0.0.1", engine_->port(), to);
      p.conn = TcpConnection::connect(peers_.loop(), reinterpret_cast<sockaddr*>(&to), pool_, &p)
                   .value();
    });
    ASSERT_TRUE(eventually(peers_, [&] { return p.connected; }));
  }
  // Peer B listens on the peers' loop (the connection it accepts becomes peer_[1]'s).
  uint16_t listenAsB() {
    return on(peers_, [&] {
      listener_ = Listener::listen(peers_.loop(), "127.0.0.1", 0, pool_,
                                   [&](std::unique_ptr<TcpConnection> c) {
                                     peer_[1].conn = std::move(c);
                                     peer_[1].conn->setHandler(&peer_[1]);
                                     peer_[1].conn->resumeReading();
                                   })
                      .value();
      return listener_->port();
    });
  }

  Worker control_{"control"};
  Worker peers_{"peers"};
  std::unique_ptr<Engine> engine_;
  std::vector<std::string> events_;  // touched on the control loop only
  ScriptedPeer peer_[2];
  std::unique_ptr<Listener> listener_;
  buffer::BlockPool pool_{size_t{16} * 1024, 16};  // the peers' pool, used on the peers loop
};

}  // namespace msrpgw::media
