#include "server/dispatcher.h"

#include "cluster/key_slot.h"
#include "server/aof/aof_service.h"
#include "server/cluster_runtime/cluster_gate.h"
#include "server/core/command_context.h"
#include "server/commands/transaction_commands.h"
#include "server/base/errors.h"
#include "server/core/watch_registry.h"

namespace slotcache::server {
namespace {

bool ArityOk(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

bool AuthRequired(ServerState& server, const ClientSession& client) {
  return !client.authenticated && !server.config().requirepass.empty();
}

// CLIENT REPLY OFF/SKIP silence everything the request produces, gate errors included.
std::string* ReplyBuffer(ClientSession& client, std::string* discard) {
  bool silent = client.reply_mode == ReplyMode::kOff || client.reply_mode == ReplyMode::kSkipThis;
  return silent ? discard : &client.output;
}

// Inside MULTI, a command is queued instead of run; a command that can't be queued flags the
// transaction so EXEC fails with EXECABORT, as in Redis.
void Queue(ClientSession& client, std::span<const std::string_view> args) {
  QueuedCommand queued;
  queued.args.assign(args.begin(), args.end());
  client.queued.push_back(std::move(queued));
  std::string discarded;
  resp::ReplyWriter(ReplyBuffer(client, &discarded), client.protocol).SimpleString("QUEUED");
}

// `spec` is the command the gate rejected (nullptr when unknown). A rejected EXEC discards the
// transaction instead of flagging it.
void Reject(ServerState& server, ClientSession& client, const CommandSpec* spec,
            std::string_view error) {
  ++server.stats().total_error_replies;
  std::string discarded;
  resp::ReplyWriter reply(ReplyBuffer(client, &discarded), client.protocol);
  if (spec != nullptr && (spec->flags & kExecAbortOnReject)) {
    DiscardTransaction(server, client);
    return reply.Error(ExecAbortError(error));
  }
  if (client.in_multi) client.multi_error = true;
  reply.Error(error);
}

// The command or subcommand `args` name, arity not checked. nullptr (and `error`) if unknown.
const CommandSpec* Lookup(std::span<const std::string_view> args, std::string* error) {
  const CommandSpec* spec = FindCommand(args[0]);
  if (spec == nullptr) {
    *error = UnknownCommandError(args[0], args.subspan(1));
    return nullptr;
  }
  if (!spec->subcommands.empty() && args.size() >= 2) {
    const CommandSpec* sub = FindSubcommand(*spec, args[1]);
    if (sub == nullptr) {
      *error = UnknownSubcommandError(args[1], spec->name);
      return nullptr;
    }
    spec = sub;
  }
  return spec;
}

// True if a command MULTI queued has `flag` (Redis's mstate.cmd_flags): EXEC counts as a
// write, or as deny-OOM, when what it will run does.
bool QueuedHasFlag(const ClientSession& client, uint32_t flag) {
  std::string error;
  for (const QueuedCommand& queued : client.queued) {
    std::vector<std::string_view> args(queued.args.begin(), queued.args.end());
    const CommandSpec* spec = ResolveCommand(args, &error);
    if (spec != nullptr && (spec->flags & flag)) return true;
  }
  return false;
}

// The OOM gate (only reached when maxmemory is set): evicts first, then, if memory is still
// over the limit and nothing more can go, refuses deny-OOM commands. As in Redis, a client in
// MULTI can't queue anything then (queueing itself takes memory), but may EXEC or DISCARD.
bool RejectedForMemory(ServerState& server, const ClientSession& client, const CommandSpec& spec,
                       int64_t now_ms) {
  if (server.evictor().Perform(now_ms, server.evicts_keys()) != EvictResult::kFail) return false;
  if (spec.flags & kDenyOom) return true;
  if (client.in_multi && !(spec.flags & kTxControl)) return true;
  return (spec.flags & kExecAbortOnReject) && QueuedHasFlag(client, kDenyOom);
}

// Redis's MISCONF gate: while the AOF can't be written, writes are refused, so that nothing is
// acknowledged that the log doesn't hold.
std::string DiskErrorGate(ServerState& server, const ClientSession& client,
                          const CommandSpec& spec) {
  if (server.aof() == nullptr) return "";
  int err = server.aof()->WriteError();
  if (err == 0) return "";
  bool writes =
      (spec.flags & kWrite) || ((spec.flags & kExecAbortOnReject) && QueuedHasFlag(client, kWrite));
  return writes ? MisconfAofError(err) : "";
}

void RunGatesAndCommand(ServerState& server, ClientSession& client,
                        std::span<const std::string_view> args, int64_t now_ms) {
  std::string error;
  const CommandSpec* spec = Lookup(args, &error);
  // CLIENT LIST's cmd= names the last command looked up, even if a gate then rejected it.
  client.last_command = spec;
  if (spec == nullptr) return Reject(server, client, spec, error);
  if (!ArityOk(spec->arity, args.size()))
    return Reject(server, client, spec, ArityError(spec->name));
  if (AuthRequired(server, client) && !(spec->flags & kNoAuth)) {
    return Reject(server, client, spec, kErrNoAuth);
  }
  if (server.cluster().enabled) {
    std::string redirect = ClusterGate(server.cluster(), client, *spec, args);
    client.asking = false;  // ASKING covers one command
    if (!redirect.empty()) return Reject(server, client, spec, redirect);
  }
  // A replica's data changes only through its primary's stream, which bypasses these gates.
  if ((spec->flags & kWrite) && server.replication().replica() &&
      server.config().replica_read_only) {
    return Reject(server, client, spec, kErrReadOnlyReplica);
  }
  if (server.config().maxmemory != 0 && RejectedForMemory(server, client, *spec, now_ms)) {
    return Reject(server, client, spec, kErrOom);
  }
  std::string disk_error = DiskErrorGate(server, client, *spec);
  if (!disk_error.empty()) return Reject(server, client, spec, disk_error);
  if (client.in_multi && !(spec->flags & kTxControl)) {
    if (spec->flags & kNoMulti)
      return Reject(server, client, spec, "ERR Command not allowed inside a transaction");
    return Queue(client, args);
  }
  Execute(server, client, *spec, args, now_ms);
}

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

const CommandSpec* ResolveCommand(std::span<const std::string_view> args, std::string* error) {
  const CommandSpec* spec = Lookup(args, error);
  if (spec != nullptr && !ArityOk(spec->arity, args.size())) {
    *error = ArityError(spec->name);
    return nullptr;
  }
  return spec;
}

void Dispatch(ServerState& server, ClientSession& client, std::span<const std::string_view> args,
              int64_t now_ms) {
  RunGatesAndCommand(server, client, args, now_ms);
  // CLIENT REPLY SKIP silences the next request, whatever it is; EXEC's queued commands are
  // part of the EXEC request, so this runs per request, not per Execute.
  if (client.reply_mode == ReplyMode::kSkipThis) {
    client.reply_mode = ReplyMode::kOn;
  } else if (client.reply_mode == ReplyMode::kSkipNext) {
    client.reply_mode = ReplyMode::kSkipThis;
  }
}

void Execute(ServerState& server, ClientSession& client, const CommandSpec& spec,
             std::span<const std::string_view> args, int64_t now_ms) {
  if ((spec.flags & kWrite) && !server.snapshots().empty()) {
    CutSnapshotsBeforeWrite(server, spec, args);
  }
  // CLIENT REPLY OFF/SKIP: the command runs, its reply goes nowhere (CLIENT REPLY ON and RESET
  // point the writer back at client.output).
  std::string discarded;
  resp::ReplyWriter reply(ReplyBuffer(client, &discarded), client.protocol);
  const Config& config = server.config();
  server.keyspace().key_access().Update(now_ms, IsLfuPolicy(config.maxmemory_policy),
                                        config.lfu_log_factor, config.lfu_decay_time);
  CommandContext ctx(server, client, spec, args, reply, now_ms);
  spec.handler(ctx);
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
