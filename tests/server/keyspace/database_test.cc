#include "server/keyspace/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cluster/key_slot.h"

namespace slotcache::server {
namespace {

constexpr int64_t kNow = 1000000;

struct RecordingListener : ExpiryListener {
  void KeyExpired(int db_index, std::string_view key) override {
    expired.emplace_back(db_index, std::string(key));
  }
  std::vector<std::pair<int, std::string>> expired;
};

std::string Key(int i) {
  return "key:" + std::to_string(i);
}

TEST(DatabaseTest, SetFindOverwriteErase) {
  Database db(0);
  EXPECT_EQ(db.Find("a", kNow), nullptr);
  db.Set("a", "1", kNoExpire);
  db.Set("b", "2", kNoExpire);
  ASSERT_NE(db.Find("a", kNow), nullptr);
  EXPECT_EQ(db.Find("a", kNow)->value(), "1");
  db.Set("a", "longer value", kNoExpire);
  EXPECT_EQ(db.Find("a", kNow)->value(), "longer value");
  EXPECT_EQ(db.size(), 2u);
  EXPECT_TRUE(db.Erase("a"));
  EXPECT_FALSE(db.Erase("a"));
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, ExpiredKeyIsInvisibleAndDeletedLazily) {
  RecordingListener listener;
  Database db(3);
  db.set_expiry_listener(&listener);
  db.Set("k", "v", kNow + 10);
  EXPECT_NE(db.Find("k", kNow + 10), nullptr);  // expires once the clock is past the time
  EXPECT_TRUE(db.Contains("k"));
  EXPECT_EQ(db.Find("k", kNow + 11), nullptr);
  EXPECT_FALSE(db.Contains("k"));
  EXPECT_EQ(db.size(), 0u);
  EXPECT_EQ(db.volatile_size(), 0u);
  ASSERT_EQ(listener.expired.size(), 1u);
  EXPECT_EQ(listener.expired[0], std::make_pair(3, std::string("k")));
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, ReplicaHidesExpiredKeysWithoutDeleting) {
  RecordingListener listener;
  std::mt19937_64 rng(1);
  Database db(0);
  db.set_expiry_listener(&listener);
  db.set_delete_expired(false);
  db.Set("k", "v", kNow);
  EXPECT_EQ(db.Find("k", kNow + 1), nullptr);
  EXPECT_TRUE(db.Contains("k"));
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(db.ExpireSample(kNow + 1, 20, rng), 0u);
  EXPECT_EQ(db.size(), 1u);
  EXPECT_TRUE(listener.expired.empty());
  EXPECT_TRUE(db.Erase("k"));  // the primary's DEL
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, SetExpiryAddsChangesAndRemovesTtl) {
  Database db(0);
  Entry* e = db.Set("k", "value", kNoExpire);
  e = db.SetExpiry(e, kNow + 5);
  EXPECT_EQ(e->expire_at(), kNow + 5);
  EXPECT_EQ(db.volatile_size(), 1u);
  e = db.SetExpiry(e, kNow + 50);
  EXPECT_EQ(db.Find("k", kNow)->expire_at(), kNow + 50);
  EXPECT_EQ(db.volatile_size(), 1u);
  e = db.SetExpiry(e, kNoExpire);
  EXPECT_FALSE(e->has_expiry());
  EXPECT_EQ(db.volatile_size(), 0u);
  EXPECT_EQ(db.Find("k", kNow)->value(), "value");
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, SetWithoutTtlClearsTheOldOne) {
  Database db(0);
  db.Set("k", "v", kNow + 5);
  db.Set("k", "w", kNoExpire);
  EXPECT_FALSE(db.Find("k", kNow + 100)->has_expiry());
  EXPECT_EQ(db.volatile_size(), 0u);
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, ResizeKeepsTheVolatileListPointingAtTheEntry) {
  Database db(0);
  for (int i = 0; i < 10; ++i)
    db.Set(Key(i), "v", kNow + i);
  Entry* e = db.Find(Key(3), kNow);
  e = db.ResizeValue(e, 100000);  // surely a new block
  EXPECT_EQ(db.Find(Key(3), kNow), e);
  EXPECT_EQ(e->value().substr(0, 1), "v");
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, ReleaseAndAdoptMoveAnEntryWithItsTtl) {
  Database a(0), b(1);
  a.Set("x", "1", kNoExpire);
  a.Set("k", "v", kNow + 5);
  b.Set("y", "2", kNow + 9);
  Entry* e = a.Release("k");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(a.Release("k"), nullptr);
  b.Adopt(e);
  EXPECT_EQ(a.size(), 1u);
  EXPECT_EQ(a.volatile_size(), 0u);
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(b.volatile_size(), 2u);
  EXPECT_EQ(b.Find("k", kNow)->expire_at(), kNow + 5);
  EXPECT_EQ(a.CheckInvariants(), "");
  EXPECT_EQ(b.CheckInvariants(), "");
}

TEST(DatabaseTest, SwapExchangesContentsButNotIndexes) {
  Database a(0), b(1);
  a.Set("a", "1", kNow + 1);
  b.Set("b", "2", kNoExpire);
  b.Set("c", "3", kNow + 3);
  a.Swap(b);
  EXPECT_EQ(a.index(), 0);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_NE(a.Find("c", kNow), nullptr);
  EXPECT_NE(b.Find("a", kNow), nullptr);
  EXPECT_EQ(a.CheckInvariants(), "");
  EXPECT_EQ(b.CheckInvariants(), "");
  a.Clear();
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.volatile_size(), 0u);
  EXPECT_EQ(a.Find("c", kNow), nullptr);
  EXPECT_EQ(a.CheckInvariants(), "");
}

// Random operations against a std::map model; the invariants must hold after every step.
TEST(DatabaseTest, RandomOperationsKeepInvariants) {
  std::mt19937_64 rng(42);
  Database db(0), other(1);
  std::map<std::string, int64_t> model;  // key → expire_at (kNoExpire for none), of `db`
  for (int step = 0; step < 3000; ++step) {
    std::string key = Key(static_cast<int>(rng() % 300));
    Entry* e = db.Find(key, 0);
    switch (rng() % 8) {
      case 0:
      case 1: {
        int64_t at = rng() % 2 ? kNoExpire : int64_t(1000 + rng() % 1000);
        db.Set(key, std::string(rng() % 300, 'v'), at);
        model[key] = at;
        break;
      }
      case 2:
        if (e != nullptr) db.ResizeValue(e, rng() % 70000);
        break;
      case 3:
        if (e != nullptr) {
          int64_t at = rng() % 2 ? kNoExpire : int64_t(1000 + rng() % 1000);
          db.SetExpiry(e, at);
          model[key] = at;
        }
        break;
      case 4:
        EXPECT_EQ(db.Erase(key), model.erase(key) == 1);
        break;
      case 5:
        if (e != nullptr && !other.Contains(key)) {
          other.Adopt(db.Release(key));
          model.erase(key);
        }
        break;
      case 6:
        if (rng() % 50 == 0) {
          db.Swap(other);
          db.Swap(other);  // twice: the model stays valid, the tables moved around
        }
        break;
      case 7:
        if (rng() % 500 == 0) {
          db.Clear();
          model.clear();
        }
        break;
    }
    ASSERT_EQ(db.CheckInvariants(), "") << "step " << step;
    ASSERT_EQ(other.CheckInvariants(), "") << "step " << step;
    ASSERT_EQ(db.size(), model.size());
  }
  for (const auto& [key, at] : model) {
    Entry* e = db.Find(key, 0);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->expire_at(), at);
  }
}

TEST(DatabaseTest, ExpireSampleDeletesOnlyExpiredKeys) {
  RecordingListener listener;
  std::mt19937_64 rng(7);
  Database db(0);
  db.set_expiry_listener(&listener);
  for (int i = 0; i < 100; ++i)
    db.Set(Key(i), "v", i < 50 ? kNow - 1 : kNow + 1000);
  for (int i = 100; i < 150; ++i)
    db.Set(Key(i), "v", kNoExpire);
  size_t deleted = 0;
  for (int round = 0; round < 200; ++round)
    deleted += db.ExpireSample(kNow, 20, rng);
  EXPECT_EQ(deleted, 50u);
  EXPECT_EQ(listener.expired.size(), 50u);
  EXPECT_EQ(db.size(), 100u);
  EXPECT_EQ(db.volatile_size(), 50u);
  for (int i = 50; i < 150; ++i)
    EXPECT_NE(db.Find(Key(i), kNow), nullptr);
  EXPECT_EQ(db.CheckInvariants(), "");
}

TEST(DatabaseTest, RandomEntryReachesEveryKey) {
  std::mt19937_64 rng(3);
  Database db(0);
  EXPECT_EQ(db.RandomEntry(rng), nullptr);
  for (int i = 0; i < 20; ++i)
    db.Set(Key(i), "v", kNoExpire);
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i)
    seen.insert(std::string(db.RandomEntry(rng)->key()));
  EXPECT_EQ(seen.size(), 20u);
}

std::vector<std::string> SampleKeys(const Database& db, bool volatile_only, size_t count,
                                    std::mt19937_64& rng) {
  std::vector<std::string> keys;
  db.Sample(volatile_only, count, rng, [&](const Entry& e) { keys.emplace_back(e.key()); });
  return keys;
}

TEST(DatabaseTest, SampleGivesDistinctKeysAndReachesEveryKey) {
  std::mt19937_64 rng(5);
  Database db(0);
  EXPECT_TRUE(SampleKeys(db, false, 5, rng).empty());
  for (int i = 0; i < 300; ++i)
    db.Set(Key(i), "v", kNoExpire);
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::string> keys = SampleKeys(db, false, 5, rng);
    ASSERT_EQ(keys.size(), 5u);
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 5u);
    seen.insert(keys.begin(), keys.end());
  }
  EXPECT_EQ(seen.size(), 300u);
}

TEST(DatabaseTest, SampleOfMoreKeysThanStoredVisitsEachOnce) {
  std::mt19937_64 rng(6);
  Database db(0);
  db.Set("{a}1", "v", kNoExpire);  // two keys in one slot, one far away
  db.Set("{a}2", "v", kNoExpire);
  db.Set("zz", "v", kNoExpire);
  for (int i = 0; i < 50; ++i) {
    std::vector<std::string> keys = SampleKeys(db, false, 5, rng);
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"zz", "{a}1", "{a}2"}));
  }
}

TEST(DatabaseTest, VolatileSampleSeesOnlyKeysWithATtl) {
  std::mt19937_64 rng(7);
  Database db(0);
  EXPECT_TRUE(SampleKeys(db, true, 5, rng).empty());
  for (int i = 0; i < 100; ++i)
    db.Set(Key(i), "v", i % 10 == 0 ? kNow + 1000 : kNoExpire);
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    for (const std::string& key : SampleKeys(db, true, 5, rng))
      seen.insert(key);
  }
  std::set<std::string> with_ttl;
  for (int i = 0; i < 100; i += 10)
    with_ttl.insert(Key(i));
  EXPECT_EQ(seen, with_ttl);
}

TEST(DatabaseTest, SlotsHoldTheirKeys) {
  Database db(0);
  db.Set("{user1}:a", "1", kNoExpire);
  db.Set("{user1}:b", "2", kNoExpire);
  db.Set("other", "3", kNoExpire);
  int slot = cluster::KeySlot("user1");
  EXPECT_EQ(db.SlotSize(slot), 2u);
  std::set<std::string> keys;
  db.ForEachInSlot(slot, [&](const Entry& e) { keys.insert(std::string(e.key())); });
  EXPECT_EQ(keys, (std::set<std::string>{"{user1}:a", "{user1}:b"}));
  size_t all = 0;
  db.ForEach([&](const Entry&) { ++all; });
  EXPECT_EQ(all, 3u);
}

std::vector<std::string> ScanOnce(const Database& db, uint32_t* cursor, size_t count) {
  std::vector<std::string> keys;
  *cursor = db.Scan(*cursor, count, [&](const Entry& e) { keys.emplace_back(e.key()); });
  return keys;
}

TEST(DatabaseTest, ScanOfEmptyDatabaseEndsAtOnce) {
  Database db(0);
  uint32_t cursor = 0;
  EXPECT_TRUE(ScanOnce(db, &cursor, 10).empty());
  EXPECT_EQ(cursor, 0u);
  db.Set("k", "v", kNoExpire);
  db.Erase("k");
  EXPECT_TRUE(ScanOnce(db, &cursor, 10).empty());
  EXPECT_EQ(cursor, 0u);
}

TEST(DatabaseTest, ScanVisitsWholeSlotsWithBoundedWork) {
  Database db(0);
  for (int i = 0; i < 5; ++i)
    db.Set("{tag}" + Key(i), "v", kNoExpire);  // one slot
  db.Set("x", "v", kNoExpire);
  uint32_t cursor = 0;
  size_t calls = 0;
  std::set<std::string> seen;
  do {
    std::vector<std::string> keys = ScanOnce(db, &cursor, 1);
    // COUNT 1 still returns the whole 5-key slot, and at most 10 empty slots pass per call.
    EXPECT_TRUE(keys.empty() || keys.size() == 1 || keys.size() == 5);
    seen.insert(keys.begin(), keys.end());
    ++calls;
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_GE(calls, 16384u / 10);
}

TEST(DatabaseTest, FullScanReturnsEveryKeyPresentThroughout) {
  std::mt19937_64 rng(11);
  Database db(0);
  for (int i = 0; i < 3000; ++i)
    db.Set(Key(i), "v", kNoExpire);  // keys 0..999 stay
  std::multiset<std::string> returned;
  uint32_t cursor = 0;
  int next_new = 100000;
  do {
    for (std::string& key : ScanOnce(db, &cursor, 50))
      returned.insert(std::move(key));
    // Churn between calls: deletes and inserts grow and shrink (rehash) the slot tables.
    for (int j = 0; j < 40; ++j)
      db.Set(Key(next_new++), "new", kNoExpire);
    for (int j = 0; j < 30; ++j)
      db.Erase(Key(1000 + static_cast<int>(rng() % 2000)));
    if (rng() % 10 == 0) db.ResizeValue(db.Find(Key(static_cast<int>(rng() % 1000)), 0), 5000);
  } while (cursor != 0);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(returned.count(Key(i)), 1u) << Key(i);  // once: slots are never revisited
  }
  for (const std::string& key : returned)
    EXPECT_EQ(returned.count(key), 1u) << key;
}

}  // namespace
}  // namespace slotcache::server
