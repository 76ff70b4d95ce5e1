#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

std::string SetFailed(std::string_view name, std::string_view reason) {
  return "-ERR CONFIG SET failed (possibly related to argument '" + std::string(name) + "') - " +
         std::string(reason) + "\r\n";
}

TEST(ConfigCommandsTest, GetReturnsFlatPairsInResp2AndMapInResp3) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "get", "hz"}), "*2\r\n$2\r\nhz\r\n$2\r\n10\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"config", "get", "hz"}), "%1\r\n$2\r\nhz\r\n$2\r\n10\r\n");
}

TEST(ConfigCommandsTest, GetEchoesPlainNamesAsGivenAndDeduplicates) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "get", "PORT"}), "*2\r\n$4\r\nPORT\r\n$4\r\n6379\r\n");
  EXPECT_EQ(h.Run({"config", "get", "PoRt", "port", "p*t"}), "*2\r\n$4\r\nPoRt\r\n$4\r\n6379\r\n");
  EXPECT_EQ(h.Run({"config", "get", "P*T"}), "*2\r\n$4\r\nport\r\n$4\r\n6379\r\n");
  EXPECT_EQ(h.Run({"config", "get", "nosuch"}), "*0\r\n");
}

TEST(ConfigCommandsTest, GetFormatsMatchRedis) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "get", "save"}), "*2\r\n$4\r\nsave\r\n$0\r\n\r\n");
  EXPECT_EQ(h.Run({"config", "get", "appendonly"}), "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
  EXPECT_EQ(h.Run({"config", "get", "client-output-buffer-limit"}),
            "*2\r\n$26\r\nclient-output-buffer-limit\r\n$67\r\nnormal 0 0 0 slave 268435456 "
            "67108864 60 pubsub 33554432 8388608 60\r\n");
  EXPECT_EQ(h.Run({"config", "get", "maxmemory-policy"}),
            "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n");
  EXPECT_EQ(h.Run({"config", "get", "bind"}), "*2\r\n$4\r\nbind\r\n$14\r\n127.0.0.1 -::1\r\n");
}

TEST(ConfigCommandsTest, GetArity) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "get"}),
            "-ERR wrong number of arguments for 'config|get' command\r\n");
}

TEST(ConfigCommandsTest, SetChangesAndNotifies) {
  CommandHarness h;
  std::vector<std::string> changed;
  h.state().on_config_change = [&](std::string_view name) { changed.emplace_back(name); };
  EXPECT_EQ(h.Run({"config", "set", "hz", "20", "LOGLEVEL", "Verbose"}), "+OK\r\n");
  EXPECT_EQ(h.state().config().hz, 20);
  EXPECT_EQ(h.Run({"config", "get", "loglevel"}), "*2\r\n$8\r\nloglevel\r\n$7\r\nverbose\r\n");
  EXPECT_EQ(changed, (std::vector<std::string>{"hz", "loglevel"}));
}

TEST(ConfigCommandsTest, SetIsAtomic) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "requirepass", "x", "hz", "1a"}),
            SetFailed("hz", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(h.state().config().requirepass, "");
}

TEST(ConfigCommandsTest, SetArgumentCountErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "a"}),
            "-ERR wrong number of arguments for 'config|set' command\r\n");
  EXPECT_EQ(h.Run({"config", "set", "hz", "1", "port"}), "-ERR syntax error\r\n");
}

TEST(ConfigCommandsTest, NameErrorsComeFirstInArgumentOrder) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "foo", "bar"}),
            "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
  EXPECT_EQ(h.Run({"config", "set", "hz", "abc", "foo", "bar"}),
            "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
  EXPECT_EQ(h.Run({"config", "set", "hz", "abc", "daemonize", "no"}),
            SetFailed("daemonize", "can't set immutable config"));
  EXPECT_EQ(h.Run({"config", "set", "DAEMONIZE", "no"}),
            SetFailed("DAEMONIZE", "can't set immutable config"));
  EXPECT_EQ(h.Run({"config", "set", "DIR", "/tmp"}),
            SetFailed("DIR", "can't set protected config"));
  EXPECT_EQ(h.Run({"config", "set", "hz", "1", "HZ", "2"}), SetFailed("HZ", "duplicate parameter"));
  EXPECT_EQ(h.Run({"config", "set", "port", "1"}), SetFailed("port", "can't set immutable config"));
}

TEST(ConfigCommandsTest, ValueErrorsNameTheDirective) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "HZ", "abc"}),
            SetFailed("hz", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(h.Run({"config", "set", "hz", "-1"}),
            SetFailed("hz", "argument must be between 0 and 2147483647 inclusive"));
  EXPECT_EQ(h.Run({"config", "set", "maxclients", "0"}),
            SetFailed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  EXPECT_EQ(h.Run({"config", "set", "maxclients", "99999999999"}),
            SetFailed("maxclients", "argument must be between 1 and 4294967295 inclusive"));
  EXPECT_EQ(h.Run({"config", "set", "timeout", "-1"}),
            SetFailed("timeout", "argument must be between 0 and 2147483647 inclusive"));
  EXPECT_EQ(h.Run({"config", "set", "tcp-keepalive", "1.5"}),
            SetFailed("tcp-keepalive", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(h.Run({"config", "set", "proto-max-bulk-len", "10"}),
            SetFailed("proto-max-bulk-len",
                      "argument must be between 1048576 and 9223372036854775807 inclusive"));
  EXPECT_EQ(h.Run({"config", "set", "proto-max-bulk-len", "-1"}),
            SetFailed("proto-max-bulk-len", "argument must be a memory value"));
  EXPECT_EQ(h.Run({"config", "set", "loglevel", "foo"}),
            SetFailed("loglevel",
                      "argument(s) must be one of the following: debug, verbose, notice, warning"));
  EXPECT_EQ(h.Run({"config", "set", "appendonly", "maybe"}),
            SetFailed("appendonly", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(h.Run({"config", "set", "save", "abc"}), SetFailed("save", "Invalid save parameters"));
  EXPECT_EQ(h.Run({"config", "set", "maxmemory", "abc"}),
            SetFailed("maxmemory", "argument must be a memory value"));
  EXPECT_EQ(h.Run({"config", "set", "maxmemory-policy", "foo"}),
            SetFailed("maxmemory-policy",
                      "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                      "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
                      "noeviction"));
}

TEST(ConfigCommandsTest, HzIsClampedLikeRedis) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "hz", "1000"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "get", "hz"}), "*2\r\n$2\r\nhz\r\n$3\r\n500\r\n");
  EXPECT_EQ(h.Run({"config", "set", "hz", "0"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "get", "hz"}), "*2\r\n$2\r\nhz\r\n$1\r\n1\r\n");
}

TEST(ConfigCommandsTest, AcceptedValuesOfUnimplementedFeatures) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "appendonly", "NO"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "set", "save", ""}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "set", "maxmemory", "0"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "set", "maxmemory-policy", "noeviction"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "set", "save", "900 1"}),
            SetFailed("save",
                      "RDB snapshots are not supported (persistence is the append-only "
                      "file)"));
}

TEST(ConfigCommandsTest, OutputBufferLimits) {
  CommandHarness h;
  std::string_view key = "client-output-buffer-limit";
  EXPECT_EQ(h.Run({"config", "set", std::string(key), "NORMAL 1k 0 1 replica 1mb 2 3"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "get", std::string(key)}),
            "*2\r\n$26\r\nclient-output-buffer-limit\r\n$60\r\nnormal 1000 0 1 slave 1048576 2 3 "
            "pubsub 33554432 8388608 60\r\n");
  EXPECT_EQ(h.Run({"config", "set", std::string(key), ""}), "+OK\r\n");
  EXPECT_EQ(h.Run({"config", "set", std::string(key), "foo 1 2 3"}),
            SetFailed(key, "Invalid client class specified in buffer limit configuration."));
  EXPECT_EQ(h.Run({"config", "set", std::string(key), "normal a 2 3"}),
            SetFailed(key,
                      "Error in hard, soft or soft_seconds setting in buffer limit "
                      "configuration."));
  EXPECT_EQ(h.Run({"config", "set", std::string(key), "normal 1 0 -1"}),
            SetFailed(key,
                      "Error in hard, soft or soft_seconds setting in buffer limit "
                      "configuration."));
  EXPECT_EQ(h.Run({"config", "set", std::string(key), "normal  0 0 0"}),
            SetFailed(key, "Wrong number of arguments in buffer limit configuration."));
}

TEST(ConfigCommandsTest, ResetStatKeepsDirtyAndCountsItself) {
  CommandHarness h;
  Stats& stats = h.state().stats();
  stats.keyspace_hits = 5;
  stats.total_connections_received = 9;
  stats.dirty = 4;
  EXPECT_EQ(h.Run({"config", "resetstat"}), "+OK\r\n");
  EXPECT_EQ(stats.keyspace_hits, 0u);
  EXPECT_EQ(stats.total_connections_received, 0u);
  EXPECT_EQ(stats.total_commands_processed, 1u);
  EXPECT_EQ(stats.dirty, 4u);
  EXPECT_EQ(h.Run({"config", "resetstat", "x"}),
            "-ERR wrong number of arguments for 'config|resetstat' command\r\n");
}

TEST(ConfigCommandsTest, HelpDoesNotAdvertiseRewrite) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "help"}),
            "*9\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
            "+GET <pattern>\r\n"
            "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
            "+SET <directive> <value>\r\n"
            "+    Set the configuration <directive> to <value>.\r\n"
            "+RESETSTAT\r\n"
            "+    Reset statistics reported by the INFO command.\r\n"
            "+HELP\r\n"
            "+    Prints this help.\r\n");
  EXPECT_EQ(h.Run({"config", "rewrite"}),
            "-ERR unknown subcommand 'rewrite'. Try CONFIG HELP.\r\n");
}

}  // namespace
}  // namespace slotcache::server
