// Strings used as numbers: INCR INCRBY DECR DECRBY (64-bit integers, string2ll-strict) and
// INCRBYFLOAT (long double, formatted like Redis). The key's TTL survives the update.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/commands/read_lookup.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// Replaces the key's value with `text`, keeping the TTL of `entry` (nullptr: a new key). The
// entry is resized where it is (usually in place), so the key is not looked up a second time.
void StoreKeepingTtl(CommandContext& ctx, Entry* entry, std::string_view text) {
  if (entry == nullptr) {
    ctx.db().Set(ctx.arg(1), text, kNoExpire);
    return;
  }
  entry = ctx.db().ResizeValue(entry, text.size());
  std::memcpy(entry->mutable_value(), text.data(), text.size());
}

// Redis's incrDecrCommand: a missing key counts as 0.
void IncrDecr(CommandContext& ctx, int64_t delta) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  Entry* entry = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (WrongType(ctx, entry, ValueType::kString)) return;
  int64_t value = 0;
  if (entry != nullptr && !resp::ParseInt64(entry->value(), &value)) {
    return ctx.reply().Error(kErrNotInteger);
  }
  if ((delta < 0 && value < 0 && delta < kMin - value) ||
      (delta > 0 && value > 0 && delta > kMax - value)) {
    return ctx.reply().Error(kErrOverflow);
  }
  value += delta;
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  StoreKeepingTtl(ctx, entry, std::string_view(digits, end - digits));
  ctx.reply().Integer(value);
  ctx.Propagate();
}

}  // namespace

void CmdIncr(CommandContext& ctx) {
  IncrDecr(ctx, 1);
}

void CmdDecr(CommandContext& ctx) {
  IncrDecr(ctx, -1);
}

void CmdIncrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (!resp::ParseInt64(ctx.arg(2), &delta)) return ctx.reply().Error(kErrNotInteger);
  IncrDecr(ctx, delta);
}

void CmdDecrBy(CommandContext& ctx) {
  int64_t delta = 0;
  if (!resp::ParseInt64(ctx.arg(2), &delta)) return ctx.reply().Error(kErrNotInteger);
  // -INT64_MIN does not exist; Redis rejects it with its own message.
  if (delta == std::numeric_limits<int64_t>::min()) {
    return ctx.reply().Error(kErrDecrementOverflow);
  }
  IncrDecr(ctx, -delta);
}

// The stored value is checked before the increment, as in Redis (both give the same error).
void CmdIncrByFloat(CommandContext& ctx) {
  Entry* entry = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (WrongType(ctx, entry, ValueType::kString)) return;
  long double value = 0;
  long double delta = 0;
  if ((entry != nullptr && !resp::ParseLongDouble(entry->value(), &value)) ||
      !resp::ParseLongDouble(ctx.arg(2), &delta)) {
    return ctx.reply().Error(kErrNotFloat);
  }
  value += delta;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply().Error(kErrNanOrInf);
  std::string text = resp::FormatLongDouble(value);
  StoreKeepingTtl(ctx, entry, text);
  ctx.reply().Bulk(text);
  // Logged as the result, like Redis: float formatting may differ between machines.
  ctx.PropagateAs({"SET", ctx.arg(1), text, "KEEPTTL"});
}

}  // namespace slotcache::server
