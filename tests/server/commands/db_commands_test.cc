// SELECT, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, MOVE, COPY, and their effect on WATCH. Expected
// bytes are what redis-server 7.0.15 replied to the same commands.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

void Put(CommandHarness& h, std::string_view key, std::string_view value, int db = 0,
         int64_t expire_at = kNoExpire) {
  h.state().keyspace().db(db).Set(key, value, expire_at);
}

std::string Value(CommandHarness& h, std::string_view key, int db) {
  Entry* e = h.state().keyspace().db(db).Find(key, h.now_ms());
  return e ? std::string(e->value()) : "(nil)";
}

const std::string kIntRange =
    "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";

TEST(DbCommandsTest, Select) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"select", "1"}), "+OK\r\n");
  EXPECT_EQ(h.client().db, 1);
  EXPECT_EQ(h.Run({"select", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"select", "-1"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"select", "abc"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"select", "01"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"select", "+1"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"select", "3.0"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"select", "99999999999999999999"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"select", "2147483648"}), kIntRange);
  EXPECT_EQ(h.Run({"select", "-2147483649"}), kIntRange);
  EXPECT_EQ(h.client().db, 1);
  EXPECT_EQ(h.Run({"select"}), "-ERR wrong number of arguments for 'select' command\r\n");
  EXPECT_EQ(h.Run({"select", "15"}), "+OK\r\n");
  Put(h, "k", "v", 15);
  EXPECT_EQ(h.Run({"dbsize"}), ":1\r\n");
}

TEST(DbCommandsTest, DbSizeCountsNotYetDeletedExpiredKeys) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"dbsize"}), ":0\r\n");
  Put(h, "a", "1");
  Put(h, "b", "2", 0, h.now_ms() - 1);
  Put(h, "c", "3", 1);
  EXPECT_EQ(h.Run({"dbsize"}), ":2\r\n");
  EXPECT_EQ(h.Run({"dbsize", "x"}), "-ERR wrong number of arguments for 'dbsize' command\r\n");
}

TEST(DbCommandsTest, FlushDbAndFlushAll) {
  CommandHarness h;
  Put(h, "a", "1");
  Put(h, "b", "2", 0, h.now_ms() + 100);
  Put(h, "c", "3", 1);
  EXPECT_EQ(h.Run({"flushdb", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"flushdb", "sync", "async"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.state().stats().dirty, 0u);
  EXPECT_EQ(h.Run({"flushdb"}), "+OK\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
  EXPECT_EQ(h.state().keyspace().db(0).volatile_size(), 0u);
  EXPECT_EQ(h.state().keyspace().db(1).size(), 1u);
  EXPECT_EQ(h.Run({"flushdb", "ASYNC"}), "+OK\r\n");  // empty: still propagated
  EXPECT_EQ(h.state().stats().dirty, 2u);
  EXPECT_EQ(h.Run({"flushdb", "SYNC"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"flushall", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"flushall", "sync", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"flushall", "async"}), "+OK\r\n");
  EXPECT_EQ(h.state().keyspace().TotalKeys(), 0u);
  Put(h, "c", "3", 1);
  EXPECT_EQ(h.Run({"flushall"}), "+OK\r\n");
  EXPECT_EQ(h.state().keyspace().TotalKeys(), 0u);
  Put(h, "a", "1");  // the database works after a flush
  EXPECT_EQ(Value(h, "a", 0), "1");
}

TEST(DbCommandsTest, SwapDb) {
  CommandHarness h;
  Put(h, "a", "in0");
  Put(h, "b", "in1", 1, h.now_ms() + 100);
  EXPECT_EQ(h.Run({"swapdb", "0", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"swapdb", "-1", "0"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"swapdb", "a", "0"}), "-ERR invalid first DB index\r\n");
  EXPECT_EQ(h.Run({"swapdb", "0", "a"}), "-ERR invalid second DB index\r\n");
  EXPECT_EQ(h.Run({"swapdb", "16", "a"}), "-ERR invalid second DB index\r\n");
  EXPECT_EQ(h.Run({"swapdb", "2147483648", "0"}), "-ERR invalid first DB index\r\n");
  EXPECT_EQ(h.Run({"swapdb", "0", "-2147483649"}), "-ERR invalid second DB index\r\n");
  EXPECT_EQ(h.Run({"swapdb", "0"}), "-ERR wrong number of arguments for 'swapdb' command\r\n");
  EXPECT_EQ(h.Run({"swapdb", "0", "0"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"swapdb", "0", "1"}), "+OK\r\n");
  EXPECT_EQ(Value(h, "b", 0), "in1");
  EXPECT_EQ(Value(h, "a", 1), "in0");
  EXPECT_EQ(h.Run({"pttl", "b"}), ":100\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).index(), 0);
  EXPECT_EQ(h.state().stats().dirty, 2u);
}

TEST(DbCommandsTest, Move) {
  CommandHarness h;
  Put(h, "c", "v", 0, h.now_ms() + 500);
  Put(h, "d", "v");
  Put(h, "d", "other", 1);
  EXPECT_EQ(h.Run({"move", "c", "0"}), "-ERR source and destination objects are the same\r\n");
  EXPECT_EQ(h.Run({"move", "missing", "0"}),
            "-ERR source and destination objects are the same\r\n");
  EXPECT_EQ(h.Run({"move", "c", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"move", "c", "abc"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"move", "c", "2147483648"}), kIntRange);
  EXPECT_EQ(h.Run({"move", "missing", "1"}), ":0\r\n");
  EXPECT_EQ(h.Run({"move", "d", "1"}), ":0\r\n");  // exists in the destination
  EXPECT_EQ(h.state().stats().dirty, 0u);
  EXPECT_EQ(h.Run({"move", "c", "1"}), ":1\r\n");
  EXPECT_EQ(h.state().stats().dirty, 1u);
  EXPECT_EQ(h.Run({"exists", "c"}), ":0\r\n");
  h.Run({"select", "1"});
  EXPECT_EQ(h.Run({"pttl", "c"}), ":500\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).CheckInvariants(), "");
  EXPECT_EQ(h.state().keyspace().db(1).CheckInvariants(), "");
}

TEST(DbCommandsTest, MoveOverAnExpiredKey) {
  CommandHarness h;
  Put(h, "k", "new");
  Put(h, "k", "old", 1, h.now_ms() - 1);
  EXPECT_EQ(h.Run({"move", "k", "1"}), ":1\r\n");
  EXPECT_EQ(Value(h, "k", 1), "new");
  EXPECT_EQ(h.state().keyspace().db(1).size(), 1u);
}

TEST(DbCommandsTest, CopyErrors) {
  CommandHarness h;
  Put(h, "c", "v");
  const std::string same = "-ERR source and destination objects are the same\r\n";
  EXPECT_EQ(h.Run({"copy", "c", "c"}), same);
  EXPECT_EQ(h.Run({"copy", "missing", "missing"}), same);
  EXPECT_EQ(h.Run({"copy", "c", "c", "db", "0"}), same);
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "-1"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"copy", "missing", "x", "db", "99"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "2147483648"}), kIntRange);
  EXPECT_EQ(h.Run({"copy", "c", "d", "db"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "16", "foo"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "foo", "db", "16"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"copy", "c"}), "-ERR wrong number of arguments for 'copy' command\r\n");
  EXPECT_EQ(h.state().stats().dirty, 0u);
}

TEST(DbCommandsTest, Copy) {
  CommandHarness h;
  Put(h, "c", "v1", 0, h.now_ms() + 700);
  EXPECT_EQ(h.Run({"copy", "missing", "d"}), ":0\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d"}), ":1\r\n");
  EXPECT_EQ(Value(h, "d", 0), "v1");
  EXPECT_EQ(h.Run({"pttl", "d"}), ":700\r\n");
  Put(h, "c", "v2");
  EXPECT_EQ(h.Run({"copy", "c", "d"}), ":0\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "replace"}), ":1\r\n");
  EXPECT_EQ(Value(h, "d", 0), "v2");
  EXPECT_EQ(h.Run({"pttl", "d"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "1"}), ":1\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "db", "1"}), ":0\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "DB", "1", "REPLACE"}), ":1\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "d", "replace", "replace"}), ":1\r\n");
  EXPECT_EQ(h.Run({"copy", "c", "c", "db", "1"}), ":1\r\n");
  EXPECT_EQ(Value(h, "c", 1), "v2");
  EXPECT_EQ(Value(h, "c", 0), "v2");  // the source stays
  EXPECT_EQ(h.state().keyspace().db(0).CheckInvariants(), "");
  EXPECT_EQ(h.state().keyspace().db(1).CheckInvariants(), "");
}

TEST(DbCommandsTest, FlushTouchesOnlyWatchedKeysThatExist) {
  CommandHarness h;
  ClientSession* absent = h.NewClient();
  ClientSession* present = h.NewClient();
  ClientSession* other_db = h.NewClient();
  Put(h, "x", "1");
  Put(h, "y", "1", 1);
  h.state().watches().Watch(*absent, 0, "nokey");
  h.state().watches().Watch(*present, 0, "x");
  h.state().watches().Watch(*other_db, 1, "y");
  h.Run({"flushdb"});
  EXPECT_FALSE(absent->watch_dirty);  // Redis: EXEC still runs
  EXPECT_TRUE(present->watch_dirty);
  EXPECT_FALSE(other_db->watch_dirty);
  h.Run({"flushall"});
  EXPECT_FALSE(absent->watch_dirty);
  EXPECT_TRUE(other_db->watch_dirty);
}

TEST(DbCommandsTest, FlushTouchesWatchedKeysThatAreExpiredButStored) {
  CommandHarness h;
  ClientSession* watcher = h.NewClient();
  Put(h, "x", "1", 0, h.now_ms() + 5);
  h.state().watches().Watch(*watcher, 0, "x");
  h.AdvanceMs(10);
  h.Run({"flushdb"});
  EXPECT_TRUE(watcher->watch_dirty);
}

TEST(DbCommandsTest, SwapDbTouchesKeysExistingOnEitherSide) {
  CommandHarness h;
  ClientSession* in_other = h.NewClient();
  ClientSession* nowhere = h.NewClient();
  ClientSession* in_own = h.NewClient();
  ClientSession* untouched_db = h.NewClient();
  Put(h, "x", "1", 1);
  Put(h, "z", "1", 0);
  Put(h, "w", "1", 2);
  h.state().watches().Watch(*in_other, 0, "x");
  h.state().watches().Watch(*nowhere, 0, "nokey");
  h.state().watches().Watch(*in_own, 1, "z");
  h.state().watches().Watch(*untouched_db, 2, "w");
  h.Run({"swapdb", "0", "0"});
  EXPECT_FALSE(in_other->watch_dirty);
  h.Run({"swapdb", "0", "1"});
  EXPECT_TRUE(in_other->watch_dirty);
  EXPECT_FALSE(nowhere->watch_dirty);
  EXPECT_TRUE(in_own->watch_dirty);
  EXPECT_FALSE(untouched_db->watch_dirty);
}

TEST(DbCommandsTest, MoveAndCopyTouchTheDestinationKey) {
  CommandHarness h;
  ClientSession* watch_dst = h.NewClient();
  ClientSession* watch_copy = h.NewClient();
  Put(h, "k", "v");
  h.state().watches().Watch(*watch_dst, 1, "k");
  h.state().watches().Watch(*watch_copy, 2, "k2");
  EXPECT_EQ(h.Run({"copy", "k", "k2", "db", "2"}), ":1\r\n");
  EXPECT_TRUE(watch_copy->watch_dirty);
  EXPECT_FALSE(watch_dst->watch_dirty);
  EXPECT_EQ(h.Run({"move", "k", "1"}), ":1\r\n");
  EXPECT_TRUE(watch_dst->watch_dirty);
}

}  // namespace
}  // namespace slotcache::server
