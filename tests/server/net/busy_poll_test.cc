#include "server/net/busy_poll.h"

#include <gtest/gtest.h>

#include <vector>

namespace slotcache::server {
namespace {

constexpr uint64_t kUs = 1000;
constexpr uint64_t kMs = 1000 * kUs;

// A client that sends its next request `think` after each reply: the server works at `now`,
// polls (KeepPolling, clean yields) until the request arrives or the window passes, then sleeps.
// Returns the time of the next request; `polled_through` tells whether polling caught it.
uint64_t ServeOne(BusyPoll& poll, uint64_t now, uint64_t think, bool* polled_through) {
  uint64_t next = now + think;
  *polled_through = false;
  if (!poll.Worked(now)) return next;
  for (uint64_t t = now + kUs; t < next; t += kUs) {
    if (!poll.KeepPolling(t)) return next;
    EXPECT_TRUE(poll.Yielded(t, 100));
  }
  *polled_through = true;
  return next;
}

// Requests `count` times with the same think time; `caught` tells about the last one.
struct Client {
  BusyPoll& poll;
  uint64_t now = 1;
  bool caught = false;
  void Requests(int count, uint64_t think) {
    for (int i = 0; i < count; ++i)
      now = ServeOne(poll, now, think, &caught);
  }
};

TEST(BusyPollTest, DisabledNeverPolls) {
  BusyPoll poll(0);
  Client client{poll};
  client.Requests(50, 5 * kUs);
  EXPECT_FALSE(client.caught);
  EXPECT_EQ(poll.window_ns(), 0u);
}

TEST(BusyPollTest, WindowGrowsUntilItCatchesAQuickClient) {
  BusyPoll poll(100 * kUs);
  Client client{poll};
  client.Requests(1, 30 * kUs);  // first work: nothing known yet, no polling
  EXPECT_FALSE(client.caught);
  std::vector<uint64_t> windows;
  for (int i = 0; i < 4; ++i) {
    client.Requests(1, 30 * kUs);
    windows.push_back(poll.window_ns());
  }
  EXPECT_EQ(windows, (std::vector<uint64_t>{10 * kUs, 20 * kUs, 40 * kUs, 40 * kUs}));
  EXPECT_TRUE(client.caught);  // the 40 us window covers the 30 us think time, and stays
}

TEST(BusyPollTest, WindowNeverExceedsTheMaximum) {
  BusyPoll poll(25 * kUs);
  Client client{poll};
  client.Requests(10, 24 * kUs);
  EXPECT_EQ(poll.window_ns(), 25 * kUs);
  EXPECT_TRUE(client.caught);
}

TEST(BusyPollTest, SparseTrafficShrinksTheWindowToNothing) {
  BusyPoll poll(100 * kUs);
  Client client{poll};
  client.Requests(6, 30 * kUs);
  ASSERT_GT(poll.window_ns(), 0u);
  client.Requests(6, 10 * kMs);
  EXPECT_EQ(poll.window_ns(), 0u);
  EXPECT_FALSE(poll.Worked(client.now));  // stays off while requests keep coming rarely
}

TEST(BusyPollTest, LoweringTheMaximumCapsTheWindow) {
  BusyPoll poll(100 * kUs);
  Client client{poll};
  client.Requests(8, 60 * kUs);
  ASSERT_GE(poll.window_ns(), 60 * kUs);
  poll.set_max_ns(0);
  EXPECT_EQ(poll.window_ns(), 0u);
  EXPECT_FALSE(poll.Worked(client.now));
}

TEST(BusyPollTest, ALongYieldStopsPollingAndPauses) {
  BusyPoll poll(100 * kUs);
  Client client{poll};
  client.Requests(8, 30 * kUs);
  uint64_t now = client.now;
  ASSERT_TRUE(poll.Worked(now));
  ASSERT_TRUE(poll.KeepPolling(now + kUs));
  EXPECT_FALSE(poll.Yielded(now + 500 * kUs, 499 * kUs));  // another thread ran
  now += 500 * kUs;
  EXPECT_FALSE(poll.Worked(now + BusyPoll::kMinPauseNs - 1));        // paused
  EXPECT_FALSE(poll.Worked(now + BusyPoll::kMinPauseNs + 1));        // window restarts from zero...
  EXPECT_TRUE(poll.Worked(now + BusyPoll::kMinPauseNs + 20 * kUs));  // ...and grows again
}

TEST(BusyPollTest, RepeatedContentionLengthensThePauseAndCleanYieldsShortenIt) {
  BusyPoll poll(100 * kUs);
  uint64_t now = 1;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(poll.pause_ns(), BusyPoll::kMinPauseNs << i);
    poll.Yielded(now, 50 * kUs);
    now += 2 * kMs;
  }
  EXPECT_EQ(poll.pause_ns(), BusyPoll::kMinPauseNs << 3);
  for (int i = 0; i < BusyPoll::kCleanYieldsPerHalving; ++i)
    EXPECT_TRUE(poll.Yielded(now, kUs));
  EXPECT_EQ(poll.pause_ns(), BusyPoll::kMinPauseNs << 2);
  for (int i = 0; i < 20; ++i)
    poll.Yielded(now, 50 * kUs);
  EXPECT_EQ(poll.pause_ns(), BusyPoll::kMinPauseNs << BusyPoll::kMaxPauseDoublings);
}

}  // namespace
}  // namespace slotcache::server
