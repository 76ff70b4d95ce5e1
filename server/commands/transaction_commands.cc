// MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in the dispatcher; EXEC runs
// the queue through the same Execute path as direct commands.
#include <string>
#include <vector>

#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/core/command_table.h"
#include "server/core/execute.h"
#include "server/core/transaction.h"
#include "server/core/watch_registry.h"

namespace slotcache::server {
namespace {

// Runs one queued command; its reply (or its resolution error) becomes one element of EXEC's
// array. Queued commands already passed the unknown/arity gates when they were queued.
void RunQueued(CommandContext& ctx, const QueuedCommand& queued) {
  std::vector<std::string_view> args(queued.args.begin(), queued.args.end());
  std::string error;
  const CommandSpec* spec = ResolveCommand(args, &error);
  if (spec == nullptr) return ctx.reply().Error(error);
  Execute(ctx.server(), ctx.client(), *spec, args, ctx.now_ms());
}

}  // namespace

void CmdMulti(CommandContext& ctx) {
  if (ctx.client().in_multi) return ctx.reply().Error(kErrMultiNested);
  ctx.client().in_multi = true;
  ctx.reply().Ok();
}

void CmdExec(CommandContext& ctx) {
  ClientSession& client = ctx.client();
  ServerState& server = ctx.server();
  if (!client.in_multi) return ctx.reply().Error(kErrExecNoMulti);
  if (server.watches().AnyWatchedKeyExpired(client, server.keyspace(), ctx.now_ms())) {
    client.watch_dirty = true;
  }
  if (client.multi_error || client.watch_dirty) {
    if (client.multi_error) {
      ctx.reply().Error(kErrExecAbort);
    } else {
      ctx.reply().NullArray();
    }
    return DiscardTransaction(server, client);
  }
  // Unwatch first, as Redis does: the transaction's own writes must not flag this client.
  server.watches().UnwatchAll(client);
  // The queue stays in place while it runs (CLIENT INFO inside EXEC shows flags=x multi=N);
  // no queued command can change it, since MULTI/EXEC/DISCARD/RESET are never queued.
  ctx.reply().ArrayHeader(client.queued.size());
  // The AOF and replicas get the transaction's writes as one MULTI/EXEC block.
  server.propagator().BeginTransaction();
  for (size_t i = 0; i < client.queued.size(); ++i)
    RunQueued(ctx, client.queued[i]);
  server.propagator().EndTransaction();
  DiscardTransaction(server, client);
}

void CmdDiscard(CommandContext& ctx) {
  if (!ctx.client().in_multi) return ctx.reply().Error(kErrDiscardNoMulti);
  DiscardTransaction(ctx.server(), ctx.client());
  ctx.reply().Ok();
}

void CmdWatch(CommandContext& ctx) {
  ClientSession& client = ctx.client();
  if (client.in_multi) return ctx.reply().Error(kErrWatchInMulti);
  // Once a watched key changed, the EXEC fails anyway: no point in watching more (Redis 7).
  if (client.watch_dirty) return ctx.reply().Ok();
  for (size_t i = 1; i < ctx.argc(); ++i) {
    bool expired = IsStoredButExpired(ctx.db(), ctx.arg(i), ctx.now_ms());
    ctx.server().watches().Watch(client, client.db, ctx.arg(i), expired);
  }
  ctx.reply().Ok();
}

void CmdUnwatch(CommandContext& ctx) {
  ctx.server().watches().UnwatchAll(ctx.client());
  ctx.reply().Ok();
}

}  // namespace slotcache::server
