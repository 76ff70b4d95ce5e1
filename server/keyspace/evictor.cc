#include "server/keyspace/evictor.h"

#include <time.h>

#include <cmath>
#include <limits>
#include <string>

#include "server/base/clock.h"
#include "server/keyspace/lfu.h"

namespace slotcache::server {
namespace {

bool VolatileOnly(EvictionPolicy p) {
  return p == EvictionPolicy::kVolatileLru || p == EvictionPolicy::kVolatileLfu ||
         p == EvictionPolicy::kVolatileRandom || p == EvictionPolicy::kVolatileTtl;
}

bool RandomPolicy(EvictionPolicy p) {
  return p == EvictionPolicy::kVolatileRandom || p == EvictionPolicy::kAllKeysRandom;
}

size_t Candidates(const Database& db, bool volatile_only) {
  return volatile_only ? db.volatile_size() : db.size();
}

}  // namespace

uint64_t MonotonicClockUs() {
  return static_cast<uint64_t>(MonotonicUs());
}

Evictor::Evictor(Keyspace& keyspace, const Config& config, EvictionListener& listener,
                 std::mt19937_64& rng, Meter used_memory, Meter monotonic_us)
    : keyspace_(keyspace),
      config_(config),
      listener_(listener),
      rng_(rng),
      used_memory_(used_memory),
      monotonic_us_(monotonic_us) {}

// Redis's evictionTimeLimitUs: linear up to tenacity 10 (500 us), then growing 15% a step;
// 100 means no limit.
uint64_t Evictor::TimeLimitUs() const {
  int64_t tenacity = config_.maxmemory_eviction_tenacity;
  if (tenacity <= 10) return 50 * static_cast<uint64_t>(tenacity);
  if (tenacity < 100) return static_cast<uint64_t>(500.0 * std::pow(1.15, tenacity - 10));
  return std::numeric_limits<uint64_t>::max();
}

EvictResult Evictor::Perform(int64_t now_ms, bool allowed) {
  background_needed_ = false;
  uint64_t limit = static_cast<uint64_t>(config_.maxmemory);
  if (limit == 0 || !allowed || used_memory_() <= limit) return EvictResult::kOk;
  if (ReclaimBuffers() && used_memory_() <= limit) return EvictResult::kOk;
  if (config_.maxmemory_policy == EvictionPolicy::kNoEviction) return EvictResult::kFail;
  uint64_t start = monotonic_us_();
  uint64_t budget = TimeLimitUs();
  for (uint64_t evicted = 1; used_memory_() > limit; ++evicted) {
    if (!EvictOne(now_ms)) return EvictResult::kFail;
    // Like Redis, the clock is read every 16 keys only.
    if (evicted % 16 == 0 && monotonic_us_() - start > budget) {
      background_needed_ = used_memory_() > limit;
      return background_needed_ ? EvictResult::kRunning : EvictResult::kOk;
    }
  }
  return EvictResult::kOk;
}

// Idle buffers go before any key. The scan visits every client and a node at its limit runs
// Perform before each write, so after each scan the next waits 20 times its duration: at most
// ~5% of the time goes to scanning however many clients there are (with a few, every time).
bool Evictor::ReclaimBuffers() {
  uint64_t start = monotonic_us_();
  if (start < next_reclaim_us_) return false;
  listener_.ReclaimIdleBuffers();
  uint64_t end = monotonic_us_();
  next_reclaim_us_ = end + 20 * (end - start);
  return true;
}

bool Evictor::EvictOne(int64_t now_ms) {
  return RandomPolicy(config_.maxmemory_policy) ? EvictRandom() : EvictFromPool(now_ms);
}

// Redis's LRU/LFU/TTL selection: sample every database into the pool, then evict the best
// candidate that still exists; stale candidates (deleted or used since) are dropped.
bool Evictor::EvictFromPool(int64_t now_ms) {
  bool volatile_only = VolatileOnly(config_.maxmemory_policy);
  while (true) {
    size_t total = 0;
    for (int i = 0; i < keyspace_.count(); ++i) {
      Database& db = keyspace_.db(i);
      if (Candidates(db, volatile_only) == 0) continue;
      total += Candidates(db, volatile_only);
      PopulatePool(db, now_ms);
    }
    if (total == 0) return false;
    while (pool_.PopBest(&popped_)) {
      Database& db = keyspace_.db(popped_.db);
      Entry* entry = db.Peek(popped_.key, std::numeric_limits<int64_t>::min());
      if (entry == nullptr || (volatile_only && !entry->has_expiry())) continue;
      // Unlike Redis, a candidate used since it was sampled is dropped, not evicted: its score
      // is stale (this keeps continuously read keys that Redis's pool sometimes evicts).
      if (Score(*entry, now_ms) < popped_.idle) continue;
      Evict(db, popped_.key);
      return true;
    }
  }
}

void Evictor::PopulatePool(Database& db, int64_t now_ms) {
  bool volatile_only = VolatileOnly(config_.maxmemory_policy);
  size_t samples = static_cast<size_t>(config_.maxmemory_samples);
  auto offer = [&](const Entry& entry) {
    uint64_t score = Score(entry, now_ms);
    if (pool_.Accepts(score)) pool_.Offer(score, db.index(), entry.key());
  };
  db.Sample(volatile_only, samples, rng_, offer);
}

uint64_t Evictor::Score(const Entry& entry, int64_t now_ms) const {
  switch (config_.maxmemory_policy) {
    case EvictionPolicy::kVolatileTtl:
      // Sooner expiry = evict first.
      return std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(entry.expire_at());
    case EvictionPolicy::kAllKeysLfu:
    case EvictionPolicy::kVolatileLfu:
      return 255 - LfuDecayedCounter(entry.lru(), LfuMinutes(now_ms), config_.lfu_decay_time);
    default:
      return LruIdleMs(entry.lru(), LruClock(now_ms));
  }
}

// Random policies: one random key of the next database that has candidates, round robin.
bool Evictor::EvictRandom() {
  bool volatile_only = VolatileOnly(config_.maxmemory_policy);
  for (int tried = 0; tried < keyspace_.count(); ++tried) {
    Database& db = keyspace_.db(next_random_db_);
    next_random_db_ = (next_random_db_ + 1) % keyspace_.count();
    if (Candidates(db, volatile_only) == 0) continue;
    std::string key;
    db.Sample(volatile_only, 1, rng_, [&](const Entry& entry) { key.assign(entry.key()); });
    Evict(db, key);
    return true;
  }
  return false;
}

void Evictor::Evict(Database& db, std::string_view key) {
  // `key` may view the pool's buffer or a copy; the entry itself is freed by Erase.
  db.Erase(key);
  listener_.KeyEvicted(db.index(), key);
}

}  // namespace slotcache::server
