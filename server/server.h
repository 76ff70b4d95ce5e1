// The node: one libuv loop owning the listeners, the connections, the periodic jobs (client
// timeouts, active expiry, background eviction), the subsystems (AOF, replication, cluster) and
// the ServerState that commands work on.
#pragma once

#include <uv.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "resp/request_parser.h"
#include "server/config/config.h"
#include "server/core/server_state.h"
#include "server/net/busy_poll.h"
#include "server/net/client_housekeeping.h"
#include "server/net/connection_owner.h"
#include "server/replication/replication_primary.h"

namespace slotcache::server {

class AofService;
class ClusterNode;
class ReplicaLink;

class Server : public ConnectionOwner {
 public:
  explicit Server(Config config);
  ~Server();

  // Binds the configured addresses; fails if no address could be bound.
  absl::Status Start();
  // Runs the loop until SHUTDOWN or a signal.
  void Run();

  // ConnectionOwner.
  ServerState& state() override { return state_; }
  uv_loop_t* loop() override { return &loop_; }
  const resp::ParseLimits& parse_limits() const override { return parse_limits_; }
  int64_t Now() override;
  void RunRequest(ClientSession& client, std::span<const std::string_view> args,
                  int64_t now_ms) override;
  void QueueFlush(Connection* connection) override { flush_queue_.push_back(connection); }
  void Forget(Connection* connection) override;
  size_t connection_count() const { return connections_.size(); }

 private:
  static void OnConnection(uv_stream_t* listener, int status);
  static void OnFlushCheck(uv_check_t* check);
  static void OnBusyPoll(uv_idle_t* idle);
  static void OnCron(uv_timer_t* timer);
  static void OnExpireTimer(uv_timer_t* timer);
  static void OnEvictTimer(uv_timer_t* timer);
  static void OnSignal(uv_signal_t* signal, int signum);
  static void OnReplicationPump(uv_timer_t* timer);

  absl::Status Listen(const std::string& address, bool optional);
  void Accept(uv_stream_t* listener);
  void ApplyConfigChange(std::string_view name);
  void ScheduleEviction();
  void FlushReplies();
  [[noreturn]] void ExitOnUnpersistedWrites();
  // Replication: the link to our primary follows the role (REPLICAOF, replicaof); replicas
  // attached here get their full syncs pumped and dead ones closed.
  void ApplyPrimaryChange();
  void ReplicationDuties(int64_t now_ms);
  void Shutdown();

  ServerState state_;
  // After state_: its destructor detaches from state_'s propagator and snapshots.
  ReplicationPrimary replicas_{state_};
  uv_loop_t loop_;
  std::unique_ptr<AofService> aof_;
  std::unique_ptr<ClusterNode> cluster_;  // cluster mode only
  // While a replica: the link to the primary.
  std::unique_ptr<ReplicaLink> replica_link_;
  // Runs every ms while a full sync is being sent.
  uv_timer_t repl_pump_;
  bool pumping_ = false;
  resp::ParseLimits parse_limits_;
  std::vector<std::unique_ptr<uv_tcp_t>> listeners_;
  absl::flat_hash_set<Connection*> connections_;
  ClientHousekeeping housekeeping_{state_, connections_};
  std::vector<Connection*> flush_queue_;
  // Connections whose replies wait until the AOF (appendfsync always) made their writes durable.
  uv_check_t flush_check_;
  // While active, the loop polls instead of sleeping (see BusyPoll).
  uv_idle_t busy_poll_idle_;
  BusyPoll busy_poll_;
  uv_timer_t cron_;
  uv_timer_t expire_timer_;
  uv_timer_t evict_timer_;
  uv_signal_t sigterm_;
  uv_signal_t sigint_;
  bool stopping_ = false;
};

}  // namespace slotcache::server
