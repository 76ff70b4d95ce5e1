// Everything commands may read or change besides their own client: config, data, statistics,
// the other clients. Owned by Server; tests build one directly. No sockets, no clock reads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "server/client_session.h"
#include "server/config.h"
#include "server/keyspace.h"
#include "server/watch_registry.h"

namespace slotcache::server {

struct Stats {
  uint64_t total_connections_received = 0;
  uint64_t total_commands_processed = 0;
  uint64_t rejected_connections = 0;
  uint64_t expired_keys = 0;
  uint64_t evicted_keys = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t total_net_input_bytes = 0;
  uint64_t total_net_output_bytes = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t client_output_limit_disconnections = 0;
  uint64_t dirty = 0;  // writes since start (Redis's server.dirty)
};

class ServerState : public ExpiryListener {
 public:
  explicit ServerState(Config config);

  Config& config() { return config_; }
  Keyspace& keyspace() { return keyspace_; }
  Stats& stats() { return stats_; }
  WatchRegistry& watches() { return watches_; }
  std::mt19937_64& rng() { return rng_; }
  const std::string& run_id() const { return run_id_; }
  int64_t start_ms() const { return start_ms_; }
  void set_start_ms(int64_t ms) { start_ms_ = ms; }

  // Connected clients by id (ids only grow, so the map is in connection order).
  std::map<uint64_t, ClientSession*>& clients() { return clients_; }
  uint64_t NextClientId() { return ++last_client_id_; }
  void AddClient(ClientSession* client) { clients_[client->id] = client; }
  void RemoveClient(ClientSession* client);

  // Requests the loop acts on between iterations.
  void RequestClose(uint64_t client_id) { close_requests_.push_back(client_id); }
  std::vector<uint64_t> TakeCloseRequests() { return std::move(close_requests_); }
  void RequestShutdown() { shutdown_requested_ = true; }
  bool shutdown_requested() const { return shutdown_requested_; }

  // Called after CONFIG SET changed a directive, so the server can apply it (log level, hz...).
  std::function<void(std::string_view)> on_config_change = [](std::string_view) {};

  void KeyExpired(int db_index, std::string_view key) override;

 private:
  Config config_;
  Keyspace keyspace_;
  Stats stats_;
  WatchRegistry watches_;
  std::mt19937_64 rng_;
  std::string run_id_;
  int64_t start_ms_ = 0;
  uint64_t last_client_id_ = 0;
  std::map<uint64_t, ClientSession*> clients_;
  std::vector<uint64_t> close_requests_;
  bool shutdown_requested_ = false;
};

}  // namespace slotcache::server
