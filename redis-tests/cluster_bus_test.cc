// The cluster bus of a real 6-node cluster: CLUSTER LINKS reports the Raft transport's TCP
// connections (and they go away with a stopped node), and a cluster whose nodes sit behind a NAT
// (bound on some ports, reachable only on the announced ones) forms and redirects clients to
// the announced addresses.
#include <set>
#include <string>

#include "redis-tests/cluster_fixture.h"

namespace slotcache::blackbox {
namespace {

// node i's id → its CLUSTER LINKS entries "to"/"from" peers, as "<direction> <peer id>".
std::set<std::string> LinkPairs(const std::vector<std::map<std::string, std::string>>& links) {
  std::set<std::string> pairs;
  for (const auto& link : links)
    pairs.insert(link.at("direction") + " " + link.at("node"));
  return pairs;
}

TEST_F(ClusterTest, LinksAreTheRaftConnections) {
  std::vector<std::string> ids;
  for (int i = 0; i < LocalCluster::kNodes; ++i)
    ids.push_back(Bulk(i, {"CLUSTER", "MYID"}));
  int64_t now_ms = static_cast<int64_t>(time(nullptr)) * 1000;
  std::vector<std::set<std::string>> pairs(LocalCluster::kNodes);
  for (int i = 0; i < LocalCluster::kNodes; ++i) {
    std::vector<std::map<std::string, std::string>> links = Links(i);
    for (const auto& link : links) {
      ASSERT_EQ(link.size(), 6u);
      EXPECT_TRUE(link.at("direction") == "to" || link.at("direction") == "from");
      EXPECT_NE(std::find(ids.begin(), ids.end(), link.at("node")), ids.end());
      EXPECT_NE(link.at("node"), ids[i]);
      EXPECT_GT(std::stoll(link.at("create-time")), now_ms - 120000);
      if (link.at("direction") == "from") {
        EXPECT_EQ(link.at("events").substr(0, 1), "r");
      }
    }
    pairs[i] = LinkPairs(links);
    // Every member hears from the leader and answers it (the leader: from and to a follower).
    bool to = false, from = false;
    for (const std::string& p : pairs[i]) {
      to = to || p.rfind("to ", 0) == 0;
      from = from || p.rfind("from ", 0) == 0;
    }
    EXPECT_TRUE(to && from) << "node " << i << " has links to and from a peer";
  }
  // A connection is seen from both ends: "to j" on node i is "from i" on node j.
  for (int i = 0; i < LocalCluster::kNodes; ++i) {
    for (int j = 0; j < LocalCluster::kNodes; ++j) {
      if (pairs[i].contains("to " + ids[j])) {
        EXPECT_TRUE(pairs[j].contains("from " + ids[i])) << i << " -> " << j;
      }
    }
  }
  // A stopped node's connections close, and no node reports a link to it any more.
  cluster_.node(5).Stop();
  bool gone = false;
  for (int waited = 0; waited < 5000 && !gone; waited += 100) {
    gone = true;
    for (int i = 0; i < LocalCluster::kNodes - 1; ++i) {
      std::set<std::string> now = LinkPairs(Links(i));
      gone = gone && !now.contains("to " + ids[5]) && !now.contains("from " + ids[5]);
    }
    if (!gone) usleep(100 * 1000);
  }
  EXPECT_TRUE(gone);
}

class ClusterNatTest : public ClusterTest {
 protected:
  bool BehindNat() const override { return true; }
};

// Every address a client or a peer learns is the announced one; the bound ports never show.
TEST_F(ClusterNatTest, AnnouncedAddressesEverywhere) {
  std::string nodes = Bulk(0, {"CLUSTER", "NODES"});
  Context c = ConnectHiredis(cluster_.port(1));
  std::string slots = Describe(Command(c.get(), {"CLUSTER", "SLOTS"}).get());
  std::string shards = Describe(Command(c.get(), {"CLUSTER", "SHARDS"}).get());
  for (int i = 0; i < LocalCluster::kNodes; ++i) {
    std::string bound = std::to_string(cluster_.port(i));
    std::string announced = std::to_string(cluster_.announced_port(i));
    EXPECT_NE(nodes.find("127.0.0.1:" + announced + "@" +
                         std::to_string(cluster_.announced_port(i) + 10000)),
              std::string::npos)
        << nodes;
    EXPECT_EQ(nodes.find(":" + bound + "@"), std::string::npos) << nodes;
    // Matched in place (after the ip, after "port"): a bare number could be a slot number.
    EXPECT_EQ(slots.find("$127.0.0.1, :" + bound + ","), std::string::npos) << slots;
    EXPECT_EQ(shards.find("$port, :" + bound + ","), std::string::npos) << shards;
    EXPECT_NE(shards.find("$port, :" + announced + ","), std::string::npos) << shards;
  }
  EXPECT_EQ(Links(0).empty(), false);
  // redis-cli -c, entering through one announced port, follows MOVED to the others.
  std::set<std::string> moved_to;
  for (int k = 0; k < 30; ++k) {
    std::string key = "nat:" + std::to_string(k);
    std::string reply = Cmd(c.get(), {"SET", key, "v"});
    if (reply.rfind("-MOVED", 0) == 0) moved_to.insert(reply.substr(reply.rfind(':') + 1));
    ProcessResult set =
        RunProcess({"redis-cli", "-c", "-p", std::to_string(cluster_.announced_port(0)), "SET", key,
                    std::to_string(k)},
                   "", 30000);
    ASSERT_EQ(set.output, "OK\n") << set.output;
    ProcessResult get = RunProcess(
        {"redis-cli", "-c", "-p", std::to_string(cluster_.announced_port(2)), "GET", key}, "",
        30000);
    EXPECT_EQ(get.output, std::to_string(k) + "\n");
  }
  EXPECT_EQ(moved_to, (std::set<std::string>{std::to_string(cluster_.announced_port(0)),
                                             std::to_string(cluster_.announced_port(2))}));
}

}  // namespace
}  // namespace slotcache::blackbox
