// ClusterNode's side of joining: a node sends CLUSTER JOIN to the seeds until it is a member; the
// configuration leader checks the cluster secret and that a node with that id answers at that
// address, adds it to the Raft group and then to the configuration, and takes it back out of the
// Raft group when that fails half way (or when a join left a member behind).
#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cluster/config_codec.h"
#include "cluster/seed_address.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/cluster_runtime/cluster_node.h"

namespace slotcache::server {
namespace {

constexpr int64_t kJoinTimeoutMs = 1000;
constexpr size_t kMaxVoters = 5;
// A joiner retries every tick, so a Raft member its join left behind is re-used within a second;
// one that stays outside the configuration this long is a leftover.
constexpr int64_t kStrayGraceMs = 10000;

}  // namespace

void ClusterNode::SendJoin() {
  const std::vector<std::string>& seeds = state_.config().cluster_seeds;
  if (seeds.empty()) return;
  std::optional<cluster::SeedAddress> seed =
      cluster::ParseSeedAddress(seeds[next_seed_++ % seeds.size()]);
  if (!seed) return;
  std::vector<std::string> args = {"CLUSTER",
                                   "JOIN",
                                   self_.id,
                                   self_.ip,
                                   fmt::format("{}", self_.port),
                                   fmt::format("{}", self_.bus_port),
                                   fmt::format("{}", raft_id_)};
  std::vector<std::string_view> primary = Split(state_.config().replicaof, ' ', true);
  if (primary.size() == 2) args.insert(args.end(), primary.begin(), primary.end());
  if (!state_.config().cluster_secret.empty()) {
    args.insert(args.end(), {"SECRET", state_.config().cluster_secret});
  }
  join_in_flight_ = true;
  caller_.Call(seed->ip, seed->port, std::move(args), kJoinTimeoutMs,
               [this](absl::StatusOr<resp::Reply> reply) {
                 join_in_flight_ = false;
                 if (reply.ok() && reply->type == resp::Reply::Type::kError) {
                   spdlog::debug("cluster join: {}", reply->text);
                 }
               });
}

bool ClusterNode::SecretMatches(std::string_view secret) const {
  return ConstantTimeEquals(secret, state_.config().cluster_secret);
}

std::string ClusterNode::HandleJoin(const JoinRequest& request) {
  if (!raft_->IsLeader()) return std::string(kErrNotConfigLeader);
  if (!SecretMatches(request.secret)) return std::string(kErrClusterSecret);
  const cluster::Member& member = request.member;
  if (const cluster::Member* known = cluster::FindMember(view_.config, member.id)) {
    if (known->ip == member.ip && known->port == member.port) return "";  // already in
    return std::string(kErrNodeIdElsewhere);
  }
  if (view_.config.epoch == 0) {
    // Before Bootstrap the leader collects the seeds' ids, then commits them all at once.
    if (!request.primary_address.empty() || SeedIndex(member.ClientAddress()) < 0) {
      return std::string(kErrNotBootstrapped);
    }
    pending_seeds_[member.id] = member;
    if (pending_seeds_.size() == state_.config().cluster_seeds.size() && !proposal_in_flight_) {
      cluster::Bootstrap bootstrap;
      for (const auto& [id, seed] : pending_seeds_)
        bootstrap.seeds.push_back(seed);
      std::sort(bootstrap.seeds.begin(), bootstrap.seeds.end(),
                [](const auto& a, const auto& b) { return a.id < b.id; });
      ProposeEntry(bootstrap);
    }
    return "";
  }
  if (joins_in_progress_.contains(member.id)) return "";
  cluster::ConfigEntry entry = cluster::AddPrimary{member};
  if (!request.primary_address.empty()) {
    const cluster::Member* primary = nullptr;
    for (const cluster::Member& m : view_.config.members) {
      if (m.role == cluster::Role::kPrimary && m.ClientAddress() == request.primary_address) {
        primary = &m;
      }
    }
    if (primary == nullptr)
      return fmt::format(fmt::runtime(kErrUnknownPrimary), request.primary_address);
    entry = cluster::AddReplica{member, primary->id};
  }
  joins_in_progress_[member.id] = request.raft_id;
  VerifyThenAdd(request, std::move(entry));
  return "";
}

void ClusterNode::VerifyThenAdd(const JoinRequest& request, cluster::ConfigEntry entry) {
  const cluster::Member& member = request.member;
  caller_.Call(
      member.ip, member.port, {"CLUSTER", "MYID"}, kJoinTimeoutMs,
      [this, raft_id = request.raft_id, member,
       entry = std::move(entry)](absl::StatusOr<resp::Reply> reply) {
        if (!reply.ok() || reply->type != resp::Reply::Type::kString || reply->text != member.id) {
          spdlog::warn("Join of {} refused: no node with that id answers at {}:{}", member.id,
                       member.ip, member.port);
          joins_in_progress_.erase(member.id);
          return;
        }
        if (!raft_->IsLeader()) {
          joins_in_progress_.erase(member.id);
          return;
        }
        AddToRaft(raft_id, member, entry);
      });
}

void ClusterNode::AddToRaft(uint64_t raft_id, const cluster::Member& member,
                            cluster::ConfigEntry entry) {
  size_t voters = 0;
  for (const RaftPeer& peer : raft_->Members())
    voters += peer.voter ? 1 : 0;
  RaftPeer peer{raft_id, member.BusAddress(), voters < kMaxVoters};
  // First a Raft member (so it receives the log), then a member of the configuration.
  raft_->AddMember(peer, [this, entry, peer, id = member.id](absl::Status status) {
    if (!status.ok()) {
      spdlog::warn("Adding {} to the Raft group failed: {}", id, status.ToString());
      joins_in_progress_.erase(id);
      RollBack(peer);
      return;
    }
    raft_->Propose(cluster::Encode(entry), [this, peer, id](absl::Status committed) {
      joins_in_progress_.erase(id);
      if (committed.ok()) return;
      spdlog::warn("Adding {} failed: {}", id, committed.ToString());
      RollBack(peer);
    });
  });
}

void ClusterNode::RollBack(const RaftPeer& peer) {
  if (!raft_->IsLeader()) return;  // the new leader's stray sweep takes over
  for (const RaftPeer& member : raft_->Members()) {
    // Only the member this join added: another node may own that Raft id at its own address.
    if (member.raft_id != peer.raft_id || member.address != peer.address) continue;
    for (const cluster::Member& m : view_.config.members) {
      if (m.BusAddress() == peer.address) return;  // it made it into the config
    }
    raft_->RemoveMember(peer.raft_id, [raft_id = peer.raft_id](absl::Status status) {
      if (!status.ok()) spdlog::warn("Removing Raft member {}: {}", raft_id, status.ToString());
    });
    spdlog::info("Rolling back Raft member {} ({})", peer.raft_id, peer.address);
  }
}

void ClusterNode::RemoveStrayRaftMembers(int64_t now_ms) {
  if (view_.config.epoch == 0) return;  // seeds are Raft members before the bootstrap commits
  absl::flat_hash_set<std::string> member_addresses;
  for (const cluster::Member& m : view_.config.members)
    member_addresses.insert(m.BusAddress());
  absl::flat_hash_set<uint64_t> joining;
  for (const auto& [id, raft_id] : joins_in_progress_)
    joining.insert(raft_id);
  absl::flat_hash_map<uint64_t, int64_t> strays;
  for (const RaftPeer& peer : raft_->Members()) {
    if (peer.raft_id == raft_id_ || member_addresses.contains(peer.address) ||
        joining.contains(peer.raft_id)) {
      continue;
    }
    auto seen = stray_since_.find(peer.raft_id);
    int64_t since = seen == stray_since_.end() ? now_ms : seen->second;
    if (now_ms - since < kStrayGraceMs) {
      strays[peer.raft_id] = since;
      continue;
    }
    spdlog::info("Removing Raft member {} ({}): not a cluster member", peer.raft_id, peer.address);
    raft_->RemoveMember(peer.raft_id, [raft_id = peer.raft_id](absl::Status status) {
      if (!status.ok()) spdlog::warn("Removing Raft member {}: {}", raft_id, status.ToString());
    });
  }
  stray_since_ = std::move(strays);
}

}  // namespace slotcache::server
