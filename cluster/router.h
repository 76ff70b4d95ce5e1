// Decides where a keyed command runs in cluster mode, the way Redis's getNodeByQuery does.
// Never formats text or touches a socket: the dispatcher renders the verdict.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "cluster/cluster_config.h"
#include "cluster/key_slot.h"

namespace slotcache::cluster {

struct Endpoint {
  std::string ip;
  int port = 0;
  bool operator==(const Endpoint&) const = default;
};

struct ServeHere {};
struct Moved {  // "MOVED <slot> <ip>:<port>"
  SlotId slot = 0;
  Endpoint owner;
};
struct CrossSlot {};   // "CROSSSLOT Keys in request don't hash to the same slot"
struct SlotUnserved {  // "CLUSTERDOWN Hash slot not served"
  SlotId slot = 0;
};
using Route = std::variant<ServeHere, Moved, CrossSlot, SlotUnserved>;

// Where a command with `keys` should run, seen from node `self_id`. Keyless commands run here.
// Like Redis, the first key's slot decides: nobody serving it is SlotUnserved; another key in a
// different slot is CrossSlot (even if one node owns both slots). The owner serves; a replica of
// the owner serves too when the client sent READONLY and the command is a read — pass
// `is_read_command = !(flags & kWrite)`, as Redis checks "not a write". Everything else is MOVED
// to the owner. Cluster health (CLUSTERDOWN The cluster is down) is the caller's check.
Route RouteKeys(const ClusterConfig& config, std::string_view self_id,
                std::span<const std::string_view> keys, bool readonly_client, bool is_read_command);

}  // namespace slotcache::cluster
