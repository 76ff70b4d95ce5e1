// How hash commands find their hash: for reading (hits and misses counted, WRONGTYPE for
// another type) or for writing (created when missing), and the conversion limits of the config.
#pragma once

#include <string_view>

#include "server/commands/read_lookup.h"
#include "server/core/command_context.h"
#include "server/keyspace/hash_value.h"

namespace slotcache::server {

inline HashLimits HashLimitsOf(CommandContext& ctx) {
  const Config& config = ctx.server().config();
  return {static_cast<size_t>(config.hash_max_listpack_entries),
          static_cast<size_t>(config.hash_max_listpack_value)};
}

// The hash at argument 1 (nullptr when missing); false after replying WRONGTYPE.
inline bool LookupHashForRead(CommandContext& ctx, const Entry** hash) {
  *hash = LookupRead(ctx, ctx.arg(1));
  return !WrongType(ctx, *hash, ValueType::kHash);
}

// Redis's hashTypeLookupWriteOrCreate: the hash at argument 1, a new empty one when missing;
// false after replying WRONGTYPE. A command must not leave the new hash empty.
inline bool FindHashForWrite(CommandContext& ctx, Entry** hash) {
  *hash = ctx.db().Find(ctx.arg(1), ctx.now_ms());
  if (WrongType(ctx, *hash, ValueType::kHash)) return false;
  if (*hash == nullptr) *hash = CreateHash(ctx.db(), ctx.arg(1));
  return true;
}

}  // namespace slotcache::server
