#include "cluster/router.h"

#include "cluster/slot_ranges.h"

namespace slotcache::cluster {

Route RouteKeys(const ClusterConfig& config, std::string_view self_id,
                std::span<const std::string_view> keys, bool readonly_client,
                bool is_read_command) {
  if (keys.empty()) return ServeHere{};
  SlotId slot = KeySlot(keys[0]);
  const Member* owner = OwnerOfSlot(config, slot);
  if (owner == nullptr) return SlotUnserved{slot};
  for (std::string_view key : keys.subspan(1)) {
    if (KeySlot(key) != slot) return CrossSlot{};
  }
  if (owner->id == self_id) return ServeHere{};
  const Member* self = FindMember(config, self_id);
  bool replica_of_owner =
      self != nullptr && self->role == Role::kReplica && self->primary_id == owner->id;
  if (replica_of_owner && readonly_client && is_read_command) return ServeHere{};
  return Moved{slot, Endpoint{owner->ip, owner->port}};
}

}  // namespace slotcache::cluster
