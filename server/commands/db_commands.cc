// Commands on whole logical databases, or across them: SELECT, DBSIZE, FLUSHDB, FLUSHALL,
// SWAPDB, MOVE, COPY.
#include <cstdint>
#include <limits>
#include <string_view>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// Redis's getIntFromObjectOrReply: a 64-bit integer, then the int range. A given `error`
// replaces both texts (SWAPDB). Replies with the error itself.
bool ParseIntArg(CommandContext& ctx, std::string_view text, int* out,
                 std::string_view error = {}) {
  int64_t value = 0;
  if (!resp::ParseInt64(text, &value)) {
    ctx.reply().Error(error.empty() ? kErrNotInteger : error);
    return false;
  }
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    ctx.reply().Error(error.empty() ? kErrIntRange : error);
    return false;
  }
  *out = static_cast<int>(value);
  return true;
}

bool ValidDb(CommandContext& ctx, int index) {
  return index >= 0 && index < ctx.server().keyspace().count();
}

// Parses a DB index argument and checks it exists. Replies with the error itself.
bool ParseDbIndex(CommandContext& ctx, std::string_view text, int* index) {
  if (!ParseIntArg(ctx, text, index)) return false;
  if (ValidDb(ctx, *index)) return true;
  ctx.reply().Error(kErrDbIndex);
  return false;
}

// FLUSHDB/FLUSHALL [SYNC|ASYNC]: ASYNC empties the databases at once and frees their entries
// on the lazy-free thread; SYNC (the default, as Redis's lazyfree-lazy-user-flush no) frees
// them on the loop. Sets *async; replies with the error itself.
bool ParseFlushMode(CommandContext& ctx, bool* async) {
  *async = false;
  if (ctx.argc() == 1) return true;
  std::string_view mode = ctx.arg(1);
  if (ctx.argc() == 2 && (EqualsIgnoreCase(mode, "sync") || EqualsIgnoreCase(mode, "async"))) {
    *async = EqualsIgnoreCase(mode, "async");
    return true;
  }
  ctx.reply().Error(kErrSyntax);
  return false;
}

}  // namespace

void CmdSelect(CommandContext& ctx) {
  int index = 0;
  if (!ParseIntArg(ctx, ctx.arg(1), &index)) return;
  if (ctx.server().cluster().enabled && index != 0) {
    return ctx.reply().Error(kErrSelectInCluster);
  }
  if (!ValidDb(ctx, index)) return ctx.reply().Error(kErrDbIndex);
  ctx.client().db = index;
  ctx.reply().Ok();
}

// Counts keys past their TTL not yet removed, like Redis.
void CmdDbSize(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(ctx.db().size()));
}

// Always propagated, even when the database was already empty (Redis forces it).
void CmdFlushDb(CommandContext& ctx) {
  bool async = false;
  if (!ParseFlushMode(ctx, &async)) return;
  ctx.server().watches().DbReplaced(ctx.db(), nullptr, ctx.now_ms());
  if (async) {
    ctx.db().ClearAsync(ctx.server().keyspace().lazy_free());
  } else {
    ctx.db().Clear();
  }
  ctx.reply().Ok();
  ctx.Propagate();
}

void CmdFlushAll(CommandContext& ctx) {
  bool async = false;
  if (!ParseFlushMode(ctx, &async)) return;
  Keyspace& keyspace = ctx.server().keyspace();
  for (int i = 0; i < keyspace.count(); ++i) {
    ctx.server().watches().DbReplaced(keyspace.db(i), nullptr, ctx.now_ms());
  }
  keyspace.FlushAll(async);
  ctx.reply().Ok();
  ctx.Propagate();
}

// Clients keep their selected index and so see the other database's contents afterwards.
void CmdSwapDb(CommandContext& ctx) {
  int first = 0;
  int second = 0;
  if (!ParseIntArg(ctx, ctx.arg(1), &first, kErrInvalidFirstDb)) return;
  if (!ParseIntArg(ctx, ctx.arg(2), &second, kErrInvalidSecondDb)) return;
  if (!ValidDb(ctx, first) || !ValidDb(ctx, second)) return ctx.reply().Error(kErrDbIndex);
  if (first != second) {
    Keyspace& keyspace = ctx.server().keyspace();
    ctx.server().watches().DbReplaced(keyspace.db(first), &keyspace.db(second), ctx.now_ms());
    ctx.server().watches().DbReplaced(keyspace.db(second), &keyspace.db(first), ctx.now_ms());
    ctx.server().keyspace().Swap(first, second);
  }
  ctx.reply().Ok();
  ctx.Propagate();
}

// The entry itself changes database (no copy). The dispatcher flags WATCHers of the key in the
// source database; the destination's are flagged here.
void CmdMove(CommandContext& ctx) {
  int target = 0;
  if (!ParseDbIndex(ctx, ctx.arg(2), &target)) return;
  if (target == ctx.client().db) return ctx.reply().Error(kErrSameObject);
  std::string_view key = ctx.arg(1);
  Database& source = ctx.db();
  Database& destination = ctx.server().keyspace().db(target);
  if (source.Find(key, ctx.now_ms()) == nullptr) return ctx.reply().Integer(0);
  if (destination.Find(key, ctx.now_ms()) != nullptr) return ctx.reply().Integer(0);
  destination.Erase(key);  // a replica's hidden expired key would otherwise be a duplicate
  destination.Adopt(source.Release(key));
  ctx.server().watches().KeyModified(target, key);
  ctx.reply().Integer(1);
  ctx.Propagate();
}

// COPY source destination [DB index] [REPLACE]: options are read in order, so an invalid DB
// index is reported before a later syntax error, as in Redis.
void CmdCopy(CommandContext& ctx) {
  int target = ctx.client().db;
  bool replace = false;
  for (size_t i = 3; i < ctx.argc(); ++i) {
    if (EqualsIgnoreCase(ctx.arg(i), "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(ctx.arg(i), "db") && i + 1 < ctx.argc()) {
      if (!ParseDbIndex(ctx, ctx.arg(++i), &target)) return;
    } else {
      return ctx.reply().Error(kErrSyntax);
    }
  }
  if (ctx.server().cluster().enabled && (ctx.client().db != 0 || target != 0)) {
    return ctx.reply().Error(kErrCopyDbInCluster);
  }
  std::string_view from = ctx.arg(1);
  std::string_view to = ctx.arg(2);
  if (target == ctx.client().db && from == to) return ctx.reply().Error(kErrSameObject);
  Database& destination = ctx.server().keyspace().db(target);
  Entry* source = ctx.db().Find(from, ctx.now_ms());
  if (source == nullptr) return ctx.reply().Integer(0);
  if (destination.Find(to, ctx.now_ms()) != nullptr && !replace) return ctx.reply().Integer(0);
  destination.SetFrom(to, source, source->expire_at(), /*take=*/false);
  if (target != ctx.client().db) ctx.server().watches().KeyModified(target, to);
  ctx.reply().Integer(1);
  ctx.Propagate();
}

}  // namespace slotcache::server
