// EXPIRE family, TTL/PTTL, EXPIRETIME/PEXPIRETIME, PERSIST. Expected bytes are what
// redis-server 7.0.15 replied to the same commands (times scaled to the harness's clock).
#include <gtest/gtest.h>

#include <string>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

void Put(CommandHarness& h, std::string_view key, int64_t expire_at = kNoExpire) {
  h.state().keyspace().db(0).Set(key, "v", expire_at);
}

int64_t ExpireAt(CommandHarness& h, std::string_view key) {
  Entry* e = h.state().keyspace().db(0).Find(key, h.now_ms());
  return e ? e->expire_at() : -2;
}

TEST(ExpireCommandsTest, OptionErrorsComeBeforeTheNumber) {
  CommandHarness h;
  Put(h, "k");
  const std::string nx_error =
      "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n";
  EXPECT_EQ(h.Run({"expire", "k", "10", "nx", "xx"}), nx_error);
  EXPECT_EQ(h.Run({"expire", "k", "abc", "nx", "xx"}), nx_error);
  EXPECT_EQ(h.Run({"expire", "k", "10", "nx", "gt"}), nx_error);
  EXPECT_EQ(h.Run({"expire", "k", "10", "NX", "lt"}), nx_error);
  EXPECT_EQ(h.Run({"expire", "missing", "10", "nx", "xx"}), nx_error);
  EXPECT_EQ(h.Run({"expire", "k", "10", "gt", "lt"}),
            "-ERR GT and LT options at the same time are not compatible\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "foo"}), "-ERR Unsupported option foo\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "nx", "foo"}), "-ERR Unsupported option foo\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "foo", "nx", "xx"}), "-ERR Unsupported option foo\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "abc"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"expire", "missing", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"expire", "k"}), "-ERR wrong number of arguments for 'expire' command\r\n");
  EXPECT_EQ(h.Run({"pexpireat", "k"}),
            "-ERR wrong number of arguments for 'pexpireat' command\r\n");
  EXPECT_EQ(h.state().stats().dirty, 0u);
}

TEST(ExpireCommandsTest, Overflow) {
  CommandHarness h;
  Put(h, "k");
  EXPECT_EQ(h.Run({"expire", "k", "9223372036854775807"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "9223372036854775807"}),
            "-ERR invalid expire time in 'pexpire' command\r\n");
  EXPECT_EQ(h.Run({"expireat", "k", "9223372036854775807"}),
            "-ERR invalid expire time in 'expireat' command\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "-9223372036854775807"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "9223372036854775"}),
            "-ERR invalid expire time in 'expire' command\r\n");
  // Overflow is found before the key is looked up.
  EXPECT_EQ(h.Run({"pexpire", "missing", "9223372036854775807"}),
            "-ERR invalid expire time in 'pexpire' command\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "9223372036854775808"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "9223372036854"}), ":1\r\n");
  EXPECT_EQ(h.Run({"ttl", "k"}), ":9223372036854\r\n");
  EXPECT_EQ(h.Run({"pexpireat", "k", "9223372036854775807"}), ":1\r\n");
  EXPECT_EQ(h.Run({"expiretime", "k"}), ":9223372036854776\r\n");
  EXPECT_EQ(h.Run({"pexpiretime", "k"}), ":9223372036854775807\r\n");
  EXPECT_EQ(h.Run({"pttl", "k"}), ":" + std::to_string(INT64_MAX - h.now_ms()) + "\r\n");
}

TEST(ExpireCommandsTest, UnitsAndBases) {
  CommandHarness h;
  Put(h, "k");
  EXPECT_EQ(h.Run({"expire", "k", "10"}), ":1\r\n");
  EXPECT_EQ(ExpireAt(h, "k"), h.now_ms() + 10000);
  EXPECT_EQ(h.Run({"pexpire", "k", "10"}), ":1\r\n");
  EXPECT_EQ(ExpireAt(h, "k"), h.now_ms() + 10);
  EXPECT_EQ(h.Run({"expireat", "k", "33177117420"}), ":1\r\n");
  EXPECT_EQ(ExpireAt(h, "k"), 33177117420000);
  EXPECT_EQ(h.Run({"pexpireat", "k", "33177117420001"}), ":1\r\n");
  EXPECT_EQ(ExpireAt(h, "k"), 33177117420001);
  EXPECT_EQ(h.Run({"expire", "missing", "10"}), ":0\r\n");
  EXPECT_EQ(h.state().stats().dirty, 4u);
  EXPECT_EQ(h.state().keyspace().db(0).CheckInvariants(), "");
}

TEST(ExpireCommandsTest, PastTimesDeleteTheKey) {
  CommandHarness h;
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"expire", "k", "-1"},
           {"expire", "k", "0"},
           {"expireat", "k", "-5"},
           {"pexpireat", "k", "1"},
           {"pexpireat", "k", std::to_string(h.now_ms())},  // due now: already expired
       }) {
    Put(h, "k");
    uint64_t dirty = h.state().stats().dirty;
    EXPECT_EQ(h.Run(args), ":1\r\n") << args[0] << " " << args[2];
    EXPECT_EQ(h.Run({"exists", "k"}), ":0\r\n");
    EXPECT_EQ(h.state().stats().dirty, dirty + 1);
    EXPECT_EQ(h.state().keyspace().db(0).size(), 0u);
  }
  Put(h, "k");
  EXPECT_EQ(h.Run({"pexpireat", "k", std::to_string(h.now_ms() + 1)}), ":1\r\n");
  EXPECT_EQ(h.Run({"pttl", "k"}), ":1\r\n");
}

TEST(ExpireCommandsTest, ConditionalFlags) {
  CommandHarness h;
  Put(h, "k");
  EXPECT_EQ(h.Run({"expire", "k", "10", "xx", "gt"}), ":0\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "xx"}), ":0\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "gt"}), ":0\r\n");  // no TTL counts as infinite
  EXPECT_EQ(h.Run({"expire", "k", "100", "lt"}), ":1\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "100", "lt", "xx"}), ":0\r\n");  // equal is not less
  EXPECT_EQ(h.Run({"pexpire", "k", "100", "nx"}), ":0\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "100", "xx"}), ":1\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "100", "gt"}), ":0\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "200", "GT"}), ":1\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "200", "lt"}), ":0\r\n");
  EXPECT_EQ(h.Run({"pexpire", "k", "50", "lt"}), ":1\r\n");
  EXPECT_EQ(h.Run({"pttl", "k"}), ":50\r\n");
  EXPECT_EQ(h.Run({"persist", "k"}), ":1\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "10", "NX"}), ":1\r\n");
  EXPECT_EQ(h.Run({"ttl", "k"}), ":10\r\n");
  // A past time with a failing condition leaves the key alone.
  EXPECT_EQ(h.Run({"expire", "k", "-1", "gt"}), ":0\r\n");
  EXPECT_EQ(h.Run({"exists", "k"}), ":1\r\n");
  EXPECT_EQ(h.Run({"expire", "k", "-1", "lt"}), ":1\r\n");
  EXPECT_EQ(h.Run({"exists", "k"}), ":0\r\n");
}

TEST(ExpireCommandsTest, TtlAndExpireTime) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ttl", "missing"}), ":-2\r\n");
  EXPECT_EQ(h.Run({"pttl", "missing"}), ":-2\r\n");
  EXPECT_EQ(h.Run({"expiretime", "missing"}), ":-2\r\n");
  EXPECT_EQ(h.Run({"pexpiretime", "missing"}), ":-2\r\n");
  Put(h, "k");
  EXPECT_EQ(h.Run({"ttl", "k"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"pttl", "k"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"expiretime", "k"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"pexpiretime", "k"}), ":-1\r\n");
  h.Run({"pexpireat", "k", "33177117420499"});
  EXPECT_EQ(h.Run({"expiretime", "k"}), ":33177117420\r\n");
  EXPECT_EQ(h.Run({"pexpiretime", "k"}), ":33177117420499\r\n");
  h.Run({"pexpireat", "k", "33177117420500"});
  EXPECT_EQ(h.Run({"expiretime", "k"}), ":33177117421\r\n");
  h.Run({"pexpire", "k", "1499"});
  EXPECT_EQ(h.Run({"ttl", "k"}), ":1\r\n");  // TTL rounds to the nearest second
  h.Run({"pexpire", "k", "1500"});
  EXPECT_EQ(h.Run({"ttl", "k"}), ":2\r\n");
  h.AdvanceMs(1500);
  EXPECT_EQ(h.Run({"pttl", "k"}), ":0\r\n");  // due now, still there
  h.AdvanceMs(1);
  EXPECT_EQ(h.Run({"pttl", "k"}), ":-2\r\n");
  EXPECT_EQ(h.Run({"ttl"}), "-ERR wrong number of arguments for 'ttl' command\r\n");
}

TEST(ExpireCommandsTest, Persist) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"persist", "missing"}), ":0\r\n");
  Put(h, "k");
  EXPECT_EQ(h.Run({"persist", "k"}), ":0\r\n");
  h.Run({"expire", "k", "100"});
  uint64_t dirty = h.state().stats().dirty;
  EXPECT_EQ(h.Run({"persist", "k"}), ":1\r\n");
  EXPECT_EQ(h.state().stats().dirty, dirty + 1);
  EXPECT_EQ(h.Run({"ttl", "k"}), ":-1\r\n");
  EXPECT_EQ(h.state().keyspace().db(0).volatile_size(), 0u);
  EXPECT_EQ(h.Run({"persist", "k"}), ":0\r\n");
  EXPECT_EQ(h.state().stats().dirty, dirty + 1);
}

TEST(ExpireCommandsTest, ExpiredKeysAreGoneForEveryCommand) {
  CommandHarness h;
  Put(h, "k", h.now_ms() + 10);
  h.AdvanceMs(11);
  EXPECT_EQ(h.Run({"expire", "k", "100"}), ":0\r\n");
  EXPECT_EQ(h.Run({"persist", "k"}), ":0\r\n");
  EXPECT_EQ(h.Run({"ttl", "k"}), ":-2\r\n");
  EXPECT_EQ(h.state().stats().expired_keys, 1u);
}

TEST(ExpireCommandsTest, ReplicaKeepsPastTtlsInsteadOfDeleting) {
  CommandHarness h;
  h.state().keyspace().SetDeleteExpired(false);
  Put(h, "k");
  EXPECT_EQ(h.Run({"pexpireat", "k", "-1"}), ":1\r\n");
  EXPECT_EQ(h.Run({"exists", "k"}), ":0\r\n");                // hidden
  EXPECT_EQ(h.state().keyspace().db(0).size(), 1u);           // not deleted
  EXPECT_EQ(h.state().keyspace().db(0).volatile_size(), 1u);  // -1 ms is not "no TTL"
}

}  // namespace
}  // namespace slotcache::server
