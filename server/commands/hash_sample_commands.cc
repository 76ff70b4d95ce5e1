// The hash commands that return a part of a hash: HRANDFIELD (a random sample, Redis's four
// cases) and HSCAN (a cursor over the fields).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "resp/numbers.h"
#include "server/base/errors.h"
#include "server/base/glob.h"
#include "server/base/str_util.h"
#include "server/commands/collection_scan.h"
#include "server/commands/hash_lookup.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// One sampled pair: in RESP3 WITHVALUES pairs are two-element arrays, in RESP2 flat.
void ReplyPair(CommandContext& ctx, const Pair& pair, bool with_values) {
  if (with_values && ctx.reply().protocol() >= 3) ctx.reply().ArrayHeader(2);
  ctx.reply().Bulk(pair.first);
  if (with_values) ctx.reply().Bulk(pair.second);
}

void ReplySampleHeader(CommandContext& ctx, size_t pairs, bool with_values) {
  bool flat_pairs = with_values && ctx.reply().protocol() < 3;
  ctx.reply().ArrayHeader(flat_pairs ? pairs * 2 : pairs);
}

std::vector<Pair> AllPairs(const Entry& hash) {
  std::vector<Pair> pairs;
  pairs.reserve(HashLength(hash));
  HashForEach(hash, [&](std::string_view f, std::string_view v) { pairs.emplace_back(f, v); });
  return pairs;
}

// `count` distinct pairs, 0 < count < HashLength(hash). A packed hash (small) and a table whose
// sample is a large part of it are copied and sampled (in hash order, like Redis's listpack
// case); otherwise random pairs are drawn until `count` distinct ones came up.
std::vector<Pair> UniqueSample(const Entry& hash, size_t count, std::mt19937_64& rng) {
  size_t size = HashLength(hash);
  if (!hash.is_external() || count * 3 > size) {
    std::vector<Pair> all = AllPairs(hash);
    std::vector<Pair> picked;
    picked.reserve(count);
    // Selection sampling (Knuth's algorithm S): each pair is kept with probability
    // needed / remaining, which keeps the order.
    for (size_t i = 0; i < all.size() && picked.size() < count; ++i) {
      size_t remaining = all.size() - i;
      if (std::uniform_int_distribution<size_t>(0, remaining - 1)(rng) < count - picked.size()) {
        picked.push_back(all[i]);
      }
    }
    return picked;
  }
  std::vector<Pair> picked;
  absl::flat_hash_set<std::string_view> seen;
  while (picked.size() < count) {
    Pair pair;
    HashRandomPair(hash, rng, &pair.first, &pair.second);
    if (seen.insert(pair.first).second) picked.push_back(pair);
  }
  return picked;
}

// Redis's hrandfieldWithCountCommand: count and option are checked before the key.
void RandomFieldsWithCount(CommandContext& ctx) {
  int64_t count = 0;
  if (!resp::ParseInt64(ctx.arg(2), &count)) return ctx.reply().Error(kErrNotInteger);
  if (count == std::numeric_limits<int64_t>::min()) return ctx.reply().Error(kErrCountOutOfRange);
  bool with_values = ctx.argc() == 4;
  if (ctx.argc() > 4 || (with_values && !EqualsIgnoreCase(ctx.arg(3), "withvalues"))) {
    return ctx.reply().Error(kErrSyntax);
  }
  constexpr int64_t kHalf = std::numeric_limits<int64_t>::max() / 2;
  if (with_values && (count < -kHalf || count > kHalf)) return ctx.reply().Error(kErrOutOfRange);
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  if (hash == nullptr || count == 0) return ctx.reply().ArrayHeader(0);
  std::mt19937_64& rng = ctx.server().rng();
  size_t size = HashLength(*hash);
  if (count < 0 || count == 1) {  // with repetitions: each pick independent
    size_t picks = count < 0 ? static_cast<size_t>(-count) : 1;
    ReplySampleHeader(ctx, picks, with_values);
    Pair pair;
    for (size_t i = 0; i < picks; ++i) {
      HashRandomPair(*hash, rng, &pair.first, &pair.second);
      ReplyPair(ctx, pair, with_values);
    }
    return;
  }
  std::vector<Pair> pairs = static_cast<size_t>(count) >= size
                                ? AllPairs(*hash)
                                : UniqueSample(*hash, static_cast<size_t>(count), rng);
  ReplySampleHeader(ctx, pairs.size(), with_values);
  for (const Pair& pair : pairs)
    ReplyPair(ctx, pair, with_values);
}

}  // namespace

void CmdHRandField(CommandContext& ctx) {
  if (ctx.argc() >= 3) return RandomFieldsWithCount(ctx);
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  if (hash == nullptr) return ctx.reply().NullBulk();
  Pair pair;
  HashRandomPair(*hash, ctx.server().rng(), &pair.first, &pair.second);
  ctx.reply().Bulk(pair.first);
}

// Redis's order: the cursor, then the key (a missing one answers an empty scan whatever the
// options), then the options. MATCH filters on the field; the value goes with it.
void CmdHScan(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseCollectionCursor(ctx, ctx.arg(2), &cursor)) return;
  const Entry* hash = nullptr;
  if (!LookupHashForRead(ctx, &hash)) return;
  if (hash == nullptr) {
    ReplyScanHead(ctx, 0);
    return ctx.reply().ArrayHeader(0);
  }
  CollectionScanOptions options;
  if (!ParseCollectionScanOptions(ctx, 3, &options)) return;
  std::vector<Pair> pairs;
  uint64_t next =
      HashScan(*hash, cursor, options.count, [&](std::string_view f, std::string_view v) {
        if (options.pattern.empty() || GlobMatch(options.pattern, f)) pairs.emplace_back(f, v);
      });
  ReplyScanHead(ctx, next);
  ctx.reply().ArrayHeader(pairs.size() * 2);
  for (const Pair& pair : pairs) {
    ctx.reply().Bulk(pair.first);
    ctx.reply().Bulk(pair.second);
  }
}

}  // namespace slotcache::server
