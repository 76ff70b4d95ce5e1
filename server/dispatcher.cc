#include "server/dispatcher.h"

#include "resp/reply_writer.h"
#include "server/aof/aof_service.h"
#include "server/base/errors.h"
#include "server/cluster_runtime/cluster_gate.h"
#include "server/core/command_table.h"
#include "server/core/execute.h"
#include "server/core/transaction.h"

namespace slotcache::server {
namespace {

bool AuthRequired(ServerState& server, const ClientSession& client) {
  return !client.authenticated && !server.config().requirepass.empty();
}

// Inside MULTI, a command is queued instead of run; a command that can't be queued flags the
// transaction so EXEC fails with EXECABORT, as in Redis.
void Queue(ClientSession& client, std::span<const std::string_view> args) {
  QueuedCommand queued;
  queued.args.assign(args.begin(), args.end());
  client.queued.push_back(std::move(queued));
  std::string discarded;
  resp::ReplyWriter(ReplyTarget(client, &discarded), client.protocol).SimpleString("QUEUED");
}

// `spec` is the command the gate rejected (nullptr when unknown). A rejected EXEC discards the
// transaction instead of flagging it.
void Reject(ServerState& server, ClientSession& client, const CommandSpec* spec,
            std::string_view error) {
  ++server.stats().total_error_replies;
  std::string discarded;
  resp::ReplyWriter reply(ReplyTarget(client, &discarded), client.protocol);
  if (spec != nullptr && (spec->flags & kTxExec)) {
    DiscardTransaction(server, client);
    return reply.Error(ExecAbortError(error));
  }
  if (client.in_multi) client.multi_error = true;
  reply.Error(error);
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
  return (spec.flags & kTxExec) && QueuedHasFlag(client, kDenyOom);
}

// Redis's MISCONF gate: while the AOF can't be written, writes are refused, so that nothing is
// acknowledged that the log doesn't hold.
std::string DiskErrorGate(ServerState& server, const ClientSession& client,
                          const CommandSpec& spec) {
  if (server.aof() == nullptr) return "";
  int err = server.aof()->WriteError();
  if (err == 0) return "";
  bool writes = (spec.flags & kWrite) || ((spec.flags & kTxExec) && QueuedHasFlag(client, kWrite));
  return writes ? MisconfAofError(err) : "";
}

void RunGatesAndCommand(ServerState& server, ClientSession& client,
                        std::span<const std::string_view> args, int64_t now_ms) {
  std::string error;
  const CommandSpec* spec = LookupCommand(args, &error);
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
    if (spec->flags & kNoMulti) return Reject(server, client, spec, kErrNotInMulti);
    return Queue(client, args);
  }
  Execute(server, client, *spec, args, now_ms);
}

}  // namespace

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

}  // namespace slotcache::server
