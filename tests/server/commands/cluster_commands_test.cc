// CLUSTER commands and the dispatcher's cluster gate, in-process over a configuration built by
// the same state machine the Raft log drives.
#include <gtest/gtest.h>

#include <string>

#include "cluster/key_slot.h"
#include "cluster/slot_ranges.h"
#include "tests/server/cluster_test_util.h"

namespace slotcache::server {
namespace {

class ClusterCommandsTest : public ThreePrimaryClusterTest {
 protected:
  void SetUp() override {
    ThreePrimaryClusterTest::SetUp();
    ClusterView& view = h_.state().cluster();
    ASSERT_TRUE(cluster::Apply(&view.config, cluster::AddReplica{Node('d', 7003), Id('a')}).ok());
  }
  // A key whose slot is served by `owner`.
  std::string KeyOwnedBy(char owner) {
    for (int i = 0;; ++i) {
      std::string key = "key:" + std::to_string(i);
      const cluster::Member* m =
          cluster::OwnerOfSlot(h_.state().cluster().config, cluster::KeySlot(key));
      if (m != nullptr && m->id == Id(owner)) return key;
    }
  }
};

TEST_F(ClusterCommandsTest, DisabledOutsideClusterMode) {
  CommandHarness plain;
  EXPECT_EQ(plain.Run({"cluster", "info"}), "-ERR This instance has cluster support disabled\r\n");
  EXPECT_EQ(plain.Run({"readonly"}), "-ERR This instance has cluster support disabled\r\n");
}

TEST_F(ClusterCommandsTest, NodesLinesHaveRedisFields) {
  std::string nodes = h_.Run({"cluster", "nodes"});
  std::string epoch = std::to_string(h_.state().cluster().config.epoch);
  std::string self = Id('a') + " 127.0.0.1:7000@17000 myself,master - 0 0 " + epoch + " connected ";
  std::string replica =
      Id('d') + " 127.0.0.1:7003@17003 slave " + Id('a') + " 0 0 " + epoch + " connected\n";
  EXPECT_NE(nodes.find(self), std::string::npos) << nodes;  // followed by its slot ranges
  EXPECT_NE(nodes.find(replica), std::string::npos) << nodes;
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), '\n') - 2, 4) << nodes;  // bulk header + CRLF
}

TEST_F(ClusterCommandsTest, SlotsCoverEverySlotWithReplicas) {
  std::string slots = h_.Run({"cluster", "slots"});
  size_t ranges = cluster::SlotRanges(h_.state().cluster().config).size();
  EXPECT_EQ(slots.substr(0, slots.find("\r\n")), "*" + std::to_string(ranges));
  EXPECT_LE(ranges, 256u);
  // A range of node a lists a's replica d as a fourth element.
  EXPECT_NE(slots.find("$40\r\n" + Id('a') + "\r\n*0\r\n*4\r\n$9\r\n127.0.0.1\r\n:7003\r\n"),
            std::string::npos);
}

TEST_F(ClusterCommandsTest, InfoSaysOkWhenCovered) {
  std::string info = h_.Run({"cluster", "info"});
  EXPECT_NE(info.find("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n"), std::string::npos);
  EXPECT_NE(info.find("cluster_known_nodes:4\r\ncluster_size:3\r\n"), std::string::npos);
}

TEST_F(ClusterCommandsTest, GateRedirectsLikeRedisCluster) {
  std::string mine = KeyOwnedBy('a');
  std::string theirs = KeyOwnedBy('b');
  EXPECT_EQ(h_.Run({"set", mine, "v"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"get", theirs}),
            "-MOVED " + std::to_string(cluster::KeySlot(theirs)) + " 127.0.0.1:7001\r\n");
  EXPECT_EQ(h_.Run({"mget", mine, theirs}),
            "-CROSSSLOT Keys in request don't hash to the same slot\r\n");
  EXPECT_EQ(h_.Run({"mset", "{t}1", "a", "{t}2", "b"}).substr(0, 1),
            cluster::OwnerOfSlot(h_.state().cluster().config, cluster::KeySlot("t"))->id == Id('a')
                ? "+"
                : "-");
  EXPECT_EQ(h_.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h_.Run({"select", "1"}), "-ERR SELECT is not allowed in cluster mode\r\n");
}

// MOVE and SWAPDB carry kDenyInCluster in the table: refused when they run, so inside MULTI the
// refusal is EXEC's reply element, as Redis's handlers give it.
TEST_F(ClusterCommandsTest, CommandsTheTableDeniesInClusterModeAreRefusedWhenTheyRun) {
  std::string mine = KeyOwnedBy('a');
  EXPECT_EQ(h_.Run({"swapdb", "0", "1"}), "-ERR SWAPDB is not allowed in cluster mode\r\n");
  EXPECT_EQ(h_.Run({"move", mine, "1"}), "-ERR MOVE is not allowed in cluster mode\r\n");
  EXPECT_EQ(h_.Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"swapdb", "0", "1"}), "+QUEUED\r\n");
  EXPECT_EQ(h_.Run({"exec"}), "*1\r\n-ERR SWAPDB is not allowed in cluster mode\r\n");
}

TEST_F(ClusterCommandsTest, FailedPrimaryTakesTheClusterDown) {
  ASSERT_TRUE(
      cluster::Apply(&h_.state().cluster().config, cluster::MarkFailed{Id('b'), true}).ok());
  EXPECT_EQ(h_.Run({"get", KeyOwnedBy('a')}), "-CLUSTERDOWN The cluster is down\r\n");
  EXPECT_NE(h_.Run({"cluster", "info"}).find("cluster_state:fail"), std::string::npos);
  EXPECT_NE(h_.Run({"cluster", "nodes"}).find("master,fail - 0 0"), std::string::npos);
}

TEST_F(ClusterCommandsTest, FailedReplicaLeavesTheClusterUp) {
  ASSERT_TRUE(
      cluster::Apply(&h_.state().cluster().config, cluster::MarkFailed{Id('d'), true}).ok());
  EXPECT_EQ(h_.Run({"get", KeyOwnedBy('a')}), "$-1\r\n");
  EXPECT_NE(h_.Run({"cluster", "info"}).find("cluster_state:ok"), std::string::npos);
  ASSERT_TRUE(
      cluster::Apply(&h_.state().cluster().config, cluster::MarkFailed{Id('c'), true}).ok());
  EXPECT_EQ(h_.Run({"get", KeyOwnedBy('a')}), "-CLUSTERDOWN The cluster is down\r\n");
  ASSERT_TRUE(
      cluster::Apply(&h_.state().cluster().config, cluster::MarkFailed{Id('c'), false}).ok());
  EXPECT_EQ(h_.Run({"get", KeyOwnedBy('a')}), "$-1\r\n");
}

TEST_F(ClusterCommandsTest, ReplicaServesReadsAfterReadonly) {
  h_.state().cluster().self_id = Id('d');
  std::string key = KeyOwnedBy('a');
  EXPECT_EQ(h_.Run({"get", key}).substr(0, 6), "-MOVED");
  EXPECT_EQ(h_.Run({"readonly"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"get", key}), "$-1\r\n");
  EXPECT_EQ(h_.Run({"set", key, "v"}).substr(0, 6), "-MOVED");
  EXPECT_EQ(h_.Run({"readwrite"}), "+OK\r\n");
  EXPECT_EQ(h_.Run({"get", key}).substr(0, 6), "-MOVED");
}

TEST_F(ClusterCommandsTest, SlotKeyCountsAndErrors) {
  std::string key = KeyOwnedBy('a');
  h_.Run({"set", key, "v"});
  std::string slot = std::to_string(cluster::KeySlot(key));
  EXPECT_EQ(h_.Run({"cluster", "countkeysinslot", slot}), ":1\r\n");
  EXPECT_EQ(h_.Run({"cluster", "getkeysinslot", slot, "10"}),
            "*1\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n");
  EXPECT_EQ(h_.Run({"cluster", "countkeysinslot", "16384"}), "-ERR Invalid slot\r\n");
  EXPECT_EQ(h_.Run({"cluster", "countkeysinslot", "x"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h_.Run({"cluster", "getkeysinslot", "1", "-1"}),
            "-ERR Invalid slot or number of keys\r\n");
  EXPECT_EQ(h_.Run({"cluster", "keyslot", "foo"}), ":12182\r\n");
  EXPECT_EQ(h_.Run({"cluster", "replicas", "abc"}), "-ERR Unknown node abc\r\n");
  EXPECT_EQ(h_.Run({"cluster", "replicas", Id('d')}),
            "-ERR The specified node is not a master\r\n");
  EXPECT_EQ(h_.Run({"cluster", "myid"}), "$40\r\n" + Id('a') + "\r\n");
}

}  // namespace
}  // namespace slotcache::server
