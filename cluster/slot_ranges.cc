#include "cluster/slot_ranges.h"

namespace slotcache::cluster {

std::vector<SlotRange> SlotRanges(const ClusterConfig& config) {
  std::vector<SlotRange> ranges;
  for (int block = 0; block < kBlockCount; ++block) {
    const std::string& owner = config.placement.owners[block];
    if (owner.empty()) continue;
    auto first = static_cast<SlotId>(block * kSlotsPerBlock);
    auto last = static_cast<SlotId>(first + kSlotsPerBlock - 1);
    if (!ranges.empty() && ranges.back().owner_id == owner && ranges.back().end + 1 == first) {
      ranges.back().end = last;
    } else {
      ranges.push_back({first, last, owner});
    }
  }
  return ranges;
}

const Member* OwnerOfSlot(const ClusterConfig& config, SlotId slot) {
  if (slot >= kSlotCount) return nullptr;
  const std::string& owner = config.placement.owners[BlockOfSlot(slot)];
  if (owner.empty()) return nullptr;
  return FindMember(config, owner);
}

}  // namespace slotcache::cluster
