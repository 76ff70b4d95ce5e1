// WATCH bookkeeping: which clients watch which (db, key), so a write can flag their EXEC to fail.
// Follows Redis 7.0: a key that was already expired when watched may be deleted (lazily, by
// expiry or by FLUSHDB) without failing the EXEC; a key that expires after WATCH fails it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/core/client_session.h"
#include "server/keyspace/database.h"
#include "server/keyspace/keyspace.h"

namespace slotcache::server {

// Whether `key` is stored in `db`, expired or not. Never deletes (unlike Database::Find).
bool IsStored(Database& db, std::string_view key);
// Whether `key` is stored in `db` with a TTL that has passed at `now_ms`.
bool IsStoredButExpired(Database& db, std::string_view key, int64_t now_ms);

class WatchRegistry {
 public:
  // Starts watching `key` of `db` for `client`; a key it already watches is left as is.
  // `expired`: the key is stored but logically expired now (see IsStoredButExpired).
  void Watch(ClientSession& client, int db, std::string_view key, bool expired = false);
  // Forgets every key `client` watches and clears watch_dirty (EXEC, DISCARD, UNWATCH, RESET,
  // disconnect).
  void UnwatchAll(ClientSession& client);
  // A write or a deletion changed `key` in `db`; `stored` says whether the key is stored after
  // the change (false for expiry deletions). Its watchers get watch_dirty, except those that
  // watched an already expired key that is now gone: for them nothing logically changed.
  void KeyModified(int db, std::string_view key, bool stored = false);
  // FLUSHDB/FLUSHALL/SWAPDB, called BEFORE the contents of `emptied` are dropped
  // (`replaced_with` nullptr) or replaced by those of `replaced_with`. As in Redis, only
  // watchers of keys stored in either database are affected.
  void DbReplaced(Database& emptied, Database* replaced_with, int64_t now_ms);
  // EXEC: whether a key `client` watched while it was live has expired since (Redis then fails
  // the EXEC even though nothing deleted the key yet).
  bool AnyWatchedKeyExpired(const ClientSession& client, Keyspace& keyspace, int64_t now_ms);
  bool empty() const { return watchers_.empty(); }

 private:
  struct Watcher {
    ClientSession* client;
    bool expired;  // the key was already expired when WATCH ran
  };
  using WatchKey = std::pair<int, std::string>;

  void TouchForReplace(std::vector<Watcher>& watchers, bool in_emptied, Database* replaced_with,
                       std::string_view key, int64_t now_ms);

  absl::flat_hash_map<WatchKey, std::vector<Watcher>> watchers_;
};

}  // namespace slotcache::server
