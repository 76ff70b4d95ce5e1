// What CLUSTER NODES, INFO and LINKS show of this node's own observations (health probes, bus
// connections) on top of the committed configuration, in-process.
#include <gtest/gtest.h>

#include <string>

#include "cluster/slot_ranges.h"
#include "tests/server/cluster_test_util.h"

namespace slotcache::server {
namespace {

class ClusterLocalViewTest : public ThreePrimaryClusterTest {
 protected:
  void SetUp() override {
    ThreePrimaryClusterTest::SetUp();
    ClusterView& view = h_.state().cluster();
    epoch_ = std::to_string(view.config.epoch);
  }
  ClusterView& view() { return h_.state().cluster(); }
  // The NODES line of `c`, without its slot ranges.
  std::string Line(char c) {
    std::string nodes = h_.Run({"cluster", "nodes"});
    size_t start = nodes.find(Id(c));
    std::string line = nodes.substr(start, nodes.find('\n', start) - start);
    size_t state = line.find("connected");
    return line.substr(0, line.find(' ', state));
  }
  int SlotsOf(char c) {
    int slots = 0;
    for (const cluster::SlotRange& r : cluster::SlotRanges(view().config))
      slots += r.owner_id == Id(c) ? r.end - r.start + 1 : 0;
    return slots;
  }
  std::string epoch_;
};

TEST_F(ClusterLocalViewTest, NodesShowProbeTimesAndSuspicion) {
  view().health[Id('b')] = {0, 1700000000123, true, false};
  view().health[Id('c')] = {1700000000500, 1700000000000, false, true};
  view().health[Id('a')] = {1, 2, false, true};  // never probed in practice: myself is ignored
  EXPECT_EQ(Line('a'),
            Id('a') + " 127.0.0.1:7000@17000 myself,master - 0 0 " + epoch_ + " connected");
  EXPECT_EQ(Line('b'),
            Id('b') + " 127.0.0.1:7001@17001 master - 0 1700000000123 " + epoch_ + " connected");
  EXPECT_EQ(Line('c'), Id('c') + " 127.0.0.1:7002@17002 master,fail? - 1700000000500 " +
                           "1700000000000 " + epoch_ + " disconnected");
}

TEST_F(ClusterLocalViewTest, CommittedFailureReplacesSuspicion) {
  view().health[Id('c')] = {1700000000500, 1700000000000, false, true};
  ASSERT_TRUE(cluster::Apply(&view().config, cluster::MarkFailed{Id('c'), true}).ok());
  std::string epoch = std::to_string(view().config.epoch);
  EXPECT_EQ(Line('c'), Id('c') + " 127.0.0.1:7002@17002 master,fail - 1700000000500 " +
                           "1700000000000 " + epoch + " disconnected");
  // Never probed (e.g. just restarted): the link state follows the committed flag.
  view().health.clear();
  EXPECT_EQ(Line('c'),
            Id('c') + " 127.0.0.1:7002@17002 master,fail - 0 0 " + epoch + " disconnected");
}

TEST_F(ClusterLocalViewTest, InfoCountsSuspectedSlotsAndProbes) {
  std::string info = h_.Run({"cluster", "info"});
  EXPECT_NE(info.find("cluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n"), std::string::npos);
  EXPECT_NE(info.find("cluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\n"),
            std::string::npos)
      << info;
  view().health[Id('c')].pfail = true;
  view().probes_sent = 12;
  view().probes_answered = 10;
  int pfail = SlotsOf('c');
  ASSERT_GT(pfail, 0);
  info = h_.Run({"cluster", "info"});
  // Suspicion alone does not take the cluster down (Redis: only FAIL does).
  EXPECT_NE(info.find("cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:" +
                      std::to_string(16384 - pfail) + "\r\ncluster_slots_pfail:" +
                      std::to_string(pfail) + "\r\ncluster_slots_fail:0\r\n"),
            std::string::npos)
      << info;
  EXPECT_NE(info.find("cluster_stats_messages_ping_sent:12\r\ncluster_stats_messages_sent:12\r\n"
                      "cluster_stats_messages_pong_received:10\r\n"
                      "cluster_stats_messages_received:10\r\n"),
            std::string::npos)
      << info;
}

TEST_F(ClusterLocalViewTest, LinksAreTheBusConnectionsToKnownMembers) {
  EXPECT_EQ(h_.Run({"cluster", "links"}), "*0\r\n");  // no transport: no links
  view().links = [] {
    return std::vector<BusLink>{{false, "127.0.0.1:17001", 1700000000001, true, 0},
                                {true, "127.0.0.1:17002", 1700000000002, false, 24},
                                {true, "127.0.0.9:17009", 1700000000003, false, 0},  // no member
                                {true, "127.0.0.1:17001", 1700000000004, false, 0}};
  };
  auto map = [](const std::string& dir, char node, const std::string& ctime,
                const std::string& events, int queued) {
    std::string q = std::to_string(queued);
    return "*12\r\n$9\r\ndirection\r\n$" + std::to_string(dir.size()) + "\r\n" + dir +
           "\r\n$4\r\nnode\r\n$40\r\n" + Id(node) + "\r\n$11\r\ncreate-time\r\n:" + ctime +
           "\r\n$6\r\nevents\r\n$" + std::to_string(events.size()) + "\r\n" + events +
           "\r\n$21\r\nsend-buffer-allocated\r\n:" + q + "\r\n$16\r\nsend-buffer-used\r\n:" + q +
           "\r\n";
  };
  // Members in id order, outbound before inbound, as Redis walks its nodes.
  EXPECT_EQ(h_.Run({"cluster", "links"}), "*3\r\n" + map("to", 'b', "1700000000004", "", 0) +
                                              map("from", 'b', "1700000000001", "r", 0) +
                                              map("to", 'c', "1700000000002", "w", 24));
  h_.Run({"hello", "3"});
  EXPECT_EQ(h_.Run({"cluster", "links"}).substr(0, 18), "*3\r\n%6\r\n$9\r\ndirect");
}

}  // namespace
}  // namespace slotcache::server
