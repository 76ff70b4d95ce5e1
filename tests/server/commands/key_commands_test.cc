// DEL/UNLINK, EXISTS, TYPE, TOUCH, RENAME(NX), RANDOMKEY, KEYS, SCAN. Expected bytes are what
// redis-server 7.0.15 replied to the same commands.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

void Put(CommandHarness& h, std::string_view key, std::string_view value,
         int64_t expire_at = kNoExpire, int db = 0) {
  h.state().keyspace().db(db).Set(key, value, expire_at);
}

std::string Value(CommandHarness& h, std::string_view key, int db = 0) {
  Entry* e = h.state().keyspace().db(db).Find(key, h.now_ms());
  return e ? std::string(e->value()) : "(nil)";
}

TEST(KeyCommandsTest, DelCountsDistinctExistingKeys) {
  CommandHarness h;
  Put(h, "a", "1");
  Put(h, "b", "2");
  Put(h, "c", "3");
  EXPECT_EQ(h.Run({"del", "a", "a", "b", "x"}), ":2\r\n");
  EXPECT_EQ(h.state().stats().dirty, 1u);
  EXPECT_EQ(h.Run({"del", "a"}), ":0\r\n");
  EXPECT_EQ(h.state().stats().dirty, 1u);  // nothing deleted: nothing propagated
  EXPECT_EQ(h.Run({"unlink", "c"}), ":1\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
  EXPECT_EQ(h.Run({"del"}), "-ERR wrong number of arguments for 'del' command\r\n");
  EXPECT_EQ(h.Run({"unlink"}), "-ERR wrong number of arguments for 'unlink' command\r\n");
}

TEST(KeyCommandsTest, DelOfAnExpiredKeyCountsAsExpiry) {
  CommandHarness h;
  Put(h, "k", "v", h.now_ms() - 1);
  EXPECT_EQ(h.Run({"del", "k"}), ":0\r\n");
  EXPECT_EQ(h.state().stats().expired_keys, 1u);
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
}

TEST(KeyCommandsTest, DelOnAReplicaRemovesHiddenExpiredKeys) {
  CommandHarness h;
  h.state().keyspace().SetDeleteExpired(false);
  Put(h, "k", "v", h.now_ms() - 1);
  EXPECT_EQ(h.Run({"exists", "k"}), ":0\r\n");
  EXPECT_EQ(h.Run({"del", "k"}), ":1\r\n");  // the primary's DEL arriving
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
}

TEST(KeyCommandsTest, ExistsCountsRepeats) {
  CommandHarness h;
  Put(h, "c", "3");
  Put(h, "gone", "v", h.now_ms() - 1);
  EXPECT_EQ(h.Run({"exists", "c", "c", "x", "gone"}), ":2\r\n");
  EXPECT_EQ(h.Run({"exists"}), "-ERR wrong number of arguments for 'exists' command\r\n");
}

TEST(KeyCommandsTest, Type) {
  CommandHarness h;
  Put(h, "c", "3");
  EXPECT_EQ(h.Run({"type", "c"}), "+string\r\n");
  EXPECT_EQ(h.Run({"type", "x"}), "+none\r\n");
  EXPECT_EQ(h.Run({"type"}), "-ERR wrong number of arguments for 'type' command\r\n");
  EXPECT_EQ(h.Run({"type", "a", "b"}), "-ERR wrong number of arguments for 'type' command\r\n");
}

TEST(KeyCommandsTest, TouchCountsAndUpdatesAccessTime) {
  CommandHarness h;
  Put(h, "a", "1");
  EXPECT_EQ(h.Run({"touch", "a", "b", "a"}), ":2\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).Find("a", h.now_ms())->lru(), LruClock(h.now_ms()));
  EXPECT_EQ(h.Run({"touch"}), "-ERR wrong number of arguments for 'touch' command\r\n");
}

TEST(KeyCommandsTest, RenameMovesValueAndTtl) {
  CommandHarness h;
  Put(h, "a", "1", h.now_ms() + 5000);
  Put(h, "b", "2");
  EXPECT_EQ(h.Run({"rename", "a", "b"}), "+OK\r\n");
  EXPECT_EQ(Value(h, "b"), "1");
  EXPECT_EQ(h.Run({"pttl", "b"}), ":5000\r\n");
  EXPECT_EQ(h.Run({"exists", "a"}), ":0\r\n");
  EXPECT_EQ(h.Run({"rename", "a", "b"}), "-ERR no such key\r\n");
  EXPECT_EQ(h.Run({"rename", "missing", "missing"}), "-ERR no such key\r\n");
  uint64_t dirty = h.state().stats().dirty;
  EXPECT_EQ(h.Run({"rename", "b", "b"}), "+OK\r\n");
  EXPECT_EQ(h.state().stats().dirty, dirty);
  EXPECT_EQ(h.Run({"rename", "a"}), "-ERR wrong number of arguments for 'rename' command\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).CheckInvariants(), "");
}

TEST(KeyCommandsTest, RenameNx) {
  CommandHarness h;
  Put(h, "a", "1");
  Put(h, "b", "2");
  EXPECT_EQ(h.Run({"renamenx", "b", "b"}), ":0\r\n");
  EXPECT_EQ(h.Run({"renamenx", "a", "b"}), ":0\r\n");
  EXPECT_EQ(Value(h, "b"), "2");
  EXPECT_EQ(h.Run({"renamenx", "a", "c"}), ":1\r\n");
  EXPECT_EQ(Value(h, "c"), "1");
  EXPECT_EQ(h.Run({"renamenx", "missing", "c"}), "-ERR no such key\r\n");
  Put(h, "old", "v", h.now_ms() - 1);  // an expired destination doesn't block RENAMENX
  EXPECT_EQ(h.Run({"renamenx", "c", "old"}), ":1\r\n");
  Put(h, "old2", "v", h.now_ms() - 1);
  uint64_t expired = h.state().stats().expired_keys;
  EXPECT_EQ(h.Run({"rename", "old", "old2"}), "+OK\r\n");
  EXPECT_EQ(h.state().stats().expired_keys, expired + 1);
}

TEST(KeyCommandsTest, RandomKey) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"randomkey"}), "$-1\r\n");
  Put(h, "k", "v");
  EXPECT_EQ(h.Run({"randomkey"}), "$1\r\nk\r\n");
  EXPECT_EQ(h.Run({"randomkey", "x"}),
            "-ERR wrong number of arguments for 'randomkey' command\r\n");
  h.client().protocol = 3;
  h.Run({"del", "k"});
  EXPECT_EQ(h.Run({"randomkey"}), "_\r\n");
}

TEST(KeyCommandsTest, RandomKeyNeverReturnsAnExpiredKey) {
  CommandHarness h;
  for (int i = 0; i < 50; ++i)
    Put(h, "dead" + std::to_string(i), "v", h.now_ms() - 1);
  Put(h, "live", "v");
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(h.Run({"randomkey"}), "$4\r\nlive\r\n");
  h.Run({"del", "live"});
  Put(h, "dead", "v", h.now_ms() - 1);
  EXPECT_EQ(h.Run({"randomkey"}), "$-1\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);  // a primary deleted them on the way
}

TEST(KeyCommandsTest, RandomKeyOnAReplicaSkipsHiddenKeys) {
  CommandHarness h;
  h.state().keyspace().SetDeleteExpired(false);
  for (int i = 0; i < 300; ++i)
    Put(h, "dead" + std::to_string(i), "v", h.now_ms() - 1);
  EXPECT_EQ(h.Run({"randomkey"}), "$-1\r\n");
  Put(h, "live", "v");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(h.Run({"randomkey"}), "$4\r\nlive\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 301u);
}

TEST(KeyCommandsTest, KeysMatchesGlobsAndSkipsExpiredKeys) {
  CommandHarness h;
  for (const char* key : {"h1llo", "hallo", "hxllo", "HALLO", "a*b", "abc"})
    Put(h, key, "1");
  Put(h, "hello", "v", h.now_ms() - 1);
  std::string reply = h.Run({"keys", "h[a-b]llo"});
  EXPECT_EQ(reply, "*1\r\n$5\r\nhallo\r\n");
  EXPECT_EQ(h.Run({"keys", "a\\*b"}), "*1\r\n$3\r\na*b\r\n");
  EXPECT_EQ(h.Run({"keys", "nomatch*"}), "*0\r\n");
  EXPECT_EQ(h.Run({"keys", "*"}).substr(0, 4), "*6\r\n");
  EXPECT_EQ(h.Run({"keys", "h?llo"}).substr(0, 4), "*3\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 7u);  // KEYS doesn't delete, like Redis
  EXPECT_EQ(h.Run({"keys"}), "-ERR wrong number of arguments for 'keys' command\r\n");
  EXPECT_EQ(h.Run({"keys", "a", "b"}), "-ERR wrong number of arguments for 'keys' command\r\n");
}

TEST(KeyCommandsTest, ScanErrors) {
  CommandHarness h;
  Put(h, "k", "v");
  EXPECT_EQ(h.Run({"scan", "abc"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(h.Run({"scan", " 1"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(h.Run({"scan", "1x"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(h.Run({"scan", "18446744073709551616"}), "-ERR invalid cursor\r\n");
  // Beyond the last slot, as any cursor Redis's table does not have: the iteration is over.
  EXPECT_EQ(h.Run({"scan", "16384"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(h.Run({"scan", "-1"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "count", "0"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "count", "-1"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "count", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "count"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "match"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan", "0", "foo", "bar", "count", "x"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"scan"}), "-ERR wrong number of arguments for 'scan' command\r\n");
  // The cursor is checked before the options, as in Redis.
  EXPECT_EQ(h.Run({"scan", "x", "foo"}), "-ERR invalid cursor\r\n");
}

TEST(KeyCommandsTest, ScanOfEmptyDatabase) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"scan", "0"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(h.Run({"scan", "+0"}), "*2\r\n$1\r\n0\r\n*0\r\n");
}

// Runs a full SCAN iteration with `options`; returns the keys (each must come once).
std::multiset<std::string> FullScan(CommandHarness& h, std::vector<std::string> options) {
  std::multiset<std::string> keys;
  std::string cursor = "0";
  int calls = 0;
  do {
    std::vector<std::string> args = {"scan", cursor};
    args.insert(args.end(), options.begin(), options.end());
    std::string reply = h.Run(args);
    EXPECT_EQ(reply.substr(0, 5), "*2\r\n$") << reply;
    // Decode: *2 $len cursor *n ($len key)*
    size_t pos = reply.find("\r\n", 4) + 2;
    size_t end = reply.find("\r\n", pos);
    cursor = reply.substr(pos, end - pos);
    pos = end + 2;
    size_t n_end = reply.find("\r\n", pos);
    int n = std::stoi(reply.substr(pos + 1, n_end - pos - 1));
    pos = n_end + 2;
    for (int i = 0; i < n; ++i) {
      size_t len_end = reply.find("\r\n", pos);
      size_t len = std::stoul(reply.substr(pos + 1, len_end - pos - 1));
      keys.insert(reply.substr(len_end + 2, len));
      pos = len_end + 2 + len + 2;
    }
    EXPECT_EQ(pos, reply.size());
    ++calls;
  } while (cursor != "0" && calls < 100000);
  return keys;
}

TEST(KeyCommandsTest, ScanIteratesEveryKeyOnce) {
  CommandHarness h;
  for (int i = 0; i < 500; ++i)
    Put(h, "key:" + std::to_string(i), "v");
  std::multiset<std::string> keys = FullScan(h, {"count", "20"});
  EXPECT_EQ(keys.size(), 500u);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 500u);
}

TEST(KeyCommandsTest, ScanFilters) {
  CommandHarness h;
  for (const char* key : {"h1llo", "hallo", "hxllo", "HALLO", "a*b", "abc"})
    Put(h, key, "1");
  Put(h, "hgone", "v", h.now_ms() - 1);
  EXPECT_EQ(FullScan(h, {"match", "h*"}), (std::multiset<std::string>{"h1llo", "hallo", "hxllo"}));
  EXPECT_EQ(FullScan(h, {"match", "h*", "match", "a*"}),
            (std::multiset<std::string>{"a*b", "abc"}));
  EXPECT_EQ(FullScan(h, {"type", "STRING", "count", "100"}).size(), 6u);
  EXPECT_EQ(FullScan(h, {"type", "list"}).size(), 0u);
  EXPECT_EQ(FullScan(h, {"type", "foo"}).size(), 0u);
  // Expired keys met by SCAN are deleted, like Redis.
  EXPECT_EQ(h.state().keyspace().db(0).size(), 6u);
}

TEST(KeyCommandsTest, ScanCountBoundsEachCall) {
  CommandHarness h;
  for (int i = 0; i < 1000; ++i)
    Put(h, "key:" + std::to_string(i), "v");
  std::string reply = h.Run({"scan", "0", "count", "1000000"});
  EXPECT_EQ(reply.substr(0, 18), "*2\r\n$1\r\n0\r\n*1000\r\n");
  // Default COUNT 10: whole slots until 10 keys or 100 empty slots (1000 keys fill ~6% of the
  // slots), so 1..10 keys plus the last slot's extra keys.
  reply = h.Run({"scan", "0"});
  size_t pos = reply.find('*', 1);
  int n = std::stoi(reply.substr(pos + 1));
  EXPECT_GE(n, 1);
  EXPECT_LT(n, 20);
  EXPECT_NE(reply.substr(0, 11), "*2\r\n$1\r\n0\r\n");  // not done yet
}

}  // namespace
}  // namespace slotcache::server
