// GET/SET and their variants (SETNX SETEX PSETEX GETSET GETDEL GETEX) and the multi-key
// MGET/MSET/MSETNX. Ranges live in string_range_commands.cc, counters in counter_commands.cc.
#include <cstdint>
#include <string>
#include <string_view>

#include "server/base/errors.h"
#include "server/commands/read_lookup.h"
#include "server/commands/string_options.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// How SET-like commands answer: SET/SETEX/PSETEX with +OK or a null when NX/XX blocked the
// write, SETNX with 1 or 0.
enum class SetReply { kOkOrNull, kOneOrZero };

// A string value as a bulk reply, a missing key as a null. A value of another type is answered
// with WRONGTYPE, and false tells the command to stop there (Redis's getGenericCommand).
bool ReplyValue(CommandContext& ctx, const Entry* entry) {
  if (WrongType(ctx, entry, ValueType::kString)) return false;
  entry == nullptr ? ctx.reply().NullBulk() : ctx.reply().Bulk(entry->value());
  return true;
}

// The absolute expiry the options ask for; replies with the error and returns false if invalid.
bool ResolveExpire(CommandContext& ctx, const StringOptions& opts, int64_t* at_ms) {
  switch (ExpireAtMs(opts.expire_arg, opts.expire, ctx.now_ms(), at_ms)) {
    case ExpireStatus::kOk:
      return true;
    case ExpireStatus::kNotInteger:
      ctx.reply().Error(kErrNotInteger);
      return false;
    case ExpireStatus::kInvalid:
      ctx.reply().Error(InvalidExpireError(ctx.spec().name));
      return false;
  }
  return false;
}

// Every SET variant is logged as what it did: `SET key value [PXAT at]`, so that a relative TTL
// is never extended by a replay and NX/XX/GET/KEEPTTL need no re-evaluation.
void PropagateSet(CommandContext& ctx, std::string_view key, std::string_view value,
                  int64_t expire_at) {
  if (expire_at == kNoExpire) return ctx.PropagateAs({"SET", key, value});
  std::string at = std::to_string(expire_at);
  ctx.PropagateAs({"SET", key, value, "PXAT", at});
}

// Redis's setGenericCommand. An expiry already in the past is stored as given (Redis does the
// same): the key then reads as missing and is deleted by the next lookup or expiry cycle.
void SetGeneric(CommandContext& ctx, const StringOptions& opts, std::string_view value,
                SetReply style) {
  int64_t expire_at = kNoExpire;
  if (opts.expire != ExpireKind::kNone && !ResolveExpire(ctx, opts, &expire_at)) return;
  std::string_view key = ctx.arg(1);
  if (opts.get && !ReplyValue(ctx, LookupRead(ctx, key))) return;
  Entry* entry = ctx.db().Find(key, ctx.now_ms());
  bool found = entry != nullptr;
  if ((opts.nx && found) || (opts.xx && !found)) {
    if (opts.get) return;
    return style == SetReply::kOkOrNull ? ctx.reply().NullBulk() : ctx.reply().Integer(0);
  }
  if (opts.keep_ttl && found) expire_at = entry->expire_at();
  ctx.db().Set(key, value, expire_at);
  if (!opts.get) {
    style == SetReply::kOkOrNull ? ctx.reply().Ok() : ctx.reply().Integer(1);
  }
  PropagateSet(ctx, key, value, expire_at);
}

void SetWithTtl(CommandContext& ctx, ExpireKind kind) {
  StringOptions opts;
  opts.expire = kind;
  opts.expire_arg = ctx.arg(2);
  SetGeneric(ctx, opts, ctx.arg(3), SetReply::kOkOrNull);
}

// What GETEX does to the key after replying with its value: delete it (absolute time already
// past), set or remove its TTL. Returns whether the key changed.
// Propagates what it did as DEL, PEXPIREAT or PERSIST.
void ApplyGetExExpiry(CommandContext& ctx, Entry* entry, const StringOptions& opts,
                      int64_t expire_at) {
  std::string_view key = ctx.arg(1);
  if (opts.expire != ExpireKind::kNone) {
    if (IsAbsolute(opts.expire) && expire_at <= ctx.now_ms()) {
      if (ctx.db().Erase(key)) ctx.PropagateAs({"DEL", key});
      return;
    }
    ctx.db().SetExpiry(entry, expire_at);
    std::string at = std::to_string(expire_at);
    return ctx.PropagateAs({"PEXPIREAT", key, at});
  }
  if (opts.persist && entry->has_expiry()) {
    ctx.db().SetExpiry(entry, kNoExpire);
    ctx.PropagateAs({"PERSIST", key});
  }
}

void MSetGeneric(CommandContext& ctx, bool only_if_none_exist) {
  if (ctx.argc() % 2 == 0) return ctx.reply().Error(ArityError(ctx.spec().name));
  if (only_if_none_exist) {
    for (size_t j = 1; j < ctx.argc(); j += 2) {
      if (ctx.db().Find(ctx.arg(j), ctx.now_ms()) != nullptr) return ctx.reply().Integer(0);
    }
  }
  for (size_t j = 1; j < ctx.argc(); j += 2) {
    ctx.db().Set(ctx.arg(j), ctx.arg(j + 1), kNoExpire);
  }
  only_if_none_exist ? ctx.reply().Integer(1) : ctx.reply().Ok();
  ctx.Propagate();
}

}  // namespace

void CmdGet(CommandContext& ctx) {
  ReplyValue(ctx, LookupRead(ctx, ctx.arg(1)));
}

void CmdSet(CommandContext& ctx) {
  StringOptions opts;
  if (!ParseStringOptions(ctx.args(), 3, OptionGrammar::kSet, &opts)) {
    return ctx.reply().Error(kErrSyntax);
  }
  SetGeneric(ctx, opts, ctx.arg(2), SetReply::kOkOrNull);
}

void CmdSetNx(CommandContext& ctx) {
  StringOptions opts;
  opts.nx = true;
  SetGeneric(ctx, opts, ctx.arg(2), SetReply::kOneOrZero);
}

void CmdSetEx(CommandContext& ctx) {
  SetWithTtl(ctx, ExpireKind::kEx);
}

void CmdPSetEx(CommandContext& ctx) {
  SetWithTtl(ctx, ExpireKind::kPx);
}

void CmdGetSet(CommandContext& ctx) {
  if (!ReplyValue(ctx, LookupRead(ctx, ctx.arg(1)))) return;
  ctx.db().Set(ctx.arg(1), ctx.arg(2), kNoExpire);
  PropagateSet(ctx, ctx.arg(1), ctx.arg(2), kNoExpire);
}

void CmdGetDel(CommandContext& ctx) {
  Entry* entry = LookupRead(ctx, ctx.arg(1));
  if (!ReplyValue(ctx, entry)) return;
  if (entry != nullptr && ctx.db().Erase(ctx.arg(1))) ctx.PropagateAs({"DEL", ctx.arg(1)});
}

// Redis validates the options, then looks the key up, and only then checks the expiry value:
// a missing key answers null even when the TTL is invalid.
void CmdGetEx(CommandContext& ctx) {
  StringOptions opts;
  if (!ParseStringOptions(ctx.args(), 2, OptionGrammar::kGetEx, &opts)) {
    return ctx.reply().Error(kErrSyntax);
  }
  Entry* entry = LookupRead(ctx, ctx.arg(1));
  if (entry == nullptr) return ctx.reply().NullBulk();
  if (WrongType(ctx, entry, ValueType::kString)) return;
  int64_t expire_at = kNoExpire;
  if (opts.expire != ExpireKind::kNone && !ResolveExpire(ctx, opts, &expire_at)) return;
  ReplyValue(ctx, entry);
  ApplyGetExExpiry(ctx, entry, opts, expire_at);
}

void CmdMGet(CommandContext& ctx) {
  ctx.reply().ArrayHeader(ctx.argc() - 1);
  for (size_t j = 1; j < ctx.argc(); ++j) {
    // Redis answers null for a key of another type here instead of WRONGTYPE.
    const Entry* entry = LookupRead(ctx, ctx.arg(j));
    if (entry == nullptr || entry->type() != ValueType::kString) {
      ctx.reply().NullBulk();
    } else {
      ctx.reply().Bulk(entry->value());
    }
  }
}

void CmdMSet(CommandContext& ctx) {
  MSetGeneric(ctx, false);
}

void CmdMSetNx(CommandContext& ctx) {
  MSetGeneric(ctx, true);
}

}  // namespace slotcache::server
