// Commands that work on a part of a string value: APPEND, STRLEN, GETRANGE (and SUBSTR),
// SETRANGE. Values grow in place through Database::ResizeValue, which keeps the TTL.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/commands/read_lookup.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// Redis's checkStringLength: a value may not grow past proto-max-bulk-len.
bool ExceedsMaxLen(CommandContext& ctx, uint64_t size) {
  return size > static_cast<uint64_t>(ctx.server().config().proto_max_bulk_len);
}

struct Range {
  size_t from = 0;
  size_t count = 0;
};

// Redis's getrangeCommand index rules: negative indexes count from the end, both ends are
// clamped into the string, and an empty range (including start < end < 0 reversed) is empty.
Range ClampRange(int64_t start, int64_t end, size_t len) {
  const int64_t size = static_cast<int64_t>(len);
  if (start < 0 && end < 0 && start > end) return {};
  if (start < 0) start += size;
  if (end < 0) end += size;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= size) end = size - 1;
  if (start > end || len == 0) return {};
  return {static_cast<size_t>(start), static_cast<size_t>(end - start + 1)};
}

// Writes `patch` at `offset` of the key's value (a missing key starts empty), filling any gap
// with zero bytes like Redis's sdsgrowzero and keeping the TTL. Returns the new value length.
size_t WriteAt(CommandContext& ctx, Entry* entry, size_t offset, std::string_view patch) {
  size_t end = offset + patch.size();
  if (entry != nullptr && end <= entry->value_len()) {
    if (!patch.empty()) std::memcpy(entry->mutable_value() + offset, patch.data(), patch.size());
    return entry->value_len();
  }
  // Growing goes through Database::Set, which finds the key before it reallocates the entry.
  // Database::ResizeValue would save this copy, but when the block moves it looks the key up
  // through the already freed entry.
  std::string value(entry != nullptr ? entry->value() : std::string_view());
  value.resize(end, '\0');
  value.replace(offset, patch.size(), patch);
  int64_t expire_at = entry != nullptr ? entry->expire_at() : kNoExpire;
  return ctx.db().Set(ctx.arg(1), value, expire_at)->value_len();
}

}  // namespace

void CmdAppend(CommandContext& ctx) {
  std::string_view tail = ctx.arg(2);
  Entry* entry = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (WrongType(ctx, entry, ValueType::kString)) return;
  size_t old_len = entry != nullptr ? entry->value_len() : 0;
  // Only an existing value is checked: a new one is the argument, already within the limit.
  if (entry != nullptr && ExceedsMaxLen(ctx, old_len + tail.size())) {
    return ctx.reply().Error(kErrTooBig);
  }
  size_t total = WriteAt(ctx, entry, old_len, tail);
  ctx.reply().Integer(static_cast<int64_t>(total));
  ctx.Propagate();  // Redis counts even an empty append as a write
}

void CmdStrlen(CommandContext& ctx) {
  const Entry* entry = LookupRead(ctx, ctx.arg(1));
  if (WrongType(ctx, entry, ValueType::kString)) return;
  ctx.reply().Integer(entry == nullptr ? 0 : static_cast<int64_t>(entry->value_len()));
}

void CmdGetRange(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!resp::ParseInt64(ctx.arg(2), &start) || !resp::ParseInt64(ctx.arg(3), &end)) {
    return ctx.reply().Error(kErrNotInteger);
  }
  const Entry* entry = LookupRead(ctx, ctx.arg(1));
  if (WrongType(ctx, entry, ValueType::kString)) return;
  if (entry == nullptr) return ctx.reply().Bulk("");
  std::string_view value = entry->value();
  Range range = ClampRange(start, end, value.size());
  ctx.reply().Bulk(value.substr(range.from, range.count));
}

void CmdSetRange(CommandContext& ctx) {
  int64_t offset = 0;
  if (!resp::ParseInt64(ctx.arg(2), &offset)) return ctx.reply().Error(kErrNotInteger);
  if (offset < 0) return ctx.reply().Error(kErrOffsetOutOfRange);
  std::string_view patch = ctx.arg(3);
  Entry* entry = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (WrongType(ctx, entry, ValueType::kString)) return;
  // Writing nothing changes nothing, and is not checked against the size limit either.
  if (patch.empty()) {
    return ctx.reply().Integer(entry == nullptr ? 0 : static_cast<int64_t>(entry->value_len()));
  }
  // offset <= INT64_MAX and a patch is far below 2^63 bytes, so the sum cannot wrap.
  if (ExceedsMaxLen(ctx, static_cast<uint64_t>(offset) + patch.size())) {
    return ctx.reply().Error(kErrTooBig);
  }
  size_t len = WriteAt(ctx, entry, static_cast<size_t>(offset), patch);
  ctx.reply().Integer(static_cast<int64_t>(len));
  ctx.Propagate();
}

}  // namespace slotcache::server
