#include "server/core/execute.h"

#include <string>
#include <vector>

#include "cluster/key_slot.h"
#include "resp/reply_writer.h"
#include "server/base/errors.h"
#include "server/core/command_context.h"

namespace slotcache::server {
namespace {

// A snapshot being cut must see the data as it was before this write: the slots the command
// writes (FLUSHALL, FLUSHDB and SWAPDB, which name no key, write them all) are cut first.
void CutSnapshotsBeforeWrite(ServerState& server, const CommandSpec& spec,
                             std::span<const std::string_view> args) {
  std::vector<std::string_view> keys;
  CommandKeys(spec, args, &keys);
  for (KeyspaceSnapshot* snapshot : server.snapshots()) {
    if (keys.empty()) snapshot->BeforeKeyspaceWrite();
    for (std::string_view key : keys)
      snapshot->BeforeSlotWrite(cluster::KeySlot(key));
  }
}

}  // namespace

void Execute(ServerState& server, ClientSession& client, const CommandSpec& spec,
             std::span<const std::string_view> args, int64_t now_ms) {
  if ((spec.flags & kWrite) && !server.snapshots().empty()) {
    CutSnapshotsBeforeWrite(server, spec, args);
  }
  // CLIENT REPLY OFF/SKIP: the command runs, its reply goes nowhere (CLIENT REPLY ON and RESET
  // point the writer back at client.output).
  std::string discarded;
  resp::ReplyWriter reply(ReplyTarget(client, &discarded), client.protocol);
  const Config& config = server.config();
  server.keyspace().key_access().Update(now_ms, IsLfuPolicy(config.maxmemory_policy),
                                        config.lfu_log_factor, config.lfu_decay_time);
  CommandContext ctx(server, client, spec, args, reply, now_ms);
  // Refused like Redis's handlers refuse it: when it runs (so inside MULTI, at EXEC).
  if ((spec.flags & kDenyInCluster) && server.cluster().enabled) {
    reply.Error(NotInClusterError(spec.name));
  } else {
    spec.handler(ctx);
  }
  ++server.stats().total_commands_processed;
  server.stats().total_error_replies += reply.errors();
  if (ctx.propagated()) client.awaiting_aof = true;
  // WAIT counts the replicas that acknowledged this offset.
  if (ctx.propagated()) client.write_offset = server.replication().offset();
  if (ctx.propagated() && !server.watches().empty()) {
    std::vector<std::string_view> keys;
    CommandKeys(spec, args, &keys);
    Database& db = server.keyspace().db(client.db);
    for (std::string_view key : keys)
      server.watches().KeyModified(client.db, key, IsStored(db, key));
  }
}

}  // namespace slotcache::server
