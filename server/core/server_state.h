// Everything commands may read or change besides their own client: config, data, statistics,
// the other clients. Owned by Server; tests build one directly. No sockets, no clock reads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/config.h"
#include "server/core/client_session.h"
#include "server/core/cluster_view.h"
#include "server/core/propagation.h"
#include "server/core/replication_state.h"
#include "server/core/watch_registry.h"
#include "server/keyspace/evictor.h"
#include "server/keyspace/keyspace.h"
#include "server/keyspace/snapshot.h"

namespace slotcache::server {

class AofService;
class ReplicationPrimary;

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

// One of INFO's instantaneous_* rates, like Redis's inst_metric: a per-second rate sampled
// every 100 ms; the reported value is the mean of the last 16 samples.
class RateSampler {
 public:
  static constexpr int kSamples = 16;
  void Record(int64_t now_ms, uint64_t total);
  int64_t PerSecond() const;
  void Reset(int64_t now_ms, uint64_t total);

 private:
  int64_t samples_[kSamples] = {};
  int next_ = 0;
  int64_t last_ms_ = 0;
  uint64_t last_total_ = 0;
};

class ServerState : public ExpiryListener, public EvictionListener {
 public:
  explicit ServerState(Config config);

  Config& config() { return config_; }
  Keyspace& keyspace() { return keyspace_; }
  Stats& stats() { return stats_; }
  WatchRegistry& watches() { return watches_; }
  ClusterView& cluster() { return cluster_; }
  Propagator& propagator() { return propagator_; }
  // Snapshots being cut (AOF rewrite, replica full sync): writers must call their Before*
  // hooks first (the dispatcher does, for every write command).
  std::vector<KeyspaceSnapshot*>& snapshots() { return snapshots_; }
  // The append-only file; nullptr when no Server runs (in-process command tests).
  AofService* aof() { return aof_; }
  void set_aof(AofService* aof) { aof_ = aof; }
  std::mt19937_64& rng() { return rng_; }
  const std::string& run_id() const { return run_id_; }
  int64_t start_ms() const { return start_ms_; }
  void set_start_ms(int64_t ms) { start_ms_ = ms; }

  // Connected clients by id (ids only grow, so the map is in connection order).
  std::map<uint64_t, ClientSession*>& clients() { return clients_; }
  uint64_t NextClientId() { return ++last_client_id_; }
  // Registers a new connection. As in Redis, a client that connects while the default user has
  // no password is authenticated at once, and stays so when requirepass is set later.
  void AddClient(ClientSession* client) {
    client->authenticated = config_.requirepass.empty();
    clients_[client->id] = client;
  }
  // Forgets a disconnected client, and tells every ClientListener.
  void RemoveClient(ClientSession* client);
  void AddClientListener(ClientListener* listener) { client_listeners_.push_back(listener); }
  void RemoveClientListener(ClientListener* listener) { std::erase(client_listeners_, listener); }

  // Requests the loop acts on between iterations.
  void RequestClose(uint64_t client_id) { close_requests_.push_back(client_id); }
  std::vector<uint64_t> TakeCloseRequests() { return std::move(close_requests_); }
  void RequestShutdown() { shutdown_requested_ = true; }
  bool shutdown_requested() const { return shutdown_requested_; }

  // Called after CONFIG SET changed a directive, so the server can apply it (log level, hz...).
  std::function<void(std::string_view)> on_config_change = [](std::string_view) {};

  void KeyExpired(int db_index, std::string_view key) override;
  // The one report of an evicted key: counts it, flags WATCHers and propagates a DEL (replicas
  // and the AOF never evict on their own).
  void KeyEvicted(int db_index, std::string_view key) override;
  // Shrinks every client reply buffer that grew past kReplyBufferKeepUnderPressure and is under
  // a quarter full (see client_session.h), keeping pending replies.
  void ReclaimIdleBuffers() override;
  Evictor& evictor() { return evictor_; }
  // Whether this node evicts keys itself. A replica must not (it applies its primary's DELs);
  // tied to the keyspace's delete-expired mode, which replicas turn off for the same reason.
  bool evicts_keys() { return keyspace_.db(0).delete_expired(); }

  // Replication ID shown by INFO (a fresh random one per start, like Redis's master_replid).
  const std::string& replid() const { return replication_.replid; }
  // Role, replication ids, offset and backlog; the replicas attached to this node.
  ReplicationState& replication() { return replication_; }
  // The replicas attached to this node: owned by the Server (or a test), which sets it at once.
  ReplicationPrimary& replicas() { return *replicas_; }
  void set_replicas(ReplicationPrimary* replicas) { replicas_ = replicas; }
  // Server cron, every 100 ms: samples the instantaneous rates and the memory peak.
  void RecordStatsSample(int64_t now_ms, uint64_t used_memory);
  const RateSampler& ops_rate() const { return ops_rate_; }
  const RateSampler& net_input_rate() const { return net_input_rate_; }
  const RateSampler& net_output_rate() const { return net_output_rate_; }
  uint64_t peak_memory() const { return peak_memory_; }
  void NoteMemoryUsage(uint64_t used) { peak_memory_ = std::max(peak_memory_, used); }
  // used_memory once the server is set up, before loading data (MEMORY STATS startup.allocated).
  uint64_t startup_memory() const { return startup_memory_; }
  void set_startup_memory(uint64_t bytes) { startup_memory_ = bytes; }
  // CONFIG RESETSTAT: zeroes the counters Redis resets (not `dirty`) and the rate samples.
  void ResetStats(int64_t now_ms);

 private:
  Config config_;
  Keyspace keyspace_;
  Stats stats_;
  WatchRegistry watches_;
  ClusterView cluster_;
  Propagator propagator_;
  std::vector<KeyspaceSnapshot*> snapshots_;
  AofService* aof_ = nullptr;
  std::mt19937_64 rng_;
  Evictor evictor_;
  std::string run_id_;
  int64_t start_ms_ = 0;
  uint64_t last_client_id_ = 0;
  std::map<uint64_t, ClientSession*> clients_;
  std::vector<ClientListener*> client_listeners_;
  std::vector<uint64_t> close_requests_;
  bool shutdown_requested_ = false;
  ReplicationState replication_;
  RateSampler ops_rate_;
  RateSampler net_input_rate_;
  RateSampler net_output_rate_;
  uint64_t peak_memory_ = 0;
  uint64_t startup_memory_ = 0;
  ReplicationPrimary* replicas_ = nullptr;
};

}  // namespace slotcache::server
