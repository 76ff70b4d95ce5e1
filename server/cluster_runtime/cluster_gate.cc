#include "server/cluster_runtime/cluster_gate.h"

#include <vector>

#include "cluster/router.h"
#include "server/base/errors.h"

namespace slotcache::server {

std::string ClusterGate(const ClusterView& view, const ClientSession& client,
                        const CommandSpec& spec, std::span<const std::string_view> args) {
  if (spec.keys.first <= 0) return "";  // keyless commands run anywhere, like Redis
  std::vector<std::string_view> keys;
  CommandKeys(spec, args, &keys);
  if (keys.empty()) return "";
  cluster::Route route =
      cluster::RouteKeys(view.config, view.self_id, keys, client.readonly, !(spec.flags & kWrite));
  if (std::holds_alternative<cluster::SlotUnserved>(route)) {
    return std::string(kErrSlotUnserved);
  }
  if (std::holds_alternative<cluster::CrossSlot>(route)) {
    return std::string(kErrCrossSlot);
  }
  // Like Redis, a cluster with uncovered or failed slots refuses keyed commands before it
  // redirects them.
  if (!view.Healthy()) return std::string(kErrClusterDown);
  if (const auto* moved = std::get_if<cluster::Moved>(&route)) {
    return MovedError(moved->slot, moved->owner.ip, moved->owner.port);
  }
  return "";
}

}  // namespace slotcache::server
