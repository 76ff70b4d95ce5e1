#include "cluster/cluster_config.h"

#include <algorithm>
#include <map>

namespace slotcache::cluster {
namespace {

// absl::StrCat takes absl::string_view, which Debian's Abseil does not alias to std's.
std::string Cat(std::string_view a, std::string_view b) {
  std::string out(a);
  out.append(b);
  return out;
}

absl::Status UnknownMember(std::string_view id) {
  return absl::NotFoundError(Cat("unknown node id ", id));
}

bool ValidPort(int port) {
  return port > 0 && port <= 65535;
}

int CountPrimaries(const ClusterConfig& config) {
  return static_cast<int>(std::count_if(config.members.begin(), config.members.end(),
                                        [](const Member& m) { return m.role == Role::kPrimary; }));
}

Member* FindMutable(ClusterConfig& config, std::string_view id) {
  return const_cast<Member*>(FindMember(config, id));
}

// The address fields of a member to be added; rejects anything another node could not reach.
absl::Status CheckAddress(const Member& m) {
  if (!IsValidNodeId(m.id)) return absl::InvalidArgumentError(Cat("invalid node id ", m.id));
  if (m.ip.empty()) return absl::InvalidArgumentError(Cat("empty ip for ", m.id));
  if (!ValidPort(m.port) || !ValidPort(m.bus_port)) {
    return absl::InvalidArgumentError(Cat("invalid port for ", m.id));
  }
  return absl::OkStatus();
}

// A new member: valid address, id and ip:port not taken yet.
absl::Status CheckNewMember(const ClusterConfig& config, const Member& m) {
  if (absl::Status s = CheckAddress(m); !s.ok()) return s;
  if (FindMember(config, m.id) != nullptr) return absl::AlreadyExistsError(Cat("duplicate ", m.id));
  for (const Member& other : config.members) {
    if (other.ip == m.ip && other.port == m.port) {
      return absl::AlreadyExistsError(Cat("address already used by ", other.id));
    }
  }
  return absl::OkStatus();
}

// Inserts a copy of the address fields of `m` keeping members sorted by id.
void Insert(ClusterConfig& config, const Member& m, Role role, std::string_view primary_id) {
  Member added{m.id, m.ip, m.port, m.bus_port, role, std::string(primary_id), false};
  auto pos = std::lower_bound(config.members.begin(), config.members.end(), m.id,
                              [](const Member& a, const std::string& id) { return a.id < id; });
  config.members.insert(pos, std::move(added));
}

absl::Status RequireBootstrapped(const ClusterConfig& config) {
  if (config.members.empty()) return absl::FailedPreconditionError("cluster not bootstrapped");
  return absl::OkStatus();
}

absl::Status ApplyTo(ClusterConfig& config, const Bootstrap& e) {
  if (!config.members.empty()) return absl::FailedPreconditionError("already bootstrapped");
  if (e.seeds.empty()) return absl::InvalidArgumentError("no seed primaries");
  if (e.seeds.size() > kMaxPrimaries) return absl::InvalidArgumentError("too many primaries");
  std::vector<std::string> ids;
  for (const Member& seed : e.seeds) {
    if (absl::Status s = CheckNewMember(config, seed); !s.ok()) return s;
    Insert(config, seed, Role::kPrimary, "");
    ids.push_back(seed.id);
  }
  config.placement = InitialPlacement(ids);
  return absl::OkStatus();
}

absl::Status ApplyTo(ClusterConfig& config, const AddPrimary& e) {
  if (absl::Status s = RequireBootstrapped(config); !s.ok()) return s;
  if (CountPrimaries(config) >= kMaxPrimaries) {
    return absl::ResourceExhaustedError("a cluster has at most 256 primaries");
  }
  if (absl::Status s = CheckNewMember(config, e.member); !s.ok()) return s;
  Insert(config, e.member, Role::kPrimary, "");
  config.placement = PlacementAfterJoin(config.placement, e.member.id);
  return absl::OkStatus();
}

absl::Status ApplyTo(ClusterConfig& config, const AddReplica& e) {
  if (absl::Status s = RequireBootstrapped(config); !s.ok()) return s;
  const Member* primary = FindMember(config, e.primary_id);
  if (primary == nullptr) return UnknownMember(e.primary_id);
  if (primary->role != Role::kPrimary) {
    return absl::FailedPreconditionError(Cat("not a primary: ", e.primary_id));
  }
  if (absl::Status s = CheckNewMember(config, e.member); !s.ok()) return s;
  Insert(config, e.member, Role::kReplica, e.primary_id);
  return absl::OkStatus();
}

// The primary with the fewest replicas, ties to the smaller id (members are sorted).
std::string LeastReplicatedPrimary(const ClusterConfig& config) {
  const Member* best = nullptr;
  size_t best_count = 0;
  for (const Member& m : config.members) {
    if (m.role != Role::kPrimary) continue;
    size_t count = ReplicasOf(config, m.id).size();
    if (best == nullptr || count < best_count) {
      best = &m;
      best_count = count;
    }
  }
  return best->id;
}

absl::Status ApplyTo(ClusterConfig& config, const RemoveMember& e) {
  const Member* gone = FindMember(config, e.id);
  if (gone == nullptr) return UnknownMember(e.id);
  bool was_primary = gone->role == Role::kPrimary;
  if (was_primary && CountPrimaries(config) == 1) {
    return absl::FailedPreconditionError("cannot remove the last primary");
  }
  std::erase_if(config.members, [&](const Member& m) { return m.id == e.id; });
  if (!was_primary) return absl::OkStatus();
  config.placement = PlacementAfterLeave(config.placement, e.id);
  for (Member& m : config.members) {
    if (m.role == Role::kReplica && m.primary_id == e.id) {
      m.primary_id.clear();  // not counted while choosing its new primary
      m.primary_id = LeastReplicatedPrimary(config);
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyTo(ClusterConfig& config, const MarkFailed& e) {
  Member* m = FindMutable(config, e.id);
  if (m == nullptr) return UnknownMember(e.id);
  m->failed = e.failed;
  return absl::OkStatus();
}

absl::Status ApplyTo(ClusterConfig& config, const Promote& e) {
  Member* replica = FindMutable(config, e.replica_id);
  if (replica == nullptr) return UnknownMember(e.replica_id);
  if (replica->role != Role::kReplica) {
    return absl::FailedPreconditionError(Cat("not a replica: ", e.replica_id));
  }
  if (replica->failed) return absl::FailedPreconditionError(Cat("failed: ", e.replica_id));
  std::string old_primary = replica->primary_id;
  replica->role = Role::kPrimary;
  replica->primary_id.clear();
  for (Member& m : config.members) {
    if (m.id == old_primary) m.role = Role::kReplica;
    if (m.id == old_primary || m.primary_id == old_primary) m.primary_id = e.replica_id;
  }
  config.placement = PlacementAfterHandover(config.placement, old_primary, e.replica_id);
  return absl::OkStatus();
}

absl::Status ValidateMember(const ClusterConfig& config, size_t i) {
  const Member& m = config.members[i];
  if (absl::Status s = CheckAddress(m); !s.ok()) return s;
  if (i > 0 && !(config.members[i - 1].id < m.id)) {
    return absl::InvalidArgumentError("members not sorted by unique id");
  }
  for (size_t j = 0; j < i; ++j) {
    if (config.members[j].ip == m.ip && config.members[j].port == m.port) {
      return absl::InvalidArgumentError(Cat("address used twice: ", m.id));
    }
  }
  if (m.role == Role::kPrimary) {
    if (m.primary_id.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(Cat("primary with a primary: ", m.id));
  }
  const Member* primary = FindMember(config, m.primary_id);
  if (primary == nullptr || primary->role != Role::kPrimary) {
    return absl::InvalidArgumentError(Cat("replica without a primary: ", m.id));
  }
  return absl::OkStatus();
}

// Every block owned by a primary, every primary owning blocks, counts within one.
absl::Status ValidatePlacement(const ClusterConfig& config) {
  std::map<std::string, int> counts = BlockCounts(config.placement);
  if (config.members.empty()) {
    if (counts.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError("placement without members");
  }
  int owned = 0;
  int low = kBlockCount;
  int high = 0;
  for (const auto& [id, count] : counts) {
    const Member* owner = FindMember(config, id);
    if (owner == nullptr || owner->role != Role::kPrimary) {
      return absl::InvalidArgumentError(Cat("block owner is not a primary: ", id));
    }
    owned += count;
    low = std::min(low, count);
    high = std::max(high, count);
  }
  if (owned != kBlockCount) return absl::InvalidArgumentError("unowned blocks");
  if (static_cast<int>(counts.size()) != CountPrimaries(config)) {
    return absl::InvalidArgumentError("a primary owns no block");
  }
  if (high - low > 1) return absl::InvalidArgumentError("unbalanced placement");
  return absl::OkStatus();
}

}  // namespace

absl::Status Apply(ClusterConfig* config, const ConfigEntry& entry) {
  // Work on a copy so a rejected entry cannot leave a half-applied configuration behind.
  ClusterConfig next = *config;
  absl::Status status = std::visit([&](const auto& e) { return ApplyTo(next, e); }, entry);
  if (!status.ok() || next == *config) return status;
  next.epoch = config->epoch + 1;
  *config = std::move(next);
  return absl::OkStatus();
}

absl::Status Validate(const ClusterConfig& config) {
  for (size_t i = 0; i < config.members.size(); ++i) {
    if (absl::Status s = ValidateMember(config, i); !s.ok()) return s;
  }
  return ValidatePlacement(config);
}

bool IsValidNodeId(std::string_view id) {
  return id.size() == 40 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

const Member* FindMember(const ClusterConfig& config, std::string_view id) {
  auto pos = std::lower_bound(config.members.begin(), config.members.end(), id,
                              [](const Member& a, std::string_view key) { return a.id < key; });
  if (pos == config.members.end() || pos->id != id) return nullptr;
  return &*pos;
}

std::vector<const Member*> ReplicasOf(const ClusterConfig& config, std::string_view primary_id) {
  std::vector<const Member*> replicas;
  for (const Member& m : config.members) {
    if (m.role == Role::kReplica && m.primary_id == primary_id) replicas.push_back(&m);
  }
  return replicas;
}

}  // namespace slotcache::cluster
