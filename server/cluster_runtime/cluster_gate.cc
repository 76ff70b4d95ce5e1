#include "server/cluster_runtime/cluster_gate.h"

#include <fmt/format.h>

#include <vector>

#include "cluster/router.h"

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
    return "CLUSTERDOWN Hash slot not served";
  }
  if (std::holds_alternative<cluster::CrossSlot>(route)) {
    return "CROSSSLOT Keys in request don't hash to the same slot";
  }
  // Like Redis, a cluster with uncovered or failed slots refuses keyed commands before it
  // redirects them.
  if (!view.Healthy()) return "CLUSTERDOWN The cluster is down";
  if (const auto* moved = std::get_if<cluster::Moved>(&route)) {
    return fmt::format("MOVED {} {}:{}", moved->slot, moved->owner.ip, moved->owner.port);
  }
  return "";
}

}  // namespace slotcache::server
