#include "server/keyspace/hash_table.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "server/base/memory_counter.h"

namespace slotcache::server {
namespace {

std::map<std::string, std::string> Contents(const HashTable& table) {
  std::map<std::string, std::string> out;
  table.ForEach([&](std::string_view f, std::string_view v) {
    EXPECT_TRUE(out.emplace(f, v).second) << "field visited twice: " << f;
  });
  return out;
}

TEST(HashTableTest, SetGetEraseAgainstAMap) {
  HashTable table;
  std::map<std::string, std::string> model;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string field = "f" + std::to_string(rng() % 3000);
    if (rng() % 3 == 0) {
      EXPECT_EQ(table.Erase(field), model.erase(field) == 1);
    } else {
      std::string value(rng() % 200, static_cast<char>('a' + i % 26));
      EXPECT_EQ(table.Set(field, value), !model.count(field));
      model[field] = value;
    }
  }
  EXPECT_EQ(table.size(), model.size());
  EXPECT_EQ(Contents(table), model);
  std::string_view value;
  EXPECT_FALSE(table.Get("absent", &value));
  for (const auto& [f, v] : model) {
    ASSERT_TRUE(table.Get(f, &value));
    EXPECT_EQ(value, v);
  }
}

TEST(HashTableTest, MemoryIsCountedAndReturned) {
  uint64_t before = CountedBytes();
  auto table = std::make_unique<HashTable>();
  for (int i = 0; i < 1000; ++i)
    table->Set("field:" + std::to_string(i), std::string(40, 'v'));
  uint64_t grown = CountedBytes() - before;
  // AllocatedBytes is what the counter saw: every node, the buckets and the object.
  EXPECT_NEAR(static_cast<double>(table->AllocatedBytes()), static_cast<double>(grown), 64);
  // A 10-byte field and a 40-byte value: one ~64-byte node + ~8-16 bytes of bucket, not more.
  EXPECT_LT(table->AllocatedBytes() / 1000, 90u);
  table.reset();
  EXPECT_EQ(CountedBytes(), before);
}

TEST(HashTableTest, ShrinksWhenMostlyEmpty) {
  HashTable table;
  for (int i = 0; i < 4096; ++i)
    table.Set(std::to_string(i), "v");
  size_t full = table.AllocatedBytes();
  for (int i = 0; i < 4090; ++i)
    table.Erase(std::to_string(i));
  EXPECT_LT(table.AllocatedBytes(), full / 50);
  EXPECT_EQ(table.size(), 6u);
}

// A pair present for the whole iteration is returned at least once, even when the table grows
// or shrinks between calls (the reverse-binary cursor).
TEST(HashTableTest, ScanReturnsEveryStablePairAcrossResizes) {
  for (bool grow : {true, false}) {
    HashTable table;
    for (int i = 0; i < 500; ++i)
      table.Set("stable:" + std::to_string(i), "v");
    if (!grow) {
      for (int i = 0; i < 5000; ++i)
        table.Set("temp:" + std::to_string(i), "v");
    }
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int calls = 0;
    do {
      cursor = table.Scan(cursor, [&](std::string_view f, std::string_view) { seen.emplace(f); });
      ++calls;
      if (calls == 3) {
        for (int i = 0; i < 5000; ++i) {
          if (grow) {
            table.Set("temp:" + std::to_string(i), "v");
          } else {
            table.Erase("temp:" + std::to_string(i));
          }
        }
      }
    } while (cursor != 0);
    for (int i = 0; i < 500; ++i)
      EXPECT_TRUE(seen.count("stable:" + std::to_string(i))) << i << " grow=" << grow;
  }
}

TEST(HashTableTest, RandomPicksEveryPairAndCloneIsDeep) {
  HashTable table;
  for (int i = 0; i < 50; ++i)
    table.Set("f" + std::to_string(i), "v" + std::to_string(i));
  std::mt19937_64 rng(1);
  std::set<std::string> picked;
  for (int i = 0; i < 5000; ++i) {
    std::string_view f, v;
    table.Random(rng, &f, &v);
    EXPECT_EQ("v" + std::string(f.substr(1)), v);
    picked.emplace(f);
  }
  EXPECT_EQ(picked.size(), 50u);
  std::unique_ptr<Collection> copy(table.Clone());
  table.Set("f0", "changed");
  auto* copied = static_cast<HashTable*>(copy.get());
  std::string_view value;
  ASSERT_TRUE(copied->Get("f0", &value));
  EXPECT_EQ(value, "v0");
  EXPECT_EQ(copied->size(), 50u);
}

}  // namespace
}  // namespace slotcache::server
