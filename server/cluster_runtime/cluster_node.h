// Cluster mode for one node: runs the Raft member that holds the cluster configuration, applies
// committed entries to the ClusterView commands read, asks the leader to add this node, probes
// every other member's health (its own view, shown as fail? and in CLUSTER NODES' ping/pong
// columns), and, on the leader, bootstraps the configuration and commits failure flags.
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
#include "server/net/peer_caller.h"
#include "server/cluster_runtime/raft_node.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class ClusterNode {
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
  // Local health-probe state of one member (monotonic loop times).
  struct Probe {
    int64_t last_answer_ms = 0;  // or when probing started, which grants a full timeout
    int64_t next_probe_ms = 0;
    bool in_flight = false;
  };

  static void OnTick(uv_timer_t* timer);
  void Tick(int64_t now_ms);
  absl::StatusOr<std::vector<RaftPeer>> BootstrapPeers();
  std::vector<BusLink> BusLinks();
  void SendJoin();
  void ProbePeers(int64_t now_ms);
  void SendProbe(const cluster::Member& member, int64_t now_ms);
  void OnProbeDone(const std::string& id, bool answered);
  void CommitFailures();
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
  PeerCaller caller_;
  uv_timer_t tick_;
  bool ticking_ = false;
  size_t next_seed_ = 0;  // round robin over seeds for joins
  bool join_in_flight_ = false;
  absl::flat_hash_map<std::string, cluster::Member> pending_seeds_;  // leader, before Bootstrap
  absl::flat_hash_set<std::string> joins_in_progress_;               // leader: ids being added
  absl::flat_hash_map<std::string, Probe> probes_;                   // by member id
  bool proposal_in_flight_ = false;
};

}  // namespace slotcache::server
