// Key expiry: EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT [NX|XX|GT|LT], TTL, PTTL, EXPIRETIME,
// PEXPIRETIME, PERSIST. Times are Unix milliseconds; "now" is the loop's clock reading.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

struct ExpireFlags {
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
};

// Redis parses the flags before the time, so flag errors win over a bad number.
bool ParseExpireFlags(CommandContext& ctx, ExpireFlags* flags) {
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    if (EqualsIgnoreCase(option, "nx")) {
      flags->nx = true;
    } else if (EqualsIgnoreCase(option, "xx")) {
      flags->xx = true;
    } else if (EqualsIgnoreCase(option, "gt")) {
      flags->gt = true;
    } else if (EqualsIgnoreCase(option, "lt")) {
      flags->lt = true;
    } else {
      ctx.reply().Error(std::string(kErrUnsupportedOptionPrefix) + std::string(option));
      return false;
    }
  }
  if (flags->nx && (flags->xx || flags->gt || flags->lt)) {
    ctx.reply().Error(kErrExpireNxAndOthers);
    return false;
  }
  if (flags->gt && flags->lt) {
    ctx.reply().Error(kErrExpireGtAndLt);
    return false;
  }
  return true;
}

// Whether the flags let `when` replace `current` (kNoExpire: no TTL, which counts as an
// infinite TTL for GT and LT).
bool FlagsAllow(const ExpireFlags& flags, int64_t current, int64_t when) {
  bool has_ttl = current != kNoExpire;
  if (flags.nx && has_ttl) return false;
  if (flags.xx && !has_ttl) return false;
  if (flags.gt && (!has_ttl || when <= current)) return false;
  if (flags.lt && has_ttl && when >= current) return false;
  return true;
}

// The absolute expiry in ms for `value` in `unit_ms` units after `base_ms`, or false on
// overflow (Redis's checks, in its order).
bool AbsoluteExpiry(int64_t value, int64_t unit_ms, int64_t base_ms, int64_t* when) {
  if (unit_ms == 1000) {
    if (value > kInt64Max / 1000 || value < kInt64Min / 1000) return false;
    value *= 1000;
  }
  if (value > kInt64Max - base_ms) return false;
  *when = value + base_ms;
  return true;
}

void ExpireGeneric(CommandContext& ctx, int64_t unit_ms, int64_t base_ms) {
  ExpireFlags flags;
  if (!ParseExpireFlags(ctx, &flags)) return;
  int64_t value = 0;
  if (!resp::ParseInt64(ctx.arg(2), &value)) return ctx.reply().Error(kErrNotInteger);
  int64_t when = 0;
  if (!AbsoluteExpiry(value, unit_ms, base_ms, &when)) {
    return ctx.reply().Error(InvalidExpireError(ctx.spec().name));
  }
  Database& db = ctx.db();
  Entry* entry = db.Find(ctx.arg(1), ctx.now_ms());
  if (entry == nullptr || !FlagsAllow(flags, entry->expire_at(), when)) {
    return ctx.reply().Integer(0);
  }
  ctx.reply().Integer(1);
  if (when <= ctx.now_ms() && db.delete_expired()) {
    // A time already past deletes the key, and goes out as the DEL it is, like in Redis.
    db.Erase(ctx.arg(1));
    return ctx.PropagateAs({"DEL", ctx.arg(1)});
  }
  // kNoExpire is -1 ms, a past time too: keep it a TTL on replicas, which set past times.
  db.SetExpiry(entry, when == kNoExpire ? kNoExpire - 1 : when);
  // Logged as an absolute time, so a replay doesn't extend the TTL.
  std::string at = std::to_string(when);
  ctx.PropagateAs({"PEXPIREAT", ctx.arg(1), at});
}

// Rounds ms to the nearest second like Redis's (ms + 500) / 1000, without its overflow.
int64_t RoundToSeconds(int64_t ms) {
  return ms / 1000 + (ms % 1000 >= 500 ? 1 : 0);
}

// TTL/PTTL (absolute = false) and EXPIRETIME/PEXPIRETIME (absolute = true).
void TtlGeneric(CommandContext& ctx, bool in_ms, bool absolute) {
  Entry* entry = ctx.db().Peek(ctx.arg(1), ctx.now_ms());
  if (entry == nullptr) return ctx.reply().Integer(-2);
  if (!entry->has_expiry()) return ctx.reply().Integer(-1);
  int64_t ms = absolute ? entry->expire_at() : entry->expire_at() - ctx.now_ms();
  if (ms < 0) ms = 0;
  ctx.reply().Integer(in_ms ? ms : RoundToSeconds(ms));
}

}  // namespace

void CmdExpire(CommandContext& ctx) {
  ExpireGeneric(ctx, 1000, ctx.now_ms());
}

void CmdPExpire(CommandContext& ctx) {
  ExpireGeneric(ctx, 1, ctx.now_ms());
}

void CmdExpireAt(CommandContext& ctx) {
  ExpireGeneric(ctx, 1000, 0);
}

void CmdPExpireAt(CommandContext& ctx) {
  ExpireGeneric(ctx, 1, 0);
}

void CmdTtl(CommandContext& ctx) {
  TtlGeneric(ctx, false, false);
}

void CmdPTtl(CommandContext& ctx) {
  TtlGeneric(ctx, true, false);
}

void CmdExpireTime(CommandContext& ctx) {
  TtlGeneric(ctx, false, true);
}

void CmdPExpireTime(CommandContext& ctx) {
  TtlGeneric(ctx, true, true);
}

void CmdPersist(CommandContext& ctx) {
  Entry* entry = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (entry == nullptr || !entry->has_expiry()) return ctx.reply().Integer(0);
  ctx.db().SetExpiry(entry, kNoExpire);
  ctx.reply().Integer(1);
  ctx.Propagate();
}

}  // namespace slotcache::server
