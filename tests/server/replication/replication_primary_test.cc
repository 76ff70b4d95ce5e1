// ReplicationPrimary in-process: PSYNC answers (full or partial), the full sync's framing and
// image + stream rebuilding the data whatever is written during the sync, WAIT and ACKs.
#include "server/replication/replication_primary.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/core/command_stream.h"
#include "server/keyspace/keyspace_digest.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

// Pumps until every full sync is sent.
void PumpAll(ServerState& state) {
  for (int i = 0; i < 100000 && state.replicas().syncing(); ++i) {
    for (const auto& replica : state.replicas().replicas())
      replica->client->output_list_bytes = 0;
    state.replicas().Pump();
  }
  ASSERT_FALSE(state.replicas().syncing());
}

// Splits a full sync's bytes into the image and the stream after it.
void SplitFullSync(std::string_view bytes, std::string* image, std::string* stream) {
  size_t header_end = bytes.find("\r\n", bytes.find("$EOF:"));
  ASSERT_NE(header_end, std::string_view::npos);
  std::string mark(bytes.substr(header_end - 40, 40));
  size_t end = bytes.find(mark, header_end + 2);
  ASSERT_NE(end, std::string_view::npos);
  *image = std::string(bytes.substr(header_end + 2, end - header_end - 2));
  *stream = std::string(bytes.substr(end + 40));
}

std::string Rebuild(std::string_view image, std::string_view stream) {
  ServerState replica{Config()};
  CommandStreamApplier applier(replica);
  std::string all = std::string(image) + std::string(stream);
  CommandStreamApplier::Result result = applier.Apply(all, 1700000000000);
  EXPECT_EQ(result.error, "");
  EXPECT_EQ(result.consumed, all.size());
  return KeyspaceDigest(replica.keyspace());
}

TEST(ReplicationPrimaryTest, FullSyncImagePlusStreamRebuildsTheDataWrittenDuringIt) {
  CommandHarness h;
  for (int i = 0; i < 3000; ++i)
    h.Run({"set", "key:" + std::to_string(i), std::to_string(i)});
  h.Run({"set", "ttl", "x", "px", "100000"});
  ClientSession* replica = h.NewClient();
  // Run() hands back what the request wrote; later bytes accumulate in the replica's output.
  std::string out = h.Run({"psync", "?", "-1"}, replica);
  EXPECT_TRUE(out.starts_with("+FULLRESYNC " + h.state().replid() + " 0\r\n$EOF:")) << out;
  // Writes while the image is cut: every one must survive exactly once.
  h.Run({"select", "2"});
  for (int i = 0; i < 3000; i += 7)
    h.Run({"incrbyfloat", "key:" + std::to_string(i), "1.5"});
  h.Run({"del", "key:1"});
  h.Run({"flushdb"});
  PumpAll(h.state());
  h.Run({"select", "0"});
  h.Run({"set", "after", "sync"});
  std::string image, stream;
  SplitFullSync(out + replica->output, &image, &stream);
  EXPECT_EQ(Rebuild(image, stream), KeyspaceDigest(h.state().keyspace()));
  EXPECT_EQ(h.state().replication().sync_full, 1u);
  EXPECT_TRUE(h.state().snapshots().empty());
}

TEST(ReplicationPrimaryTest, PartialResyncSendsTheBacklogFromTheOffset) {
  CommandHarness h;
  ClientSession* first = h.NewClient();
  h.Run({"psync", "?", "-1"}, first);
  PumpAll(h.state());
  h.Run({"set", "a", "1"});
  uint64_t before = h.state().replication().offset();
  h.Run({"set", "b", "2"});
  ClientSession* second = h.NewClient();
  std::string replid = h.state().replid();
  EXPECT_EQ(h.Run({"psync", replid, std::to_string(before + 1)}, second),
            "+CONTINUE " + replid + "\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(h.state().replication().sync_partial_ok, 1u);
  // Not covered (too old, or another history): a full sync, counted as a failed partial.
  ClientSession* third = h.NewClient();
  EXPECT_TRUE(h.Run({"psync", std::string(40, 'f'), "1"}, third).starts_with("+FULLRESYNC"));
  EXPECT_EQ(h.state().replication().sync_partial_err, 1u);
}

TEST(ReplicationPrimaryTest, BacklogTooSmallMeansFullSync) {
  Config config;
  config.repl_backlog_size = 16;
  CommandHarness h(config);
  ClientSession* first = h.NewClient();
  h.Run({"psync", "?", "-1"}, first);
  PumpAll(h.state());
  uint64_t offset = h.state().replication().offset();
  h.Run({"set", "a-long-key", "a-long-value"});
  ClientSession* second = h.NewClient();
  EXPECT_TRUE(h.Run({"psync", h.state().replid(), std::to_string(offset + 1)}, second)
                  .starts_with("+FULLRESYNC"));
}

TEST(ReplicationPrimaryTest, WaitCountsAcksOfTheClientsLastWrite) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"wait", "0", "0"}), ":0\r\n");
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  PumpAll(h.state());
  h.Run({"set", "k", "v"});
  uint64_t offset = h.state().replication().offset();
  EXPECT_EQ(h.Run({"wait", "1", "100"}), "");
  EXPECT_TRUE(h.client().blocked);
  h.Run({"replconf", "ack", std::to_string(offset - 1)}, replica);
  EXPECT_TRUE(h.client().blocked);
  h.Run({"replconf", "ack", std::to_string(offset)}, replica);
  EXPECT_FALSE(h.client().blocked);
  EXPECT_EQ(h.client().output, ":1\r\n");
  // Asking for more replicas than exist: the timeout answers with the count.
  h.client().output.clear();
  h.Run({"wait", "2", "100"});
  h.AdvanceMs(50);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_TRUE(h.client().blocked);
  h.AdvanceMs(60);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_FALSE(h.client().blocked);
  EXPECT_EQ(h.client().output, ":1\r\n");
}

TEST(ReplicationPrimaryTest, OutputLimitDropsAReplicaThatFallsBehind) {
  Config config;
  config.output_limit_replica = {1000, 0, 0};
  CommandHarness h(config);
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  PumpAll(h.state());
  h.Run({"set", "k", std::string(2000, 'x')});
  h.state().replicas().Cron(h.now_ms());
  EXPECT_EQ(h.state().replicas().TakeDrops(), std::vector<uint64_t>{replica->id});
  EXPECT_TRUE(h.state().replicas().replicas().empty());
}

TEST(ReplicationPrimaryTest, DisconnectedReplicaIsForgotten) {
  CommandHarness h;
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  EXPECT_EQ(h.state().snapshots().size(), 1u);
  h.state().RemoveClient(replica);
  EXPECT_TRUE(h.state().replicas().replicas().empty());
  EXPECT_TRUE(h.state().snapshots().empty());
}

// The backlog grows with the stream, not to repl-backlog-size at once, however large that is.
TEST(ReplicationPrimaryTest, BacklogMemoryFollowsTheStreamNotTheConfiguredSize) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "repl-backlog-size", "9223372036854775807"}), "+OK\r\n");
  const cluster::ReplicationBacklog& backlog = h.state().replication().backlog;
  EXPECT_EQ(backlog.allocated(), 0u);
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  PumpAll(h.state());
  EXPECT_TRUE(h.state().replication().backlog_active);
  EXPECT_EQ(backlog.capacity(), static_cast<size_t>(INT64_MAX));
  for (int i = 0; i < 1000; ++i)
    h.Run({"set", "key:" + std::to_string(i), std::string(100, 'v')});
  EXPECT_GT(backlog.histlen(), 100000u);
  EXPECT_GE(backlog.allocated(), backlog.histlen());
  EXPECT_LT(backlog.allocated(), backlog.histlen() + 2 * cluster::ReplicationBacklog::kChunkSize);
}

TEST(ReplicationPrimaryTest, BacklogFreedAfterTtlWithoutReplicasWithANewReplid) {
  Config config;
  config.repl_backlog_ttl = 2;
  CommandHarness h(config);
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  PumpAll(h.state());
  h.Run({"set", "k", "v"});
  ReplicationState& repl = h.state().replication();
  h.state().replicas().Cron(h.now_ms());  // with the replica (its PING goes in the stream)
  std::string replid = repl.replid;
  uint64_t offset = repl.offset();
  h.state().RemoveClient(replica);
  h.AdvanceMs(2900);  // 2 whole seconds: not more than the ttl yet
  h.state().replicas().Cron(h.now_ms());
  EXPECT_TRUE(repl.backlog_active);
  EXPECT_GT(repl.backlog.allocated(), 0u);
  h.AdvanceMs(200);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_FALSE(repl.backlog_active);
  EXPECT_EQ(repl.backlog.allocated(), 0u);
  EXPECT_EQ(repl.offset(), offset);
  // As Redis: writes made without a backlog belong to a new history.
  EXPECT_NE(repl.replid, replid);
  EXPECT_EQ(repl.replid2, ReplicationState::kNoReplid);
  std::string info = h.Run({"info", "replication"});
  EXPECT_NE(info.find("repl_backlog_active:0\r\n"), std::string::npos) << info;
  EXPECT_NE(info.find("repl_backlog_histlen:0\r\n"), std::string::npos) << info;
  // Writes no longer reach a backlog; a replica asking for the old history gets a full sync.
  h.Run({"set", "k", "w"});
  EXPECT_EQ(repl.offset(), offset);
  ClientSession* again = h.NewClient();
  EXPECT_TRUE(
      h.Run({"psync", replid, std::to_string(offset + 1)}, again).starts_with("+FULLRESYNC"));
  EXPECT_TRUE(repl.backlog_active);
}

TEST(ReplicationPrimaryTest, BacklogKeptWithTtlZeroOrOnAReplica) {
  Config config;
  config.repl_backlog_ttl = 0;
  CommandHarness h(config);
  ClientSession* replica = h.NewClient();
  h.Run({"psync", "?", "-1"}, replica);
  PumpAll(h.state());
  h.Run({"set", "k", "v"});
  h.state().replicas().Cron(h.now_ms());
  h.state().RemoveClient(replica);
  h.AdvanceMs(1000000);
  h.state().replicas().Cron(h.now_ms());
  ReplicationState& repl = h.state().replication();
  EXPECT_TRUE(repl.backlog_active);
  // A replica keeps its backlog whatever the ttl: it may be promoted and serve PSYNCs from it.
  EXPECT_EQ(h.Run({"config", "set", "repl-backlog-ttl", "1"}), "+OK\r\n");
  repl.primary_host = "127.0.0.1";  // the role only; no link runs in the harness
  h.AdvanceMs(1000000);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_TRUE(repl.backlog_active);
  // Promoted: the countdown starts then, not when the last replica left.
  repl.primary_host.clear();
  h.AdvanceMs(1500);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_TRUE(repl.backlog_active);
  h.AdvanceMs(1000);
  h.state().replicas().Cron(h.now_ms());
  EXPECT_FALSE(repl.backlog_active);
}

}  // namespace
}  // namespace slotcache::server
