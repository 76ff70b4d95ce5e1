// The cluster configuration as a replicated state machine: members, roles, epoch and the slot
// placement, and what each committed Raft entry does to them. Pure: no I/O, no clock, so every
// node applying the same log reaches the same configuration.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "cluster/placement.h"

namespace slotcache::cluster {

enum class Role : uint8_t { kPrimary = 0, kReplica = 1 };

struct Member {
  std::string id;  // 40 lowercase hex characters, stable across restarts
  std::string ip;
  int port = 0;      // client port, what MOVED points to
  int bus_port = 0;  // cluster bus (Raft) port
  Role role = Role::kPrimary;
  std::string primary_id;  // replicas only: the primary they follow
  bool failed = false;     // committed by the leader after health checks
  bool operator==(const Member&) const = default;

  std::string ClientAddress() const { return ip + ":" + std::to_string(port); }
  std::string BusAddress() const { return ip + ":" + std::to_string(bus_port); }
};

struct ClusterConfig {
  uint64_t epoch = 0;           // 0 before Bootstrap; +1 per entry that changed something
  std::vector<Member> members;  // sorted by id, ids unique
  Placement placement;          // block → primary id
  bool operator==(const ClusterConfig&) const = default;
};

// The entries of the configuration log. In the add entries only id, ip, port and bus_port of
// `member` are used: the entry itself decides role, primary and (cleared) failure flag.
struct Bootstrap {
  std::vector<Member> seeds;  // the initial primaries
  bool operator==(const Bootstrap&) const = default;
};
struct AddPrimary {
  Member member;
  bool operator==(const AddPrimary&) const = default;
};
struct AddReplica {
  Member member;
  std::string primary_id;
  bool operator==(const AddReplica&) const = default;
};
// Removing a replica just drops it. Removing a primary hands its blocks to the others
// (PlacementAfterLeave) and re-points each of its replicas, in id order, to the remaining primary
// with the fewest replicas (ties: smaller id), as `redis-cli --cluster del-node` does.
struct RemoveMember {
  std::string id;
  bool operator==(const RemoveMember&) const = default;
};
struct MarkFailed {
  std::string id;
  bool failed = true;
  bool operator==(const MarkFailed&) const = default;
};
// The replica takes over its primary's blocks; the old primary and its other replicas now follow
// the promoted one. The epoch bump fences the old primary: it must not accept writes from a
// configuration older than this epoch.
struct Promote {
  std::string replica_id;
  bool operator==(const Promote&) const = default;
};

using ConfigEntry =
    std::variant<Bootstrap, AddPrimary, AddReplica, RemoveMember, MarkFailed, Promote>;

// Applies one committed entry. All or nothing: an invalid entry (unknown id, duplicate id or
// address, bad id/port, not a replica, last primary...) returns an error and leaves `config`
// untouched, identically on every node. A valid entry that changes nothing (MarkFailed to the
// current value) returns OK without bumping the epoch; any real change bumps it by exactly 1.
absl::Status Apply(ClusterConfig* config, const ConfigEntry& entry);

// Checks every invariant Apply maintains (sorted unique valid members, replicas follow existing
// primaries, every block owned by a primary, block counts within one). For decoded snapshots.
absl::Status Validate(const ClusterConfig& config);

bool IsValidNodeId(std::string_view id);

// The member with `id`, or nullptr. Valid until `config` changes.
const Member* FindMember(const ClusterConfig& config, std::string_view id);

// Replicas following `primary_id`, in id order. Valid until `config` changes.
std::vector<const Member*> ReplicasOf(const ClusterConfig& config, std::string_view primary_id);

}  // namespace slotcache::cluster
