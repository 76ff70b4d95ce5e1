#include "server/cluster_runtime/cluster_replies.h"

#include <fmt/format.h>

#include "cluster/slot_ranges.h"

namespace slotcache::server {
namespace {

using cluster::Member;
using cluster::Role;

// Redis's flag order: myself, master, slave, fail?, fail. A committed failure replaces this
// node's own suspicion, as FAIL clears PFAIL in Redis.
std::string Flags(const ClusterView& view, const Member& member) {
  bool myself = member.id == view.self_id;
  std::string flags = myself ? "myself," : "";
  flags += member.role == Role::kPrimary ? "master" : "slave";
  if (member.failed) {
    flags += ",fail";
  } else if (!myself && view.HealthOf(member.id).pfail) {
    flags += ",fail?";
  }
  return flags;
}

// Local: whether this node's probes reach the member; before the first probe result, whether
// the configuration says it is up.
bool LinkConnected(const ClusterView& view, const Member& member) {
  if (member.id == view.self_id) return true;
  auto it = view.health.find(member.id);
  return it != view.health.end() ? it->second.link_up : !member.failed;
}

void ReplyNode(const Member& member, resp::ReplyWriter& reply) {
  reply.ArrayHeader(4);
  reply.Bulk(member.ip);
  reply.Integer(member.port);
  reply.Bulk(member.id);
  reply.MapHeader(0);  // no hostname metadata
}

void ReplyShardNode(const Member& member, resp::ReplyWriter& reply) {
  reply.MapHeader(7);
  reply.Bulk("id");
  reply.Bulk(member.id);
  reply.Bulk("port");
  reply.Integer(member.port);
  reply.Bulk("ip");
  reply.Bulk(member.ip);
  reply.Bulk("endpoint");
  reply.Bulk(member.ip);
  reply.Bulk("role");
  reply.Bulk(member.role == Role::kPrimary ? "master" : "replica");
  reply.Bulk("replication-offset");
  reply.Integer(0);  // replication comes with issue 6
  reply.Bulk("health");
  reply.Bulk(member.failed ? "fail" : "online");
}

// Redis lists only the message types it has counted; the messages here are the health probes.
std::string MessageStats(const ClusterView& view) {
  std::string stats;
  if (view.probes_sent > 0) {
    stats += fmt::format("cluster_stats_messages_ping_sent:{}\r\n", view.probes_sent);
  }
  stats += fmt::format("cluster_stats_messages_sent:{}\r\n", view.probes_sent);
  if (view.probes_answered > 0) {
    stats += fmt::format("cluster_stats_messages_pong_received:{}\r\n", view.probes_answered);
  }
  return stats + fmt::format("cluster_stats_messages_received:{}\r\n", view.probes_answered);
}

void ReplyLink(const BusLink& link, const Member& member, resp::ReplyWriter& reply) {
  reply.MapHeader(6);
  reply.Bulk("direction");
  reply.Bulk(link.outbound ? "to" : "from");
  reply.Bulk("node");
  reply.Bulk(member.id);
  reply.Bulk("create-time");
  reply.Integer(link.create_time_ms);
  reply.Bulk("events");
  std::string events = link.reading ? "r" : "";
  if (link.send_queue > 0) events += "w";
  reply.Bulk(events);
  // libuv holds exactly the queued bytes, so what is allocated for sending is what is used.
  reply.Bulk("send-buffer-allocated");
  reply.Integer(static_cast<int64_t>(link.send_queue));
  reply.Bulk("send-buffer-used");
  reply.Integer(static_cast<int64_t>(link.send_queue));
}

}  // namespace

std::string NodeLine(const ClusterView& view, const Member& member) {
  PeerHealth health = member.id == view.self_id ? PeerHealth{} : view.HealthOf(member.id);
  std::string line = fmt::format("{} {}:{}@{} {} {} {} {} {} {}", member.id, member.ip, member.port,
                                 member.bus_port, Flags(view, member),
                                 member.role == Role::kPrimary ? "-" : member.primary_id,
                                 health.ping_sent_ms, health.pong_recv_ms, view.config.epoch,
                                 LinkConnected(view, member) ? "connected" : "disconnected");
  if (member.role == Role::kPrimary) {
    for (const cluster::SlotRange& range : cluster::SlotRanges(view.config)) {
      if (range.owner_id != member.id) continue;
      line += range.start == range.end ? fmt::format(" {}", range.start)
                                       : fmt::format(" {}-{}", range.start, range.end);
    }
  }
  return line + "\n";
}

std::string NodesText(const ClusterView& view) {
  std::string text;
  for (const Member& member : view.config.members)
    text += NodeLine(view, member);
  return text;
}

void ReplySlots(const ClusterView& view, resp::ReplyWriter& reply) {
  std::vector<cluster::SlotRange> ranges = cluster::SlotRanges(view.config);
  reply.ArrayHeader(ranges.size());
  for (const cluster::SlotRange& range : ranges) {
    const Member* primary = cluster::FindMember(view.config, range.owner_id);
    std::vector<const Member*> replicas;
    for (const Member* replica : cluster::ReplicasOf(view.config, range.owner_id)) {
      if (!replica->failed) replicas.push_back(replica);
    }
    reply.ArrayHeader(3 + replicas.size());
    reply.Integer(range.start);
    reply.Integer(range.end);
    ReplyNode(*primary, reply);
    for (const Member* replica : replicas)
      ReplyNode(*replica, reply);
  }
}

void ReplyShards(const ClusterView& view, resp::ReplyWriter& reply) {
  std::vector<const Member*> primaries;
  for (const Member& member : view.config.members) {
    if (member.role == Role::kPrimary) primaries.push_back(&member);
  }
  std::vector<cluster::SlotRange> ranges = cluster::SlotRanges(view.config);
  reply.ArrayHeader(primaries.size());
  for (const Member* primary : primaries) {
    reply.MapHeader(2);
    reply.Bulk("slots");
    size_t owned = 0;
    for (const auto& range : ranges)
      owned += range.owner_id == primary->id ? 1 : 0;
    reply.ArrayHeader(owned * 2);
    for (const auto& range : ranges) {
      if (range.owner_id != primary->id) continue;
      reply.Integer(range.start);
      reply.Integer(range.end);
    }
    reply.Bulk("nodes");
    std::vector<const Member*> replicas = cluster::ReplicasOf(view.config, primary->id);
    reply.ArrayHeader(1 + replicas.size());
    ReplyShardNode(*primary, reply);
    for (const Member* replica : replicas)
      ReplyShardNode(*replica, reply);
  }
}

std::string InfoText(const ClusterView& view) {
  int primaries_with_slots = 0;
  for (const Member& member : view.config.members) {
    if (member.role != Role::kPrimary) continue;
    for (const std::string& owner : view.config.placement.owners) {
      if (owner == member.id) {
        ++primaries_with_slots;
        break;
      }
    }
  }
  int assigned = view.AssignedSlots();
  int failed = view.FailedSlots();
  int pfail = view.PfailSlots();
  RaftGroupSize raft = view.raft_group ? view.raft_group() : RaftGroupSize{};
  return fmt::format(
      "cluster_state:{}\r\ncluster_slots_assigned:{}\r\ncluster_slots_ok:{}\r\n"
      "cluster_slots_pfail:{}\r\ncluster_slots_fail:{}\r\ncluster_known_nodes:{}\r\n"
      "cluster_size:{}\r\ncluster_current_epoch:{}\r\ncluster_my_epoch:{}\r\n{}"
      "total_cluster_links_buffer_limit_exceeded:0\r\n"
      // slotcache's own: the Raft group that agrees on the configuration.
      "cluster_raft_members:{}\r\ncluster_raft_voters:{}\r\n",
      view.Healthy() ? "ok" : "fail", assigned, assigned - failed - pfail, pfail, failed,
      view.config.members.size(), primaries_with_slots, view.config.epoch, view.config.epoch,
      MessageStats(view), raft.members, raft.voters);
}

// Members in id order, each with its outbound then its inbound links, as Redis walks its nodes.
// A link whose peer is not (yet) a committed member has no node id to report and is left out.
void ReplyLinks(const ClusterView& view, const std::vector<BusLink>& links,
                resp::ReplyWriter& reply) {
  std::vector<std::pair<const BusLink*, const Member*>> known;
  for (const Member& member : view.config.members) {
    std::string bus = member.BusAddress();
    for (bool outbound : {true, false}) {
      for (const BusLink& link : links) {
        if (link.outbound == outbound && link.address == bus) known.emplace_back(&link, &member);
      }
    }
  }
  reply.ArrayHeader(known.size());
  for (const auto& [link, member] : known)
    ReplyLink(*link, *member, reply);
}

}  // namespace slotcache::server
