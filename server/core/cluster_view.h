// What commands and the dispatcher know of the cluster: whether cluster mode is on, who this
// node is, and the configuration committed through Raft. Only ClusterNode changes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "cluster/cluster_config.h"

namespace slotcache::server {

// CLUSTER JOIN <id> <ip> <port> <bus-port> <raft-id> [<primary-ip> <primary-port>]: what a node
// sends the leader until it sees itself in the configuration.
struct JoinRequest {
  cluster::Member member;
  uint64_t raft_id = 0;
  std::string primary_address;  // "ip:port" of the primary for a replica, else ""
  std::string secret;           // the joiner's cluster-secret ("" when it has none)
};

// This node's own view of another member, from its health probes (a PING to the member's client
// port every probe interval). Like the ping-sent/pong-recv/link-state columns and the PFAIL
// flag of Redis Cluster, it is local: two nodes may see a member differently.
struct PeerHealth {
  int64_t ping_sent_ms = 0;  // unix ms of the oldest unanswered probe; 0 when none is pending
  int64_t pong_recv_ms = 0;  // unix ms of the last answer; 0 before the first one
  bool link_up = true;       // the last finished probe was answered (true before the first)
  bool pfail = false;        // unanswered for longer than cluster-node-timeout ("fail?")
};

// A connection of the cluster bus (Raft's TCP transport) as CLUSTER LINKS reports it.
struct BusLink {
  bool outbound = false;  // "to": this node connected; "from": the peer connected here
  std::string address;    // the peer's bus address as Raft knows it, "ip:port"
  int64_t create_time_ms = 0;
  bool reading = false;   // the event loop watches it for input
  size_t send_queue = 0;  // bytes queued for writing
};

// The Raft group carrying the configuration, as this node's libraft sees it.
struct RaftGroupSize {
  size_t members = 0;
  size_t voters = 0;
};

struct ClusterView {
  bool enabled = false;
  std::string self_id;
  cluster::ClusterConfig config;

  // cluster_state:ok: every slot is served by a primary not flagged as failed.
  bool Healthy() const;
  // Slots whose primary is flagged as failed (CLUSTER INFO's cluster_slots_fail).
  int FailedSlots() const;
  int AssignedSlots() const;
  const cluster::Member* Self() const { return cluster::FindMember(config, self_id); }
  // The leader's handling of CLUSTER JOIN: "" when accepted, else the error to reply. Set by
  // ClusterNode; unset outside cluster mode.
  std::function<std::string(const JoinRequest&)> handle_join;
  // Local observations, by member id (members this node has not probed yet are absent).
  absl::flat_hash_map<std::string, PeerHealth> health;
  uint64_t probes_sent = 0;      // health-probe PINGs sent (CLUSTER INFO's ping_sent)
  uint64_t probes_answered = 0;  // and answered (pong_received)
  // The bus connections open right now. Set by ClusterNode; unset outside cluster mode.
  std::function<std::vector<BusLink>()> links;
  // The Raft group's size (CLUSTER INFO's cluster_raft_*). Set by ClusterNode.
  std::function<RaftGroupSize()> raft_group;
  // Health of `id` as this node sees it (defaults when it was never probed).
  PeerHealth HealthOf(const std::string& id) const;
  // Slots of primaries this node sees as fail? but not (yet) committed as failed.
  int PfailSlots() const;
};

}  // namespace slotcache::server
