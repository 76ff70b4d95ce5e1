#include "server/replication/replication_info.h"
#include "server/replication/replication_primary.h"

#include <fmt/format.h>

namespace slotcache::server {
namespace {

template <typename T>
void Field(std::string* out, std::string_view name, const T& value) {
  fmt::format_to(std::back_inserter(*out), "{}:{}\r\n", name, value);
}

int64_t SecondsSince(int64_t since_ms, int64_t now_ms) {
  return since_ms > 0 ? (now_ms - since_ms) / 1000 : -1;
}

void ReplicaSideInfo(ServerState& state, int64_t now_ms, std::string* out) {
  const ReplicationState& repl = state.replication();
  bool up = repl.link == LinkState::kConnected;
  Field(out, "master_host", repl.primary_host);
  Field(out, "master_port", repl.primary_port);
  Field(out, "master_link_status", up ? "up" : "down");
  Field(out, "master_last_io_seconds_ago", up ? SecondsSince(repl.last_io_ms, now_ms) : -1);
  Field(out, "master_sync_in_progress", repl.link == LinkState::kSync ? 1 : 0);
  if (repl.link == LinkState::kSync) {
    // The image is EOF-framed: its total size is unknown until it ends, as in Redis.
    Field(out, "master_sync_total_bytes", -1);
    Field(out, "master_sync_read_bytes", repl.sync_bytes_read);
    Field(out, "master_sync_left_bytes", -1);
    Field(out, "master_sync_perc", "-0.00");
    Field(out, "master_sync_last_io_seconds_ago", SecondsSince(repl.last_io_ms, now_ms));
  }
  Field(out, "slave_read_repl_offset", repl.offset());
  Field(out, "slave_repl_offset", repl.offset());
  if (!up)
    Field(out, "master_link_down_since_seconds", SecondsSince(repl.link_down_since_ms, now_ms));
  Field(out, "slave_priority", 100);
  Field(out, "slave_read_only", state.config().replica_read_only ? 1 : 0);
  Field(out, "replica_announced", 1);
}

}  // namespace

std::string_view LinkStateName(LinkState state) {
  switch (state) {
    case LinkState::kConnecting:
      return "connecting";
    case LinkState::kHandshake:
      return "handshake";
    case LinkState::kSync:
      return "sync";
    case LinkState::kConnected:
      return "connected";
    default:
      return "connect";
  }
}

std::string ReplicaIp(const ClientSession& client) {
  size_t colon = client.addr.rfind(':');
  return colon == std::string::npos ? client.addr : client.addr.substr(0, colon);
}

void WriteReplicationInfo(ServerState& state, int64_t now_ms, std::string* out) {
  const ReplicationState& repl = state.replication();
  Field(out, "role", repl.replica() ? "slave" : "master");
  if (repl.replica()) ReplicaSideInfo(state, now_ms, out);
  const auto& replicas = state.replicas().replicas();
  Field(out, "connected_slaves", replicas.size());
  for (size_t i = 0; i < replicas.size(); ++i) {
    const ReplicationPrimary::Replica& replica = *replicas[i];
    fmt::format_to(std::back_inserter(*out), "slave{}:ip={},port={},state={},offset={},lag={}\r\n",
                   i, ReplicaIp(*replica.client), replica.client->listening_port,
                   replica.online ? "online" : "send_bulk", replica.ack_offset,
                   (now_ms - replica.ack_ms) / 1000);
  }
  Field(out, "master_failover_state", "no-failover");
  Field(out, "master_replid", repl.replid);
  Field(out, "master_replid2", repl.replid2);
  Field(out, "master_repl_offset", repl.offset());
  Field(out, "second_repl_offset", repl.second_offset);
  Field(out, "repl_backlog_active", repl.backlog_active ? 1 : 0);
  Field(out, "repl_backlog_size", state.config().repl_backlog_size);
  Field(out, "repl_backlog_first_byte_offset",
        repl.backlog_active ? repl.backlog.first_offset() : 0);
  Field(out, "repl_backlog_histlen", repl.backlog_active ? repl.backlog.histlen() : 0);
}

}  // namespace slotcache::server
