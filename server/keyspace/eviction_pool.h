// Redis's eviction pool: the 16 best eviction candidates seen by sampling so far, ordered by
// "idle" score (higher = evict sooner: idle time, 255 - LFU counter, or inverse expiry). Pure
// bookkeeping of key names; whether a candidate still exists is the evictor's business.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace slotcache::server {

class EvictionPool {
 public:
  static constexpr size_t kSize = 16;

  struct Candidate {
    uint64_t idle = 0;
    int db = 0;
    std::string key;
    bool used = false;
  };

  // Offers a sampled key, exactly as Redis's evictionPoolPopulate inserts: ignored when the pool
  // is full and every candidate has a greater score; otherwise the lowest-scored one makes room.
  void Offer(uint64_t idle, int db, std::string_view key);
  // Whether Offer would keep a candidate with this score (so its key need not be read).
  bool Accepts(uint64_t idle) const {
    return !pool_[kSize - 1].used || (pool_[0].used && pool_[0].idle < idle);
  }
  // Removes and returns the best (highest-scored) candidate; false when the pool is empty.
  bool PopBest(Candidate* out);
  size_t size() const;
  void Clear();
  // Candidates from lowest to highest score (unused slots at the end), for tests.
  const std::array<Candidate, kSize>& candidates() const { return pool_; }

 private:
  std::array<Candidate, kSize> pool_;
};

}  // namespace slotcache::server
