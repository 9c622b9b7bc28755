// Worker: tasks run on the worker's own thread, in order, never inside post(); stop()
// runs what was posted, then the last task, then ends the loop.
#include "media/loop/worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <vector>

namespace msrpgw::media {
namespace {

TEST(Worker, TasksRunOnTheLoopThreadInOrder) {
  Worker w("w0");
  w.start();
  std::vector<int> seen;
  std::promise<std::thread::id> where;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(w.post([&seen, i] { seen.push_back(i); }));
  ASSERT_TRUE(w.post([&] { where.set_value(std::this_thread::get_id()); }));
  auto id = where.get_future().get();
  EXPECT_NE(id, std::this_thread::get_id());
  EXPECT_FALSE(w.onLoop());
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  w.stop();
  EXPECT_EQ(seen, expected);
}

TEST(Worker, PostFromTheLoopRunsLaterNotInside) {
  Worker w("w1");
  w.start();
  std::promise<std::vector<int>> done;
  w.post([&] {
    auto order = std::make_shared<std::vector<int>>();
    EXPECT_TRUE(w.onLoop());
    w.post([&, order] {
      order->push_back(2);
      done.set_value(*order);
    });
    order->push_back(1);
  });
  EXPECT_EQ(done.get_future().get(), (std::vector<int>{1, 2}));
  w.stop();
}

TEST(Worker, StopRunsPostedTasksThenTheLastOneAndRefusesNewOnes) {
  Worker w("w2");
  w.start();
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) w.post([&] { ++ran; });
  bool last_after_all = false;
  w.stop([&] { last_after_all = ran.load() == 10; });
  EXPECT_EQ(ran.load(), 10);
  EXPECT_TRUE(last_after_all);
  EXPECT_FALSE(w.post([] {}));
}

TEST(Worker, NeverStartedWorkerCleansUp) {
  Worker w("idle");
}

}  // namespace
}  // namespace msrpgw::media

namespace msrpgw::media {
namespace {

TEST(Inbox, TasksFromOtherThreadsRunOnTheLoopsThreadThenItCloses) {
  uv_loop_t loop;
  ASSERT_EQ(uv_loop_init(&loop), 0);
  Inbox inbox(&loop);
  std::vector<int> seen;
  std::thread::id ran_on;
  std::thread producer([&] {
    for (int i = 0; i < 50; ++i) inbox.post([&seen, i] { seen.push_back(i); });
    inbox.closeAfterDrain([&] { ran_on = std::this_thread::get_id(); });
  });
  producer.join();
  EXPECT_FALSE(inbox.post([] {})) << "closed inboxes refuse tasks";
  uv_run(&loop, UV_RUN_DEFAULT);  // returns once the inbox closed its handle
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(seen.back(), 49);
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_EQ(uv_loop_close(&loop), 0);
}

}  // namespace
}  // namespace msrpgw::media
