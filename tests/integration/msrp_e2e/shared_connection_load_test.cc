// Load on a connection that carries several sessions (issue 5): large messages both ways
// on every session at once, and one huge chunk for a session carried over to the other
// worker, and a far side that stops reading; everything arrives byte for byte, and msrpgw
// holds the connection back rather than buffer.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/integration/msrp_e2e/shared_connection_fixture.h"

namespace msrpgw::test::e2e {
namespace {

using namespace std::chrono_literals;

// Large messages both ways on every session at once: the shared peer sends each session a
// 1 MiB message in 16 KiB chunks, round robin over the sessions, while every far peer sends
// its session 1 MiB back; msrpgw cuts them to its 2048-byte chunks. Both directions arrive
// byte for byte, every chunk is answered 200 on its transaction, and the frames msrpgw
// writes for the sessions (two workers: one session's frames come over from the other
// worker) never interleave inside each other on the shared connection (the peer's parser
// and the reassembly by Byte-Range would see it).
TEST(SharedConnectionLoad, LargeMessagesBothWaysOnEverySessionAtOnce) {
  constexpr int kSessions = 4;
  constexpr size_t kSize = 1 << 20, kChunk = 16 << 10;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, 2, kSessions));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;
  ASSERT_NO_FATAL_FAILURE(bindOnShared(h, shared, sessions, peers));

  auto content = [](uint64_t seed) {
    std::string b(kSize, '\0');
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    for (char& c : b) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 "[x % 63];
    }
    return b;
  };
  auto chunk = [&](const std::string& to, const std::string& from, const std::string& body,
                   const std::string& mid, size_t c) {
    Request r = sendRequest(to, from, body.substr(c * kChunk, kChunk), mid);
    r.range_start = c * kChunk + 1;
    r.total = body.size();
    r.flag = (c + 1) * kChunk >= body.size() ? '$' : '+';
    return r;
  };
  std::vector<std::string> out(kSessions), back(kSessions), out_mid(kSessions), back_mid(kSessions);
  std::vector<std::string> shared_tids;
  std::vector<std::vector<std::string>> far_tids(kSessions);
  for (int i = 0; i < kSessions; ++i) {
    out[i] = content(2 * i + 1);
    back[i] = content(2 * i + 2);
    out_mid[i] = "bulkOut" + std::to_string(i);
    back_mid[i] = "bulkBack" + std::to_string(i);
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t c = 0; c * kChunk < kSize; ++c) {
    for (int i = 0; i < kSessions; ++i) {
      const Session& s = sessions[i];
      Outgoing o = shared.make(chunk(s.gw_uri_shared, s.shared_uri, out[i], out_mid[i], c));
      shared_tids.push_back(o.tid);
      shared.write(o.bytes);
      Outgoing f = far[i]->make(chunk(s.gw_uri_far, s.far_uri, back[i], back_mid[i], c));
      far_tids[i].push_back(f.tid);
      far[i]->write(f.bytes);
    }
  }
  auto all_in = [&] {
    for (int i = 0; i < kSessions; ++i) {
      if (far[i]->bodyBytes(out_mid[i]) < kSize || shared.bodyBytes(back_mid[i]) < kSize)
        return false;
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_in, 40s)) << [&] {
    std::string t;
    for (int i = 0; i < kSessions; ++i) {
      t += "session " + std::to_string(i) + ": out " +
           std::to_string(far[i]->bodyBytes(out_mid[i])) + " back " +
           std::to_string(shared.bodyBytes(back_mid[i])) + "\n";
    }
    return t + h.log();
  }();
  // The last responses may still be on their way.
  auto all_answered = [&] {
    for (const std::string& tid : shared_tids) {
      if (shared.response(tid) == nullptr) return false;
    }
    for (int i = 0; i < kSessions; ++i) {
      for (const std::string& tid : far_tids[i]) {
        if (far[i]->response(tid) == nullptr) return false;
      }
    }
    return true;
  };
  ASSERT_TRUE(MsrpPeer::pumpUntil(peers, all_answered, kWait));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ shared ] " << kSessions << " sessions x 1 MiB each way, one connection for all "
            << "on the shared side: " << secs << " s\n";
  for (int i = 0; i < kSessions; ++i) {
    SCOPED_TRACE("session " + std::to_string(i));
    EXPECT_TRUE(far[i]->message(out_mid[i]) == out[i]) << "altered toward the far peer";
    EXPECT_TRUE(shared.message(back_mid[i]) == back[i]) << "altered toward the shared peer";
    for (const Frame* f : shared.requests("SEND", sessionIdOf(sessions[i].shared_uri))) {
      EXPECT_EQ(f->from_path, sessions[i].gw_uri_shared);
      if (f->message_id != back_mid[i]) ADD_FAILURE() << "stray SEND " << f->message_id;
      if (f->body.size() > 2048) ADD_FAILURE() << "a chunk above msrpgw's 2048 bytes";
    }
  }
  size_t not_ok = 0;
  for (const std::string& tid : shared_tids) not_ok += shared.response(tid)->status != 200;
  for (int i = 0; i < kSessions; ++i) {
    for (const std::string& tid : far_tids[i]) not_ok += far[i]->response(tid)->status != 200;
  }
  EXPECT_EQ(not_ok, 0u);
  EXPECT_TRUE(shared.parseError().empty()) << shared.parseError();
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// One 6 MiB chunk (one frame) for the session carried over to the other worker, then a
// small message for the session of the connection's own worker, in one write: the big
// frame streams through to its worker (msrpgw never holds a chunk whole: it goes out in
// 2048-byte chunks) and the small one is not stuck behind it for good. Both arrive intact.
TEST(SharedConnectionLoad, OneHugeChunkOnTheCarriedOverSession) {
  constexpr size_t kSize = 6 << 20;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, 2, 2));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;
  ASSERT_NO_FATAL_FAILURE(bindOnShared(h, shared, sessions, peers));
  std::string huge(kSize, 'x');
  for (size_t k = 0; k < kSize; k += 4096) huge[k] = static_cast<char>('a' + (k / 4096) % 26);
  Outgoing big = shared.make(
      sendRequest(sessions[1].gw_uri_shared, sessions[1].shared_uri, huge, "hugeChunk1"));
  Outgoing small = shared.make(sendRequest(sessions[0].gw_uri_shared, sessions[0].shared_uri,
                                           "small after huge", "smallAfter0"));
  shared.write(big.bytes + small.bytes);
  ASSERT_TRUE(MsrpPeer::pumpUntil(
      peers,
      [&] {
        return far[1]->bodyBytes("hugeChunk1") >= kSize && far[0]->message("smallAfter0") &&
               shared.response(big.tid) && shared.response(small.tid);
      },
      30s))
      << "huge: " << far[1]->bodyBytes("hugeChunk1") << " of " << kSize << "\n"
      << dump(h, peers);
  EXPECT_EQ(shared.response(big.tid)->status, 200);
  EXPECT_EQ(shared.response(small.tid)->status, 200);
  EXPECT_TRUE(far[1]->message("hugeChunk1") == huge) << "the huge chunk arrived altered";
  EXPECT_GT(far[1]->requests("SEND").size(), kSize / 2048) << "re-cut to msrpgw's chunks";
  EXPECT_EQ(*far[0]->message("smallAfter0"), "small after huge");
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

// A far side that stops reading, for the session carried over to the other worker: msrpgw
// holds the shared connection back instead of buffering (its VmHWM grows by less than
// 16 MiB while 48 MiB wait to go), and once the far side reads again everything arrives,
// in order, every chunk answered 200.
TEST(SharedConnectionLoad, SlowFarSideOfTheCarriedOverSessionHoldsTheConnectionBack) {
  constexpr size_t kSize = 48 << 20, kChunk = 64 << 10;
  SharedCase c;
  ASSERT_NO_FATAL_FAILURE(setUpSharedCase(c, 2, 2));
  auto& [h, sessions, far, shared_peer, peers] = c;
  MsrpPeer& shared = *shared_peer;
  ASSERT_NO_FATAL_FAILURE(bindOnShared(h, shared, sessions, peers));
  far[1]->setKeepBodies(false);
  const ProcMemory before = procMemory(h.gw().pid());

  uint64_t expected = MsrpPeer::kFnvBasis;
  std::vector<std::string> tids;
  for (size_t c = 0; c * kChunk < kSize; ++c) {
    std::string body(kChunk, static_cast<char>('a' + c % 26));
    for (size_t k = 0; k < kChunk; k += 1000) body[k] = static_cast<char>('0' + (c + k) % 10);
    expected = MsrpPeer::fnv1a(body, expected);
    Request r = sendRequest(sessions[1].gw_uri_shared, sessions[1].shared_uri, body, "slowFar1");
    r.range_start = c * kChunk + 1;
    r.total = kSize;
    r.flag = (c + 1) * kChunk >= kSize ? '$' : '+';
    Outgoing o = shared.make(r);
    tids.push_back(o.tid);
    shared.write(o.bytes);
  }
  // Far peer 1 reads nothing: pump the others until the shared peer's writing stalls (its
  // queue unchanged for 300 ms; at most 5 s).
  const std::vector<MsrpPeer*> not_far1 = {&shared, far[0].get()};
  size_t last = SIZE_MAX;
  for (int round = 0, still = 0; round < 50 && still < 3; ++round) {
    MsrpPeer::pumpUntil(
        not_far1, [] { return false; }, std::chrono::milliseconds(100));
    still = shared.unwritten() == last ? still + 1 : 0;
    last = shared.unwritten();
  }
  const ProcMemory held = procMemory(h.gw().pid());
  std::cout << "[ shared ] far side not reading: " << shared.unwritten() / 1024
            << " KiB of 48 MiB held back at the sender; msrpgw VmHWM " << before.hwm_kib
            << " KiB before, " << held.hwm_kib << " KiB while held\n";
  EXPECT_GT(shared.unwritten(), 0u) << "nothing held the shared connection back";
  EXPECT_LT(held.hwm_kib - before.hwm_kib, 16u * 1024) << "msrpgw buffered what it could not send";

  // The far peer reads again: everything arrives.
  ASSERT_TRUE(MsrpPeer::pumpUntil(
      peers, [&] { return far[1]->bodyBytes("slowFar1") >= kSize && shared.response(tids.back()); },
      60s))
      << far[1]->bodyBytes("slowFar1") << " of " << kSize << " bytes\n"
      << h.log();
  EXPECT_EQ(far[1]->bodyBytes("slowFar1"), kSize);
  EXPECT_EQ(far[1]->bodyHash("slowFar1"), expected) << "altered or out of order";
  size_t not_ok = 0;
  for (const std::string& tid : tids) {
    const Frame* r = shared.response(tid);
    not_ok += r == nullptr || r->status != 200;
  }
  EXPECT_EQ(not_ok, 0u);
  EXPECT_TRUE(shared.open());
  EXPECT_TRUE(h.stopGateway()) << h.log();
}

}  // namespace
}  // namespace msrpgw::test::e2e
