// WATCH bookkeeping: which clients watch which (db, key), so a write can flag their EXEC to fail.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/client_session.h"

namespace slotcache::server {

class WatchRegistry {
 public:
  void Watch(ClientSession& client, int db, std::string_view key);
  // Forgets every key `client` watches (EXEC, DISCARD, UNWATCH, RESET, disconnect).
  void UnwatchAll(ClientSession& client);
  // A write changed `key` in `db`: every client watching it gets watch_dirty.
  void KeyModified(int db, std::string_view key);
  // FLUSHDB/FLUSHALL/SWAPDB: every client watching any key of `db` gets watch_dirty.
  void DbModified(int db);
  bool empty() const { return watchers_.empty(); }

 private:
  using WatchKey = std::pair<int, std::string>;
  absl::flat_hash_map<WatchKey, std::vector<ClientSession*>> watchers_;
};

}  // namespace slotcache::server
