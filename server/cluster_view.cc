#include "server/cluster_view.h"

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

bool ClusterView::Healthy() const {
  return AssignedSlots() == cluster::kSlotCount && FailedSlots() == 0;
}

}  // namespace slotcache::server
