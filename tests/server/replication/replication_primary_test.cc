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

}  // namespace
}  // namespace slotcache::server
