#include "server/cluster_runtime/raft_node.h"

#include <chrono>

#include <gtest/gtest.h>

#include "tests/server/raft_test_group.h"

namespace slotcache::server {
namespace {

using RaftNodeTest = RaftGroupTest;

std::vector<std::string> Numbered(std::string_view prefix, int n) {
  std::vector<std::string> entries;
  for (int i = 0; i < n; ++i) {
    entries.push_back(fmt::format("{}{}", prefix, i));
  }
  return entries;
}

// Proposes all entries at once (pipelined) and expects every one to commit.
void ProposeAll(RaftGroupTest::Member& leader, const std::vector<std::string>& entries,
                const std::function<bool(const std::function<bool()>&)>& run) {
  int ok = 0;
  int failed = 0;
  for (const std::string& entry : entries) {
    leader.node->Propose(entry, [&](absl::Status status) { status.ok() ? ++ok : ++failed; });
  }
  ASSERT_TRUE(run([&] { return ok + failed == static_cast<int>(entries.size()); }));
  EXPECT_EQ(failed, 0);
}

TEST_F(RaftNodeTest, BootstrapElectsOneLeaderKnownToAll) {
  StartGroup(3);
  auto start = std::chrono::steady_clock::now();
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  RecordProperty("election_ms", static_cast<int>(elapsed.count()));
  int leaders = 0;
  for (auto& member : members_) {
    leaders += member->node->IsLeader() ? 1 : 0;
    EXPECT_EQ(member->node->Members(), Peers());
  }
  EXPECT_EQ(leaders, 1);
  EXPECT_EQ(leader->node->Leader(), leader->peer);
}

TEST_F(RaftNodeTest, ProposedEntriesApplyInTheSameOrderEverywhere) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<std::string> entries = Numbered("entry-", 25);
  entries.push_back(std::string("bin\0ary\xff", 8));  // opaque bytes, not text
  entries.push_back(std::string(7, '\x07'));          // looks like the framing's padding
  entries.push_back("");
  ProposeAll(*leader, entries, [this](const auto& done) { return RunUntil(done); });
  EXPECT_TRUE(AllApplied(entries));
  EXPECT_EQ(leader->node->last_applied(), members_[0]->node->last_applied());
}

TEST_F(RaftNodeTest, ProposeOnFollowerFailsAtOnceAndChangesNothing) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  Member* follower = members_[leader == members_[0].get() ? 1 : 0].get();
  std::optional<absl::Status> result;
  follower->node->Propose("nope", [&](absl::Status status) { result = status; });
  ASSERT_TRUE(result.has_value()) << "a follower must fail inside Propose";
  EXPECT_EQ(result->code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(follower->node->Leader(), leader->peer);  // the caller can redirect to it

  std::optional<absl::Status> change;
  follower->node->AddMember({9, "127.0.0.1:1", false}, [&](absl::Status s) { change = s; });
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(ProposeAndWait(*leader, "yes").ok());
  EXPECT_TRUE(AllApplied({"yes"}));
}

TEST_F(RaftNodeTest, NodeNotStartedRejectsEverything) {
  Member& m = NewMember();
  RaftNode node(&loop_, m.peer.raft_id, m.peer.address, m.dir, {});
  EXPECT_FALSE(node.IsLeader());
  EXPECT_EQ(node.Leader(), std::nullopt);
  EXPECT_TRUE(node.Members().empty());
  std::optional<absl::Status> result;
  node.Propose("x", [&](absl::Status status) { result = status; });
  EXPECT_EQ(result->code(), absl::StatusCode::kFailedPrecondition);
  bool stopped = false;
  node.Stop([&] { stopped = true; });
  EXPECT_TRUE(stopped);
}

TEST_F(RaftNodeTest, StandbyJoinsThroughTheLeaderAndCatchesUpFromASnapshot) {
  options_.snapshot_threshold = 4;  // the log is compacted long before the standby joins
  options_.snapshot_trailing = 2;
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<std::string> entries = Numbered("before-", 30);
  ProposeAll(*leader, entries, [this](const auto& done) { return RunUntil(done); });

  Member& standby = NewMember(/*voter=*/false);
  ASSERT_TRUE(StartMember(standby, {}).ok());  // no bootstrap: it waits to be added
  RaftPeer peer = standby.peer;
  absl::Status added = ChangeAndWait([&](auto done) { leader->node->AddMember(peer, done); });
  ASSERT_TRUE(added.ok()) << added;
  EXPECT_TRUE(AllApplied(entries));
  EXPECT_GE(standby.log.restores, 1);
  EXPECT_EQ(leader->node->Members().back(), peer);

  entries.push_back("after");
  ASSERT_TRUE(ProposeAndWait(*leader, "after").ok());
  EXPECT_TRUE(AllApplied(entries));
  EXPECT_EQ(standby.node->Leader(), leader->peer);
  // Adding again is a no-op; the same id with another address is refused.
  EXPECT_TRUE(ChangeAndWait([&](auto done) { leader->node->AddMember(peer, done); }).ok());
  RaftPeer moved{peer.raft_id, "127.0.0.1:1", false};
  EXPECT_EQ(ChangeAndWait([&](auto done) { leader->node->AddMember(moved, done); }).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RaftNodeTest, MembershipChangesQueueAndRun) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  Member& fourth = NewMember(false);
  ASSERT_TRUE(StartMember(fourth, {}).ok());
  RaftPeer as_voter = fourth.peer;
  as_voter.voter = true;
  // Three changes submitted back to back: libraft takes one at a time, the node queues the rest.
  std::vector<absl::Status> results;
  auto record = [&](absl::Status status) { results.push_back(status); };
  leader->node->AddMember(fourth.peer, record);
  leader->node->AddMember(as_voter, record);  // promote the standby
  leader->node->RemoveMember(77, record);
  ASSERT_TRUE(RunUntil([&] { return results.size() == 3; }));
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_TRUE(results[1].ok()) << results[1];
  EXPECT_EQ(results[2].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(leader->node->Members().back(), as_voter);

  ASSERT_TRUE(ChangeAndWait([&](auto d) { leader->node->RemoveMember(4, d); }).ok());
  EXPECT_EQ(leader->node->Members().size(), 3u);
  ASSERT_TRUE(ProposeAndWait(*leader, "x").ok());
  EXPECT_TRUE(RunUntil([&] { return members_[0]->log.entries.size() == 1; }));
}

TEST_F(RaftNodeTest, RestartResumesFromDiskWithoutBootstrappingAgain) {
  options_.snapshot_threshold = 8;  // restart = restore the snapshot + replay the log tail
  options_.snapshot_trailing = 2;
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<std::string> entries = Numbered("e", 21);
  ProposeAll(*leader, entries, [this](const auto& done) { return RunUntil(done); });
  ASSERT_TRUE(AllApplied(entries));

  for (auto& member : members_) {
    StopNode(*member);
  }
  // The dirs hold a configuration, so a different seed list is ignored, not bootstrapped.
  std::vector<RaftPeer> peers = Peers();
  std::vector<RaftPeer> changed = peers;
  changed[1].voter = false;
  for (auto& member : members_) {
    ASSERT_TRUE(StartMember(*member, changed).ok());
  }
  leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  EXPECT_TRUE(AllApplied(entries)) << "restored state must match before any new entry";
  for (auto& member : members_) {
    EXPECT_GE(member->log.restores, 1);
    EXPECT_EQ(member->node->Members(), peers);
    EXPECT_FALSE(HasCorruptSegments(*member));
  }
  entries.push_back("after-restart");
  ASSERT_TRUE(ProposeAndWait(*leader, "after-restart").ok());
  EXPECT_TRUE(AllApplied(entries));
}

TEST_F(RaftNodeTest, RestartWithoutASnapshotReplaysTheWholeLog) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<std::string> entries = Numbered("log-", 5);
  ProposeAll(*leader, entries, [this](const auto& done) { return RunUntil(done); });
  ASSERT_TRUE(AllApplied(entries));
  for (auto& member : members_) {
    StopNode(*member);
  }
  for (auto& member : members_) {
    ASSERT_TRUE(StartMember(*member, Peers()).ok());
  }
  ASSERT_NE(WaitForLeader(), nullptr);
  // libraft 0.15 commits the entries of earlier terms once a leader is elected.
  EXPECT_TRUE(AllApplied(entries));
  for (auto& member : members_) {
    EXPECT_EQ(member->log.restores, 0);
  }
}

TEST_F(RaftNodeTest, RestartedFollowerCatchesUpWhatItMissed) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  ASSERT_TRUE(ProposeAndWait(*leader, "one").ok());
  ASSERT_TRUE(AllApplied({"one"}));
  Member* follower = members_[leader == members_[0].get() ? 1 : 0].get();
  StopNode(*follower);
  ASSERT_TRUE(ProposeAndWait(*leader, "two").ok());  // 2 of 3 voters still commit
  absl::Status restarted = StartMember(*follower, Peers());
  ASSERT_TRUE(restarted.ok()) << restarted;
  EXPECT_TRUE(AllApplied({"one", "two"}));
  EXPECT_FALSE(HasCorruptSegments(*follower));
}

TEST_F(RaftNodeTest, StopFailsPendingProposalsBeforeItCompletes) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  std::vector<std::string> events;
  leader->node->Propose("late", [&](absl::Status status) {
    events.push_back(std::string(absl::StatusCodeToString(status.code())));
  });
  leader->node->AddMember({9, "127.0.0.1:1", false}, [&](absl::Status status) {
    events.push_back("change " + std::string(absl::StatusCodeToString(status.code())));
  });
  bool stopped = false;
  leader->node->Stop([&] {
    events.push_back("stopped");
    stopped = true;
  });
  ASSERT_TRUE(RunUntil([&] { return stopped; }));
  // Stop lets queued disk writes finish first, so the entry may still commit meanwhile; the
  // change can not finish (its second step is never submitted once stopping).
  ASSERT_EQ(events.size(), 3u);
  EXPECT_TRUE(events[0] == "OK" || events[0] == "CANCELLED") << events[0];
  EXPECT_EQ(events[1], "change CANCELLED");
  EXPECT_EQ(events[2], "stopped");
  leader->node.reset();
}

TEST_F(RaftNodeTest, LeaderStoppingInsideItsApplyCallbackIsSafe) {
  StartGroup(3);
  Member* leader = WaitForLeader();
  ASSERT_NE(leader, nullptr);
  bool stopped = false;
  leader->after_apply = [node = leader->node.get(), &stopped](std::string_view) {
    node->Stop([&stopped] { stopped = true; });
  };
  // The leader applies before it completes the request: the request still succeeds.
  EXPECT_TRUE(ProposeAndWait(*leader, "stop").ok());
  ASSERT_TRUE(RunUntil([&] { return stopped; }));
  EXPECT_FALSE(leader->node->IsLeader());
  EXPECT_EQ(leader->log.entries, std::vector<std::string>{"stop"});
  leader->node.reset();
  // The two others elect a new leader, which commits the entry if they had not seen it yet.
  auto start = std::chrono::steady_clock::now();
  Member* next = WaitForLeader();
  ASSERT_NE(next, nullptr);
  RecordProperty("failover_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - start)
                                      .count()));
  EXPECT_NE(next, leader);
  EXPECT_TRUE(AllApplied({"stop"}));
}

TEST_F(RaftNodeTest, StartFailsWhenTheBusPortIsTaken) {
  Member& m = NewMember();
  uv_tcp_t squatter;
  uv_tcp_init(&loop_, &squatter);
  sockaddr_in addr;
  int port = std::stoi(m.peer.address.substr(m.peer.address.find(':') + 1));
  uv_ip4_addr("127.0.0.1", port, &addr);
  ASSERT_EQ(uv_tcp_bind(&squatter, reinterpret_cast<const sockaddr*>(&addr), 0), 0);
  ASSERT_EQ(uv_listen(reinterpret_cast<uv_stream_t*>(&squatter), 1, nullptr), 0);
  std::vector<RaftPeer> peers = {m.peer};
  EXPECT_FALSE(StartMember(m, peers).ok());
  EXPECT_FALSE(m.node->IsLeader());
  StopNode(m);  // Start failed after init: Stop still releases everything
  uv_close(reinterpret_cast<uv_handle_t*>(&squatter), nullptr);
  uv_run(&loop_, UV_RUN_NOWAIT);
}

TEST_F(RaftNodeTest, BootstrapRequiresThisNodeInThePeers) {
  Member& a = NewMember();
  Member& b = NewMember();
  std::vector<RaftPeer> only_b = {b.peer};
  EXPECT_EQ(StartMember(a, only_b).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace slotcache::server
