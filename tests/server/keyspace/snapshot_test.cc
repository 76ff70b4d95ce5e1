// KeyspaceSnapshot: the image is the data set as it was when the snapshot began, however the
// data is written meanwhile, and image + the writes streamed since rebuild the live data set.
#include "server/keyspace/snapshot.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/keyspace/keyspace_digest.h"
#include "tests/server/command_harness.h"
#include "tests/server/stream_capture.h"

namespace slotcache::server {
namespace {

// Runs every command of a RESP stream through `h`; returns how many ran.
size_t Replay(CommandHarness& h, std::string_view stream) {
  std::vector<std::vector<std::string>> commands = SplitStream(stream);
  for (const std::vector<std::string>& args : commands) {
    std::string reply = h.Run(args);
    EXPECT_NE(reply[0], '-') << reply;
  }
  return commands.size();
}

std::string Digest(CommandHarness& h) {
  return KeyspaceDigest(h.state().keyspace());
}

void Fill(CommandHarness& h, int keys) {
  for (int i = 0; i < keys; ++i) {
    std::string key = "key:" + std::to_string(i);
    h.Run({"select", std::to_string(i % 3)});
    if (i % 4 == 0) {
      h.Run({"set", key, "v" + std::to_string(i), "px", std::to_string(1000 + i)});
    } else {
      h.Run({"set", key, std::to_string(i)});
    }
  }
  h.Run({"select", "0"});
}

TEST(SnapshotTest, EmptyKeyspaceGivesAnEmptyImage) {
  CommandHarness h;
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  snapshot.Step(1 << 20);
  EXPECT_TRUE(snapshot.done());
  EXPECT_EQ(snapshot.output(), "");
  EXPECT_EQ(Digest(h), std::string(40, '0'));
}

TEST(SnapshotTest, ImageRebuildsTheDataSetWithTtlsAndDatabases) {
  CommandHarness h;
  Fill(h, 2000);
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  while (!snapshot.done())
    snapshot.Step(4096);
  EXPECT_EQ(snapshot.keys_written(), 2000u);
  CommandHarness copy;
  copy.set_now_ms(h.now_ms());
  Replay(copy, snapshot.output());
  EXPECT_EQ(Digest(copy), Digest(h));
  copy.Run({"select", "0"});
  EXPECT_EQ(copy.Run({"pttl", "key:0"}), ":1000\r\n");
}

TEST(SnapshotTest, BatchesKeysOfOneSlotIntoMSets) {
  CommandHarness h;
  for (int i = 0; i < 1000; ++i)
    h.Run({"set", "{tag" + std::to_string(i % 10) + "}:" + std::to_string(i), "v"});
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  snapshot.Step(1 << 20);
  CommandHarness copy;
  // SELECT, then 100 keys per slot in one MSET of up to 128 pairs.
  EXPECT_EQ(Replay(copy, snapshot.output()), 11u);
  EXPECT_EQ(Digest(copy), Digest(h));
}

TEST(SnapshotTest, LeavesOutKeysAlreadyExpired) {
  CommandHarness h;
  h.Run({"set", "gone", "1", "px", "5"});
  h.Run({"set", "kept", "1"});
  h.AdvanceMs(10);
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  snapshot.Step(1 << 20);
  EXPECT_EQ(snapshot.keys_written(), 1u);
  EXPECT_EQ(snapshot.output().find("gone"), std::string::npos);
}

// The heart of the fork-free design: writes during the cut, including non-idempotent ones
// (INCR, APPEND), deletes and FLUSHDB, leave the image at the starting point, and image +
// stream equals the live data.
TEST(SnapshotTest, WritesDuringTheCutKeepThePointInTimeImage) {
  CommandHarness h;
  Fill(h, 3000);
  std::string digest_at_start = Digest(h);
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  h.state().snapshots().push_back(&snapshot);
  CapturingSink stream;
  h.state().propagator().AddSink(&stream);
  for (int round = 0; !snapshot.done(); ++round) {
    snapshot.Step(2048);
    std::string k = "key:" + std::to_string((round * 37) % 3000);
    h.Run({"incr", k});
    h.Run({"append", "key:" + std::to_string((round * 11) % 3000), "x"});
    h.Run({"del", "key:" + std::to_string((round * 53) % 3000)});
    h.Run({"set", "new:" + std::to_string(round), "n", "ex", "100"});
    h.Run({"rename", "key:" + std::to_string((round * 7) % 3000), "{key:1}moved"});
    if (round == 5) h.Run({"flushdb"});
  }
  h.state().snapshots().clear();
  h.state().propagator().RemoveSink(&stream);

  CommandHarness image_only;
  image_only.set_now_ms(h.now_ms());
  Replay(image_only, snapshot.output());
  EXPECT_EQ(Digest(image_only), digest_at_start);

  CommandHarness rebuilt;
  rebuilt.set_now_ms(h.now_ms());
  Replay(rebuilt, snapshot.output());
  Replay(rebuilt, stream.bytes);
  EXPECT_EQ(Digest(rebuilt), Digest(h));
}

TEST(SnapshotTest, StepRespectsItsBudgetRoughly) {
  CommandHarness h;
  Fill(h, 5000);
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  snapshot.Step(1000);
  EXPECT_FALSE(snapshot.done());
  // One step overshoots by at most one slot's worth of keys.
  EXPECT_LT(snapshot.output().size(), 1000u + 4096u);
}

// Hashes go out as HSETs of at most 64 pairs, then PEXPIREAT for a TTL, and replay to the
// same data (digest) and TTL, in either encoding.
TEST(SnapshotTest, HashesAreWrittenInBatchesOf64PairsWithTheirTtl) {
  CommandHarness h;
  for (int i = 0; i < 150; ++i)
    h.Run({"hset", "big", "f" + std::to_string(i), std::to_string(i)});
  h.Run({"hset", "small", "a", "1", "b", "2"});
  h.Run({"pexpire", "small", "5000"});
  KeyspaceSnapshot snapshot(h.state().keyspace(), h.now_ms());
  while (!snapshot.done())
    snapshot.Step(4096);
  std::vector<size_t> big_batches;
  std::vector<std::string> small_commands;
  for (const std::vector<std::string>& args : SplitStream(snapshot.output())) {
    if (args.size() > 1 && args[1] == "big") big_batches.push_back((args.size() - 2) / 2);
    if (args.size() > 1 && args[1] == "small") small_commands.push_back(args[0]);
  }
  EXPECT_EQ(big_batches, (std::vector<size_t>{64, 64, 22}));
  EXPECT_EQ(small_commands, (std::vector<std::string>{"HSET", "PEXPIREAT"}));
  CommandHarness copy;
  copy.set_now_ms(h.now_ms());
  Replay(copy, snapshot.output());
  EXPECT_EQ(Digest(copy), Digest(h));
  EXPECT_EQ(copy.Run({"pttl", "small"}), ":5000\r\n");
}

}  // namespace
}  // namespace slotcache::server
