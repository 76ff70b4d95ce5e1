// Expected bytes were checked against redis-server 7.0.15.
#include <gtest/gtest.h>

#include "tests/server/command_harness.h"
#include "tests/server/string_test_util.h"

namespace slotcache::server {
namespace {

TEST(StringCommandsTest, GetAndSet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "hello"}), kOk);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("hello"));
  EXPECT_EQ(h.Run({"set", "k", ""}), kOk);
  EXPECT_EQ(h.Run({"get", "k"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"get"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(h.Run({"get", "k", "x"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(h.Run({"set", "k"}), "-ERR wrong number of arguments for 'set' command\r\n");
}

TEST(StringCommandsTest, BinaryValuesAndLongValues) {
  CommandHarness h;
  std::string binary("a\0b\r\nc", 6);
  std::string big(100000, 'x');
  EXPECT_EQ(h.Run({"set", "k", binary}), kOk);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk(binary));
  EXPECT_EQ(h.Run({"set", "k", big}), kOk);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk(big));
}

TEST(StringCommandsTest, NullIsUnderscoreInResp3) {
  CommandHarness h;
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"get", "k"}), "_\r\n");
  EXPECT_EQ(h.Run({"set", "k", "v", "xx"}), "_\r\n");
  EXPECT_EQ(h.Run({"mget", "k"}), "*1\r\n_\r\n");
}

TEST(StringCommandsTest, SetNxXx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "k", "1", "xx"}), kNull);
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "1", "NX"}), kOk);
  EXPECT_EQ(h.Run({"set", "k", "2", "nx"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "3", "Xx"}), kOk);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("3"));
  EXPECT_EQ(h.Run({"set", "k", "v", "nx", "xx"}), kSyntax);
  EXPECT_EQ(h.Run({"set", "k", "v", "xx", "nx"}), kSyntax);
}

TEST(StringCommandsTest, SetGetReturnsTheOldValue) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "k", "1", "get"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "2", "GET"}), Bulk("1"));
  EXPECT_EQ(h.Run({"set", "k", "3", "nx", "get"}), Bulk("2"));  // blocked: only the old value
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("2"));
  EXPECT_EQ(h.Run({"set", "other", "v", "xx", "get"}), kNull);
  EXPECT_EQ(h.Run({"get", "other"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "4", "get", "get"}), Bulk("2"));
}

TEST(StringCommandsTest, SetExpiryOptions) {
  CommandHarness h;
  const int64_t now = h.now_ms();
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "10"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 10000);
  EXPECT_EQ(h.Run({"set", "k", "v", "px", "1500"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 1500);
  EXPECT_EQ(h.Run({"set", "k", "v", "exat", "1800000000"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), 1800000000000);
  EXPECT_EQ(h.Run({"set", "k", "v", "pxat", "1800000000123"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), 1800000000123);
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "10", "ex", "20"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 20000);
  EXPECT_EQ(h.Run({"set", "k", "v2", "keepttl"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 20000);
  EXPECT_EQ(h.Run({"set", "k", "v3"}), kOk);  // a plain SET drops the TTL
  EXPECT_EQ(ExpireAt(h, "k"), kNoExpire);
  EXPECT_EQ(h.Run({"set", "fresh", "v", "keepttl"}), kOk);
  EXPECT_EQ(ExpireAt(h, "fresh"), kNoExpire);
}

TEST(StringCommandsTest, SetExpiryExpires) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "k", "v", "px", "100"}), kOk);
  h.AdvanceMs(100);  // like Redis, a key expires once the clock is past its expiry time
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("v"));
  h.AdvanceMs(1);
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
}

TEST(StringCommandsTest, SetAbsoluteTimeInThePastStoresAnAlreadyExpiredKey) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "k", "v", "exat", "1"}), kOk);
  EXPECT_EQ(h.state().keyspace().db(0).size(), 1u);  // like Redis: DBSIZE still counts it
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "v", "pxat", "5", "get"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "old"}), kOk);
  EXPECT_EQ(h.Run({"set", "k", "new", "pxat", "5", "get"}), Bulk("old"));
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
}

TEST(StringCommandsTest, SetSyntaxErrors) {
  CommandHarness h;
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"set", "k", "v", "foo"},
           {"set", "k", "v", "ex"},
           {"set", "k", "v", "ex", "10", "px", "10"},
           {"set", "k", "v", "exat", "10", "pxat", "10"},
           {"set", "k", "v", "keepttl", "ex", "10"},
           {"set", "k", "v", "ex", "10", "keepttl"},
           {"set", "k", "v", "persist"},
           {"set", "k", "v", "ex", "abc", "nx", "xx"},  // syntax is checked before values
       }) {
    EXPECT_EQ(h.Run(args), kSyntax) << args[3];
  }
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
}

TEST(StringCommandsTest, SetInvalidExpireTimes) {
  CommandHarness h;
  const std::string invalid = "-ERR invalid expire time in 'set' command\r\n";
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "0"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "px", "-1"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "exat", "0"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "9223372036854775"}), invalid);  // now + ttl overflows
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "9223372036854776"}), invalid);  // * 1000 overflows
  EXPECT_EQ(h.Run({"set", "k", "v", "px", "9223372036854775807"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "abc"}), kNotInt);
  EXPECT_EQ(h.Run({"set", "k", "v", "ex", "1.5"}), kNotInt);
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
  // The TTL is checked before GET replies and before NX looks at the key.
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(h.Run({"set", "k", "v", "get", "ex", "0"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "nx", "ex", "0"}), invalid);
  EXPECT_EQ(h.Run({"set", "k", "v", "pxat", "9223372036854775807"}), kOk);
}

TEST(StringCommandsTest, SetNx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"setnx", "k", "1"}), ":1\r\n");
  EXPECT_EQ(h.Run({"setnx", "k", "2"}), ":0\r\n");
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("1"));
  EXPECT_EQ(h.Run({"setnx", "k"}), "-ERR wrong number of arguments for 'setnx' command\r\n");
}

TEST(StringCommandsTest, SetExAndPSetEx) {
  CommandHarness h;
  const int64_t now = h.now_ms();
  EXPECT_EQ(h.Run({"setex", "k", "100", "v"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 100000);
  EXPECT_EQ(h.Run({"psetex", "k", "100", "w"}), kOk);
  EXPECT_EQ(ExpireAt(h, "k"), now + 100);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("w"));
  EXPECT_EQ(h.Run({"setex", "k", "0", "v"}), "-ERR invalid expire time in 'setex' command\r\n");
  EXPECT_EQ(h.Run({"setex", "k", "9223372036854775", "v"}),
            "-ERR invalid expire time in 'setex' command\r\n");
  EXPECT_EQ(h.Run({"psetex", "k", "-5", "v"}), "-ERR invalid expire time in 'psetex' command\r\n");
  EXPECT_EQ(h.Run({"psetex", "k", "9223372036854775807", "v"}),
            "-ERR invalid expire time in 'psetex' command\r\n");
  EXPECT_EQ(h.Run({"setex", "k", "x", "v"}), kNotInt);
  EXPECT_EQ(h.Run({"setex", "k", "10"}), "-ERR wrong number of arguments for 'setex' command\r\n");
}

TEST(StringCommandsTest, GetSetReplacesValueAndDropsTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"getset", "k", "1"}), kNull);
  EXPECT_EQ(h.Run({"setex", "k", "100", "2"}), kOk);
  EXPECT_EQ(h.Run({"getset", "k", "3"}), Bulk("2"));
  EXPECT_EQ(ExpireAt(h, "k"), kNoExpire);
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("3"));
}

TEST(StringCommandsTest, GetDel) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"getdel", "k"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(h.Run({"getdel", "k"}), Bulk("v"));
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
}

TEST(StringCommandsTest, GetExSetsAndRemovesTtl) {
  CommandHarness h;
  const int64_t now = h.now_ms();
  EXPECT_EQ(h.Run({"getex", "k"}), kNull);
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(h.Run({"getex", "k", "ex", "100"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), now + 100000);
  EXPECT_EQ(h.Run({"getex", "k"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), now + 100000);
  EXPECT_EQ(h.Run({"getex", "k", "PX", "500"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), now + 500);
  EXPECT_EQ(h.Run({"getex", "k", "exat", "1800000000"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), 1800000000000);
  EXPECT_EQ(h.Run({"getex", "k", "pxat", "1800000000001"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), 1800000000001);
  EXPECT_EQ(h.Run({"getex", "k", "persist"}), Bulk("v"));
  EXPECT_EQ(ExpireAt(h, "k"), kNoExpire);
  EXPECT_EQ(h.Run({"getex", "k", "persist", "persist"}), Bulk("v"));
}

TEST(StringCommandsTest, GetExWithAPastAbsoluteTimeDeletes) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(h.Run({"getex", "k", "exat", "1"}), Bulk("v"));
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  EXPECT_EQ(h.Run({"getex", "k", "pxat", std::to_string(h.now_ms())}), Bulk("v"));
  EXPECT_EQ(h.Run({"get", "k"}), kNull);
}

TEST(StringCommandsTest, GetExErrors) {
  CommandHarness h;
  const std::string invalid = "-ERR invalid expire time in 'getex' command\r\n";
  EXPECT_EQ(h.Run({"set", "k", "v"}), kOk);
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"getex", "k", "ex", "10", "px", "10"},
           {"getex", "k", "persist", "ex", "10"},
           {"getex", "k", "ex", "10", "persist"},
           {"getex", "k", "keepttl"},
           {"getex", "k", "nx"},
           {"getex", "k", "get"},
           {"getex", "k", "ex"},
           {"getex", "nokey", "foo"},
       }) {
    EXPECT_EQ(h.Run(args), kSyntax) << args[2];
  }
  EXPECT_EQ(h.Run({"getex", "k", "ex", "0"}), invalid);
  EXPECT_EQ(h.Run({"getex", "k", "exat", "99999999999999999"}), invalid);
  EXPECT_EQ(h.Run({"getex", "k", "ex", "9223372036854775"}), invalid);
  EXPECT_EQ(h.Run({"getex", "k", "ex", "abc"}), kNotInt);
  EXPECT_EQ(h.Run({"getex", "nokey", "ex", "0"}), kNull);  // the key is looked up first
  EXPECT_EQ(ExpireAt(h, "k"), kNoExpire);
  EXPECT_EQ(h.Run({"getex"}), "-ERR wrong number of arguments for 'getex' command\r\n");
}

TEST(StringCommandsTest, MGet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "a", "1"}), kOk);
  EXPECT_EQ(h.Run({"set", "b", "22"}), kOk);
  EXPECT_EQ(h.Run({"mget", "a", "nokey", "b", "a"}),
            "*4\r\n$1\r\n1\r\n$-1\r\n$2\r\n22\r\n$1\r\n1\r\n");
  EXPECT_EQ(h.Run({"mget"}), "-ERR wrong number of arguments for 'mget' command\r\n");
}

TEST(StringCommandsTest, MSet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"setex", "a", "100", "old"}), kOk);
  EXPECT_EQ(h.Run({"mset", "a", "1", "b", "2"}), kOk);
  EXPECT_EQ(h.Run({"mget", "a", "b"}), "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(ExpireAt(h, "a"), kNoExpire);
  EXPECT_EQ(h.Run({"mset", "a", "1", "b", "2", "a", "3"}), kOk);
  EXPECT_EQ(h.Run({"get", "a"}), Bulk("3"));
  const std::string arity = "-ERR wrong number of arguments for 'mset' command\r\n";
  EXPECT_EQ(h.Run({"mset", "a"}), arity);
  EXPECT_EQ(h.Run({"mset", "c", "1", "d"}), arity);
  EXPECT_EQ(h.Run({"get", "c"}), kNull);
}

TEST(StringCommandsTest, MSetNx) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"msetnx", "a", "1", "b", "2"}), ":1\r\n");
  EXPECT_EQ(h.Run({"msetnx", "c", "3", "a", "9"}), ":0\r\n");
  EXPECT_EQ(h.Run({"mget", "a", "c"}), "*2\r\n$1\r\n1\r\n$-1\r\n");
  EXPECT_EQ(h.Run({"msetnx", "d", "1", "d", "2"}), ":1\r\n");
  EXPECT_EQ(h.Run({"get", "d"}), Bulk("2"));
  EXPECT_EQ(h.Run({"msetnx", "e", "1", "f"}),
            "-ERR wrong number of arguments for 'msetnx' command\r\n");
}

TEST(StringCommandsTest, PropagatesOnlyWhenDataChanged) {
  CommandHarness h;
  uint64_t dirty = Dirty(h);
  h.Run({"get", "k"});
  h.Run({"set", "k", "v", "xx"});
  h.Run({"set", "k", "v", "ex", "0"});
  h.Run({"getdel", "k"});
  h.Run({"mget", "k", "j"});
  EXPECT_EQ(Dirty(h), dirty);
  h.Run({"set", "k", "v"});
  EXPECT_EQ(Dirty(h), ++dirty);
  h.Run({"setnx", "k", "v"});
  h.Run({"msetnx", "k", "v", "j", "w"});
  h.Run({"getex", "k"});
  h.Run({"getex", "k", "persist"});  // no TTL to remove
  EXPECT_EQ(Dirty(h), dirty);
  h.Run({"getex", "k", "ex", "10"});
  EXPECT_EQ(Dirty(h), ++dirty);
  h.Run({"getex", "k", "persist"});
  EXPECT_EQ(Dirty(h), ++dirty);
  h.Run({"mset", "a", "1", "b", "2"});
  EXPECT_EQ(Dirty(h), ++dirty);
  h.Run({"getset", "a", "2"});
  EXPECT_EQ(Dirty(h), ++dirty);
  h.Run({"getdel", "a"});
  EXPECT_EQ(Dirty(h), ++dirty);
}

// The same sequence on redis-server 7.0.15 gives keyspace_hits:9 and keyspace_misses:6.
TEST(StringCommandsTest, ReadsCountKeyspaceHitsAndMisses) {
  CommandHarness h;
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"set", "a", "1"},
           {"get", "a"},
           {"get", "nx"},
           {"mget", "a", "nx", "a"},
           {"strlen", "a"},
           {"strlen", "nx"},
           {"getrange", "a", "0", "1"},
           {"getrange", "nx", "0", "1"},
           {"getrange", "a", "x", "1"},
           {"getex", "a"},
           {"getex", "nx"},
           {"getdel", "nx"},
           {"set", "a", "2", "get"},
           {"getset", "a", "3"},
           {"incr", "a"},
           {"append", "a", "x"},
           {"setrange", "a", "0", "x"},
           {"setnx", "a", "1"},
           {"incrbyfloat", "b", "1"},
           {"msetnx", "a", "1"},
           {"getdel", "a"},
       }) {
    h.Run(args);
  }
  EXPECT_EQ(h.state().stats().keyspace_hits, 9u);
  EXPECT_EQ(h.state().stats().keyspace_misses, 6u);
}

}  // namespace
}  // namespace slotcache::server
