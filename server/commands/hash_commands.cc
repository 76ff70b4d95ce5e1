// Hashes: HSET HMSET HSETNX HGET HMGET HDEL HEXISTS HLEN HSTRLEN HKEYS HVALS HGETALL HINCRBY
// HINCRBYFLOAT. HRANDFIELD and HSCAN are in hash_sample_commands.cc; the hash itself (both
// encodings, the conversion) in server/keyspace/hash_value.h.
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/commands/hash_lookup.h"
#include "server/commands/read_lookup.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/keyspace/hash_value.h"

namespace slotcache::server {
namespace {

// HSET and HMSET: the same work, different replies (the count of new fields, or +OK).
void SetFields(CommandContext& ctx, bool reply_count) {
  if (ctx.argc() % 2 == 1) return ctx.reply().Error(ArityError(ctx.spec().name));
  Entry* hash = nullptr;
  if (!FindHashForWrite(ctx, &hash)) return;
  HashLimits limits = HashLimitsOf(ctx);
  hash = HashConvertForArgs(ctx.db(), hash, ctx.args().subspan(2), limits);
  int64_t created = 0;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    if (HashSet(ctx.db(), &hash, ctx.arg(i), ctx.arg(i + 1), limits)) ++created;
  }
  reply_count ? ctx.reply().Integer(created) : ctx.reply().Ok();
  ctx.Propagate();
}

enum class Part { kFields, kValues, kBoth };

// HKEYS, HVALS, HGETALL (a map in RESP3; a missing key is an empty map there too).
void ReplyAll(CommandContext& ctx, Part part) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  size_t length = hash != nullptr ? HashLength(*hash) : 0;
  part == Part::kBoth ? ctx.reply().MapHeader(length) : ctx.reply().ArrayHeader(length);
  if (hash == nullptr) return;
  HashForEach(*hash, [&](std::string_view field, std::string_view value) {
    if (part != Part::kValues) ctx.reply().Bulk(field);
    if (part != Part::kFields) ctx.reply().Bulk(value);
  });
}

}  // namespace

void CmdHSet(CommandContext& ctx) {
  SetFields(ctx, true);
}

void CmdHMSet(CommandContext& ctx) {
  SetFields(ctx, false);
}

// Redis checks the value lengths for the conversion only when the field is really set.
void CmdHSetNx(CommandContext& ctx) {
  Entry* hash = nullptr;
  if (!FindHashForWrite(ctx, &hash)) return;
  std::string_view old;
  if (HashGet(*hash, ctx.arg(2), &old)) return ctx.reply().Integer(0);
  HashLimits limits = HashLimitsOf(ctx);
  HashSet(ctx.db(), &hash, ctx.arg(2), ctx.arg(3), limits);
  ctx.reply().Integer(1);
  ctx.Propagate();
}

void CmdHGet(CommandContext& ctx) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  std::string_view value;
  if (hash == nullptr || !HashGet(*hash, ctx.arg(2), &value)) return ctx.reply().NullBulk();
  ctx.reply().Bulk(value);
}

void CmdHMGet(CommandContext& ctx) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  ctx.reply().ArrayHeader(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    std::string_view value;
    if (hash != nullptr && HashGet(*hash, ctx.arg(i), &value)) {
      ctx.reply().Bulk(value);
    } else {
      ctx.reply().NullBulk();
    }
  }
}

// The key goes with its last field (Redis deletes an emptied hash); DEL is not propagated
// for it: replaying the HDEL empties and deletes it the same way.
void CmdHDel(CommandContext& ctx) {
  Entry* hash = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (hash == nullptr) return ctx.reply().Integer(0);
  if (WrongType(ctx, hash, ValueType::kHash)) return;
  int64_t deleted = 0;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (!HashDelete(ctx.db(), &hash, ctx.arg(i))) continue;
    ++deleted;
    if (HashLength(*hash) == 0) {
      ctx.db().Erase(ctx.arg(1));
      break;
    }
  }
  ctx.reply().Integer(deleted);
  if (deleted > 0) ctx.Propagate();
}

void CmdHExists(CommandContext& ctx) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  std::string_view value;
  ctx.reply().Integer(hash != nullptr && HashGet(*hash, ctx.arg(2), &value) ? 1 : 0);
}

void CmdHLen(CommandContext& ctx) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  ctx.reply().Integer(hash != nullptr ? static_cast<int64_t>(HashLength(*hash)) : 0);
}

void CmdHStrlen(CommandContext& ctx) {
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  std::string_view value;
  bool found = hash != nullptr && HashGet(*hash, ctx.arg(2), &value);
  ctx.reply().Integer(found ? static_cast<int64_t>(value.size()) : 0);
}

void CmdHKeys(CommandContext& ctx) {
  ReplyAll(ctx, Part::kFields);
}

void CmdHVals(CommandContext& ctx) {
  ReplyAll(ctx, Part::kValues);
}

void CmdHGetAll(CommandContext& ctx) {
  ReplyAll(ctx, Part::kBoth);
}

// Redis's hincrbyCommand: the increment is checked first, then the stored value (a missing
// field counts as 0). Deterministic, so propagated as given.
void CmdHIncrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (!resp::ParseInt64(ctx.arg(3), &delta)) return ctx.reply().Error(kErrNotInteger);
  Entry* hash = nullptr;
  if (!FindHashForWrite(ctx, &hash)) return;
  int64_t value = 0;
  std::string_view old;
  if (HashGet(*hash, ctx.arg(2), &old) && !resp::ParseInt64(old, &value)) {
    return ctx.reply().Error(kErrHashNotInteger);
  }
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if ((delta < 0 && value < 0 && delta < kMin - value) ||
      (delta > 0 && value > 0 && delta > kMax - value)) {
    return ctx.reply().Error(kErrOverflow);
  }
  value += delta;
  HashSet(ctx.db(), &hash, ctx.arg(2), std::to_string(value), HashLimitsOf(ctx));
  ctx.reply().Integer(value);
  ctx.Propagate();
}

// Propagated as HSET of the formatted result, like Redis: float arithmetic and formatting may
// differ between machines, the stored text does not.
void CmdHIncrByFloat(CommandContext& ctx) {
  long double delta = 0;
  if (!resp::ParseLongDouble(ctx.arg(3), &delta)) return ctx.reply().Error(kErrNotFloat);
  if (std::isnan(delta) || std::isinf(delta)) return ctx.reply().Error(kErrNanOrInfinityArg);
  Entry* hash = nullptr;
  if (!FindHashForWrite(ctx, &hash)) return;
  long double value = 0;
  std::string_view old;
  if (HashGet(*hash, ctx.arg(2), &old) && !resp::ParseLongDouble(old, &value)) {
    return ctx.reply().Error(kErrHashNotFloat);
  }
  value += delta;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply().Error(kErrNanOrInf);
  std::string text = resp::FormatLongDouble(value);
  HashSet(ctx.db(), &hash, ctx.arg(2), text, HashLimitsOf(ctx));
  ctx.reply().Bulk(text);
  ctx.PropagateAs({"HSET", ctx.arg(1), ctx.arg(2), text});
}

}  // namespace slotcache::server
