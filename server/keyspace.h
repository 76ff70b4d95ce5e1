// All logical databases of a node (SELECT 0..databases-1), with SWAPDB and FLUSHALL.
#pragma once

#include <memory>
#include <vector>

#include "server/database.h"

namespace slotcache::server {

class Keyspace {
 public:
  explicit Keyspace(int databases);

  int count() const { return static_cast<int>(dbs_.size()); }
  Database& db(int index) { return *dbs_[index]; }
  const Database& db(int index) const { return *dbs_[index]; }
  void SetExpiryListener(ExpiryListener* listener);
  void SetDeleteExpired(bool on);
  // Exchanges the contents of two databases; each keeps its index.
  void Swap(int a, int b);
  void FlushAll();
  size_t TotalKeys() const;

 private:
  std::vector<std::unique_ptr<Database>> dbs_;
};

}  // namespace slotcache::server
