#include "server/keyspace/lazy_free.h"

#include <gtest/gtest.h>

#include <thread>

#include "server/base/memory_counter.h"
#include "server/keyspace/hash_value.h"
#include "server/keyspace/keyspace.h"

namespace slotcache::server {
namespace {

Entry* BigHash(Database& db, std::string_view key, int fields) {
  Entry* hash = CreateHash(db, key);
  for (int i = 0; i < fields; ++i)
    HashSet(db, &hash, std::to_string(i), "value", HashLimits{});
  return hash;
}

TEST(LazyFreeTest, LargeCollectionsAreFreedOnTheThread) {
  uint64_t before = CountedBytes();
  {
    LazyFree lazy;
    Database db(0);
    BigHash(db, "big", 10000);
    BigHash(db, "small", 10);  // packed: one block, freed at once
    lazy.FreeEntry(db.Release("small"));
    EXPECT_EQ(lazy.pending(), 0u);
    std::thread::id loop = std::this_thread::get_id();
    std::thread::id freer;
    lazy.Submit([&] { freer = std::this_thread::get_id(); });
    lazy.FreeEntry(db.Release("big"));
    lazy.Drain();
    EXPECT_NE(freer, loop);
    EXPECT_EQ(lazy.pending(), 0u);
  }
  EXPECT_EQ(CountedBytes(), before);
}

TEST(LazyFreeTest, AsyncFlushEmptiesAtOnceAndFreesEverything) {
  uint64_t before = CountedBytes();
  {
    Keyspace keyspace(2);
    for (int i = 0; i < 1000; ++i)
      keyspace.db(i % 2).Set("k" + std::to_string(i), "v", kNoExpire);
    BigHash(keyspace.db(0), "big", 5000);
    keyspace.FlushAll(/*async=*/true);
    EXPECT_EQ(keyspace.TotalKeys(), 0u);
    EXPECT_EQ(keyspace.db(0).Find("k0", 0), nullptr);
    keyspace.db(0).Set("k0", "new", kNoExpire);  // usable at once
    keyspace.lazy_free().Drain();
    EXPECT_EQ(keyspace.db(0).CheckInvariants(), "");
  }
  EXPECT_EQ(CountedBytes(), before);
}

}  // namespace
}  // namespace slotcache::server
