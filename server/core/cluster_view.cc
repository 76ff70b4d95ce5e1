#include "server/core/cluster_view.h"

#include <algorithm>

#include "cluster/placement.h"

namespace slotcache::server {

int ClusterView::AssignedSlots() const {
  int blocks = 0;
  for (const std::string& owner : config.placement.owners)
    blocks += owner.empty() ? 0 : 1;
  return blocks * cluster::kSlotsPerBlock;
}

int ClusterView::FailedSlots() const {
  int blocks = 0;
  for (const std::string& owner : config.placement.owners) {
    const cluster::Member* member = owner.empty() ? nullptr : cluster::FindMember(config, owner);
    if (member != nullptr && member->failed) ++blocks;
  }
  return blocks * cluster::kSlotsPerBlock;
}

PeerHealth ClusterView::HealthOf(const std::string& id) const {
  auto it = health.find(id);
  return it == health.end() ? PeerHealth{} : it->second;
}

int ClusterView::PfailSlots() const {
  if (health.empty()) return 0;
  int blocks = 0;
  for (const std::string& owner : config.placement.owners) {
    const cluster::Member* member = owner.empty() ? nullptr : cluster::FindMember(config, owner);
    if (member != nullptr && !member->failed && HealthOf(owner).pfail) ++blocks;
  }
  return blocks * cluster::kSlotsPerBlock;
}

// The dispatcher asks this before every keyed command: only look up block owners (a member
// search per block) when some member is actually flagged as failed.
bool ClusterView::Healthy() const {
  bool any_failed = std::any_of(config.members.begin(), config.members.end(),
                                [](const cluster::Member& m) { return m.failed; });
  if (any_failed && FailedSlots() > 0) return false;
  return AssignedSlots() == cluster::kSlotCount;
}

}  // namespace slotcache::server
