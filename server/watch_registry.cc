#include "server/watch_registry.h"

#include <algorithm>

namespace slotcache::server {

void WatchRegistry::Watch(ClientSession& client, int db, std::string_view key) {
  for (const auto& [watched_db, watched_key] : client.watched) {
    if (watched_db == db && watched_key == key) return;
  }
  client.watched.emplace_back(db, std::string(key));
  watchers_[WatchKey(db, std::string(key))].push_back(&client);
}

void WatchRegistry::UnwatchAll(ClientSession& client) {
  for (const auto& watched : client.watched) {
    auto it = watchers_.find(watched);
    if (it == watchers_.end()) continue;
    auto& list = it->second;
    list.erase(std::remove(list.begin(), list.end(), &client), list.end());
    if (list.empty()) watchers_.erase(it);
  }
  client.watched.clear();
  client.watch_dirty = false;
}

void WatchRegistry::KeyModified(int db, std::string_view key) {
  if (watchers_.empty()) return;
  auto it = watchers_.find(WatchKey(db, std::string(key)));
  if (it == watchers_.end()) return;
  for (ClientSession* client : it->second)
    client->watch_dirty = true;
}

void WatchRegistry::DbModified(int db) {
  for (auto& [watched, clients] : watchers_) {
    if (watched.first != db) continue;
    for (ClientSession* client : clients)
      client->watch_dirty = true;
  }
}

}  // namespace slotcache::server
