// All logical databases of a node (SELECT 0..databases-1), with SWAPDB and FLUSHALL.
#pragma once

#include <memory>
#include <vector>

#include "server/keyspace/database.h"

namespace slotcache::server {

class Keyspace {
 public:
  explicit Keyspace(int databases);
  Keyspace(const Keyspace&) = delete;  // databases point at key_access_
  Keyspace& operator=(const Keyspace&) = delete;

  int count() const { return static_cast<int>(dbs_.size()); }
  Database& db(int index) { return *dbs_[index]; }
  const Database& db(int index) const { return *dbs_[index]; }
  void SetExpiryListener(ExpiryListener* listener);
  void SetDeleteExpired(bool on);
  // Where every database records key accesses (LRU/LFU); refreshed before each command.
  KeyAccess& key_access() { return key_access_; }
  // Exchanges the contents of two databases; each keeps its index.
  void Swap(int a, int b);
  // Empties every database; `async` frees the entries on the lazy-free thread (FLUSHALL ASYNC).
  void FlushAll(bool async = false);
  LazyFree& lazy_free() { return lazy_free_; }
  size_t TotalKeys() const;

 private:
  LazyFree lazy_free_;  // first: outlives the databases, joined last
  KeyAccess key_access_;
  std::vector<std::unique_ptr<Database>> dbs_;
};

}  // namespace slotcache::server
