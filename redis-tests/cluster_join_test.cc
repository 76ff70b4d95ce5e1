// CLUSTER JOIN is internal: only real nodes get into the Raft group that decides the cluster's
// configuration. A client that sends a made-up JOIN must not add a voter (it would change the
// quorum), and with a cluster-secret a JOIN without it is refused.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "redis-tests/cluster_fixture.h"

namespace slotcache::blackbox {
namespace {

const std::string kFakeId(40, 'a');

// A loopback listener that answers every request on every connection with one fixed bulk string:
// enough to pass for a node whose CLUSTER MYID is `id`, while its cluster bus is nowhere.
class FakeNode {
 public:
  explicit FakeNode(const std::string& id)
      : reply_("$" + std::to_string(id.size()) + "\r\n" + id + "\r\n") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(fd_, 16) != 0) return;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeNode() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }

 private:
  void Serve() {
    while (!stop_) {
      int conn = accept(fd_, nullptr, nullptr);
      if (conn < 0) return;
      timeval timeout{2, 0};
      setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
      char buf[4096];
      while (!stop_ && read(conn, buf, sizeof(buf)) > 0) {
        if (write(conn, reply_.data(), reply_.size()) < 0) break;
      }
      close(conn);
    }
  }
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class ClusterJoinTest : public ClusterTest {
 protected:
  // CLUSTER INFO's field `name` on node i, or "" when absent.
  std::string ClusterInfoField(int i, const std::string& name) {
    std::string info = Bulk(i, {"CLUSTER", "INFO"});
    size_t at = info.find(name + ":");
    if (at == std::string::npos) return "";
    at += name.size() + 1;
    return info.substr(at, info.find("\r\n", at) - at);
  }
  // The node whose JOIN is not refused with "not the leader", and its reply to `join`.
  int SendToLeader(const std::vector<std::string>& join, std::string* reply) {
    for (int waited = 0; waited < 10000; waited += 100) {
      for (int i = 0; i < LocalCluster::kNodes; ++i) {
        Context c = ConnectHiredis(cluster_.port(i));
        if (!c) continue;
        *reply = Cmd(c.get(), join);
        if (reply->find("Not the cluster configuration leader") == std::string::npos) return i;
      }
      usleep(100 * 1000);
    }
    return -1;
  }
  // True when every node reports `members` Raft members for `ms` (checked every 100 ms).
  bool RaftMembersStay(const std::string& members, int ms) {
    for (int waited = 0; waited <= ms; waited += 100) {
      for (int i = 0; i < LocalCluster::kNodes; ++i) {
        std::string seen = ClusterInfoField(i, "cluster_raft_members");
        if (seen != members) {
          ADD_FAILURE() << "node " << i << " cluster_raft_members:" << seen << " after " << waited
                        << " ms";
          return false;
        }
      }
      usleep(100 * 1000);
    }
    return true;
  }
};

// The reproduction: a JOIN for an address where no node runs. Before the fix the leader
// added Raft member 99 at once and kept it (a second JOIN reported "raft member 99 already has
// address ..."); now the leader asks that address for its id first and adds nothing.
TEST_F(ClusterJoinTest, JoinForAnAddressWithoutANodeAddsNoRaftMember) {
  ASSERT_EQ(ClusterInfoField(0, "cluster_raft_members"), "6");
  ASSERT_EQ(ClusterInfoField(0, "cluster_raft_voters"), "5");
  int nobody = PickFreePort();
  std::string reply;
  int leader = SendToLeader({"CLUSTER", "JOIN", kFakeId, "127.0.0.1", std::to_string(nobody),
                             std::to_string(PickFreePort()), "99"},
                            &reply);
  ASSERT_GE(leader, 0) << reply;
  EXPECT_EQ(reply, "+OK");  // accepted for checking, as a real joiner's first JOIN is
  EXPECT_TRUE(RaftMembersStay("6", 3000));
  EXPECT_EQ(ClusterInfoField(leader, "cluster_known_nodes"), "6");
  EXPECT_EQ(ClusterInfoField(leader, "cluster_state"), "ok");
}

class ClusterSecretTest : public ClusterJoinTest {
 protected:
  std::vector<std::string> ExtraArgs() const override { return {"--cluster-secret", "s3cret"}; }
};

// Nodes that share the secret form the cluster (their JOINs carry it); a JOIN without it, or with
// another one, is refused before anything else is looked at.
TEST_F(ClusterSecretTest, JoinWithoutTheSecretIsRefused) {
  FakeNode fake(kFakeId);
  std::vector<std::string> join = {"CLUSTER",
                                   "JOIN",
                                   kFakeId,
                                   "127.0.0.1",
                                   std::to_string(fake.port()),
                                   std::to_string(PickFreePort()),
                                   "99"};
  std::string reply;
  int leader = SendToLeader(join, &reply);
  ASSERT_GE(leader, 0) << reply;
  EXPECT_EQ(reply, "-NOPERM CLUSTER JOIN refused: cluster-secret does not match");
  join.insert(join.end(), {"SECRET", "guess"});
  Context c = ConnectHiredis(cluster_.port(leader));
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), join), "-NOPERM CLUSTER JOIN refused: cluster-secret does not match");
  EXPECT_TRUE(RaftMembersStay("6", 2000));
  EXPECT_EQ(Cmd(c.get(), {"CONFIG", "GET", "cluster-secret"}), "*[$cluster-secret, $s3cret]");
}

}  // namespace
}  // namespace slotcache::blackbox
