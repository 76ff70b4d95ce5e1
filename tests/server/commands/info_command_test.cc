#include <gtest/gtest.h>

#include <string>

#include "server/stats/info_sections.h"
#include "server/stats/process_stats.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

// The bulk payload of a RESP2 bulk reply.
std::string Payload(const std::string& reply) {
  size_t start = reply.find("\r\n") + 2;
  return reply.substr(start, reply.size() - start - 2);
}

std::vector<std::string> Titles(const std::string& text) {
  std::vector<std::string> titles;
  for (size_t pos = 0; (pos = text.find("# ", pos)) != std::string::npos; pos += 2) {
    titles.push_back(text.substr(pos + 2, text.find("\r\n", pos) - pos - 2));
  }
  return titles;
}

TEST(InfoCommandTest, SingleSectionIsExactBulk) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"info", "cluster"}), "$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
  EXPECT_EQ(h.Run({"info", "keyspace"}), "$12\r\n# Keyspace\r\n\r\n");
}

// Cluster clients (redis-py's RedisCluster) refuse a node whose INFO says cluster_enabled:0.
TEST(InfoCommandTest, ClusterModeSaysClusterEnabled) {
  Config config;
  config.cluster_enabled = true;
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"info", "cluster"}), "$30\r\n# Cluster\r\ncluster_enabled:1\r\n\r\n");
}

TEST(InfoCommandTest, UnknownSectionGivesEmptyBulk) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"info", "foo"}), "$0\r\n\r\n");
}

TEST(InfoCommandTest, SectionsAreSeparatedByOneBlankLineInRedisOrder) {
  CommandHarness h;
  std::string text = Payload(h.Run({"info", "KEYSPACE", "Cluster", "foo"}));
  EXPECT_EQ(text, "# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\n");
}

TEST(InfoCommandTest, DefaultAllAndEverything) {
  CommandHarness h;
  std::vector<std::string> expected = {"Server",  "Clients",     "Memory", "Persistence",
                                       "Stats",   "Replication", "CPU",    "Modules",
                                       "Cluster", "Keyspace"};
  EXPECT_EQ(Titles(Payload(h.Run({"info"}))), expected);
  EXPECT_EQ(Titles(Payload(h.Run({"info", "default"}))), expected);
  EXPECT_EQ(Titles(Payload(h.Run({"info", "all"}))), expected);
  EXPECT_EQ(Titles(Payload(h.Run({"info", "everything"}))), expected);
  EXPECT_EQ(Titles(Payload(h.Run({"info", "modules"}))), std::vector<std::string>{"Modules"});
}

TEST(InfoCommandTest, LastSectionHasNoTrailingBlankLine) {
  CommandHarness h;
  std::string text = Payload(h.Run({"info"}));
  EXPECT_TRUE(text.ends_with("# Keyspace\r\n"));
  EXPECT_EQ(text.find("\r\n\r\n\r\n"), std::string::npos);
}

TEST(InfoCommandTest, ServerFieldsClientsRely) {
  Config config;
  config.port = 7777;
  CommandHarness h(config);
  std::string text = Payload(h.Run({"info", "server"}));
  EXPECT_TRUE(text.starts_with("# Server\r\nredis_version:7.0.15\r\nslotcache_version:0.1.0\r\n"));
  EXPECT_NE(text.find("\r\nredis_mode:standalone\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\ntcp_port:7777\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nrun_id:" + h.state().run_id() + "\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nhz:10\r\nconfigured_hz:10\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nconfig_file:\r\n"), std::string::npos);
}

TEST(InfoCommandTest, UptimeUsesTheCommandClock) {
  CommandHarness h;
  h.state().set_start_ms(h.now_ms() - 2 * 86400 * 1000 - 5000);
  std::string text = Payload(h.Run({"info", "server"}));
  EXPECT_NE(text.find("\r\nuptime_in_seconds:172805\r\nuptime_in_days:2\r\n"), std::string::npos);
}

TEST(InfoCommandTest, PersistenceSaysNotLoading) {
  CommandHarness h;
  std::string text = Payload(h.Run({"info", "persistence"}));
  EXPECT_TRUE(text.starts_with("# Persistence\r\nloading:0\r\n"));
  EXPECT_NE(text.find("\r\naof_enabled:0\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nrdb_bgsave_in_progress:0\r\n"), std::string::npos);
}

TEST(InfoCommandTest, StatsAndClientsReflectState) {
  CommandHarness h;
  h.NewClient();
  h.state().stats().keyspace_hits = 7;
  h.state().stats().expired_keys = 3;
  std::string stats = Payload(h.Run({"info", "stats"}));
  EXPECT_NE(stats.find("\r\nkeyspace_hits:7\r\n"), std::string::npos);
  EXPECT_NE(stats.find("\r\nexpired_keys:3\r\n"), std::string::npos);
  EXPECT_NE(stats.find("\r\ninstantaneous_ops_per_sec:0\r\n"), std::string::npos);
  std::string clients = Payload(h.Run({"info", "clients"}));
  EXPECT_NE(clients.find("connected_clients:2\r\n"), std::string::npos);
  EXPECT_NE(clients.find("maxclients:10000\r\n"), std::string::npos);
  EXPECT_NE(clients.find("blocked_clients:0\r\n"), std::string::npos);
}

TEST(InfoCommandTest, ReplicationAndMemory) {
  CommandHarness h;
  std::string repl = Payload(h.Run({"info", "replication"}));
  EXPECT_TRUE(repl.starts_with("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"));
  EXPECT_NE(repl.find("master_replid:" + h.state().replid() + "\r\n"), std::string::npos);
  EXPECT_NE(repl.find("master_repl_offset:0\r\n"), std::string::npos);
  std::string memory = Payload(h.Run({"info", "memory"}));
  EXPECT_TRUE(memory.starts_with("# Memory\r\nused_memory:"));
  EXPECT_NE(memory.find("\r\nmaxmemory:0\r\n"), std::string::npos);
  EXPECT_NE(memory.find("\r\nmaxmemory_policy:noeviction\r\n"), std::string::npos);
  EXPECT_NE(memory.find("\r\nmem_fragmentation_ratio:"), std::string::npos);
}

TEST(InfoCommandTest, KeyspaceListsNonEmptyDatabases) {
  CommandHarness h;
  h.state().keyspace().db(0).Set("a", "1", kNoExpire);
  h.state().keyspace().db(0).Set("b", "1", h.now_ms() + 1000);
  h.state().keyspace().db(3).Set("c", "1", kNoExpire);
  EXPECT_EQ(Payload(h.Run({"info", "keyspace"})),
            "# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n");
}

TEST(InfoCommandTest, Resp3RepliesVerbatim) {
  CommandHarness h;
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"info", "cluster"}), "=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
}

TEST(InfoCommandTest, OpsSamplerAveragesSixteenSamples) {
  CommandHarness h;
  ServerState& s = h.state();
  s.RecordStatsSample(1000, 0);
  s.stats().total_commands_processed = 160;
  s.RecordStatsSample(1100, 0);  // 160 ops in 100 ms = 1600/s, averaged over 16 samples
  EXPECT_EQ(s.ops_rate().PerSecond(), 100);
  s.stats().total_net_input_bytes = 1024;
  s.RecordStatsSample(2100, 0);  // 1024 B/s
  EXPECT_EQ(s.net_input_rate().PerSecond(), 64);
  EXPECT_NE(Payload(h.Run({"info", "stats"})).find("\r\ninstantaneous_input_kbps:0.06\r\n"),
            std::string::npos);
}

TEST(InfoCommandTest, PeakMemoryNeverDrops) {
  CommandHarness h;
  h.state().RecordStatsSample(1000, 1ULL << 40);
  std::string memory = Payload(h.Run({"info", "memory"}));
  EXPECT_NE(memory.find("\r\nused_memory_peak:1099511627776\r\nused_memory_peak_human:1.00T\r\n"),
            std::string::npos);
}

TEST(ProcessStatsTest, BytesToHumanMatchesRedis) {
  EXPECT_EQ(BytesToHuman(0), "0B");
  EXPECT_EQ(BytesToHuman(1023), "1023B");
  EXPECT_EQ(BytesToHuman(916528), "895.05K");
  EXPECT_EQ(BytesToHuman(6979584), "6.66M");
  EXPECT_EQ(BytesToHuman(25276510208ULL), "23.54G");
}

}  // namespace
}  // namespace slotcache::server
