// RaftTransport on a real loopback Raft group: the links it reports are the connections libraft
// really holds (and go away when they close), and the bus can bind elsewhere than it announces.
#include "server/cluster_runtime/raft_transport.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/server/raft_test_group.h"

namespace slotcache::server {
namespace {

using RaftTransportTest = RaftGroupTest;

bool HasLink(RaftGroupTest::Member& m, bool outbound, const RaftPeer& peer) {
  for (const RaftLink& link : m.node->Links()) {
    if (link.outbound == outbound && link.address == peer.address) return true;
  }
  return false;
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

TEST_F(RaftTransportTest, LinksAreTheConnectionsLibraftHolds) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<Member*> followers;
  for (auto& m : members_) {
    if (m.get() != leader) followers.push_back(m.get());
  }
  // The leader sends appends to every follower, which answer on their own connections.
  ASSERT_TRUE(RunUntil([&] {
    bool all = true;
    for (Member* f : followers) {
      all = all && HasLink(*leader, true, f->peer) && HasLink(*leader, false, f->peer) &&
            HasLink(*f, true, leader->peer) && HasLink(*f, false, leader->peer);
    }
    return all;
  }));
  for (const RaftLink& link : leader->node->Links()) {
    EXPECT_GT(link.create_time_ms, 1600000000000);  // unix ms
    if (!link.outbound) {
      EXPECT_TRUE(link.reading);  // libraft reads what peers send
    }
  }
  // A stopped follower's connections close at the leader: on EOF (inbound) and on the next
  // failed heartbeat write (outbound).
  Member* gone = followers[1];
  StopNode(*gone);
  EXPECT_TRUE(RunUntil(
      [&] { return !HasLink(*leader, true, gone->peer) && !HasLink(*leader, false, gone->peer); }));
  EXPECT_TRUE(HasLink(*leader, true, followers[0]->peer));
}

TEST_F(RaftTransportTest, BusBindsElsewhereThanItAnnounces) {
  int bind_port = FreeLoopbackPort();
  options_.bind_address = fmt::format("127.0.0.1:{}", bind_port);
  StartGroup(1);  // announced as 127.0.0.1:<another free port>
  ASSERT_NE(WaitForLeader(), nullptr);
  int announced_port = std::stoi(members_[0]->peer.address.substr(10));
  EXPECT_TRUE(CanConnect(bind_port));
  EXPECT_FALSE(CanConnect(announced_port));
}

}  // namespace
}  // namespace slotcache::server
