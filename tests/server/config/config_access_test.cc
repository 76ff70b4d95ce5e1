#include "server/config/config_access.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace slotcache::server {
namespace {

std::string Report(int line, std::string_view text, std::string_view reason) {
  return fmt::format(
      "\n*** FATAL CONFIG FILE ERROR (slotcache) ***\nReading the configuration file, at line "
      "{}\n>>> '{}'\n{}",
      line, text, reason);
}

// The error report for a config text whose third line is `line`.
std::string ErrorFor(std::string_view line) {
  Config config;
  absl::Status status = ApplyConfigText(fmt::format("# c\n\n{}\n", line), &config);
  return std::string(status.message());
}

TEST(ConfigTest, ParsesDirectivesCommentsAndQuotes) {
  Config config;
  std::string text =
      "# comment\n  port 7000  \nbind 127.0.0.1 ::1\nrequirepass \"a b\"\nhz 1000\n"
      "loglevel WARNING\nmaxclients 5\nsave \"\"\nappendonly no\ndaemonize NO\n"
      "client-output-buffer-limit normal 1mb 2kb 3 pubsub 1 2 3\nproto-max-bulk-len 2mb\n";
  ASSERT_TRUE(ApplyConfigText(text, &config).ok());
  EXPECT_EQ(config.port, 7000);
  EXPECT_EQ(config.bind, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(config.requirepass, "a b");
  EXPECT_EQ(config.hz, 500);  // clamped like Redis
  EXPECT_EQ(config.loglevel, "warning");
  EXPECT_EQ(config.maxclients, 5);
  EXPECT_EQ(config.output_limit_normal.hard_bytes, 1u << 20);
  EXPECT_EQ(config.output_limit_normal.soft_bytes, 2048u);
  EXPECT_EQ(config.output_limit_pubsub.soft_seconds, 3);
  EXPECT_EQ(config.proto_max_bulk_len, 2 << 20);
}

TEST(ConfigTest, ErrorsNameTheLineAndReasonLikeRedis) {
  EXPECT_EQ(ErrorFor("hz abc"), Report(3, "hz abc", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(ErrorFor("foo bar"),
            Report(3, "foo bar", "Bad directive or wrong number of arguments"));
  EXPECT_EQ(ErrorFor("hz 1 2"), Report(3, "hz 1 2", "wrong number of arguments"));
  EXPECT_EQ(ErrorFor("port 99999"),
            Report(3, "port 99999", "argument must be between 0 and 65535 inclusive"));
  EXPECT_EQ(ErrorFor("loglevel foo"),
            Report(3, "loglevel foo",
                   "argument(s) must be one of the following: debug, verbose, notice, warning"));
  EXPECT_EQ(ErrorFor("save abc"), Report(3, "save abc", "Invalid save parameters"));
  EXPECT_EQ(ErrorFor("save 900"), Report(3, "save 900", "Invalid save parameters"));
  EXPECT_EQ(ErrorFor("appendonly maybe"),
            Report(3, "appendonly maybe", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(ErrorFor("appendonly"), Report(3, "appendonly", "wrong number of arguments"));
  EXPECT_EQ(ErrorFor("daemonize maybe"),
            Report(3, "daemonize maybe", "argument must be 'yes' or 'no'"));
  EXPECT_EQ(ErrorFor("databases 0"),
            Report(3, "databases 0", "argument must be between 1 and 2147483647 inclusive"));
  EXPECT_EQ(ErrorFor("requirepass \"a"),
            Report(3, "requirepass \"a", "Unbalanced quotes in configuration line"));
  EXPECT_EQ(ErrorFor("client-output-buffer-limit normal 1 2"),
            Report(3, "client-output-buffer-limit normal 1 2",
                   "Wrong number of arguments in buffer limit configuration."));
  EXPECT_EQ(ErrorFor("maxclients 0"),
            Report(3, "maxclients 0", "argument must be between 1 and 4294967295 inclusive"));
  EXPECT_EQ(ErrorFor("proto-max-bulk-len 1x"),
            Report(3, "proto-max-bulk-len 1x", "argument must be a memory value"));
  EXPECT_EQ(ErrorFor("dir /nonexistent"),
            Report(3, "dir /nonexistent", "No such file or directory"));
  EXPECT_EQ(ErrorFor("tcp-keepalive 1.5"),
            Report(3, "tcp-keepalive 1.5", "argument couldn't be parsed into an integer"));
  EXPECT_EQ(ErrorFor("timeout -1"),
            Report(3, "timeout -1", "argument must be between 0 and 2147483647 inclusive"));
  EXPECT_EQ(ErrorFor("requirepass a b"), Report(3, "requirepass a b", "wrong number of arguments"));
}

TEST(ConfigTest, UnimplementedValuesFailLoudly) {
  EXPECT_EQ(ErrorFor("appendfilename a/b"),
            Report(3, "appendfilename a/b", "appendfilename can't be a path, just a filename"));
  EXPECT_EQ(ErrorFor("save 900 1"),
            Report(3, "save 900 1",
                   "RDB snapshots are not supported (persistence is the append-only file)"));
  EXPECT_EQ(ErrorFor("maxmemory-clients 1mb"),
            Report(3, "maxmemory-clients 1mb", "client eviction is not implemented (only 0)"));
}

TEST(ConfigTest, MemoryAndEvictionDirectives) {
  Config config;
  ASSERT_TRUE(ApplyConfigText("maxmemory 1gb\nmaxmemory-policy ALLKEYS-LFU\n"
                              "maxmemory-samples 10\nlfu-log-factor 0\nlfu-decay-time 0\n"
                              "maxmemory-eviction-tenacity 100\nmaxmemory-clients 0\n",
                              &config)
                  .ok());
  EXPECT_EQ(config.maxmemory, uint64_t{1} << 30);
  EXPECT_EQ(config.maxmemory_policy, EvictionPolicy::kAllKeysLfu);
  EXPECT_EQ(config.maxmemory_samples, 10);
  EXPECT_EQ(config.lfu_log_factor, 0);
  EXPECT_EQ(config.lfu_decay_time, 0);
  EXPECT_EQ(config.maxmemory_eviction_tenacity, 100);
  // Redis's memtoull units: k/m/g are powers of 1000, kb/mb/gb powers of 1024.
  for (auto [text, bytes] : {std::pair<std::string, uint64_t>{"100", 100},
                             {"2k", 2000},
                             {"2kb", 2048},
                             {"3m", 3000000},
                             {"3MB", 3 << 20},
                             {"1g", 1000000000}}) {
    ASSERT_TRUE(ApplyConfigText("maxmemory " + text, &config).ok()) << text;
    EXPECT_EQ(config.maxmemory, bytes) << text;
  }
  EXPECT_FALSE(ApplyConfigText("maxmemory 1.5mb", &config).ok());
  EXPECT_FALSE(ApplyConfigText("maxmemory -1", &config).ok());
  EXPECT_FALSE(ApplyConfigText("maxmemory-samples 0", &config).ok());
  EXPECT_FALSE(ApplyConfigText("maxmemory-eviction-tenacity 101", &config).ok());
}

TEST(ConfigTest, ArgumentsFollowTheFile) {
  char path[] = "/tmp/slotcache_config_testXXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << "port 7000\nhz 20\n";
  std::vector<std::string> words = {"slotcache-server", path,    "--port", "7001",
                                    "--requirepass",    "a \"b", "--save", ""};
  std::vector<char*> argv;
  for (std::string& w : words)
    argv.push_back(w.data());
  absl::StatusOr<Config> config = ConfigFromArgs(argv);
  std::remove(path);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->port, 7001);
  EXPECT_EQ(config->hz, 20);
  EXPECT_EQ(config->requirepass, "a \"b");
  EXPECT_EQ(config->config_file, path);
}

TEST(ConfigTest, ArgumentErrorsReportTheirLine) {
  std::vector<std::string> words = {"slotcache-server", "--port", "7001", "--hz", "x"};
  std::vector<char*> argv;
  for (std::string& w : words)
    argv.push_back(w.data());
  absl::StatusOr<Config> config = ConfigFromArgs(argv);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            Report(3, "hz \"x\"", "argument couldn't be parsed into an integer"));
}

TEST(ConfigTest, MissingFileIsReported) {
  std::vector<std::string> words = {"slotcache-server", "/nonexistent/slotcache.conf"};
  std::vector<char*> argv;
  for (std::string& w : words)
    argv.push_back(w.data());
  EXPECT_EQ(ConfigFromArgs(argv).status().message(),
            "Fatal error, can't open config file '/nonexistent/slotcache.conf'");
}

TEST(ConfigTest, ParseMemoryIsRedisMemtoull) {
  uint64_t v = 1;
  EXPECT_TRUE(ParseMemory("100", &v) && v == 100);
  EXPECT_TRUE(ParseMemory("1k", &v) && v == 1000);
  EXPECT_TRUE(ParseMemory("1KB", &v) && v == 1024);
  EXPECT_TRUE(ParseMemory("5mb", &v) && v == 5 << 20);
  EXPECT_TRUE(ParseMemory("2G", &v) && v == 2000000000);
  EXPECT_TRUE(ParseMemory("2gb", &v) && v == 2LL << 30);
  EXPECT_TRUE(ParseMemory("010b", &v) && v == 10);
  EXPECT_FALSE(ParseMemory("-1", &v));
  EXPECT_FALSE(ParseMemory("+1", &v));
  EXPECT_FALSE(ParseMemory("1x", &v));
  EXPECT_FALSE(ParseMemory("1 kb", &v));
  // As Redis: no digits read as 0, a number past 2^64-1 saturates, the unit's product wraps.
  EXPECT_TRUE(ParseMemory("", &v) && v == 0);
  EXPECT_TRUE(ParseMemory("gb", &v) && v == 0);
  EXPECT_TRUE(ParseMemory("99999999999999999999", &v) && v == UINT64_MAX);
  EXPECT_TRUE(ParseMemory("20000000000gb", &v) && v == 3028092406290448384u);
}

TEST(ConfigTest, MemorySizesPastTheirTypeAsRedis) {
  Config config;
  EXPECT_TRUE(ApplyConfigText("maxmemory 99999999999999999999", &config).ok());
  EXPECT_EQ(config.maxmemory, UINT64_MAX);
  // repl-backlog-size is a long long in Redis: 2^63 and above read as negative, out of range.
  EXPECT_FALSE(ApplyConfigText("repl-backlog-size 9223372036854775808", &config).ok());
  EXPECT_TRUE(ApplyConfigText("repl-backlog-size 9223372036854775807", &config).ok());
  EXPECT_TRUE(ApplyConfigText("cluster-node-timeout 0", &config).ok());
  EXPECT_EQ(config.NodeTimeoutMs(), 100u);
  EXPECT_TRUE(ApplyConfigText("cluster-node-timeout 9223372036854775807", &config).ok());
  EXPECT_EQ(config.NodeTimeoutMs(), static_cast<uint32_t>(INT32_MAX));
}

}  // namespace
}  // namespace slotcache::server

namespace slotcache::server {
namespace {

TEST(ConfigTest, ClusterDirectives) {
  Config config;
  std::string text =
      "port 7000\ncluster-enabled yes\ncluster-seeds 127.0.0.1:7000 127.0.0.1:7001\n"
      "cluster-node-timeout 2000\nreplicaof 127.0.0.1 7000\n";
  ASSERT_TRUE(ApplyConfigText(text, &config).ok());
  EXPECT_TRUE(config.cluster_enabled);
  EXPECT_EQ(config.cluster_seeds, (std::vector<std::string>{"127.0.0.1:7000", "127.0.0.1:7001"}));
  EXPECT_EQ(config.cluster_node_timeout, 2000);
  EXPECT_EQ(config.ClusterBusPort(), 17000);
  EXPECT_EQ(config.replicaof, "127.0.0.1 7000");
  EXPECT_EQ(ErrorFor("cluster-seeds 127.0.0.1"),
            Report(3, "cluster-seeds 127.0.0.1",
                   "Invalid seed '127.0.0.1': expected ip:port or ip:port@bus-port"));
  EXPECT_EQ(ErrorFor("replicaof host"), Report(3, "replicaof host", "wrong number of arguments"));
}

}  // namespace
}  // namespace slotcache::server

namespace slotcache::server {
namespace {

TEST(ConfigTest, MultiArgumentDirectiveInOneQuotedWord) {
  Config config;
  ASSERT_TRUE(
      ApplyConfigText("client-output-buffer-limit \"normal 64mb 32mb 10\"\n", &config).ok());
  EXPECT_EQ(config.output_limit_normal.hard_bytes, 64ULL << 20);
  EXPECT_EQ(config.output_limit_normal.soft_seconds, 10);
}

}  // namespace
}  // namespace slotcache::server
