// Hash commands through the dispatcher. Expected bytes were checked against redis-server 7.0.15.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "server/keyspace/keyspace_digest.h"
#include "tests/server/command_harness.h"
#include "tests/server/stream_capture.h"
#include "tests/server/string_test_util.h"

namespace slotcache::server {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

std::string Int(int64_t n) {
  return ":" + std::to_string(n) + "\r\n";
}

// A SCAN-shaped reply ([cursor, [elements]]): the cursor and the elements.
std::pair<std::string, std::vector<std::string>> ParseScan(const std::string& reply) {
  size_t end = reply.find("\r\n", 4);  // after "*2\r\n$N"
  size_t len = std::stoul(reply.substr(5, end - 5));
  std::string cursor = reply.substr(end + 2, len);
  std::string rest = reply.substr(end + 2 + len + 2);
  if (rest == "*0\r\n") return {cursor, {}};
  return {cursor, SplitStream(rest).at(0)};  // an array of bulks parses like a request
}

TEST(HashCommandsTest, SetGetAndCounts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hset", "h", "a", "1", "b", "2", "a", "3"}), Int(2));
  EXPECT_EQ(h.Run({"hget", "h", "a"}), Bulk("3"));
  EXPECT_EQ(h.Run({"hget", "h", "zz"}), kNull);
  EXPECT_EQ(h.Run({"hget", "nokey", "a"}), kNull);
  EXPECT_EQ(h.Run({"hmset", "h", "c", "", "d", "4"}), kOk);
  EXPECT_EQ(h.Run({"hlen", "h"}), Int(4));
  EXPECT_EQ(h.Run({"hlen", "nokey"}), Int(0));
  EXPECT_EQ(h.Run({"hstrlen", "h", "a"}), Int(1));
  EXPECT_EQ(h.Run({"hstrlen", "h", "c"}), Int(0));
  EXPECT_EQ(h.Run({"hexists", "h", "c"}), Int(1));
  EXPECT_EQ(h.Run({"hexists", "h", "x"}), Int(0));
  EXPECT_EQ(h.Run({"hmget", "h", "a", "x", "d"}), "*3\r\n$1\r\n3\r\n$-1\r\n$1\r\n4\r\n");
  EXPECT_EQ(h.Run({"hmget", "nokey", "a"}), "*1\r\n$-1\r\n");
  EXPECT_EQ(h.Run({"hsetnx", "h", "a", "9"}), Int(0));
  EXPECT_EQ(h.Run({"hsetnx", "h", "e", "5"}), Int(1));
  EXPECT_EQ(h.Run({"hkeys", "h"}), "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
  EXPECT_EQ(h.Run({"hvals", "h"}), "*5\r\n$1\r\n3\r\n$1\r\n2\r\n$0\r\n\r\n$1\r\n4\r\n$1\r\n5\r\n");
  EXPECT_EQ(h.Run({"hset", "h", "a"}), "-ERR wrong number of arguments for 'hset' command\r\n");
  EXPECT_EQ(h.Run({"hmset", "h", "a", "1", "b"}),
            "-ERR wrong number of arguments for 'hmset' command\r\n");
  EXPECT_EQ(h.Run({"type", "h"}), "+hash\r\n");
}

TEST(HashCommandsTest, GetAllIsAMapInResp3) {
  CommandHarness h;
  h.Run({"hset", "h", "f", "v", "g", "w"});
  EXPECT_EQ(h.Run({"hgetall", "h"}), "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n");
  EXPECT_EQ(h.Run({"hgetall", "nokey"}), "*0\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"hgetall", "h"}), "%2\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n");
  EXPECT_EQ(h.Run({"hgetall", "nokey"}), "%0\r\n");
  EXPECT_EQ(h.Run({"hkeys", "nokey"}), "*0\r\n");
}

TEST(HashCommandsTest, DeletingTheLastFieldDeletesTheKey) {
  CommandHarness h;
  h.Run({"hset", "h", "a", "1", "b", "2"});
  EXPECT_EQ(h.Run({"hdel", "h", "a", "x", "a"}), Int(1));
  EXPECT_EQ(h.Run({"exists", "h"}), Int(1));
  EXPECT_EQ(h.Run({"hdel", "h", "b", "c"}), Int(1));
  EXPECT_EQ(h.Run({"exists", "h"}), Int(0));
  EXPECT_EQ(h.Run({"hdel", "h", "b"}), Int(0));
  EXPECT_EQ(h.state().keyspace().db(0).CheckInvariants(), "");
}

TEST(HashCommandsTest, WrongTypeBothWays) {
  CommandHarness h;
  h.Run({"hset", "h", "f", "v"});
  h.Run({"set", "s", "v"});
  for (auto args : std::vector<std::vector<std::string>>{{"get", "h"},
                                                         {"getset", "h", "x"},
                                                         {"set", "h", "x", "get"},
                                                         {"append", "h", "x"},
                                                         {"incr", "h"},
                                                         {"incrbyfloat", "h", "1"},
                                                         {"getrange", "h", "0", "1"},
                                                         {"setrange", "h", "0", ""},
                                                         {"strlen", "h"},
                                                         {"getdel", "h"},
                                                         {"getex", "h", "persist"},
                                                         {"decrby", "h", "2"}}) {
    EXPECT_EQ(h.Run(args), kWrongType) << args[0];
  }
  for (auto args : std::vector<std::vector<std::string>>{{"hget", "s", "f"},
                                                         {"hset", "s", "f", "v"},
                                                         {"hsetnx", "s", "f", "v"},
                                                         {"hmget", "s", "f"},
                                                         {"hdel", "s", "f"},
                                                         {"hlen", "s"},
                                                         {"hgetall", "s"},
                                                         {"hincrby", "s", "f", "1"},
                                                         {"hincrbyfloat", "s", "f", "1"},
                                                         {"hrandfield", "s"},
                                                         {"hrandfield", "s", "2"},
                                                         {"hscan", "s", "0"},
                                                         {"hexists", "s", "f"},
                                                         {"hstrlen", "s", "f"}}) {
    EXPECT_EQ(h.Run(args), kWrongType) << args[0];
  }
  EXPECT_EQ(h.Run({"hget", "h", "f"}), Bulk("v"));  // nothing above changed the hash
  EXPECT_EQ(h.Run({"mget", "h", "s"}), "*2\r\n$-1\r\n$1\r\nv\r\n");
  EXPECT_EQ(h.Run({"set", "h", "now a string"}), kOk);  // SET overwrites any type
  EXPECT_EQ(h.Run({"get", "h"}), Bulk("now a string"));
  EXPECT_EQ(h.Run({"type", "h"}), "+string\r\n");
}

TEST(HashCommandsTest, IncrementsAndTheirErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hincrby", "h", "n", "5"}), Int(5));
  EXPECT_EQ(h.Run({"hincrby", "h", "n", "-7"}), Int(-2));
  EXPECT_EQ(h.Run({"hincrby", "h", "n", "x"}), kNotInt);
  h.Run({"hset", "h", "s", "abc", "big", "9223372036854775807"});
  EXPECT_EQ(h.Run({"hincrby", "h", "s", "1"}), "-ERR hash value is not an integer\r\n");
  EXPECT_EQ(h.Run({"hincrby", "h", "big", "1"}), "-ERR increment or decrement would overflow\r\n");
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "f", "10.50"}), Bulk("10.5"));
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "f", "1.5e-5"}), Bulk("10.500015"));
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "s", "1"}), "-ERR hash value is not a float\r\n");
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "f", "inf"}), "-ERR value is NaN or Infinity\r\n");
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "f", "x"}), "-ERR value is not a valid float\r\n");
  h.Run({"hset", "h", "i", "inf"});
  EXPECT_EQ(h.Run({"hincrbyfloat", "h", "i", "1"}),
            "-ERR increment would produce NaN or Infinity\r\n");
  // A missing key is not created by a refused increment.
  EXPECT_EQ(h.Run({"hincrby", "other", "n", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"exists", "other"}), Int(0));
}

TEST(HashCommandsTest, RandomFieldReplies) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hrandfield", "nokey"}), kNull);
  EXPECT_EQ(h.Run({"hrandfield", "nokey", "3"}), "*0\r\n");
  h.Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(h.Run({"hrandfield", "h", "0"}), "*0\r\n");
  // A count of at least the size is the whole hash, in its order.
  EXPECT_EQ(h.Run({"hrandfield", "h", "5", "withvalues"}),
            "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
  std::string two = h.Run({"hrandfield", "h", "2"});
  EXPECT_TRUE(two.starts_with("*2\r\n")) << two;
  EXPECT_TRUE(h.Run({"hrandfield", "h", "-5"}).starts_with("*5\r\n"));
  EXPECT_EQ(h.Run({"hrandfield", "h", "1", "foo"}), kSyntax);
  EXPECT_EQ(h.Run({"hrandfield", "h", "1", "withvalues", "x"}), kSyntax);
  EXPECT_EQ(h.Run({"hrandfield", "h", "abc"}), kNotInt);
  EXPECT_EQ(h.Run({"hrandfield", "h", "-9223372036854775808"}),
            "-ERR value is out of range, value must between -9223372036854775807 and "
            "9223372036854775807\r\n");
  EXPECT_EQ(h.Run({"hrandfield", "h", "-4611686018427387904", "withvalues"}),
            "-ERR value is out of range\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(
      h.Run({"hrandfield", "h", "3", "withvalues"}),
      "*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
}

TEST(HashCommandsTest, RandomFieldSamplesAreDistinctInBothEncodings) {
  CommandHarness h;
  for (int i = 0; i < 1000; ++i)
    h.Run({"hset", "big", "f" + std::to_string(i), "v"});
  for (int i = 0; i < 20; ++i)
    h.Run({"hset", "small", "f" + std::to_string(i), "v"});
  for (const char* key : {"big", "small"}) {
    for (const char* count : {"3", "15"}) {
      std::vector<std::vector<std::string>> reply =
          SplitStream(h.Run({"hrandfield", key, count}));  // an array parses like a request
      ASSERT_EQ(reply.size(), 1u);
      EXPECT_EQ(reply[0].size(), std::stoul(count));
      std::set<std::string> distinct(reply[0].begin(), reply[0].end());
      EXPECT_EQ(distinct.size(), std::stoul(count)) << key;
    }
  }
}

TEST(HashCommandsTest, ScanPackedAndTable) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hscan", "nokey", "0", "type", "string"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(h.Run({"hscan", "nokey", "abc"}), "-ERR invalid cursor\r\n");
  h.Run({"hset", "h", "a1", "1", "b1", "2", "a2", "3"});
  EXPECT_EQ(h.Run({"hscan", "h", "0", "match", "a*"}),
            "*2\r\n$1\r\n0\r\n*4\r\n$2\r\na1\r\n$1\r\n1\r\n$2\r\na2\r\n$1\r\n3\r\n");
  EXPECT_EQ(h.Run({"hscan", "h", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(h.Run({"hscan", "h", "0", "type", "string"}), kSyntax);
  EXPECT_EQ(h.Run({"hscan", "h", "0", "count"}), kSyntax);
  for (int i = 0; i < 1000; ++i)
    h.Run({"hset", "t", "f" + std::to_string(i), "v"});
  std::set<std::string> fields;
  std::string cursor = "0";
  int calls = 0;
  do {
    auto [next, items] = ParseScan(h.Run({"hscan", "t", cursor, "count", "20"}));
    for (size_t i = 0; i < items.size(); i += 2)
      fields.insert(items[i]);
    cursor = next;
    ++calls;
  } while (cursor != "0");
  EXPECT_EQ(fields.size(), 1000u);
  EXPECT_GT(calls, 10);
}

TEST(HashCommandsTest, EncodingFollowsTheDirectives) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "hash-max-ziplist-entries", "3"}), kOk);
  EXPECT_EQ(h.Run({"config", "get", "hash-max-listpack-entries"}),
            "*2\r\n$25\r\nhash-max-listpack-entries\r\n$1\r\n3\r\n");
  h.Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(h.Run({"object", "encoding", "h"}), Bulk("listpack"));
  h.Run({"hset", "h", "d", "4"});
  EXPECT_EQ(h.Run({"object", "encoding", "h"}), Bulk("hashtable"));
  h.Run({"hdel", "h", "a", "b", "c"});
  EXPECT_EQ(h.Run({"object", "encoding", "h"}), Bulk("hashtable"));  // never back
  h.Run({"config", "set", "hash-max-listpack-value", "4"});
  h.Run({"hset", "v", "f", "1234"});
  EXPECT_EQ(h.Run({"object", "encoding", "v"}), Bulk("listpack"));
  EXPECT_EQ(h.Run({"hsetnx", "v", "f", "12345"}), Int(0));  // not set: no conversion
  EXPECT_EQ(h.Run({"object", "encoding", "v"}), Bulk("listpack"));
  h.Run({"hset", "v", "f", "12345"});
  EXPECT_EQ(h.Run({"object", "encoding", "v"}), Bulk("hashtable"));
}

TEST(HashCommandsTest, GenericCommandsCarryHashes) {
  Config config;
  config.enable_debug_command = "yes";
  CommandHarness h(config);
  for (int i = 0; i < 600; ++i)
    h.Run({"hset", "big", "f" + std::to_string(i), "v" + std::to_string(i)});
  h.Run({"hset", "small", "a", "1"});
  std::string digest = h.Run({"debug", "digest-value", "big"});
  EXPECT_EQ(h.Run({"copy", "big", "copy"}), Int(1));
  EXPECT_EQ(h.Run({"debug", "digest-value", "copy"}), digest);
  EXPECT_EQ(h.Run({"rename", "big", "renamed"}), kOk);
  EXPECT_EQ(h.Run({"debug", "digest-value", "renamed"}), digest);
  EXPECT_EQ(h.Run({"hget", "renamed", "f599"}), Bulk("v599"));
  EXPECT_EQ(h.Run({"hset", "copy", "f0", "changed"}), Int(0));
  EXPECT_EQ(h.Run({"hget", "renamed", "f0"}), Bulk("v0"));  // a deep copy
  EXPECT_EQ(h.Run({"expire", "renamed", "100"}), Int(1));
  EXPECT_EQ(h.Run({"ttl", "renamed"}), Int(100));
  EXPECT_EQ(h.Run({"hlen", "renamed"}), Int(600));
  EXPECT_EQ(h.Run({"persist", "renamed"}), Int(1));
  EXPECT_EQ(h.Run({"move", "renamed", "1"}), Int(1));
  auto [cursor, keys] = ParseScan(h.Run({"scan", "0", "type", "HASH", "count", "100000"}));
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
            (std::set<std::string>{"copy", "small"}));
  EXPECT_EQ(h.Run({"scan", "0", "type", "string", "count", "100000"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  std::string usage = h.Run({"memory", "usage", "copy"});
  EXPECT_GT(std::stol(usage.substr(1)), 600 * 16);  // the table's pairs, not just the entry
  EXPECT_EQ(h.Run({"unlink", "copy", "small"}), Int(2));
  h.state().keyspace().lazy_free().Drain();
  EXPECT_EQ(h.Run({"dbsize"}), Int(0));
  EXPECT_EQ(h.Run({"select", "1"}), kOk);
  EXPECT_EQ(h.Run({"hlen", "renamed"}), Int(600));
  EXPECT_EQ(h.Run({"flushall", "async"}), kOk);
  EXPECT_EQ(h.Run({"dbsize"}), Int(0));
  h.state().keyspace().lazy_free().Drain();
}

// What the funnel carries: hash writes as given, except HINCRBYFLOAT (its result, as HSET)
// and commands that changed nothing (not at all).
TEST(HashCommandsTest, Propagation) {
  CommandHarness h;
  CapturingSink sink;
  h.state().propagator().AddSink(&sink);
  h.Run({"hset", "h", "a", "1"});
  h.Run({"hsetnx", "h", "a", "2"});
  h.Run({"hsetnx", "h", "b", "2"});
  h.Run({"hincrbyfloat", "h", "f", "0.1"});
  h.Run({"hincrby", "h", "n", "3"});
  h.Run({"hdel", "h", "zz"});
  h.Run({"hdel", "h", "a"});
  h.Run({"hget", "h", "a"});
  std::vector<std::vector<std::string>> commands = SplitStream(sink.bytes);
  std::vector<std::vector<std::string>> expected = {
      {"SELECT", "0"},           {"hset", "h", "a", "1"},    {"hsetnx", "h", "b", "2"},
      {"HSET", "h", "f", "0.1"}, {"hincrby", "h", "n", "3"}, {"hdel", "h", "a"}};
  EXPECT_EQ(commands, expected);
  // Replaying the stream gives the same data.
  CommandHarness copy;
  for (size_t i = 1; i < commands.size(); ++i)
    copy.Run(commands[i]);
  EXPECT_EQ(KeyspaceDigest(copy.state().keyspace()), KeyspaceDigest(h.state().keyspace()));
}

}  // namespace
}  // namespace slotcache::server
