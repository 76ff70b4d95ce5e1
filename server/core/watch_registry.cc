#include "server/core/watch_registry.h"

#include <algorithm>
#include <limits>

namespace slotcache::server {

bool IsStored(Database& db, std::string_view key) {
  return db.Contains(key);
}

bool IsStoredButExpired(Database& db, std::string_view key, int64_t now_ms) {
  const Entry* entry = db.Find(key, std::numeric_limits<int64_t>::min());
  // With the earliest possible "now" no TTL has passed, so Find neither hides nor deletes; the
  // expiry test is Database's own, so "expired" here means "Find would delete it".
  return entry != nullptr && Database::IsExpired(*entry, now_ms);
}

void WatchRegistry::Watch(ClientSession& client, int db, std::string_view key, bool expired) {
  for (const auto& [watched_db, watched_key] : client.watched) {
    if (watched_db == db && watched_key == key) return;
  }
  client.watched.emplace_back(db, std::string(key));
  watchers_[WatchKey(db, std::string(key))].push_back(Watcher{&client, expired});
}

void WatchRegistry::UnwatchAll(ClientSession& client) {
  for (const auto& watched : client.watched) {
    auto it = watchers_.find(watched);
    if (it == watchers_.end()) continue;
    auto& list = it->second;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Watcher& w) { return w.client == &client; }),
               list.end());
    if (list.empty()) watchers_.erase(it);
  }
  client.watched.clear();
  client.watch_dirty = false;
}

void WatchRegistry::KeyModified(int db, std::string_view key, bool stored) {
  if (watchers_.empty()) return;
  auto it = watchers_.find(WatchKey(db, std::string(key)));
  if (it == watchers_.end()) return;
  for (Watcher& watcher : it->second) {
    if (watcher.expired && !stored) {
      // The already expired key was deleted: no logical change. A deleted key is no longer
      // "expired", so a later write does fail the EXEC.
      watcher.expired = false;
      continue;
    }
    watcher.client->watch_dirty = true;
  }
}

void WatchRegistry::DbReplaced(Database& emptied, Database* replaced_with, int64_t now_ms) {
  for (auto& [watched, watchers] : watchers_) {
    if (watched.first != emptied.index()) continue;
    bool in_emptied = IsStored(emptied, watched.second);
    bool in_replacement = replaced_with != nullptr && IsStored(*replaced_with, watched.second);
    if (!in_emptied && !in_replacement) continue;
    TouchForReplace(watchers, in_emptied, in_replacement ? replaced_with : nullptr, watched.second,
                    now_ms);
  }
}

// Redis's touchAllWatchedKeysInDb for one key; `replaced_with` is nullptr unless the key is
// stored in the replacing database.
void WatchRegistry::TouchForReplace(std::vector<Watcher>& watchers, bool in_emptied,
                                    Database* replaced_with, std::string_view key, int64_t now_ms) {
  bool replacement_expired =
      replaced_with != nullptr && IsStoredButExpired(*replaced_with, key, now_ms);
  for (Watcher& watcher : watchers) {
    if (watcher.expired) {
      if (replaced_with == nullptr) {
        watcher.expired = false;  // the expired key is now deleted: no logical change
        continue;
      }
      if (replacement_expired) continue;  // an expired key stays expired
    } else if (!in_emptied && replacement_expired) {
      watcher.expired = true;  // a missing key became an expired one: no logical change
      continue;
    }
    watcher.client->watch_dirty = true;
  }
}

bool WatchRegistry::AnyWatchedKeyExpired(const ClientSession& client, Keyspace& keyspace,
                                         int64_t now_ms) {
  for (const auto& watched : client.watched) {
    auto it = watchers_.find(watched);
    if (it == watchers_.end()) continue;
    for (const Watcher& watcher : it->second) {
      if (watcher.client != &client || watcher.expired) continue;
      if (IsStoredButExpired(keyspace.db(watched.first), watched.second, now_ms)) return true;
    }
  }
  return false;
}

}  // namespace slotcache::server
