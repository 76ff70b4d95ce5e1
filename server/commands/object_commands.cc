// OBJECT and MEMORY: introspection of one key's representation, access history and size. They
// look keys up without recording an access (Redis's LOOKUP_NOTOUCH).
#include <limits>

#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/memory_counter.h"
#include "server/base/str_util.h"
#include "server/commands/help_reply.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/keyspace/hash_value.h"
#include "server/keyspace/lfu.h"
#include "server/stats/memory_doctor.h"
#include "server/stats/memory_stats.h"

namespace slotcache::server {
namespace {

constexpr std::string_view kObjectHelp[] = {
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
};

constexpr std::string_view kMemoryHelp[] = {
    "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DOCTOR",
    "    Return memory problems reports.",
    "MALLOC-STATS",
    "    Return internal statistics report from the memory allocator.",
    "PURGE",
    "    Attempt to purge dirty pages for reclamation by the allocator.",
    "STATS",
    "    Return information about the memory usage of the server.",
    "USAGE <key> [SAMPLES <count>]",
    "    Return memory in bytes used by <key> and its value. Nested values are",
    "    sampled up to <count> times (default: 5, 0 means sample all).",
};

constexpr int64_t kSharedIntegers = 10000;  // Redis's OBJ_SHARED_INTEGERS
constexpr int64_t kSharedRefcount = std::numeric_limits<int32_t>::max();
constexpr size_t kEmbstrLimit = 44;  // Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT

// The key's entry without recording an access; replies null and returns nullptr if missing.
const Entry* LookupOrNull(CommandContext& ctx) {
  const Entry* entry = ctx.db().Peek(ctx.arg(2), ctx.now_ms());
  if (entry == nullptr) ctx.reply().NullBulk();
  return entry;
}

// Redis's tryObjectEncoding: a canonical integer of at most 20 characters is "int".
bool IsIntEncoded(std::string_view value, int64_t* out) {
  return value.size() <= 20 && resp::ParseInt64(value, out);
}

}  // namespace

// Computed from the value the way Redis encodes a value it is given (SET): values Redis
// would keep "raw" after APPEND or SETRANGE are reported by their content here.
void CmdObjectEncoding(CommandContext& ctx) {
  const Entry* entry = LookupOrNull(ctx);
  if (entry == nullptr) return;
  if (entry->type() == ValueType::kHash) return ctx.reply().Bulk(HashEncoding(*entry));
  int64_t n;
  std::string_view value = entry->value();
  if (IsIntEncoded(value, &n)) return ctx.reply().Bulk("int");
  ctx.reply().Bulk(value.size() <= kEmbstrLimit ? "embstr" : "raw");
}

void CmdObjectFreq(CommandContext& ctx) {
  const Entry* entry = LookupOrNull(ctx);
  if (entry == nullptr) return;
  const Config& config = ctx.server().config();
  if (!IsLfuPolicy(config.maxmemory_policy)) return ctx.reply().Error(kErrObjectFreqNotLfu);
  ctx.reply().Integer(
      LfuDecayedCounter(entry->lru(), LfuMinutes(ctx.now_ms()), config.lfu_decay_time));
}

void CmdObjectIdleTime(CommandContext& ctx) {
  const Entry* entry = LookupOrNull(ctx);
  if (entry == nullptr) return;
  if (IsLfuPolicy(ctx.server().config().maxmemory_policy)) {
    return ctx.reply().Error(kErrObjectIdleTimeLfu);
  }
  ctx.reply().Integer(static_cast<int64_t>(LruIdleMs(entry->lru(), LruClock(ctx.now_ms())) / 1000));
}

// Redis shares the integers 0..9999 (refcount INT_MAX) unless maxmemory is set with an LRU or
// LFU policy, which needs a per-key access field.
void CmdObjectRefCount(CommandContext& ctx) {
  const Entry* entry = LookupOrNull(ctx);
  if (entry == nullptr) return;
  const Config& config = ctx.server().config();
  EvictionPolicy p = config.maxmemory_policy;
  bool per_key_lru = p != EvictionPolicy::kNoEviction && p != EvictionPolicy::kVolatileRandom &&
                     p != EvictionPolicy::kAllKeysRandom && p != EvictionPolicy::kVolatileTtl;
  bool sharing = config.maxmemory == 0 || !per_key_lru;
  int64_t n;
  bool shared = sharing && entry->type() == ValueType::kString &&
                IsIntEncoded(entry->value(), &n) && n >= 0 && n < kSharedIntegers;
  ctx.reply().Integer(shared ? kSharedRefcount : 1);
}

void CmdObjectHelp(CommandContext& ctx) {
  ReplyHelp(ctx, kObjectHelp);
}

// The entry's malloc block, the collection it owns if any (every block, counted exactly: no
// sampling, so SAMPLES is checked and ignored) and its slot-table pointer: what deleting the
// key gives back.
void CmdMemoryUsage(CommandContext& ctx) {
  for (size_t i = 3; i < ctx.argc(); i += 2) {
    if (!EqualsIgnoreCase(ctx.arg(i), "samples") || i + 1 >= ctx.argc()) {
      return ctx.reply().Error(kErrSyntax);
    }
    int64_t samples;
    if (!resp::ParseInt64(ctx.arg(i + 1), &samples)) return ctx.reply().Error(kErrNotInteger);
    if (samples < 0) return ctx.reply().Error(kErrSyntax);
  }
  const Entry* entry = ctx.db().Peek(ctx.arg(2), ctx.now_ms());
  if (entry == nullptr) return ctx.reply().NullBulk();
  ctx.reply().Integer(static_cast<int64_t>(entry->total_bytes() + sizeof(Entry*)));
}

// glibc's allocator keeps no dirty-page pool to purge on request; like Redis built without
// jemalloc, this just answers OK.
void CmdMemoryPurge(CommandContext& ctx) {
  ctx.reply().Ok();
}

void CmdMemoryMallocStats(CommandContext& ctx) {
  ctx.reply().Bulk("Stats not supported for the current allocator");
}

namespace {

// One "name" => value pair of MEMORY STATS's map.
void Pair(resp::ReplyWriter& r, std::string_view name, int64_t value) {
  r.Bulk(name);
  r.Integer(value);
}

// Redis's ratios are floats, printed as doubles (RESP2: bulk, RESP3: ',').
void RealPair(resp::ReplyWriter& r, std::string_view name, float value) {
  r.Bulk(name);
  r.Double(value);
}

// The fields after the databases': totals, then the allocator's view.
void ReplyMemoryTotals(resp::ReplyWriter& r, const MemoryOverhead& mh) {
  Pair(r, "overhead.total", mh.overhead_total);
  Pair(r, "keys.count", mh.total_keys);
  Pair(r, "keys.bytes-per-key", mh.bytes_per_key);
  Pair(r, "dataset.bytes", mh.dataset);
  RealPair(r, "dataset.percentage", mh.dataset_perc);
  RealPair(r, "peak.percentage", mh.peak_perc);
  Pair(r, "allocator.allocated", mh.allocator_allocated);
  Pair(r, "allocator.active", mh.allocator_active);
  Pair(r, "allocator.resident", mh.allocator_resident);
  RealPair(r, "allocator-fragmentation.ratio", mh.allocator_frag);
  Pair(r, "allocator-fragmentation.bytes", mh.allocator_frag_bytes);
  RealPair(r, "allocator-rss.ratio", mh.allocator_rss);
  Pair(r, "allocator-rss.bytes", mh.allocator_rss_bytes);
  RealPair(r, "rss-overhead.ratio", mh.rss_extra);
  Pair(r, "rss-overhead.bytes", mh.rss_extra_bytes);
  RealPair(r, "fragmentation", mh.total_frag);
  Pair(r, "fragmentation.bytes", mh.total_frag_bytes);
}

}  // namespace

// Redis 7.0's reply: a map of 27 fields plus one nested map per non-empty database.
void CmdMemoryStats(CommandContext& ctx) {
  MemoryOverhead mh = GetMemoryOverhead(ctx.server(), ReadProcessMemory(), ctx.now_ms());
  resp::ReplyWriter& r = ctx.reply();
  r.MapHeader(27 + mh.dbs.size());
  Pair(r, "peak.allocated", mh.peak_allocated);
  Pair(r, "total.allocated", mh.total_allocated);
  Pair(r, "startup.allocated", mh.startup_allocated);
  Pair(r, "replication.backlog", mh.repl_backlog);
  Pair(r, "clients.slaves", mh.clients_slaves);
  Pair(r, "clients.normal", mh.clients_normal);
  Pair(r, "cluster.links", mh.cluster_links);
  Pair(r, "aof.buffer", mh.aof_buffer);
  Pair(r, "lua.caches", mh.lua_caches);
  Pair(r, "functions.caches", mh.functions_caches);
  for (const DbOverhead& db : mh.dbs) {
    r.Bulk(fmt::format("db.{}", db.id));
    r.MapHeader(3);
    Pair(r, "overhead.hashtable.main", db.hashtable_main);
    Pair(r, "overhead.hashtable.expires", db.hashtable_expires);
    Pair(r, "overhead.hashtable.slot-to-keys", db.hashtable_slot_to_keys);
  }
  ReplyMemoryTotals(r, mh);
}

void CmdMemoryDoctor(CommandContext& ctx) {
  MemoryOverhead mh = GetMemoryOverhead(ctx.server(), ReadProcessMemory(), ctx.now_ms());
  ctx.reply().Verbatim(MemoryDoctorReport(mh));
}

void CmdMemoryHelp(CommandContext& ctx) {
  ReplyHelp(ctx, kMemoryHelp);
}

}  // namespace slotcache::server
