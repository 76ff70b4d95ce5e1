// REPLICAOF/SLAVEOF, REPLCONF, PSYNC, SYNC, WAIT and ROLE: the client-facing side of
// replication. The link itself runs in the server (ReplicaLink, ReplicationPrimary).
#include <spdlog/spdlog.h>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/replication/replication_info.h"
#include "server/replication/replication_primary.h"

namespace slotcache::server {
namespace {

// REPLICAOF NO ONE: keeps the data, starts a new history that continues the old one.
void Promote(ServerState& server) {
  ReplicationState& repl = server.replication();
  if (!repl.replica()) return;
  repl.primary_host.clear();
  repl.primary_port = 0;
  repl.ShiftReplid(server.rng());
  // The next write restates its database: our replicas never saw the old primary's SELECTs.
  server.propagator().ForgetSelectedDb();
  spdlog::info(
      "Setting secondary replication ID to {}, valid up to offset: {}. New replication "
      "ID is {}",
      repl.replid2, repl.second_offset, repl.replid);
  spdlog::info("MASTER MODE enabled (user request)");
  repl.on_primary_change();
}

void ReplyRoleOfPrimary(CommandContext& ctx) {
  ServerState& server = ctx.server();
  const auto& replicas = server.replicas().replicas();
  resp::ReplyWriter& reply = ctx.reply();
  reply.ArrayHeader(3);
  reply.Bulk("master");
  reply.Integer(static_cast<int64_t>(server.replication().offset()));
  size_t online = 0;
  for (const auto& replica : replicas)
    online += replica->online ? 1 : 0;
  reply.ArrayHeader(online);
  for (const auto& replica : replicas) {
    if (!replica->online) continue;
    reply.ArrayHeader(3);
    reply.Bulk(ReplicaIp(*replica->client));
    reply.Bulk(std::to_string(replica->client->listening_port));
    reply.Bulk(std::to_string(replica->ack_offset));
  }
}

}  // namespace

void CmdReplicaOf(CommandContext& ctx) {
  ServerState& server = ctx.server();
  if (server.config().cluster_enabled) return ctx.reply().Error(kErrReplicaOfInCluster);
  ReplicationState& repl = server.replication();
  if (EqualsIgnoreCase(ctx.arg(1), "no") && EqualsIgnoreCase(ctx.arg(2), "one")) {
    Promote(server);
    return ctx.reply().Ok();
  }
  int64_t port = 0;
  if (!resp::ParseInt64(ctx.arg(2), &port) || port < 0 || port > 65535) {
    return ctx.reply().Error(kErrInvalidMasterPort);
  }
  if (repl.replica() && repl.primary_host == ctx.arg(1) && repl.primary_port == port) {
    return ctx.reply().SimpleString(kOkAlreadyConnected);
  }
  repl.primary_host = std::string(ctx.arg(1));
  repl.primary_port = static_cast<int>(port);
  spdlog::info("REPLICAOF {}:{} enabled (user request)", repl.primary_host, repl.primary_port);
  repl.on_primary_change();
  ctx.reply().Ok();
}

// REPLCONF <option> <value> ...: a replica's handshake settings, its ACKs, and (in the stream a
// replica applies) the primary's GETACK.
void CmdReplConf(CommandContext& ctx) {
  if (ctx.argc() % 2 == 0) return ctx.reply().Error(kErrSyntax);
  ClientSession& client = ctx.client();
  for (size_t i = 1; i < ctx.argc(); i += 2) {
    std::string option = AsciiLower(ctx.arg(i));
    if (option == "listening-port") {
      int64_t port = 0;
      if (!resp::ParseInt64(ctx.arg(i + 1), &port)) return ctx.reply().Error(kErrNotInteger);
      client.listening_port = static_cast<int>(port);
    } else if (option == "ack") {
      // No reply, as in Redis: the replica never reads its link.
      int64_t offset = 0;
      if (client.replica_link && resp::ParseInt64(ctx.arg(i + 1), &offset) && offset >= 0) {
        ctx.server().replicas().Ack(client, static_cast<uint64_t>(offset), ctx.now_ms());
      }
      return;
    } else if (option == "getack") {
      if (ctx.server().replication().replica()) ctx.server().replication().ack_requested = true;
      return;
    } else if (option != "capa" && option != "ip-address" && option != "rdb-only" &&
               option != "rdb-filter-only") {
      return ctx.reply().Error(fmt::format(fmt::runtime(kErrUnrecognizedReplconf), ctx.arg(i)));
    }
  }
  ctx.reply().Ok();
}

// PSYNC <replid> <offset>: continue from `offset` if our history has it, else full sync.
void CmdPSync(CommandContext& ctx) {
  ServerState& server = ctx.server();
  if (ctx.client().replica_link) return;
  if (server.replication().replica() && server.replication().link != LinkState::kConnected) {
    return ctx.reply().Error(kErrNoMasterLink);
  }
  int64_t offset = 0;
  if (!resp::ParseInt64(ctx.arg(2), &offset)) return ctx.reply().Error(kErrNotInteger);
  server.replicas().Attach(ctx.client(), ctx.arg(1), offset, true, ctx.now_ms());
}

// SYNC: the pre-PSYNC protocol, always a full sync (no +FULLRESYNC line).
void CmdSync(CommandContext& ctx) {
  ServerState& server = ctx.server();
  if (ctx.client().replica_link) return;
  if (server.replication().replica() && server.replication().link != LinkState::kConnected) {
    return ctx.reply().Error(kErrNoMasterLink);
  }
  server.replicas().Attach(ctx.client(), "?", -1, false, ctx.now_ms());
}

void CmdWait(CommandContext& ctx) {
  ServerState& server = ctx.server();
  if (server.replication().replica()) return ctx.reply().Error(kErrWaitOnReplica);
  int64_t numreplicas = 0;
  if (!resp::ParseInt64(ctx.arg(1), &numreplicas)) return ctx.reply().Error(kErrNotInteger);
  int64_t timeout = 0;
  if (!resp::ParseInt64(ctx.arg(2), &timeout)) return ctx.reply().Error(kErrTimeoutNotInteger);
  if (timeout < 0) return ctx.reply().Error(kErrTimeoutNegative);
  server.replicas().Wait(ctx.client(), numreplicas, timeout, ctx.now_ms());
}

void CmdRole(CommandContext& ctx) {
  const ReplicationState& repl = ctx.server().replication();
  if (!repl.replica()) return ReplyRoleOfPrimary(ctx);
  resp::ReplyWriter& reply = ctx.reply();
  reply.ArrayHeader(5);
  reply.Bulk("slave");
  reply.Bulk(repl.primary_host);
  reply.Integer(repl.primary_port);
  reply.Bulk(LinkStateName(repl.link));
  bool up = repl.link == LinkState::kConnected;
  reply.Integer(up ? static_cast<int64_t>(repl.offset()) : -1);
}

}  // namespace slotcache::server
