// CLUSTER subcommands, READONLY/READWRITE/ASKING. The replies come from the committed cluster
// configuration (server/cluster_runtime/cluster_replies.h); without cluster mode they refuse like
// Redis.
#include <fmt/format.h>

#include "cluster/key_slot.h"
#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/cluster_runtime/cluster_replies.h"
#include "server/commands/help_reply.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// The cluster view, or nullptr after replying the cluster-disabled error.
const ClusterView* ClusterOrReply(CommandContext& ctx) {
  const ClusterView& view = ctx.server().cluster();
  if (view.enabled) return &view;
  ctx.reply().Error(kErrClusterDisabled);
  return nullptr;
}

bool ParseSlot(CommandContext& ctx, std::string_view text, int64_t* slot) {
  if (!resp::ParseInt64(text, slot)) {
    ctx.reply().Error(kErrNotInteger);
    return false;
  }
  return true;
}

}  // namespace

void CmdClusterInfo(CommandContext& ctx) {
  if (const ClusterView* view = ClusterOrReply(ctx)) ctx.reply().Verbatim(InfoText(*view));
}

void CmdClusterNodes(CommandContext& ctx) {
  if (const ClusterView* view = ClusterOrReply(ctx)) ctx.reply().Verbatim(NodesText(*view));
}

void CmdClusterSlots(CommandContext& ctx) {
  if (const ClusterView* view = ClusterOrReply(ctx)) ReplySlots(*view, ctx.reply());
}

void CmdClusterShards(CommandContext& ctx) {
  if (const ClusterView* view = ClusterOrReply(ctx)) ReplyShards(*view, ctx.reply());
}

// The cluster bus connections (Raft's TCP transport) this node holds right now.
void CmdClusterLinks(CommandContext& ctx) {
  const ClusterView* view = ClusterOrReply(ctx);
  if (view == nullptr) return;
  ReplyLinks(*view, view->links ? view->links() : std::vector<BusLink>{}, ctx.reply());
}

void CmdClusterMyId(CommandContext& ctx) {
  if (const ClusterView* view = ClusterOrReply(ctx)) ctx.reply().Bulk(view->self_id);
}

// A shard is a primary and its replicas: its id is the primary's node id.
void CmdClusterMyShardId(CommandContext& ctx) {
  const ClusterView* view = ClusterOrReply(ctx);
  if (view == nullptr) return;
  const cluster::Member* self = view->Self();
  if (self == nullptr) return ctx.reply().Bulk(view->self_id);
  ctx.reply().Bulk(self->role == cluster::Role::kPrimary ? self->id : self->primary_id);
}

void CmdClusterKeySlot(CommandContext& ctx) {
  if (ClusterOrReply(ctx)) ctx.reply().Integer(cluster::KeySlot(ctx.arg(2)));
}

void CmdClusterCountKeysInSlot(CommandContext& ctx) {
  if (!ClusterOrReply(ctx)) return;
  int64_t slot;
  if (!ParseSlot(ctx, ctx.arg(2), &slot)) return;
  if (slot < 0 || slot >= cluster::kSlotCount) return ctx.reply().Error(kErrInvalidSlot);
  ctx.reply().Integer(static_cast<int64_t>(ctx.db().SlotSize(static_cast<int>(slot))));
}

void CmdClusterGetKeysInSlot(CommandContext& ctx) {
  if (!ClusterOrReply(ctx)) return;
  int64_t slot, count;
  if (!ParseSlot(ctx, ctx.arg(2), &slot) || !ParseSlot(ctx, ctx.arg(3), &count)) return;
  if (slot < 0 || slot >= cluster::kSlotCount || count < 0) {
    return ctx.reply().Error(kErrInvalidSlotOrCount);
  }
  std::vector<std::string_view> keys;
  ctx.db().ForEachInSlot(static_cast<int>(slot), [&](const Entry& entry) {
    if (static_cast<int64_t>(keys.size()) < count) keys.push_back(entry.key());
  });
  ctx.reply().ArrayHeader(keys.size());
  for (std::string_view key : keys)
    ctx.reply().Bulk(key);
}

void CmdClusterReplicas(CommandContext& ctx) {
  const ClusterView* view = ClusterOrReply(ctx);
  if (view == nullptr) return;
  const cluster::Member* node = cluster::FindMember(view->config, ctx.arg(2));
  if (node == nullptr)
    return ctx.reply().Error(fmt::format(fmt::runtime(kErrUnknownNode), ctx.arg(2)));
  if (node->role != cluster::Role::kPrimary) {
    return ctx.reply().Error(kErrNotAPrimary);
  }
  std::vector<const cluster::Member*> replicas = cluster::ReplicasOf(view->config, node->id);
  ctx.reply().ArrayHeader(replicas.size());
  for (const cluster::Member* replica : replicas)
    ctx.reply().Bulk(NodeLine(*view, *replica));
}

// Internal: CLUSTER JOIN <id> <ip> <port> <bus-port> <raft-id> [<primary-ip> <primary-port>]
// [SECRET <cluster-secret>], sent by a node to the configuration leader until it is a member (see
// ClusterNode, which checks the secret and that the node really answers at that address).
void CmdClusterJoin(CommandContext& ctx) {
  const ClusterView* view = ClusterOrReply(ctx);
  if (view == nullptr) return;
  size_t argc = ctx.argc();
  JoinRequest request;
  if (argc >= 9 && EqualsIgnoreCase(ctx.arg(argc - 2), "SECRET")) {
    request.secret = std::string(ctx.arg(argc - 1));
    argc -= 2;
  }
  if (argc != 7 && argc != 9) return ctx.reply().Error(kErrSyntax);
  int64_t port, bus_port, raft_id;
  request.member.id = std::string(ctx.arg(2));
  request.member.ip = std::string(ctx.arg(3));
  if (!resp::ParseInt64(ctx.arg(4), &port) || !resp::ParseInt64(ctx.arg(5), &bus_port) ||
      !resp::ParseInt64(ctx.arg(6), &raft_id) || port <= 0 || port > 65535 || bus_port <= 0 ||
      bus_port > 65535 || raft_id <= 0 || !cluster::IsValidNodeId(request.member.id)) {
    return ctx.reply().Error(kErrInvalidNodeAddress);
  }
  request.member.port = static_cast<int>(port);
  request.member.bus_port = static_cast<int>(bus_port);
  request.raft_id = static_cast<uint64_t>(raft_id);
  if (argc == 9) request.primary_address = fmt::format("{}:{}", ctx.arg(7), ctx.arg(8));
  if (!view->handle_join) return ctx.reply().Error(kErrNodeStarting);
  std::string error = view->handle_join(request);
  if (!error.empty()) return ctx.reply().Error(error);
  ctx.reply().Ok();
}

void CmdClusterHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "COUNTKEYSINSLOT <slot>",
      "    Return the number of keys in <slot>.",
      "GETKEYSINSLOT <slot> <count>",
      "    Return key names stored by current node in a slot.",
      "INFO",
      "    Return information about the cluster.",
      "KEYSLOT <key>",
      "    Return the hash slot for <key>.",
      "MYID",
      "    Return the node id.",
      "MYSHARDID",
      "    Return the node's shard id.",
      "NODES",
      "    Return cluster configuration seen by node. Output format:",
      "    <id> <ip:port@bus-port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
      "REPLICAS <node-id>",
      "    Return <node-id> replicas.",
      "SLOTS",
      "    Return information about slots range mappings. Each range is made of:",
      "    start, end, master and replicas IP addresses, ports and ids",
      "SHARDS",
      "    Return information about slot range mappings and the nodes associated with them.",
      "LINKS",
      "    Return information about all network links between this node and its peers.",
      "    Output format is an array where each array element is a map containing attributes of a "
      "link",
  };
  ReplyHelp(ctx, kLines);
}

void CmdReadOnly(CommandContext& ctx) {
  if (!ClusterOrReply(ctx)) return;
  ctx.client().readonly = true;
  ctx.reply().Ok();
}

void CmdReadWrite(CommandContext& ctx) {
  if (!ClusterOrReply(ctx)) return;
  ctx.client().readonly = false;
  ctx.reply().Ok();
}

void CmdAsking(CommandContext& ctx) {
  if (!ClusterOrReply(ctx)) return;
  ctx.client().asking = true;
  ctx.reply().Ok();
}

}  // namespace slotcache::server
