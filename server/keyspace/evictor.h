// maxmemory enforcement: evicts keys by the configured policy until used_memory is under
// maxmemory, in bounded slices (Redis's performEvictions). Decides and deletes; never replies.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

#include "server/config/config.h"
#include "server/keyspace/eviction_pool.h"
#include "server/keyspace/keyspace.h"

namespace slotcache::server {

// Told about each evicted key (to count it, signal WATCH and propagate a DEL), and asked first
// to give back memory that is not data.
class EvictionListener {
 public:
  virtual ~EvictionListener() = default;
  virtual void KeyEvicted(int db_index, std::string_view key) = 0;
  // Frees buffers kept only for reuse (idle clients' reply buffers). Redis frees a reply list as
  // soon as it is written; without this, a buffer a pipelined burst grew would sit in
  // used_memory and be paid for with evicted keys.
  virtual void ReclaimIdleBuffers() {}
};

enum class EvictResult {
  kOk,       // under the limit (or no limit, or this node must not evict)
  kRunning,  // still over, out of time for this slice: the rest happens in the background
  kFail,     // over the limit and nothing (more) can be evicted: deny-OOM commands get -OOM
};

// The monotonic clock in microseconds: what bounds an eviction slice outside tests.
uint64_t MonotonicClockUs();

class Evictor {
 public:
  // `used_memory` and `monotonic_us` are injected so tests can drive memory and time.
  using Meter = uint64_t (*)();
  Evictor(Keyspace& keyspace, const Config& config, EvictionListener& listener,
          std::mt19937_64& rng, Meter used_memory, Meter monotonic_us);

  // Evicts until used memory <= maxmemory, for at most one time slice (maxmemory-eviction-
  // tenacity, Redis's formula: 500 us at the default 10). `allowed` false (a replica, which
  // applies its primary's deletes instead) makes it a no-op returning kOk.
  EvictResult Perform(int64_t now_ms, bool allowed);
  // True after a slice ran out of time while still over the limit: call Perform again soon.
  bool background_needed() const { return background_needed_; }
  uint64_t TimeLimitUs() const;

 private:
  bool ReclaimBuffers();
  bool EvictOne(int64_t now_ms);
  bool EvictFromPool(int64_t now_ms);
  bool EvictRandom();
  void PopulatePool(Database& db, int64_t now_ms);
  uint64_t Score(const Entry& entry, int64_t now_ms) const;
  void Evict(Database& db, std::string_view key);

  Keyspace& keyspace_;
  const Config& config_;
  EvictionListener& listener_;
  std::mt19937_64& rng_;
  Meter used_memory_;
  Meter monotonic_us_;
  EvictionPool pool_;
  EvictionPool::Candidate popped_;
  uint64_t next_reclaim_us_ = 0;  // no buffer reclaim scan before this time
  int next_random_db_ = 0;        // random policies visit the databases round robin, like Redis
  bool background_needed_ = false;
};

}  // namespace slotcache::server
