// Server configuration: the values of the redis.conf directives (config_directives.h is the one
// list of them; config_access.h reads and changes them by name).
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace slotcache::server {

struct OutputBufferLimit {
  uint64_t hard_bytes = 0;  // 0: no limit
  uint64_t soft_bytes = 0;
  int64_t soft_seconds = 0;
};

// maxmemory-policy, in Redis's order (its error text lists them so).
enum class EvictionPolicy {
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
  kAllKeysLru,
  kAllKeysLfu,
  kAllKeysRandom,
  kNoEviction
};
std::string_view EvictionPolicyName(EvictionPolicy policy);
inline bool IsLfuPolicy(EvictionPolicy p) {
  return p == EvictionPolicy::kVolatileLfu || p == EvictionPolicy::kAllKeysLfu;
}

struct Config {
  int port = 6379;
  std::vector<std::string> bind = {"127.0.0.1", "-::1"};
  std::string dir = ".";
  std::string requirepass;
  std::string loglevel = "notice";
  std::string logfile;
  int databases = 16;
  int64_t maxclients = 10000;
  int64_t timeout = 0;  // seconds; 0 = never close idle clients
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int hz = 10;
  int64_t busy_poll_us = 100;  // max adaptive busy-polling window (server/net/busy_poll.h); 0: off
  int tcp_backlog = 511;
  int64_t tcp_keepalive = 300;
  OutputBufferLimit output_limit_normal;
  OutputBufferLimit output_limit_replica{256ULL << 20, 64ULL << 20, 60};
  OutputBufferLimit output_limit_pubsub{32ULL << 20, 8ULL << 20, 60};
  std::string enable_debug_command = "no";  // no | yes | local (loopback clients only)
  std::string config_file;                  // absolute path, "" when started without one

  // Memory limit and eviction (issue 8); maxmemory 0 = no limit.
  uint64_t maxmemory = 0;
  EvictionPolicy maxmemory_policy = EvictionPolicy::kNoEviction;
  int64_t maxmemory_samples = 5;
  int64_t maxmemory_eviction_tenacity = 10;
  int64_t lfu_log_factor = 10;
  int64_t lfu_decay_time = 1;
  // Hashes stay packed (listpack) up to this many fields and values this long (issue 18). The
  // compiled defaults of Redis 7.0 (its sample redis.conf says 128 entries).
  int64_t hash_max_listpack_entries = 512;
  int64_t hash_max_listpack_value = 64;
  // The append-only file (issue 4): Redis 7's multi-part AOF under dir/appenddirname.
  bool appendonly = false;
  std::string appendfsync = "everysec";  // always | everysec | no
  std::string appenddirname = "appendonlydir";
  std::string appendfilename = "appendonly.aof";
  int64_t auto_aof_rewrite_percentage = 100;
  int64_t auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
  bool aof_load_truncated = true;

  // Cluster mode (issue 5): the configuration is agreed through Raft over the cluster bus.
  bool cluster_enabled = false;
  std::vector<std::string> cluster_seeds;  // "ip:port" client addresses of the initial primaries
  int cluster_port = 0;                    // cluster bus port; 0 = port + 10000, like Redis
  int64_t cluster_node_timeout = 15000;    // ms before an unreachable node is flagged as failed
  std::string cluster_config_file = "nodes.conf";  // holds this node's id, under dir
  std::string cluster_announce_ip;                 // "" = the bind address
  int cluster_announce_port = 0;                   // 0 = port
  int cluster_announce_bus_port = 0;               // 0 = the cluster bus port
  // Shared by the members; when set, CLUSTER JOIN must carry it (node-to-node authentication).
  std::string cluster_secret;
  std::string replicaof;  // "host port" of this replica's primary

  // Replication (issue 6).
  int64_t repl_backlog_size = 1 << 20;  // the most the backlog holds; allocated as written
  int64_t repl_backlog_ttl = 3600;      // seconds without replicas before a primary frees it
                                        // (0: never)
  bool replica_read_only = true;
  int64_t repl_timeout = 60;              // seconds without traffic before a link is dropped
  int64_t repl_ping_replica_period = 10;  // seconds between the primary's PINGs in the stream
  std::string masterauth;                 // AUTH sent to the primary, if set

  int ClusterBusPort() const { return cluster_port != 0 ? cluster_port : port + 10000; }
  // cluster-node-timeout as the cluster runs it: Redis accepts 0..LLONG_MAX, but under 100 ms the
  // Raft elections and health probes would never settle, and libraft takes 32-bit timeouts.
  uint32_t NodeTimeoutMs() const {
    return static_cast<uint32_t>(std::clamp<int64_t>(cluster_node_timeout, 100, INT32_MAX));
  }
};

// Parses Redis memory sizes: "100", "1k", "5mb", "2GB" ...
bool ParseMemory(std::string_view text, uint64_t* bytes);

}  // namespace slotcache::server
