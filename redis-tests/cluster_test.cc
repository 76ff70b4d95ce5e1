// A real 6-node cluster (3 primaries, 3 replicas) driven by redis-cli -c, redis-benchmark
// --cluster and hiredis: it forms through Raft, every node serves the same map, keys follow
// MOVED to every primary, and a stopped primary is flagged as failed and recovers.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <set>
#include <string>

#include "redis-tests/cluster_fixture.h"

namespace slotcache::blackbox {
namespace {

TEST_F(ClusterTest, EveryNodeServesTheSameMap) {
  std::string nodes = Topology(Bulk(0, {"CLUSTER", "NODES"}));
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), '\n'), LocalCluster::kNodes) << nodes;
  Context first = ConnectHiredis(cluster_.port(0));
  std::string slots = Describe(Command(first.get(), {"CLUSTER", "SLOTS"}).get());
  std::string shards = Describe(Command(first.get(), {"CLUSTER", "SHARDS"}).get());
  for (int i = 1; i < LocalCluster::kNodes; ++i) {
    EXPECT_EQ(Topology(Bulk(i, {"CLUSTER", "NODES"})), nodes) << "node " << i;
    Context c = ConnectHiredis(cluster_.port(i));
    EXPECT_EQ(Describe(Command(c.get(), {"CLUSTER", "SLOTS"}).get()), slots) << "node " << i;
    EXPECT_EQ(Describe(Command(c.get(), {"CLUSTER", "SHARDS"}).get()), shards) << "node " << i;
  }
  ExpectRecentPongs(4);
  std::string info = Bulk(3, {"CLUSTER", "INFO"});
  EXPECT_NE(info.find("cluster_known_nodes:6\r\ncluster_size:3\r\n"), std::string::npos) << info;
  // redis-py's RedisCluster refuses a node whose INFO does not say cluster_enabled:1.
  EXPECT_NE(Bulk(3, {"INFO"}).find("cluster_enabled:1\r\n"), std::string::npos);
}

TEST_F(ClusterTest, RedisCliFollowsMovedToEveryPrimary) {
  for (int k = 0; k < 60; ++k) {
    ProcessResult set =
        Cli(k % LocalCluster::kNodes, {"SET", "key:" + std::to_string(k), "v" + std::to_string(k)});
    ASSERT_EQ(set.output, "OK\n") << set.output;
  }
  for (int k = 0; k < 60; ++k) {
    ProcessResult get =
        Cli((k + 1) % LocalCluster::kPrimaries, {"GET", "key:" + std::to_string(k)});
    EXPECT_EQ(get.output, "v" + std::to_string(k) + "\n");
  }
  for (int i = 0; i < LocalCluster::kPrimaries; ++i) {
    Context c = ConnectHiredis(cluster_.port(i));
    EXPECT_NE(Cmd(c.get(), {"DBSIZE"}), ":0") << "primary " << i << " got no keys";
  }
  Context c = ConnectHiredis(cluster_.port(0));
  EXPECT_EQ(Cmd(c.get(), {"MGET", "{t}a", "{u}b"}),
            "-CROSSSLOT Keys in request don't hash to the same slot");
}

TEST_F(ClusterTest, RedisBenchmarkClusterMode) {
  ProcessResult bench = RunProcess({"redis-benchmark", "-p", std::to_string(cluster_.port(0)),
                                    "--cluster", "-t", "set,get", "-n", "20000", "-q"},
                                   "", 120000);
  EXPECT_EQ(bench.exit_code, 0) << bench.output;
  EXPECT_EQ(bench.output.find("rror"), std::string::npos) << bench.output;
  EXPECT_NE(bench.output.find("GET:"), std::string::npos) << bench.output;
}

TEST_F(ClusterTest, StoppedPrimaryIsFlaggedThenRecovers) {
  cluster_.node(1).Stop();
  ASSERT_TRUE(cluster_.WaitForState(0, "fail", LocalCluster::kNodeTimeoutMs + 5000));
  // Every other node applies the committed flag too (a few ms later than the leader, maybe).
  std::string stopped = "127.0.0.1:" + std::to_string(cluster_.port(1)) + "@";
  std::string nodes;
  for (int waited = 0; waited < 3000; waited += 50) {
    nodes = Bulk(2, {"CLUSTER", "NODES"});
    size_t line = nodes.find(stopped);
    if (line != std::string::npos && nodes.find("master,fail", line) < nodes.find('\n', line))
      break;
    usleep(50 * 1000);
  }
  size_t line = nodes.find(stopped);
  ASSERT_NE(line, std::string::npos) << nodes;
  EXPECT_LT(nodes.find("master,fail", line), nodes.find('\n', line)) << nodes;
  EXPECT_TRUE(cluster_.WaitForState(2, "fail", 1000));
  std::string error;
  ASSERT_TRUE(cluster_.Restart(1, &error)) << error;
  EXPECT_TRUE(cluster_.WaitForConvergence(15000));
}

}  // namespace
}  // namespace slotcache::blackbox
