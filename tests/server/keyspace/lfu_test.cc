#include "server/keyspace/lfu.h"

#include <gtest/gtest.h>

#include <random>

#include "server/keyspace/key_access.h"

namespace slotcache::server {
namespace {

TEST(LfuTest, IncrementProbabilityIsRedisFormula) {
  // p = 1 / ((counter - 5) * factor + 1); counters up to LFU_INIT_VAL always increment.
  EXPECT_EQ(LfuLogIncr(0, 10, 0.999), 1u);
  EXPECT_EQ(LfuLogIncr(5, 10, 0.999), 6u);
  // counter 6, factor 10: p = 1/11 = 0.0909...
  EXPECT_EQ(LfuLogIncr(6, 10, 0.0900), 7u);
  EXPECT_EQ(LfuLogIncr(6, 10, 0.0910), 6u);
  // factor 0: always increments, up to the 255 ceiling.
  EXPECT_EQ(LfuLogIncr(200, 0, 0.999), 201u);
  EXPECT_EQ(LfuLogIncr(255, 0, 0.0), 255u);
}

TEST(LfuTest, CounterGrowsLogarithmicallyLikeRedisTable) {
  // redis.conf's table for lfu-log-factor 10: 100 hits -> 10, 1000 -> 18, 100k -> 142 (+-
  // randomness), 1M -> 255.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  uint32_t counter = kLfuInitVal;
  int hits = 0;
  auto hit_until = [&](int n) {
    for (; hits < n; ++hits)
      counter = LfuLogIncr(counter, 10, uniform(rng));
    return counter;
  };
  EXPECT_NEAR(hit_until(100), 10, 3);
  EXPECT_NEAR(hit_until(1000), 18, 4);
  EXPECT_NEAR(hit_until(100000), 142, 15);
  EXPECT_EQ(hit_until(1000000), 255u);
}

TEST(LfuTest, DecayOnePerPeriodAndNeverBelowZero) {
  uint32_t field = LfuField(100, 20);
  EXPECT_EQ(LfuDecayedCounter(field, 100, 1), 20u);
  EXPECT_EQ(LfuDecayedCounter(field, 107, 1), 13u);
  EXPECT_EQ(LfuDecayedCounter(field, 107, 2), 17u);  // 3 whole periods of 2 minutes
  EXPECT_EQ(LfuDecayedCounter(field, 200, 1), 0u);
  EXPECT_EQ(LfuDecayedCounter(field, 200, 0), 20u);  // decay time 0: never decays
  // The 16-bit minute clock wraps: 65530 -> 4 is 9 minutes (Redis's 65535 - then + now).
  EXPECT_EQ(LfuElapsedMinutes(LfuField(65530, 0), 4), 9u);
}

TEST(LfuTest, LruIdleAllowsForClockWrap) {
  EXPECT_EQ(LruIdleMs(100, 160), 60000u);
  EXPECT_EQ(LruIdleMs(kLruClockMax - 10, 5), 15000u);
}

TEST(KeyAccessTest, TouchAndNewFieldFollowThePolicy) {
  KeyAccess access;
  Entry* e = Entry::Create("k", 1, false);
  int64_t now_ms = int64_t{1700000000} * 1000;
  access.Update(now_ms, false, 10, 1);
  EXPECT_EQ(access.NewField(), LruClock(now_ms));
  access.Touch(*e);
  EXPECT_EQ(e->lru(), LruClock(now_ms));
  access.Update(now_ms, true, 10, 1);
  EXPECT_EQ(access.NewField(), LfuField(LfuMinutes(now_ms), kLfuInitVal));
  e->set_lru(access.NewField());
  access.Touch(*e);  // counter 5 always increments
  EXPECT_EQ(e->lru(), LfuField(LfuMinutes(now_ms), 6));
  Entry::Destroy(e);
}

}  // namespace
}  // namespace slotcache::server
