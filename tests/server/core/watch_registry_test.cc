#include "server/core/watch_registry.h"

#include <gtest/gtest.h>

#include "server/keyspace/entry.h"
#include "server/keyspace/keyspace.h"

namespace slotcache::server {
namespace {

constexpr int64_t kNow = 1000000;

class WatchRegistryTest : public ::testing::Test {
 protected:
  Keyspace keyspace_{4};
  WatchRegistry watches_;
  ClientSession a_;
  ClientSession b_;
};

TEST_F(WatchRegistryTest, KeyModifiedFlagsEveryWatcherOfThatKey) {
  watches_.Watch(a_, 0, "k", false);
  watches_.Watch(b_, 0, "k", false);
  watches_.Watch(b_, 0, "j", false);
  watches_.KeyModified(0, "other", true);
  watches_.KeyModified(1, "k", true);
  EXPECT_FALSE(a_.watch_dirty);
  EXPECT_FALSE(b_.watch_dirty);
  watches_.KeyModified(0, "k", true);
  EXPECT_TRUE(a_.watch_dirty);
  EXPECT_TRUE(b_.watch_dirty);
}

TEST_F(WatchRegistryTest, DeletionCountsAsModification) {
  watches_.Watch(a_, 0, "k", false);
  watches_.KeyModified(0, "k", false);
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, WatchIsIdempotent) {
  watches_.Watch(a_, 0, "k", false);
  watches_.Watch(a_, 0, "k", false);
  watches_.Watch(a_, 1, "k", false);
  EXPECT_EQ(a_.watched.size(), 2u);
  watches_.UnwatchAll(a_);
  EXPECT_TRUE(watches_.empty());
}

TEST_F(WatchRegistryTest, UnwatchAllKeepsOtherClients) {
  watches_.Watch(a_, 0, "k", false);
  watches_.Watch(b_, 0, "k", false);
  a_.watch_dirty = true;
  watches_.UnwatchAll(a_);
  EXPECT_TRUE(a_.watched.empty());
  EXPECT_FALSE(a_.watch_dirty);
  EXPECT_FALSE(watches_.empty());
  watches_.KeyModified(0, "k", true);
  EXPECT_FALSE(a_.watch_dirty);
  EXPECT_TRUE(b_.watch_dirty);
}

TEST_F(WatchRegistryTest, AlreadyExpiredKeyMayBeDeletedOnce) {
  watches_.Watch(a_, 0, "k", true);
  watches_.KeyModified(0, "k", false);  // the stale key was deleted: no logical change
  EXPECT_FALSE(a_.watch_dirty);
  watches_.KeyModified(0, "k", true);  // then created: a change
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, AlreadyExpiredKeyOverwrittenIsAChange) {
  watches_.Watch(a_, 0, "k", true);
  watches_.KeyModified(0, "k", true);
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, IsStoredIgnoresTtlAndNeverDeletes) {
  Database& db = keyspace_.db(0);
  db.Set("live", "v", kNoExpire);
  db.Set("stale", "v", kNow - 1);
  db.Set("later", "v", kNow + 1);
  EXPECT_TRUE(IsStored(db, "live"));
  EXPECT_TRUE(IsStored(db, "stale"));
  EXPECT_FALSE(IsStored(db, "missing"));
  EXPECT_FALSE(IsStoredButExpired(db, "live", kNow));
  EXPECT_TRUE(IsStoredButExpired(db, "stale", kNow));
  EXPECT_FALSE(IsStoredButExpired(db, "later", kNow + 1));  // expired only past the instant,
  EXPECT_TRUE(IsStoredButExpired(db, "later", kNow + 2));   // the same boundary as Find
  EXPECT_FALSE(IsStoredButExpired(db, "missing", kNow));
  EXPECT_EQ(db.size(), 3u);
}

TEST_F(WatchRegistryTest, AnyWatchedKeyExpired) {
  Database& db = keyspace_.db(2);
  db.Set("k", "v", kNow + 10);
  db.Set("stale", "v", kNow - 10);
  watches_.Watch(a_, 2, "k", false);
  watches_.Watch(a_, 2, "stale", true);  // already expired when watched: ignored
  watches_.Watch(b_, 2, "k", false);
  EXPECT_FALSE(watches_.AnyWatchedKeyExpired(a_, keyspace_, kNow + 10));
  EXPECT_TRUE(watches_.AnyWatchedKeyExpired(a_, keyspace_, kNow + 11));
  watches_.UnwatchAll(b_);
  EXPECT_FALSE(watches_.AnyWatchedKeyExpired(b_, keyspace_, kNow + 11));
}

TEST_F(WatchRegistryTest, FlushOnlyAffectsWatchersOfStoredKeys) {
  Database& db = keyspace_.db(0);
  db.Set("k", "v", kNoExpire);
  watches_.Watch(a_, 0, "k", false);
  watches_.Watch(b_, 0, "missing", false);
  watches_.DbReplaced(db, nullptr, kNow);
  EXPECT_TRUE(a_.watch_dirty);
  EXPECT_FALSE(b_.watch_dirty);
}

TEST_F(WatchRegistryTest, FlushOfAnAlreadyExpiredKeyIsNoChange) {
  Database& db = keyspace_.db(0);
  db.Set("k", "v", kNow - 1);
  watches_.Watch(a_, 0, "k", true);
  watches_.DbReplaced(db, nullptr, kNow);
  EXPECT_FALSE(a_.watch_dirty);
  // Now the key is simply missing: creating it is a change.
  watches_.KeyModified(0, "k", true);
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, FlushOfAKeyThatExpiredAfterWatchIsAChange) {
  Database& db = keyspace_.db(0);
  db.Set("k", "v", kNow - 1);
  watches_.Watch(a_, 0, "k", false);
  watches_.DbReplaced(db, nullptr, kNow);
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, SwapBringingInALiveKeyIsAChange) {
  Database& db0 = keyspace_.db(0);
  Database& db1 = keyspace_.db(1);
  db1.Set("k", "v", kNoExpire);
  watches_.Watch(a_, 0, "k", false);  // missing in db 0
  watches_.Watch(b_, 0, "j", false);  // missing in both
  watches_.DbReplaced(db0, &db1, kNow);
  EXPECT_TRUE(a_.watch_dirty);
  EXPECT_FALSE(b_.watch_dirty);
}

TEST_F(WatchRegistryTest, SwapBringingInAnExpiredKeyIsNoChange) {
  Database& db0 = keyspace_.db(0);
  Database& db1 = keyspace_.db(1);
  db1.Set("k", "v", kNow - 1);
  watches_.Watch(a_, 0, "k", false);
  watches_.DbReplaced(db0, &db1, kNow);
  EXPECT_FALSE(a_.watch_dirty);
  watches_.KeyModified(0, "k", false);  // its lazy deletion
  EXPECT_FALSE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, SwapOfExpiredForExpiredIsNoChange) {
  Database& db0 = keyspace_.db(0);
  Database& db1 = keyspace_.db(1);
  db0.Set("k", "v", kNow - 1);
  db1.Set("k", "v", kNow - 2);
  watches_.Watch(a_, 0, "k", true);
  watches_.DbReplaced(db0, &db1, kNow);
  EXPECT_FALSE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, SwapReplacingAnExpiredKeyWithALiveOneIsAChange) {
  Database& db0 = keyspace_.db(0);
  Database& db1 = keyspace_.db(1);
  db0.Set("k", "v", kNow - 1);
  db1.Set("k", "v", kNoExpire);
  watches_.Watch(a_, 0, "k", true);
  watches_.DbReplaced(db0, &db1, kNow);
  EXPECT_TRUE(a_.watch_dirty);
}

TEST_F(WatchRegistryTest, SwapRemovingAnExpiredKeyIsNoChange) {
  Database& db0 = keyspace_.db(0);
  Database& db1 = keyspace_.db(1);
  db0.Set("k", "v", kNow - 1);
  watches_.Watch(a_, 0, "k", true);
  watches_.DbReplaced(db0, &db1, kNow);
  EXPECT_FALSE(a_.watch_dirty);
}

}  // namespace
}  // namespace slotcache::server
