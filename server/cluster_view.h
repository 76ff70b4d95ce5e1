// What commands and the dispatcher know of the cluster: whether cluster mode is on, who this
// node is, and the configuration committed through Raft. Only ClusterNode changes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cluster/cluster_config.h"

namespace slotcache::server {

// CLUSTER JOIN <id> <ip> <port> <bus-port> <raft-id> [<primary-ip> <primary-port>]: what a node
// sends the leader until it sees itself in the configuration.
struct JoinRequest {
  cluster::Member member;
  uint64_t raft_id = 0;
  std::string primary_address;  // "ip:port" of the primary for a replica, else ""
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
};

}  // namespace slotcache::server
