// Records accesses in each Entry's 24-bit field (Redis's lookupKey updating robj->lru): the LRU
// clock, or the LFU counter under an LFU policy. Shared by all databases of a keyspace; the
// dispatcher refreshes its clock and policy before each command. Knows nothing of eviction.
#pragma once

#include <cstdint>

#include "server/keyspace/entry.h"
#include "server/keyspace/lfu.h"

namespace slotcache::server {

class KeyAccess {
 public:
  // Called before each command: the loop's clock and the current policy parameters.
  void Update(int64_t now_ms, bool lfu, int64_t log_factor, int64_t decay_time) {
    if (now_ms != now_ms_) {
      now_ms_ = now_ms;
      lru_clock_ = LruClock(now_ms);
      lfu_minutes_ = LfuMinutes(now_ms);
    }
    lfu_ = lfu;
    log_factor_ = log_factor;
    decay_time_ = decay_time;
  }

  // An access to `entry` (read or write).
  void Touch(Entry& entry) {
    if (!lfu_) return entry.set_lru(lru_clock_);
    uint32_t counter = LfuDecayedCounter(entry.lru(), lfu_minutes_, decay_time_);
    entry.set_lru(LfuField(lfu_minutes_, LfuLogIncr(counter, log_factor_, Random01())));
  }
  // The field of a newly created key.
  uint32_t NewField() const { return lfu_ ? LfuField(lfu_minutes_, kLfuInitVal) : lru_clock_; }

  bool lfu() const { return lfu_; }
  uint32_t lru_clock() const { return lru_clock_; }
  uint32_t lfu_minutes() const { return lfu_minutes_; }
  int64_t decay_time() const { return decay_time_; }

 private:
  // xorshift64*: the LFU increment needs a cheap uniform number per access, not a good one.
  double Random01() {
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return static_cast<double>((rng_ * 2685821657736338717ULL) >> 11) * 0x1.0p-53;
  }

  int64_t now_ms_ = 0;
  uint32_t lru_clock_ = 0;
  uint32_t lfu_minutes_ = 0;
  bool lfu_ = false;
  int64_t log_factor_ = 10;
  int64_t decay_time_ = 1;
  uint64_t rng_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace slotcache::server
