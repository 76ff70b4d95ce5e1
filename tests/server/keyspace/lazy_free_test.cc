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

// A collection that records which thread destroyed it.
class ProbeCollection : public Collection {
 public:
  ProbeCollection(size_t effort, std::thread::id* freed_on)
      : effort_(effort), freed_on_(freed_on) {}
  ~ProbeCollection() override { *freed_on_ = std::this_thread::get_id(); }
  size_t AllocatedBytes() const override { return sizeof(*this); }
  Collection* Clone() const override { return new ProbeCollection(effort_, freed_on_); }
  size_t FreeEffort() const override { return effort_; }

 private:
  size_t effort_;
  std::thread::id* freed_on_;
};

Entry* EntryOwning(Collection* collection) {
  Entry* entry = Entry::Create("k", sizeof(Collection*), false);
  entry->set_type(ValueType::kHash);
  entry->set_external(collection);
  return entry;
}

TEST(LazyFreeTest, OnlyLargeCollectionsAreFreedOnTheThread) {
  LazyFree lazy;
  std::thread::id small_freed_on;
  std::thread::id large_freed_on;
  lazy.FreeEntry(EntryOwning(new ProbeCollection(LazyFree::kThreshold, &small_freed_on)));
  EXPECT_EQ(small_freed_on, std::this_thread::get_id());  // at the threshold: freed at once
  EXPECT_EQ(lazy.pending(), 0u);
  lazy.FreeEntry(EntryOwning(new ProbeCollection(LazyFree::kThreshold + 1, &large_freed_on)));
  lazy.Drain();
  EXPECT_NE(large_freed_on, std::thread::id());
  EXPECT_NE(large_freed_on, std::this_thread::get_id());
}

TEST(LazyFreeTest, LargeHashesAreFreedCompletely) {
  uint64_t before = CountedBytes();
  {
    LazyFree lazy;
    Database db(0);
    BigHash(db, "big", 10000);
    BigHash(db, "small", 10);  // packed: one block, freed at once
    lazy.FreeEntry(db.Release("small"));
    EXPECT_EQ(lazy.pending(), 0u);
    lazy.FreeEntry(db.Release("big"));
    lazy.Drain();
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
