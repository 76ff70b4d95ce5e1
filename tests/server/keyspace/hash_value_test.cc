// Hashes in an entry: the packed encoding, its conversion to a table at the limits (once,
// never back), and that the entry's other state (TTL, key) survives every change.
#include "server/keyspace/hash_value.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>

#include "server/base/memory_counter.h"

namespace slotcache::server {
namespace {

constexpr int64_t kNow = 1700000000000;

// How far the memory counter is from `base`, either way (slot tables shrink too).
int64_t Drift(uint64_t base) {
  return std::llabs(static_cast<int64_t>(CountedBytes()) - static_cast<int64_t>(base));
}

std::map<std::string, std::string> Contents(const Entry& hash) {
  std::map<std::string, std::string> out;
  HashForEach(hash, [&](std::string_view f, std::string_view v) { out.emplace(f, v); });
  return out;
}

TEST(HashValueTest, PackedHashKeepsInsertionOrderAndUpdatesInPlace) {
  Database db(0);
  Entry* hash = CreateHash(db, "h");
  HashLimits limits;
  EXPECT_TRUE(HashSet(db, &hash, "a", "1", limits));
  EXPECT_TRUE(HashSet(db, &hash, "b", "22", limits));
  EXPECT_TRUE(HashSet(db, &hash, "c", "", limits));
  EXPECT_FALSE(HashSet(db, &hash, "a", "a longer value", limits));  // grows the middle...
  EXPECT_FALSE(HashSet(db, &hash, "b", "", limits));                // ...and shrinks it
  std::string order;
  HashForEach(*hash, [&](std::string_view f, std::string_view v) {
    order += std::string(f) + "=" + std::string(v) + ";";
  });
  EXPECT_EQ(order, "a=a longer value;b=;c=;");
  EXPECT_EQ(HashEncoding(*hash), "listpack");
  EXPECT_EQ(HashLength(*hash), 3u);
  EXPECT_EQ(db.Find("h", kNow), hash);
  EXPECT_EQ(hash->type(), ValueType::kHash);
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(HashValueTest, ConvertsPastTheEntriesLimitOnceAndNeverBack) {
  Database db(0);
  Entry* hash = CreateHash(db, "h");
  HashLimits limits{4, 64};
  for (int i = 0; i < 4; ++i)
    HashSet(db, &hash, "f" + std::to_string(i), "v", limits);
  EXPECT_EQ(HashEncoding(*hash), "listpack");
  HashSet(db, &hash, "f4", "v", limits);
  EXPECT_EQ(HashEncoding(*hash), "hashtable");
  EXPECT_EQ(HashLength(*hash), 5u);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(HashDelete(db, &hash, "f" + std::to_string(i)));
  EXPECT_EQ(HashEncoding(*hash), "hashtable");
  EXPECT_EQ(Contents(*hash), (std::map<std::string, std::string>{{"f4", "v"}}));
}

TEST(HashValueTest, ConvertsForALongFieldOrValue) {
  Database db(0);
  HashLimits limits{128, 8};
  Entry* hash = CreateHash(db, "h");
  HashSet(db, &hash, "f", std::string(8, 'v'), limits);
  EXPECT_EQ(HashEncoding(*hash), "listpack");  // the limit itself is allowed
  HashSet(db, &hash, "f", std::string(9, 'v'), limits);
  EXPECT_EQ(HashEncoding(*hash), "hashtable");
  Entry* other = CreateHash(db, "o");
  HashSet(db, &other, std::string(9, 'f'), "v", limits);
  EXPECT_EQ(HashEncoding(*other), "hashtable");
  Entry* third = CreateHash(db, "t");
  std::string_view args[] = {"f", "012345678"};
  third = HashConvertForArgs(db, third, args, limits);
  EXPECT_EQ(HashEncoding(*third), "hashtable");
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(HashValueTest, TtlAndKeySurviveGrowthAndConversion) {
  Database db(0);
  Entry* hash = CreateHash(db, "h");
  hash = db.SetExpiry(hash, kNow + 5000);
  HashLimits limits{16, 64};
  for (int i = 0; i < 40; ++i)
    HashSet(db, &hash, "field:" + std::to_string(i), std::string(i * 3, 'x'), limits);
  EXPECT_EQ(HashEncoding(*hash), "hashtable");
  EXPECT_EQ(hash->expire_at(), kNow + 5000);
  EXPECT_EQ(hash->key(), "h");
  EXPECT_EQ(db.Find("h", kNow), hash);
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(HashValueTest, OverwritingWithAStringAndErasingFreeTheTable) {
  uint64_t before = CountedBytes();
  {
    Database db(0);
    db.Set("h", "", kNoExpire);
    db.Set("h2", "", kNoExpire);  // the slot tables and their arrays exist from here on
    uint64_t base = CountedBytes();
    Entry* hash = CreateHash(db, "h");
    for (int i = 0; i < 1000; ++i)
      HashSet(db, &hash, std::to_string(i), "value", HashLimits{});
    EXPECT_GT(hash->total_bytes(), 1000u * 20);
    EXPECT_GT(CountedBytes() - base, 1000u * 20);
    db.Set("h", "now a string", kNoExpire);  // SET replaces any type
    Entry* entry = db.Find("h", kNow);
    EXPECT_EQ(entry->type(), ValueType::kString);
    EXPECT_FALSE(entry->is_external());
    EXPECT_EQ(entry->value(), "now a string");
    EXPECT_LT(Drift(base), 200);  // the table is gone
    Entry* again = CreateHash(db, "h2");
    for (int i = 0; i < 1000; ++i)
      HashSet(db, &again, std::to_string(i), "value", HashLimits{});
    EXPECT_TRUE(db.Erase("h2"));
    EXPECT_LT(Drift(base), 200);
  }
  EXPECT_EQ(CountedBytes(), before);
}

TEST(HashValueTest, SetFromMovesOrCopiesTheCollection) {
  Database db(0);
  Entry* hash = CreateHash(db, "h");
  for (int i = 0; i < 600; ++i)
    HashSet(db, &hash, std::to_string(i), "v", HashLimits{});
  ASSERT_TRUE(hash->is_external());
  Entry* copy = db.SetFrom("copy", hash, kNoExpire, /*take=*/false);
  EXPECT_NE(copy->external(), db.Find("h", kNow)->external());
  hash = db.Find("h", kNow);
  Entry* moved = db.SetFrom("moved", hash, kNoExpire, /*take=*/true);
  EXPECT_FALSE(db.Find("h", kNow)->is_external());
  db.Erase("h");
  EXPECT_EQ(Contents(*moved), Contents(*db.Find("copy", kNow)));
  EXPECT_EQ(HashLength(*moved), 600u);
}

TEST(HashValueTest, RandomAndScanCoverBothEncodings) {
  Database db(0);
  std::mt19937_64 rng(3);
  for (size_t fields : {5u, 2000u}) {
    Entry* hash = CreateHash(db, "h" + std::to_string(fields));
    for (size_t i = 0; i < fields; ++i)
      HashSet(db, &hash, std::to_string(i), "v" + std::to_string(i), HashLimits{});
    std::string_view f, v;
    HashRandomPair(*hash, rng, &f, &v);
    EXPECT_EQ("v" + std::string(f), v);
    std::map<std::string, std::string> seen;
    uint64_t cursor = 0;
    do {
      cursor = HashScan(*hash, cursor, 10,
                        [&](std::string_view f, std::string_view v) { seen.emplace(f, v); });
    } while (cursor != 0);
    EXPECT_EQ(seen, Contents(*hash));
  }
}

}  // namespace
}  // namespace slotcache::server
