// hiredis, one command at a time: strings, counters, expiry, multi-key commands, binary values,
// errors, a 20 MB value, databases.
#include <unistd.h>

#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class HiredisSyncTest : public BlackboxTest {};

TEST_F(HiredisSyncTest, SetGetDel) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"PING"}), "+PONG");
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "(nil)");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v1"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "$v1");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v2"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "$v2");
  EXPECT_EQ(Cmd(c.get(), {"DEL", "k", "missing"}), ":1");
  EXPECT_EQ(Cmd(c.get(), {"DEL", "k"}), ":0");
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "(nil)");
}

TEST_F(HiredisSyncTest, IncrAndNotIntegerErrors) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"INCR", "n"}), ":1");
  EXPECT_EQ(Cmd(c.get(), {"INCR", "n"}), ":2");
  EXPECT_EQ(Cmd(c.get(), {"GET", "n"}), "$2");
  EXPECT_EQ(Cmd(c.get(), {"SET", "s", "abc"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"INCR", "s"}), "-ERR value is not an integer or out of range");
  EXPECT_EQ(Cmd(c.get(), {"SET", "max", "9223372036854775807"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"INCR", "max"}), "-ERR increment or decrement would overflow");
}

TEST_F(HiredisSyncTest, ExpireAndTtl) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"TTL", "k"}), ":-2");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"TTL", "k"}), ":-1");
  EXPECT_EQ(Cmd(c.get(), {"EXPIRE", "k", "100"}), ":1");
  EXPECT_EQ(Cmd(c.get(), {"TTL", "k"}), ":100");
  EXPECT_EQ(Cmd(c.get(), {"EXPIRE", "missing", "100"}), ":0");
  // The key goes once its 50 ms have passed, not before: poll (at most 10 s) until GET misses.
  int64_t before_set = NowMs();
  EXPECT_EQ(Cmd(c.get(), {"SET", "short", "v", "PX", "50"}), "+OK");
  std::string got;
  int64_t gone_after = -1;
  for (int64_t deadline = before_set + 10000; NowMs() < deadline; usleep(5000)) {
    got = Cmd(c.get(), {"GET", "short"});
    if (got != "$v") {
      gone_after = NowMs() - before_set;
      break;
    }
  }
  EXPECT_EQ(got, "(nil)");
  EXPECT_GE(gone_after, 50);
  EXPECT_EQ(Cmd(c.get(), {"EXPIRE", "k", "-1"}), ":1");  // a past time deletes the key
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "(nil)");
}

TEST_F(HiredisSyncTest, MsetMget) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"MSET", "a", "1", "b", "2", "c", "3"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"MGET", "a", "missing", "c", "b"}), "*[$1, (nil), $3, $2]");
  EXPECT_EQ(Cmd(c.get(), {"MSET", "a", "1", "b"}),
            "-ERR wrong number of arguments for 'mset' command");
}

TEST_F(HiredisSyncTest, BinaryValuesWithNulAndCrlf) {
  Context c = Connect();
  ASSERT_TRUE(c);
  std::string key("k\0\r\n", 4);
  std::string value("\0\r\n*1\r\n$4\r\nPING\r\n\xff\0", 19);
  EXPECT_EQ(Cmd(c.get(), {"SET", key, value}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"GET", key}), "$" + value);
  EXPECT_EQ(Cmd(c.get(), {"GET", "k"}), "(nil)");
  EXPECT_EQ(Cmd(c.get(), {"STRLEN", key}), ":19");
}

TEST_F(HiredisSyncTest, CommandErrors) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"GET"}), "-ERR wrong number of arguments for 'get' command");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k"}), "-ERR wrong number of arguments for 'set' command");
  EXPECT_EQ(Cmd(c.get(), {"NOSUCHCMD", "a", "b"}),
            "-ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' ");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v", "EX", "abc"}),
            "-ERR value is not an integer or out of range");
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v", "BOGUS"}), "-ERR syntax error");
  // A command error never closes the connection.
  EXPECT_EQ(Cmd(c.get(), {"PING"}), "+PONG");
}

TEST_F(HiredisSyncTest, TwentyMegabyteValueRoundTrip) {
  Context c = Connect();
  ASSERT_TRUE(c);
  std::string value(20 * 1024 * 1024, '\0');
  for (size_t i = 0; i < value.size(); ++i)
    value[i] = static_cast<char>((i * 7919) >> 3);
  EXPECT_EQ(Cmd(c.get(), {"SET", "big", value}), "+OK");
  Reply r = Command(c.get(), {"GET", "big"});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->type, REDIS_REPLY_STRING);
  ASSERT_EQ(r->len, value.size());
  EXPECT_TRUE(std::string_view(r->str, r->len) == value);
  EXPECT_EQ(Cmd(c.get(), {"STRLEN", "big"}), ":20971520");
}

TEST_F(HiredisSyncTest, SelectAndDbsize) {
  Context c = Connect();
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":0");
  EXPECT_EQ(Cmd(c.get(), {"MSET", "a", "1", "b", "2"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":2");
  EXPECT_EQ(Cmd(c.get(), {"SELECT", "1"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":0");
  EXPECT_EQ(Cmd(c.get(), {"GET", "a"}), "(nil)");
  EXPECT_EQ(Cmd(c.get(), {"SET", "a", "db1"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"SELECT", "16"}), "-ERR DB index is out of range");
  EXPECT_EQ(Cmd(c.get(), {"SELECT", "x"}), "-ERR value is not an integer or out of range");
  EXPECT_EQ(Cmd(c.get(), {"SELECT", "0"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"GET", "a"}), "$1");
  // Each connection starts in database 0.
  Context other = Connect();
  ASSERT_TRUE(other);
  EXPECT_EQ(Cmd(other.get(), {"GET", "a"}), "$1");
}

}  // namespace
}  // namespace slotcache::blackbox
