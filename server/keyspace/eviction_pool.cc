#include "server/keyspace/eviction_pool.h"

#include <utility>

namespace slotcache::server {

void EvictionPool::Offer(uint64_t idle, int db, std::string_view key) {
  size_t k = 0;
  while (k < kSize && pool_[k].used && pool_[k].idle < idle)
    ++k;
  if (k == 0 && pool_[kSize - 1].used) return;  // worse than everything in a full pool
  if (k < kSize && !pool_[k].used) {
    // An empty slot right where the key belongs.
  } else if (!pool_[kSize - 1].used) {
    // Room on the right: shift k.. one place right (the moved strings keep their buffers).
    for (size_t i = kSize - 1; i > k; --i)
      std::swap(pool_[i], pool_[i - 1]);
  } else {
    // Full: drop the lowest score by shifting 0..k-1 left, and insert at k-1.
    --k;
    for (size_t i = 0; i < k; ++i)
      std::swap(pool_[i], pool_[i + 1]);
  }
  Candidate& slot = pool_[k];
  slot.idle = idle;
  slot.db = db;
  slot.key.assign(key.data(), key.size());
  slot.used = true;
}

bool EvictionPool::PopBest(Candidate* out) {
  for (size_t k = kSize; k-- > 0;) {
    if (!pool_[k].used) continue;
    out->idle = pool_[k].idle;
    out->db = pool_[k].db;
    out->key.swap(pool_[k].key);
    out->used = true;
    pool_[k].used = false;
    return true;
  }
  return false;
}

size_t EvictionPool::size() const {
  size_t n = 0;
  for (const Candidate& c : pool_)
    n += c.used ? 1 : 0;
  return n;
}

void EvictionPool::Clear() {
  for (Candidate& c : pool_)
    c.used = false;
}

}  // namespace slotcache::server
