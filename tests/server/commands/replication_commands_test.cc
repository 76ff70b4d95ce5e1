// REPLICAOF, REPLCONF, WAIT, ROLE and the READONLY gate, in-process, with Redis's exact replies.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

TEST(ReplicationCommandsTest, ReplicaRefusesWritesFromClients) {
  CommandHarness h;
  int changes = 0;
  h.state().replication().on_primary_change = [&] { ++changes; };
  EXPECT_EQ(h.Run({"replicaof", "127.0.0.1", "6390"}), "+OK\r\n");
  EXPECT_EQ(changes, 1);
  EXPECT_EQ(h.Run({"replicaof", "127.0.0.1", "6390"}),
            "+OK Already connected to specified master\r\n");
  EXPECT_EQ(h.Run({"set", "k", "v"}), "-READONLY You can't write against a read only replica.\r\n");
  EXPECT_EQ(h.Run({"flushall"}), "-READONLY You can't write against a read only replica.\r\n");
  EXPECT_EQ(h.Run({"get", "k"}), "$-1\r\n");
  // Inside MULTI the rejection aborts the transaction, as in Redis.
  h.Run({"multi"});
  h.Run({"set", "k", "v"});
  EXPECT_TRUE(h.Run({"exec"}).starts_with("-EXECABORT"));
  EXPECT_TRUE(h.Run({"wait", "1", "0"}).starts_with("-ERR WAIT cannot be used with replica"));
  h.Run({"config", "set", "replica-read-only", "no"});
  EXPECT_EQ(h.Run({"set", "k", "v"}), "+OK\r\n");
}

TEST(ReplicationCommandsTest, PromotionKeepsTheOldHistoryAsReplid2) {
  CommandHarness h;
  std::string old_id = h.state().replid();
  h.Run({"replicaof", "127.0.0.1", "6390"});
  EXPECT_EQ(h.Run({"replicaof", "no", "one"}), "+OK\r\n");
  EXPECT_NE(h.state().replid(), old_id);
  EXPECT_EQ(h.state().replication().replid2, old_id);
  EXPECT_EQ(h.state().replication().second_offset, 1);
  EXPECT_EQ(h.Run({"set", "k", "v"}), "+OK\r\n");
}

TEST(ReplicationCommandsTest, ArgumentErrorsMatchRedis) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"replicaof", "127.0.0.1", "x"}), "-ERR Invalid master port\r\n");
  EXPECT_EQ(h.Run({"replicaof", "127.0.0.1", "70000"}), "-ERR Invalid master port\r\n");
  EXPECT_EQ(h.Run({"wait", "x", "0"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"wait", "1", "-1"}), "-ERR timeout is negative\r\n");
  EXPECT_EQ(h.Run({"wait", "1", "x"}), "-ERR timeout is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"replconf", "foo", "bar"}), "-ERR Unrecognized REPLCONF option: foo\r\n");
  EXPECT_EQ(h.Run({"replconf", "foo"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"replconf", "listening-port", "x"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"replconf", "listening-port", "6380", "capa", "eof"}), "+OK\r\n");
  // ACK from a client that is not a replica: no reply at all.
  EXPECT_EQ(h.Run({"replconf", "ack", "5"}), "");
}

TEST(ReplicationCommandsTest, ReplicaOfIsRefusedInClusterMode) {
  Config config;
  config.cluster_enabled = true;
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"replicaof", "no", "one"}), "-ERR REPLICAOF not allowed in cluster mode.\r\n");
}

TEST(ReplicationCommandsTest, RoleAndInfoShowReplicas) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"role"}), "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
  ClientSession* replica = h.NewClient();
  h.Run({"replconf", "listening-port", "6390"}, replica);
  h.Run({"psync", "?", "-1"}, replica);
  while (h.state().replicas().syncing())
    h.state().replicas().Pump();
  h.Run({"set", "k", "v"});
  std::string offset = std::to_string(h.state().replication().offset());
  h.Run({"replconf", "ack", offset}, replica);
  EXPECT_EQ(h.Run({"role"}), "*3\r\n$6\r\nmaster\r\n:" + offset +
                                 "\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n6390\r\n$" +
                                 std::to_string(offset.size()) + "\r\n" + offset + "\r\n");
  std::string info = h.Run({"info", "replication"});
  EXPECT_NE(info.find("connected_slaves:1\r\nslave0:ip=127.0.0.1,port=6390,state=online,offset=" +
                      offset + ",lag=0\r\n"),
            std::string::npos)
      << info;
  EXPECT_NE(info.find("repl_backlog_active:1\r\n"), std::string::npos);
  EXPECT_NE(info.find("master_repl_offset:" + offset + "\r\n"), std::string::npos);
}

TEST(ReplicationCommandsTest, ReplicaRoleReportsItsLink) {
  CommandHarness h;
  h.Run({"replicaof", "127.0.0.1", "6390"});
  h.state().replication().link = LinkState::kConnect;
  EXPECT_EQ(h.Run({"role"}),
            "*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:6390\r\n$7\r\nconnect\r\n:-1\r\n");
  std::string info = h.Run({"info", "replication"});
  EXPECT_NE(info.find("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6390\r\n"
                      "master_link_status:down\r\n"),
            std::string::npos)
      << info;
}

}  // namespace
}  // namespace slotcache::server
