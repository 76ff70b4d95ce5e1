// The lookup read commands use: Redis's lookupKeyRead, which counts keyspace hits and misses
// (INFO stats). Write paths call ctx.db().Find directly and count nothing, as in Redis.
#pragma once

#include <string_view>

#include "server/base/errors.h"
#include "server/core/command_context.h"
#include "server/keyspace/entry.h"

namespace slotcache::server {

// The live entry for `key` (lazy expiry applies), or nullptr; counted as a hit or a miss.
// The pointer is valid until the next mutation of the database.
inline Entry* LookupRead(CommandContext& ctx, std::string_view key) {
  Entry* entry = ctx.db().Find(key, ctx.now_ms());
  ++(entry != nullptr ? ctx.server().stats().keyspace_hits : ctx.server().stats().keyspace_misses);
  return entry;
}

// Redis's checkType: true (after replying WRONGTYPE) when `entry` exists and holds another type
// than `type`.
inline bool WrongType(CommandContext& ctx, const Entry* entry, ValueType type) {
  if (entry == nullptr || entry->type() == type) return false;
  ctx.reply().Error(kErrWrongType);
  return true;
}

}  // namespace slotcache::server
