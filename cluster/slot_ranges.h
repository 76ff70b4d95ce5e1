// Views derived from a ClusterConfig for CLUSTER SLOTS/SHARDS/NODES and routing: which member
// serves which slots. Pure functions; they never change the configuration.
#pragma once

#include <string>
#include <vector>

#include "cluster/cluster_config.h"
#include "cluster/key_slot.h"

namespace slotcache::cluster {

struct SlotRange {
  SlotId start = 0;  // inclusive
  SlotId end = 0;    // inclusive
  std::string owner_id;
  bool operator==(const SlotRange&) const = default;
};

// Maximal runs of slots with the same owner, in slot order; unowned blocks are left out. Adjacent
// blocks of one owner merge, so there are never more than kBlockCount ranges.
std::vector<SlotRange> SlotRanges(const ClusterConfig& config);

// The primary serving `slot`, or nullptr if nobody does (or slot >= kSlotCount). Valid until
// `config` changes.
const Member* OwnerOfSlot(const ClusterConfig& config, SlotId slot);

}  // namespace slotcache::cluster
