#include "server/server_state.h"

namespace slotcache::server {

ServerState::ServerState(Config config)
    : config_(std::move(config)), keyspace_(config_.databases), rng_(std::random_device{}()) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 40; ++i)
    run_id_.push_back(kHex[rng_() % 16]);
  keyspace_.SetExpiryListener(this);
}

void ServerState::RemoveClient(ClientSession* client) {
  watches_.UnwatchAll(*client);
  clients_.erase(client->id);
}

void ServerState::KeyExpired(int db_index, std::string_view key) {
  ++stats_.expired_keys;
  // An expired key counts as modified for WATCH, as in Redis.
  watches_.KeyModified(db_index, key);
}

}  // namespace slotcache::server
