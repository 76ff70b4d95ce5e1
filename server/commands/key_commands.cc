// Commands on key names, whatever their type: DEL/UNLINK, EXISTS, TYPE, TOUCH, RENAME(NX),
// RANDOMKEY, KEYS, SCAN.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/glob.h"
#include "server/base/str_util.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// RANDOMKEY on a replica: expired keys are hidden but not deleted, so random picks can keep
// landing on them. After this many, fall back to a linear search (Redis gives up instead and
// may return an expired key).
constexpr int kHiddenExpiredTries = 100;

constexpr size_t kDefaultScanCount = 10;

void RenameGeneric(CommandContext& ctx, bool nx) {
  Database& db = ctx.db();
  std::string_view from = ctx.arg(1);
  std::string_view to = ctx.arg(2);
  Entry* source = db.Find(from, ctx.now_ms());
  if (source == nullptr) return ctx.reply().Error(kErrNoSuchKey);
  if (from == to) {
    // Nothing changes, so nothing is propagated (Redis doesn't count it as a write either).
    return nx ? ctx.reply().Integer(0) : ctx.reply().Ok();
  }
  // Looked up even without NX so that an expired destination is expired (counted) first.
  bool to_exists = db.Find(to, ctx.now_ms()) != nullptr;
  if (nx && to_exists) return ctx.reply().Integer(0);
  // The key is stored inside the entry, so the renamed key is a new entry: same value (a
  // collection moves, not copied), TTL and access time. Any existing destination is replaced.
  Entry* renamed = db.SetFrom(to, source, source->expire_at(), /*take=*/true);
  renamed->set_lru(source->lru());
  db.Erase(from);
  nx ? ctx.reply().Integer(1) : ctx.reply().Ok();
  ctx.Propagate();
}

// Any live key on a replica whose random picks keep hitting hidden expired keys.
const Entry* FirstLiveEntry(const Database& db, int64_t now_ms) {
  const Entry* found = nullptr;
  db.ForEach([&](const Entry& entry) {
    if (found == nullptr && !Database::IsExpired(entry, now_ms)) found = &entry;
  });
  return found;
}

// Redis's parseScanCursorOrReply (strtoul: optional sign, "-1" is 2^64-1, no leading space, no
// trailing bytes, nothing at all is 0). Our cursors are slot numbers (see Database::Scan): every
// cursor past the last slot, as every cursor Redis's table does not have, ends the iteration.
bool ParseScanCursor(std::string_view text, uint32_t* cursor) {
  std::string copy(text);
  if (!copy.empty() && std::isspace(static_cast<unsigned char>(copy[0]))) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(copy.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *cursor = static_cast<uint32_t>(std::min<unsigned long long>(value, Database::kScanCursorEnd));
  return true;
}

struct ScanOptions {
  size_t count = kDefaultScanCount;
  std::string_view pattern;  // empty: no MATCH filter ("*" is dropped, as Redis does)
  bool has_type = false;
  std::string_view type;
};

// SCAN's options, later ones overriding earlier ones. Replies with the error itself.
bool ParseScanOptions(CommandContext& ctx, ScanOptions* options) {
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    std::string_view name = ctx.arg(i);
    if (i + 1 >= ctx.argc()) {
      ctx.reply().Error(kErrSyntax);
      return false;
    }
    std::string_view value = ctx.arg(i + 1);
    if (EqualsIgnoreCase(name, "count")) {
      int64_t count = 0;
      if (!resp::ParseInt64(value, &count)) {
        ctx.reply().Error(kErrNotInteger);
        return false;
      }
      if (count < 1) {
        ctx.reply().Error(kErrSyntax);
        return false;
      }
      options->count = static_cast<size_t>(count);
    } else if (EqualsIgnoreCase(name, "match")) {
      options->pattern = value == "*" ? std::string_view() : value;
    } else if (EqualsIgnoreCase(name, "type")) {
      options->has_type = true;
      options->type = value;
    } else {
      ctx.reply().Error(kErrSyntax);
      return false;
    }
  }
  return true;
}

// DEL frees values at once; UNLINK hands large collections to the lazy-free thread (strings
// and packed collections are one block each: as cheap to free as to hand over).
void DelGeneric(CommandContext& ctx, bool lazy) {
  Database& db = ctx.db();
  int64_t deleted = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    // Lazy expiry first, as Redis: on a primary an expired key goes as expired, not deleted;
    // a replica (which only hides it) does delete it, as the primary's DEL arriving.
    db.Find(ctx.arg(i), ctx.now_ms());
    Entry* entry = db.Release(ctx.arg(i));
    if (entry == nullptr) continue;
    ++deleted;
    lazy ? ctx.server().keyspace().lazy_free().FreeEntry(entry) : Entry::Destroy(entry);
  }
  ctx.reply().Integer(deleted);
  if (deleted > 0) ctx.Propagate();
}

// TYPE's and SCAN TYPE's name of a value type.
std::string_view TypeName(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
    case ValueType::kHash:
      return "hash";
    case ValueType::kList:
      return "list";
    case ValueType::kSet:
      return "set";
    case ValueType::kZSet:
      return "zset";
  }
  return "none";
}

}  // namespace

void CmdDel(CommandContext& ctx) {
  DelGeneric(ctx, false);
}

void CmdUnlink(CommandContext& ctx) {
  DelGeneric(ctx, true);
}

void CmdExists(CommandContext& ctx) {
  int64_t found = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    if (ctx.db().Peek(ctx.arg(i), ctx.now_ms()) != nullptr) ++found;
  }
  ctx.reply().Integer(found);
}

void CmdType(CommandContext& ctx) {
  const Entry* entry = ctx.db().Peek(ctx.arg(1), ctx.now_ms());
  ctx.reply().SimpleString(entry != nullptr ? TypeName(entry->type()) : "none");
}

void CmdTouch(CommandContext& ctx) {
  int64_t found = 0;
  for (size_t i = 1; i < ctx.argc(); ++i) {
    // Find records the access (LRU clock or LFU counter), which is all TOUCH does.
    if (ctx.db().Find(ctx.arg(i), ctx.now_ms()) != nullptr) ++found;
  }
  ctx.reply().Integer(found);
}

void CmdRename(CommandContext& ctx) {
  RenameGeneric(ctx, false);
}

void CmdRenameNx(CommandContext& ctx) {
  RenameGeneric(ctx, true);
}

// Never returns an expired key: on a primary a random expired key is deleted and another one
// drawn (each draw removes one, so this ends), as Redis's dbRandomKey.
void CmdRandomKey(CommandContext& ctx) {
  Database& db = ctx.db();
  int hidden_hits = 0;
  while (true) {
    const Entry* entry = db.RandomEntry(ctx.server().rng());
    if (entry == nullptr) return ctx.reply().NullBulk();
    if (!Database::IsExpired(*entry, ctx.now_ms())) return ctx.reply().Bulk(entry->key());
    if (db.delete_expired()) {
      db.Find(std::string(entry->key()), ctx.now_ms());  // deletes it
    } else if (++hidden_hits >= kHiddenExpiredTries) {
      entry = FirstLiveEntry(db, ctx.now_ms());
      return entry ? ctx.reply().Bulk(entry->key()) : ctx.reply().NullBulk();
    }
  }
}

// Expired keys are skipped but not deleted, as in Redis.
void CmdKeys(CommandContext& ctx) {
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  std::vector<std::string_view> keys;
  ctx.db().ForEach([&](const Entry& entry) {
    if (Database::IsExpired(entry, ctx.now_ms())) return;
    if (all || GlobMatch(pattern, entry.key())) keys.push_back(entry.key());
  });
  ctx.reply().ArrayHeader(keys.size());
  for (std::string_view key : keys) {
    ctx.reply().Bulk(key);
  }
}

void CmdScan(CommandContext& ctx) {
  uint32_t cursor = 0;
  if (!ParseScanCursor(ctx.arg(1), &cursor)) return ctx.reply().Error(kErrInvalidCursor);
  ScanOptions options;
  if (!ParseScanOptions(ctx, &options)) return;
  // Redis compares the TYPE name case-insensitively and an unknown name just matches nothing.
  std::vector<std::string_view> keys;
  std::vector<std::string> expired;
  Database& db = ctx.db();
  uint32_t next = db.Scan(cursor, options.count, [&](const Entry& entry) {
    if (Database::IsExpired(entry, ctx.now_ms())) {
      expired.emplace_back(entry.key());
    } else if ((!options.has_type || EqualsIgnoreCase(options.type, TypeName(entry.type()))) &&
               (options.pattern.empty() || GlobMatch(options.pattern, entry.key()))) {
      keys.push_back(entry.key());
    }
  });
  ctx.reply().ArrayHeader(2);
  ctx.reply().Bulk(std::to_string(next));
  ctx.reply().ArrayHeader(keys.size());
  for (std::string_view key : keys) {
    ctx.reply().Bulk(key);
  }
  // Like Redis, expired keys met on the way are deleted (after the reply: `keys` views entries).
  for (const std::string& key : expired) {
    db.Find(key, ctx.now_ms());
  }
}

}  // namespace slotcache::server
