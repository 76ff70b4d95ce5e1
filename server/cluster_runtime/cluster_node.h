// Cluster mode for one node: runs the Raft member holding the configuration and applies committed
// entries to the ClusterView commands read; joins through the leader; runs the health prober; on
// the leader, bootstraps the configuration and admits joins, never changing it but through Raft.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cluster/cluster_config.h"
#include "server/cluster_runtime/health_prober.h"
#include "server/cluster_runtime/raft_node.h"
#include "server/core/server_state.h"
#include "server/net/peer_caller.h"

namespace slotcache::server {

class ClusterNode final : private HealthProber::Host {
 public:
  ClusterNode(uv_loop_t* loop, ServerState& state);
  ~ClusterNode();

  // Loads the node id, starts Raft (bootstrapping the seeds' group on first start) and the
  // periodic join / health-check timer.
  absl::Status Start();
  void Stop(std::function<void()> done);
  // Leader side of CLUSTER JOIN: "" when accepted (the node shows up in the configuration once
  // committed), else the error text to reply.
  std::string HandleJoin(const JoinRequest& request);

 private:
  static void OnTick(uv_timer_t* timer);
  void Tick(int64_t now_ms);
  absl::StatusOr<std::vector<RaftPeer>> BootstrapPeers();
  std::vector<BusLink> BusLinks();
  void SendJoin();
  bool SecretMatches(std::string_view secret) const;
  // Leader: asks the joiner's client port for its id (so nobody can enrol an address it does not
  // run a node at), then adds it to the Raft group, then to the configuration.
  void VerifyThenAdd(const JoinRequest& request, cluster::ConfigEntry entry);
  void AddToRaft(uint64_t raft_id, const cluster::Member& member, cluster::ConfigEntry entry);
  // Leader: takes `peer` back out of the Raft group after its join failed half way.
  void RollBack(const RaftPeer& peer);
  // Leader: removes Raft members that are no configuration member and no join in progress for
  // kStrayGraceMs (left behind by a join whose leader changed or failed).
  void RemoveStrayRaftMembers(int64_t now_ms);
  // HealthProber::Host: PINGs through caller_, failure flags through ProposeEntry.
  void Ping(const cluster::Member& member, int64_t timeout_ms,
            std::function<void(bool answered, int64_t now_ms)> done) override;
  bool ProposalInFlight() const override { return proposal_in_flight_; }
  void ProposeFailure(const cluster::MarkFailed& mark) override { ProposeEntry(mark); }
  void ProposeEntry(const cluster::ConfigEntry& entry);
  void Apply(std::string_view bytes);
  bool InConfig() const;
  int SeedIndex(const std::string& address) const;

  uv_loop_t* loop_;
  ServerState& state_;
  ClusterView& view_;
  cluster::Member self_;
  uint64_t raft_id_ = 0;
  std::unique_ptr<RaftNode> raft_;
  HealthProber prober_;  // before caller_: the PINGs caller_ cancels on destruction report to it
  PeerCaller caller_;
  uv_timer_t tick_;
  bool ticking_ = false;
  size_t next_seed_ = 0;  // round robin over seeds for joins
  bool join_in_flight_ = false;
  absl::flat_hash_map<std::string, cluster::Member> pending_seeds_;  // leader, before Bootstrap
  absl::flat_hash_map<std::string, uint64_t> joins_in_progress_;     // leader: id -> raft id
  absl::flat_hash_map<uint64_t, int64_t> stray_since_;  // leader: raft id -> first seen stray
  bool proposal_in_flight_ = false;
};

}  // namespace slotcache::server
