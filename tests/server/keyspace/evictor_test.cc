#include "server/keyspace/evictor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/keyspace/lfu.h"

namespace slotcache::server {
namespace {

constexpr uint64_t kBytesPerKey = 100;
constexpr int64_t kNowMs = int64_t{1700000000} * 1000;

// Fake meters: memory is 100 bytes a key of the keyspace under test plus idle buffers the
// listener can reclaim; each clock read is 100 us later than the last.
Keyspace* metered = nullptr;
uint64_t fake_us = 0;
uint64_t idle_buffer_bytes = 0;
uint64_t FakeUsedMemory() {
  return metered->TotalKeys() * kBytesPerKey + idle_buffer_bytes;
}
uint64_t FakeClockUs() {
  return fake_us += 100;
}

class EvictorTest : public ::testing::Test, public EvictionListener {
 protected:
  EvictorTest()
      : keyspace_(2),
        rng_(1),
        evictor_(keyspace_, config_, *this, rng_, FakeUsedMemory, FakeClockUs) {
    metered = &keyspace_;
    idle_buffer_bytes = 0;
    config_.maxmemory_eviction_tenacity = 100;  // no time limit unless a test sets one
  }
  void KeyEvicted(int db, std::string_view key) override {
    evicted_.emplace_back(std::to_string(db) + ":" + std::string(key));
  }
  void ReclaimIdleBuffers() override {
    ++reclaims_;
    idle_buffer_bytes = 0;
  }
  // `n` keys "p0".."p<n-1>" in `db`, with a TTL if `ttl_ms` > 0 (expiry now + ttl_ms + i).
  void Fill(int db, const std::string& prefix, int n, int64_t ttl_ms = 0) {
    for (int i = 0; i < n; ++i) {
      int64_t at = ttl_ms > 0 ? kNowMs + ttl_ms + i : kNoExpire;
      keyspace_.db(db).Set(prefix + std::to_string(i), "v", at);
    }
  }
  void Limit(size_t keys, EvictionPolicy policy) {
    config_.maxmemory = static_cast<uint64_t>(keys * kBytesPerKey);
    config_.maxmemory_policy = policy;
  }
  bool Has(int db, const std::string& key) { return keyspace_.db(db).Contains(key); }

  Config config_;
  Keyspace keyspace_;
  std::mt19937_64 rng_;
  Evictor evictor_;
  std::vector<std::string> evicted_;
  int reclaims_ = 0;
};

TEST_F(EvictorTest, UnderTheLimitOrUnlimitedDoesNothing) {
  Fill(0, "k", 10);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);  // maxmemory 0
  Limit(10, EvictionPolicy::kAllKeysLru);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_TRUE(evicted_.empty());
}

TEST_F(EvictorTest, NoEvictionFailsAndReplicasNeverEvict) {
  Fill(0, "k", 10);
  Limit(5, EvictionPolicy::kNoEviction);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kFail);
  config_.maxmemory_policy = EvictionPolicy::kAllKeysRandom;
  EXPECT_EQ(evictor_.Perform(kNowMs, false), EvictResult::kOk);
  EXPECT_EQ(keyspace_.TotalKeys(), 10u);
}

TEST_F(EvictorTest, AllKeysLruEvictsTheLeastRecentlyUsed) {
  Fill(0, "old", 50);
  Fill(1, "new", 50);
  // "old" keys were last used an hour ago, "new" ones now.
  for (int i = 0; i < 50; ++i) {
    keyspace_.db(0).Peek("old" + std::to_string(i), kNowMs)->set_lru(LruClock(kNowMs - 3600000));
    keyspace_.db(1).Peek("new" + std::to_string(i), kNowMs)->set_lru(LruClock(kNowMs));
  }
  Limit(60, EvictionPolicy::kAllKeysLru);
  config_.maxmemory_samples = 10;
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_EQ(keyspace_.TotalKeys(), 60u);
  EXPECT_EQ(evicted_.size(), 40u);
  // Sampling is approximate; nearly all victims must still be old keys.
  EXPECT_GE(keyspace_.db(1).size(), 45u);
}

TEST_F(EvictorTest, AllKeysLfuEvictsTheLeastFrequentlyUsed) {
  Fill(0, "k", 100);
  uint32_t minutes = LfuMinutes(kNowMs);
  for (int i = 0; i < 100; ++i) {
    uint32_t counter = i < 50 ? 1 : 100;  // k0..k49 cold, k50..k99 hot
    keyspace_.db(0).Peek("k" + std::to_string(i), kNowMs)->set_lru(LfuField(minutes, counter));
  }
  Limit(60, EvictionPolicy::kAllKeysLfu);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  int hot_left = 0;
  for (int i = 50; i < 100; ++i)
    hot_left += Has(0, "k" + std::to_string(i));
  EXPECT_GE(hot_left, 45);
}

TEST_F(EvictorTest, VolatilePoliciesNeverTouchKeysWithoutTtl) {
  for (EvictionPolicy policy : {EvictionPolicy::kVolatileLru, EvictionPolicy::kVolatileLfu,
                                EvictionPolicy::kVolatileRandom, EvictionPolicy::kVolatileTtl}) {
    keyspace_.FlushAll();
    evicted_.clear();
    Fill(0, "keep", 30);
    Fill(1, "ttl", 30, 60000);
    Limit(40, policy);
    EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
    EXPECT_EQ(keyspace_.db(0).size(), 30u) << EvictionPolicyName(policy);
    EXPECT_EQ(keyspace_.db(1).size(), 10u) << EvictionPolicyName(policy);
    // Below what the persistent keys need: the TTL keys all go, then nothing more can.
    Limit(20, policy);
    EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kFail) << EvictionPolicyName(policy);
    EXPECT_EQ(keyspace_.db(0).size(), 30u);
    EXPECT_EQ(keyspace_.db(1).size(), 0u);
  }
}

TEST_F(EvictorTest, VolatileTtlEvictsTheSoonestExpiring) {
  Fill(0, "t", 100, 60000);  // t0 expires first, t99 last
  Limit(80, EvictionPolicy::kVolatileTtl);
  config_.maxmemory_samples = 10;
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  int late_left = 0;
  for (int i = 50; i < 100; ++i)
    late_left += Has(0, "t" + std::to_string(i));
  EXPECT_GE(late_left, 45);
}

TEST_F(EvictorTest, AllKeysRandomVisitsEveryDatabase) {
  Fill(0, "a", 50);
  Fill(1, "b", 50);
  Limit(50, EvictionPolicy::kAllKeysRandom);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_EQ(keyspace_.db(0).size(), 25u);  // round robin over the two databases
  EXPECT_EQ(keyspace_.db(1).size(), 25u);
  EXPECT_EQ(evicted_.size(), 50u);
}

TEST_F(EvictorTest, IdleBuffersGoBeforeAnyKey) {
  Fill(0, "k", 10);
  Limit(10, EvictionPolicy::kAllKeysLru);
  idle_buffer_bytes = 5 * kBytesPerKey;  // e.g. a reply buffer a pipelined burst grew
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_EQ(reclaims_, 1);
  EXPECT_TRUE(evicted_.empty());
  // The scan took 100 us (one fake clock step), so none runs for the next 2 ms: keys pay.
  idle_buffer_bytes = 2 * kBytesPerKey;
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_EQ(reclaims_, 1);
  EXPECT_EQ(evicted_.size(), 2u);
  Fill(0, "more", 2);
  fake_us += 2000;
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kOk);
  EXPECT_EQ(reclaims_, 2);
  EXPECT_EQ(evicted_.size(), 2u);  // the buffer left from before went instead of two keys
}

TEST_F(EvictorTest, SlicesAreTimeBoundedAndResumable) {
  Fill(0, "k", 1000);
  Limit(100, EvictionPolicy::kAllKeysRandom);
  config_.maxmemory_eviction_tenacity = 10;  // 500 us a slice; each clock read is 100 us
  EXPECT_EQ(evictor_.TimeLimitUs(), 500u);
  EXPECT_EQ(evictor_.Perform(kNowMs, true), EvictResult::kRunning);
  EXPECT_TRUE(evictor_.background_needed());
  EXPECT_EQ(keyspace_.TotalKeys(), 1000u - 16 * 6);  // the clock is read every 16 keys
  int slices = 1;
  while (evictor_.Perform(kNowMs, true) == EvictResult::kRunning)
    ++slices;
  EXPECT_FALSE(evictor_.background_needed());
  EXPECT_EQ(keyspace_.TotalKeys(), 100u);
  EXPECT_GT(slices, 5);
}

}  // namespace
}  // namespace slotcache::server
