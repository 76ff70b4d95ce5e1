#include "server/keyspace/eviction_pool.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace slotcache::server {
namespace {

std::vector<std::string> Keys(const EvictionPool& pool) {
  std::vector<std::string> keys;
  for (const auto& c : pool.candidates()) {
    if (c.used) keys.push_back(c.key);
  }
  return keys;
}

TEST(EvictionPoolTest, KeepsCandidatesSortedByScore) {
  EvictionPool pool;
  pool.Offer(30, 0, "c");
  pool.Offer(10, 0, "a");
  pool.Offer(20, 1, "b");
  EXPECT_EQ(Keys(pool), (std::vector<std::string>{"a", "b", "c"}));
  EvictionPool::Candidate best;
  ASSERT_TRUE(pool.PopBest(&best));
  EXPECT_EQ(best.key, "c");
  EXPECT_EQ(best.idle, 30u);
  ASSERT_TRUE(pool.PopBest(&best));
  EXPECT_EQ(best.key, "b");
  EXPECT_EQ(best.db, 1);
  ASSERT_TRUE(pool.PopBest(&best));
  EXPECT_FALSE(pool.PopBest(&best));
}

TEST(EvictionPoolTest, FullPoolDropsTheLowestScoreAndIgnoresWorseCandidates) {
  EvictionPool pool;
  for (int i = 1; i <= 16; ++i)
    pool.Offer(i * 10, 0, "k" + std::to_string(i * 10));
  EXPECT_EQ(pool.size(), 16u);
  pool.Offer(5, 0, "worse");  // below every candidate of a full pool: ignored
  EXPECT_EQ(Keys(pool).front(), "k10");
  pool.Offer(55, 0, "k55");  // drops k10, lands between k50 and k60
  std::vector<std::string> keys = Keys(pool);
  EXPECT_EQ(keys.size(), 16u);
  EXPECT_EQ(keys.front(), "k20");
  EXPECT_EQ(keys[4], "k55");
  pool.Offer(1000, 0, "top");
  EXPECT_EQ(Keys(pool).back(), "top");
  EXPECT_EQ(Keys(pool).front(), "k30");
}

// Accepts (the evictor's shortcut) agrees with whether Offer changes the pool.
TEST(EvictionPoolTest, AcceptsPredictsOffer) {
  EvictionPool pool;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    uint64_t idle = rng() % 40;
    if (i % 7 == 0) {
      EvictionPool::Candidate popped;
      pool.PopBest(&popped);
    }
    std::vector<std::string> before = Keys(pool);
    bool accepts = pool.Accepts(idle);
    pool.Offer(idle, 0, "c" + std::to_string(i));
    EXPECT_EQ(accepts, Keys(pool) != before) << "offer " << i << " of score " << idle;
  }
}

}  // namespace
}  // namespace slotcache::server
