// TcpConnection and Listener on a real loop over 127.0.0.1: data both ways without
// copies kept, back-pressure through the watermarks, close reasons, and read blocks that
// go back to the pool when nobody keeps them.
#include "media/connection/tcp_connection.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "media/connection/listener.h"
#include "tests/unit/media/allocation_count.h"

namespace msrpgw::media {
namespace {

struct Side : TcpConnection::Handler {
  std::unique_ptr<TcpConnection> conn;
  std::string got;
  bool connected = false, drained = false;
  int closes = 0;
  CloseReason reason = CloseReason::kLocal;
  buffer::Chain kept;  // slices kept when keep_slices is set
  bool keep_slices = false;
  void onData(ByteView bytes, const buffer::BlockRef& block) override {
    got.append(asText(bytes));
    if (keep_slices) kept.append(buffer::Slice::of(block, bytes));
  }
  void onConnected() override { connected = true; }
  void onWriteDrained() override { drained = true; }
  void onClose(CloseReason r) override {
    ++closes;
    reason = r;
  }
};

class TcpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(uv_loop_init(&loop_), 0);
    auto l =
        Listener::listen(&loop_, "127.0.0.1", 0, pool_, [this](std::unique_ptr<TcpConnection> c) {
          server_.conn = std::move(c);
          server_.conn->setHandler(&server_);
          server_.conn->resumeReading();
        });
    ASSERT_TRUE(l.ok());
    listener_ = std::move(l).value();
    ASSERT_NE(listener_->port(), 0);
    sockaddr_storage to;
    ASSERT_TRUE(makeSockaddr("127.0.0.1", listener_->port(), to));
    auto c = TcpConnection::connect(&loop_, reinterpret_cast<sockaddr*>(&to), pool_, &client_);
    ASSERT_TRUE(c.ok());
    client_.conn = std::move(c).value();
    runUntil([&] { return client_.connected && server_.conn != nullptr; });
    client_.conn->resumeReading();
  }
  void TearDown() override {
    client_.conn.reset();
    server_.conn.reset();
    listener_.reset();
    client_.kept.clear();
    server_.kept.clear();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
    EXPECT_EQ(pool_.outstanding(), 0u);
  }
  // Runs the loop until cond() holds (bounded by a count of turns, not by time).
  template <class F>
  void runUntil(F cond) {
    for (int i = 0; i < 200000 && !cond(); ++i) uv_run(&loop_, UV_RUN_ONCE);
    ASSERT_TRUE(cond());
  }

  uv_loop_t loop_;
  buffer::BlockPool pool_{size_t{16} * 1024, 8};
  std::unique_ptr<Listener> listener_;
  Side client_, server_;
};

TEST_F(TcpTest, BytesFlowBothWaysInOrder) {
  buffer::BlockRef b = pool_.allocate();
  std::memcpy(b->data(), "BODY", 4);
  buffer::Chain body;
  body.append(buffer::Slice(b, 0, 4));
  b = {};
  client_.conn->write("head:", std::move(body), ":end");
  client_.conn->write("|tail");
  runUntil([&] { return server_.got.size() == 18; });
  EXPECT_EQ(server_.got, "head:BODY:end|tail");
  server_.conn->write("reply");
  runUntil([&] { return client_.got == "reply"; });
  EXPECT_EQ(client_.conn->unwritten(), 0u);
  EXPECT_EQ(pool_.outstanding(), 0u) << "read blocks nobody keeps go back to the pool";
  EXPECT_EQ(client_.conn->peerPort(), listener_->port());
  EXPECT_EQ(server_.conn->peerIp(), "127.0.0.1");
}

TEST_F(TcpTest, KeptSlicesKeepTheirBlock) {
  server_.keep_slices = true;
  client_.conn->write(std::string(40000, 'k'));
  runUntil([&] { return server_.got.size() == 40000; });
  EXPECT_EQ(server_.kept.size(), 40000u);
  EXPECT_GE(pool_.outstanding(), 1u);
  EXPECT_EQ(server_.kept.toStringForTest(), std::string(40000, 'k'));
  server_.kept.clear();
}

TEST_F(TcpTest, WatermarksReportBackPressure) {
  server_.conn->pauseReading();
  client_.conn->setWatermarks({size_t{64} * 1024, size_t{16} * 1024});
  std::string big(size_t{256} * 1024, 'x');
  int writes = 0;
  // Write until the kernel takes no more and the unwritten bytes stay above the high
  // mark after the loop had a turn to complete what it could.
  while (writes < 400) {
    client_.conn->write(big);
    ++writes;
    uv_run(&loop_, UV_RUN_NOWAIT);
    if (client_.conn->writeBlocked()) break;
    client_.drained = false;
  }
  ASSERT_TRUE(client_.conn->writeBlocked()) << "a peer that does not read must block the writer";
  EXPECT_FALSE(client_.drained);
  server_.conn->resumeReading();
  runUntil([&] { return client_.drained; });
  EXPECT_LE(client_.conn->unwritten(), 16u * 1024);
  runUntil([&] { return server_.got.size() == big.size() * writes; });
}

TEST_F(TcpTest, AWriteTheSocketTakesInPartGoesOnWhereItStopped) {
  // One turn's writes, far more than the socket takes at once, of text and body slices
  // that each say where they are: the socket takes a part of them, the rest follows from
  // exactly the byte where it stopped, whatever piece that falls in.
  server_.conn->pauseReading();
  buffer::BlockRef b = pool_.allocate();
  for (size_t i = 0; i < pool_.blockSize(); ++i)
    b->data()[i] = static_cast<std::byte>('a' + i % 23);
  std::string want;
  // Big pieces: libuv offers at most IOV_MAX (1024) buffers per write, and those must be
  // more than the socket takes, so that it stops inside a piece.
  for (int i = 0; i < 1000; ++i) {
    const size_t off = static_cast<size_t>(i) * 37 % 300;
    const size_t len = 10000 + static_cast<size_t>(i) * 7919 % 6000;
    std::string head = "piece " + std::to_string(i) + ":";
    buffer::Chain body;
    body.append(buffer::Slice(b, off, len));
    want += head;
    want.append(reinterpret_cast<const char*>(b->data()) + off, len);
    want += "|\n";
    client_.conn->write(head, std::move(body), "|\n");
  }
  b = {};
  uv_run(&loop_, UV_RUN_NOWAIT);
  EXPECT_GT(client_.conn->unwritten(), 0u) << "the socket took it all: the test proves nothing";
  EXPECT_LT(client_.conn->unwritten(), want.size()) << "the socket took nothing at once";
  server_.conn->resumeReading();
  runUntil([&] { return server_.got.size() >= want.size(); });
  EXPECT_TRUE(server_.got == want) << "bytes lost, repeated or out of order";
  EXPECT_EQ(client_.conn->unwritten(), 0u);
}

TEST_F(TcpTest, WritingEveryTurnAllocatesNothingOnceWarm) {
  // A write request is taken from those the thread kept and given back once written:
  // a connection answering every turn does not allocate for it, neither for a short body
  // (copied into its text) nor for a long one (written from its block).
  server_.got.reserve(1 << 20);
  buffer::BlockRef b = pool_.allocate();
  std::memset(b->data(), 'b', 1000);
  buffer::Chain body;
  body.append(buffer::Slice(b, 0, 4));
  buffer::Chain long_body;
  long_body.append(buffer::Slice(b, 0, 1000));
  b = {};
  size_t want = 0;
  auto turn = [&] {
    client_.conn->writeText("MSRP head\r\n", body, "\r\n-------end$\r\n");
    client_.conn->writeText("MSRP head\r\n", long_body, "\r\n-------end$\r\n");
    want += 2 * (11 + 15) + 4 + 1000;
    runUntil([&] { return server_.got.size() == want; });
  };
  for (int i = 0; i < 3; ++i) turn();
  const size_t before = testing::allocationCount();
  for (int i = 0; i < 50; ++i) turn();
  EXPECT_EQ(testing::allocationCount() - before, 0u);
  body.clear();
  long_body.clear();
}

TEST_F(TcpTest, ASmallBodyIsCopiedWithItsHeadALargeOneReferenced) {
  // A short body goes into the write's own text (its block is not held until the write);
  // a large one is written from its block, which the write holds until it is done.
  buffer::BlockRef b = pool_.allocate();
  for (size_t i = 0; i < pool_.blockSize(); ++i)
    b->data()[i] = static_cast<std::byte>('a' + i % 26);
  buffer::Chain small;
  small.append(buffer::Slice(b, 3, 200));
  buffer::Chain large;
  large.append(buffer::Slice(b, 0, 4096));
  const uint32_t refs = b->refs();  // b, small, large
  client_.conn->writeText("S:", small, "|");
  EXPECT_EQ(b->refs(), refs) << "a 200-byte body is copied, its block not held";
  client_.conn->writeText("L:", large, "|");
  EXPECT_EQ(b->refs(), refs + 1) << "a 4096-byte body is written from its block";
  const std::string want = "S:" + small.toStringForTest() + "|L:" + large.toStringForTest() + "|";
  small.clear();
  large.clear();
  runUntil([&] { return server_.got.size() >= want.size(); });
  EXPECT_EQ(server_.got, want);
  EXPECT_EQ(b->refs(), 1u) << "the written block is let go once written";
}

TEST_F(TcpTest, PeerCloseIsReportedOnceOnALaterTurn) {
  client_.conn->close(CloseReason::kLocal);
  EXPECT_EQ(client_.closes, 0) << "never inside the call";
  runUntil([&] { return client_.closes == 1 && server_.closes == 1; });
  EXPECT_EQ(client_.reason, CloseReason::kLocal);
  EXPECT_EQ(server_.reason, CloseReason::kPeerClosed);
  client_.conn->close(CloseReason::kLocal);  // idempotent
  uv_run(&loop_, UV_RUN_NOWAIT);
  EXPECT_EQ(client_.closes, 1);
}

TEST(TcpConnect, RefusedConnectIsReportedAsConnectFailed) {
  uv_loop_t loop;
  ASSERT_EQ(uv_loop_init(&loop), 0);
  buffer::BlockPool pool(4096);
  uint16_t free_port;
  {
    // Take a port, then release it: nothing listens there now.
    auto l = Listener::listen(&loop, "127.0.0.1", 0, pool, [](std::unique_ptr<TcpConnection>) {});
    ASSERT_TRUE(l.ok());
    free_port = l.value()->port();
  }
  uv_run(&loop, UV_RUN_DEFAULT);
  sockaddr_storage to;
  ASSERT_TRUE(makeSockaddr("127.0.0.1", free_port, to));
  Side side;
  auto c = TcpConnection::connect(&loop, reinterpret_cast<sockaddr*>(&to), pool, &side);
  ASSERT_TRUE(c.ok());
  side.conn = std::move(c).value();
  for (int i = 0; i < 100000 && side.closes == 0; ++i) uv_run(&loop, UV_RUN_ONCE);
  EXPECT_EQ(side.closes, 1);
  EXPECT_EQ(side.reason, CloseReason::kConnectFailed);
  EXPECT_FALSE(side.connected);
  side.conn.reset();
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(uv_loop_close(&loop), 0);
}

}  // namespace
}  // namespace msrpgw::media
