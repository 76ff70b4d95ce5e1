// Expected bytes were checked against redis-server 7.0.15.
#include <gtest/gtest.h>

#include "tests/server/command_harness.h"
#include "tests/server/string_test_util.h"

namespace slotcache::server {
namespace {

const char* const kTooBig = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";

TEST(StringRangeCommandsTest, Append) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"append", "k", "123"}), ":3\r\n");
  EXPECT_EQ(h.Run({"append", "k", ""}), ":3\r\n");
  EXPECT_EQ(h.Run({"append", "k", "456"}), ":6\r\n");
  EXPECT_EQ(h.Run({"get", "k"}), Bulk("123456"));
  EXPECT_EQ(h.Run({"append", "empty", ""}), ":0\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).size(), 2u);  // an empty APPEND still creates the key
  EXPECT_EQ(h.Run({"append", "k"}), "-ERR wrong number of arguments for 'append' command\r\n");
}

TEST(StringRangeCommandsTest, AppendGrowsPastSmallEncodingsAndKeepsTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"setex", "k", "100", "x"}), kOk);
  std::string expected = "x";
  for (int i = 0; i < 200; ++i) {
    std::string piece(500, static_cast<char>('a' + i % 26));
    expected += piece;
    EXPECT_EQ(h.Run({"append", "k", piece}), ":" + std::to_string(expected.size()) + "\r\n");
  }
  EXPECT_EQ(h.Run({"get", "k"}), Bulk(expected));
  EXPECT_EQ(ExpireAt(h, "k"), h.now_ms() + 100000);
}

TEST(StringRangeCommandsTest, AppendLimit) {
  Config config;
  config.proto_max_bulk_len = 10;
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"append", "k", "12345"}), ":5\r\n");
  EXPECT_EQ(h.Run({"append", "k", "67890"}), ":10\r\n");
  EXPECT_EQ(h.Run({"append", "k", "x"}), kTooBig);
  EXPECT_EQ(h.Run({"append", "k", ""}), ":10\r\n");
}

TEST(StringRangeCommandsTest, Strlen) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"strlen", "k"}), ":0\r\n");
  EXPECT_EQ(h.Run({"set", "k", "Hello World"}), kOk);
  EXPECT_EQ(h.Run({"strlen", "k"}), ":11\r\n");
}

TEST(StringRangeCommandsTest, GetRange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "s", "Hello World"}), kOk);
  struct Case {
    const char* start;
    const char* end;
    const char* want;
  };
  for (const Case& c : {
           Case{"0", "-1", "Hello World"},
           Case{"-1", "-5", ""},
           Case{"-5", "-1", "World"},
           Case{"5", "3", ""},
           Case{"0", "100", "Hello World"},
           Case{"-100", "-100", "H"},
           Case{"-100", "2", "Hel"},
           Case{"3", "-100", ""},
           Case{"9223372036854775807", "9223372036854775807", ""},
           Case{"-9223372036854775808", "-1", "Hello World"},
           Case{"-9223372036854775808", "9223372036854775807", "Hello World"},
           Case{"4", "4", "o"},
       }) {
    EXPECT_EQ(h.Run({"getrange", "s", c.start, c.end}), Bulk(c.want)) << c.start << " " << c.end;
  }
  EXPECT_EQ(h.Run({"substr", "s", "1", "3"}), Bulk("ell"));
}

TEST(StringRangeCommandsTest, GetRangeEdges) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"getrange", "nokey", "0", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"set", "e", ""}), kOk);
  EXPECT_EQ(h.Run({"getrange", "e", "0", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"getrange", "e", "-1", "0"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"getrange", "e", "0", "0"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"getrange", "s", "x", "1"}), kNotInt);
  EXPECT_EQ(h.Run({"getrange", "s", "1", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"getrange", "nokey", "1", "x"}), kNotInt);  // checked before the lookup
  EXPECT_EQ(h.Run({"substr", "s", "1"}), "-ERR wrong number of arguments for 'substr' command\r\n");
}

TEST(StringRangeCommandsTest, SetRange) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "s", "Hello World"}), kOk);
  EXPECT_EQ(h.Run({"setrange", "s", "6", "Redis"}), ":11\r\n");
  EXPECT_EQ(h.Run({"get", "s"}), Bulk("Hello Redis"));
  EXPECT_EQ(h.Run({"setrange", "s", "9", "xyz"}), ":12\r\n");
  EXPECT_EQ(h.Run({"get", "s"}), Bulk("Hello Redxyz"));
  EXPECT_EQ(h.Run({"setrange", "s", "14", "!"}), ":15\r\n");
  EXPECT_EQ(h.Run({"get", "s"}), Bulk(std::string("Hello Redxyz\0\0!", 15)));
  EXPECT_EQ(h.Run({"setrange", "new", "3", "abc"}), ":6\r\n");
  EXPECT_EQ(h.Run({"get", "new"}), Bulk(std::string("\0\0\0abc", 6)));
  EXPECT_EQ(h.Run({"setrange", "new", "0", "z"}), ":6\r\n");
  EXPECT_EQ(h.Run({"get", "new"}), Bulk(std::string("z\0\0abc", 6)));
}

TEST(StringRangeCommandsTest, SetRangeGrowsFarAndKeepsTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"setex", "k", "100", "ab"}), kOk);
  EXPECT_EQ(h.Run({"setrange", "k", "70000", "z"}), ":70001\r\n");
  std::string expected = "ab" + std::string(69998, '\0') + "z";
  EXPECT_EQ(h.Run({"get", "k"}), Bulk(expected));
  EXPECT_EQ(ExpireAt(h, "k"), h.now_ms() + 100000);
}

TEST(StringRangeCommandsTest, SetRangeEmptyPatchWritesNothing) {
  CommandHarness h;
  uint64_t dirty = Dirty(h);
  EXPECT_EQ(h.Run({"setrange", "new", "5", ""}), ":0\r\n");
  EXPECT_EQ(h.Run({"setrange", "new", "536870912", ""}), ":0\r\n");  // no size check
  EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
  EXPECT_EQ(h.Run({"set", "s", "abc"}), kOk);
  EXPECT_EQ(h.Run({"setrange", "s", "100", ""}), ":3\r\n");
  EXPECT_EQ(Dirty(h), dirty + 1);
}

TEST(StringRangeCommandsTest, SetRangeErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "s", "abc"}), kOk);
  EXPECT_EQ(h.Run({"setrange", "s", "-1", "x"}), "-ERR offset is out of range\r\n");
  EXPECT_EQ(h.Run({"setrange", "s", "-1", ""}), "-ERR offset is out of range\r\n");
  EXPECT_EQ(h.Run({"setrange", "s", "x", "x"}), kNotInt);
  EXPECT_EQ(h.Run({"setrange", "s", "536870912", "x"}), kTooBig);
  EXPECT_EQ(h.Run({"setrange", "s", "536870911", "xy"}), kTooBig);
  EXPECT_EQ(h.Run({"setrange", "nokey", "9223372036854775807", "x"}), kTooBig);
  EXPECT_EQ(h.Run({"get", "s"}), Bulk("abc"));
  EXPECT_EQ(h.Run({"get", "nokey"}), kNull);
  EXPECT_EQ(h.Run({"setrange", "s", "1"}),
            "-ERR wrong number of arguments for 'setrange' command\r\n");
}

TEST(StringRangeCommandsTest, SetRangeLimitFollowsConfig) {
  Config config;
  config.proto_max_bulk_len = 8;
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"setrange", "k", "5", "abc"}), ":8\r\n");
  EXPECT_EQ(h.Run({"setrange", "k", "6", "abc"}), kTooBig);
}

}  // namespace
}  // namespace slotcache::server
