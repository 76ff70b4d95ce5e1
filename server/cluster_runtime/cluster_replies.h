// CLUSTER NODES / SLOTS / SHARDS / INFO in Redis 7's formats, from the committed configuration.
// Every node derives them from the same ClusterConfig, so they agree everywhere (only the
// "myself" flag differs).
#pragma once

#include <string>
#include <vector>

#include "resp/reply_writer.h"
#include "server/core/cluster_view.h"

namespace slotcache::server {

// One CLUSTER NODES line (ends with '\n').
std::string NodeLine(const ClusterView& view, const cluster::Member& member);
// All lines, members in id order.
std::string NodesText(const ClusterView& view);
void ReplySlots(const ClusterView& view, resp::ReplyWriter& reply);
void ReplyShards(const ClusterView& view, resp::ReplyWriter& reply);
// CLUSTER LINKS: `links` as Redis 7's maps (direction, node, create-time, events, send buffer).
void ReplyLinks(const ClusterView& view, const std::vector<BusLink>& links,
                resp::ReplyWriter& reply);
// CLUSTER INFO's "key:value\r\n" lines.
std::string InfoText(const ClusterView& view);

}  // namespace slotcache::server
