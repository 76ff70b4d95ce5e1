#include "cluster/cluster_config.h"

#include <gtest/gtest.h>

#include "tests/cluster/cluster_test_util.h"

namespace slotcache::cluster {
namespace {

using test_support::NodeId;
using test_support::NodeMember;

// A cluster bootstrapped with primaries 0..primaries-1.
ClusterConfig Booted(int primaries) {
  ClusterConfig config;
  Bootstrap boot;
  for (int i = 0; i < primaries; ++i)
    boot.seeds.push_back(NodeMember(i));
  EXPECT_TRUE(Apply(&config, boot).ok());
  return config;
}

// Applies `entry` expecting an error; checks that nothing changed.
void ExpectRejected(ClusterConfig config, const ConfigEntry& entry, absl::StatusCode code) {
  ClusterConfig before = config;
  absl::Status status = Apply(&config, entry);
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_EQ(config, before);
}

TEST(ClusterConfigTest, BootstrapPlacesEveryBlockOnTheSeeds) {
  ClusterConfig config = Booted(3);
  EXPECT_EQ(config.epoch, 1u);
  ASSERT_EQ(config.members.size(), 3u);
  EXPECT_TRUE(std::is_sorted(config.members.begin(), config.members.end(),
                             [](const Member& a, const Member& b) { return a.id < b.id; }));
  for (const Member& m : config.members) {
    EXPECT_EQ(m.role, Role::kPrimary);
    EXPECT_GE(BlockCounts(config.placement)[m.id], 85);
  }
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ClusterConfigTest, BootstrapIsRejectedWhenInvalid) {
  ExpectRejected(ClusterConfig{}, Bootstrap{}, absl::StatusCode::kInvalidArgument);
  ExpectRejected(Booted(3), Bootstrap{{NodeMember(9)}}, absl::StatusCode::kFailedPrecondition);
  ExpectRejected(ClusterConfig{}, Bootstrap{{NodeMember(1), NodeMember(1)}},
                 absl::StatusCode::kAlreadyExists);
  Member bad = NodeMember(1);
  bad.id = "ABC";
  ExpectRejected(ClusterConfig{}, Bootstrap{{bad}}, absl::StatusCode::kInvalidArgument);
  bad = NodeMember(1);
  bad.port = 70000;
  ExpectRejected(ClusterConfig{}, Bootstrap{{bad}}, absl::StatusCode::kInvalidArgument);
  bad = NodeMember(1);
  bad.ip.clear();
  ExpectRejected(ClusterConfig{}, Bootstrap{{bad}}, absl::StatusCode::kInvalidArgument);
}

TEST(ClusterConfigTest, AddPrimaryJoinsThePlacement) {
  ClusterConfig config = Booted(3);
  Placement before = config.placement;
  ASSERT_TRUE(Apply(&config, AddPrimary{NodeMember(3)}).ok());
  EXPECT_EQ(config.epoch, 2u);
  EXPECT_EQ(config.placement, PlacementAfterJoin(before, NodeId(3)));
  EXPECT_EQ(FindMember(config, NodeId(3))->role, Role::kPrimary);
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ClusterConfigTest, AddsAreRejectedWhenInvalid) {
  ClusterConfig config = Booted(3);
  ExpectRejected(ClusterConfig{}, AddPrimary{NodeMember(3)}, absl::StatusCode::kFailedPrecondition);
  ExpectRejected(config, AddPrimary{NodeMember(0)}, absl::StatusCode::kAlreadyExists);
  Member same_address = NodeMember(5);
  same_address.port = NodeMember(0).port;
  ExpectRejected(config, AddPrimary{same_address}, absl::StatusCode::kAlreadyExists);
  ExpectRejected(config, AddReplica{NodeMember(4), NodeId(9)}, absl::StatusCode::kNotFound);
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(4), NodeId(0)}).ok());
  ExpectRejected(config, AddReplica{NodeMember(5), NodeId(4)},
                 absl::StatusCode::kFailedPrecondition);  // 4 is a replica
}

TEST(ClusterConfigTest, AddReplicaFollowsItsPrimaryAndIgnoresEntryRoleFields) {
  ClusterConfig config = Booted(3);
  Member replica = NodeMember(3);
  replica.role = Role::kPrimary;  // the entry decides the role, not the payload
  replica.failed = true;
  ASSERT_TRUE(Apply(&config, AddReplica{replica, NodeId(1)}).ok());
  const Member* m = FindMember(config, NodeId(3));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->role, Role::kReplica);
  EXPECT_EQ(m->primary_id, NodeId(1));
  EXPECT_FALSE(m->failed);
  ASSERT_EQ(ReplicasOf(config, NodeId(1)).size(), 1u);
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ClusterConfigTest, RemovePrimaryRehomesBlocksAndReplicas) {
  ClusterConfig config = Booted(3);
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(3), NodeId(0)}).ok());
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(4), NodeId(0)}).ok());
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(5), NodeId(1)}).ok());
  Placement before = config.placement;
  ASSERT_TRUE(Apply(&config, RemoveMember{NodeId(0)}).ok());
  EXPECT_EQ(config.epoch, 5u);
  EXPECT_EQ(FindMember(config, NodeId(0)), nullptr);
  EXPECT_EQ(config.placement, PlacementAfterLeave(before, NodeId(0)));
  // Orphans go to the least-replicated primary: first to 2 (none), then the tie goes to the
  // smaller id.
  size_t expected_for_1 = NodeId(1) < NodeId(2) ? 2 : 1;
  EXPECT_EQ(ReplicasOf(config, NodeId(1)).size(), expected_for_1);
  EXPECT_EQ(ReplicasOf(config, NodeId(2)).size(), 3 - expected_for_1);
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ClusterConfigTest, RemoveReplicaOrUnknownOrLastPrimary) {
  ClusterConfig config = Booted(1);
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(1), NodeId(0)}).ok());
  Placement before = config.placement;
  ASSERT_TRUE(Apply(&config, RemoveMember{NodeId(1)}).ok());
  EXPECT_EQ(config.placement, before);
  EXPECT_EQ(config.members.size(), 1u);
  ExpectRejected(config, RemoveMember{NodeId(1)}, absl::StatusCode::kNotFound);
  ExpectRejected(config, RemoveMember{NodeId(0)}, absl::StatusCode::kFailedPrecondition);
}

TEST(ClusterConfigTest, MarkFailedBumpsTheEpochOnlyOnChange) {
  ClusterConfig config = Booted(3);
  ASSERT_TRUE(Apply(&config, MarkFailed{NodeId(2), true}).ok());
  EXPECT_TRUE(FindMember(config, NodeId(2))->failed);
  EXPECT_EQ(config.epoch, 2u);
  ASSERT_TRUE(Apply(&config, MarkFailed{NodeId(2), true}).ok());
  EXPECT_EQ(config.epoch, 2u);
  ASSERT_TRUE(Apply(&config, MarkFailed{NodeId(2), false}).ok());
  EXPECT_FALSE(FindMember(config, NodeId(2))->failed);
  EXPECT_EQ(config.epoch, 3u);
  ExpectRejected(config, MarkFailed{NodeId(7), true}, absl::StatusCode::kNotFound);
}

TEST(ClusterConfigTest, PromoteSwapsRolesAndHandsOverBlocks) {
  ClusterConfig config = Booted(3);
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(3), NodeId(0)}).ok());
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(4), NodeId(0)}).ok());
  ASSERT_TRUE(Apply(&config, MarkFailed{NodeId(0), true}).ok());
  int blocks = BlockCounts(config.placement)[NodeId(0)];
  ASSERT_TRUE(Apply(&config, Promote{NodeId(3)}).ok());
  EXPECT_EQ(config.epoch, 5u);
  EXPECT_EQ(FindMember(config, NodeId(3))->role, Role::kPrimary);
  EXPECT_EQ(FindMember(config, NodeId(0))->role, Role::kReplica);
  EXPECT_EQ(FindMember(config, NodeId(0))->primary_id, NodeId(3));
  EXPECT_EQ(FindMember(config, NodeId(4))->primary_id, NodeId(3));
  EXPECT_EQ(BlockCounts(config.placement)[NodeId(3)], blocks);
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ClusterConfigTest, PromoteIsRejectedForNonReplicas) {
  ClusterConfig config = Booted(3);
  ExpectRejected(config, Promote{NodeId(0)}, absl::StatusCode::kFailedPrecondition);
  ExpectRejected(config, Promote{NodeId(8)}, absl::StatusCode::kNotFound);
  ASSERT_TRUE(Apply(&config, AddReplica{NodeMember(3), NodeId(0)}).ok());
  ASSERT_TRUE(Apply(&config, MarkFailed{NodeId(3), true}).ok());
  ExpectRejected(config, Promote{NodeId(3)}, absl::StatusCode::kFailedPrecondition);
}

TEST(ClusterConfigTest, SameLogSameConfigurationRegardlessOfSeedOrder) {
  ClusterConfig a;
  ClusterConfig b;
  ASSERT_TRUE(Apply(&a, Bootstrap{{NodeMember(0), NodeMember(1), NodeMember(2)}}).ok());
  ASSERT_TRUE(Apply(&b, Bootstrap{{NodeMember(2), NodeMember(0), NodeMember(1)}}).ok());
  std::vector<ConfigEntry> log = {AddPrimary{NodeMember(3)}, AddReplica{NodeMember(4), NodeId(3)},
                                  RemoveMember{NodeId(1)}, Promote{NodeId(4)}};
  for (const ConfigEntry& e : log) {
    ASSERT_TRUE(Apply(&a, e).ok());
    ASSERT_TRUE(Apply(&b, e).ok());
  }
  EXPECT_EQ(a, b);
}

TEST(ClusterConfigTest, ValidateCatchesBrokenInvariants) {
  ClusterConfig config = Booted(3);
  ClusterConfig broken = config;
  broken.placement.owners[0] = broken.placement.owners[1] == NodeId(0) ? NodeId(1) : NodeId(0);
  broken.placement.owners[5] = "";
  EXPECT_FALSE(Validate(broken).ok());
  broken = config;
  std::swap(broken.members[0], broken.members[1]);
  EXPECT_FALSE(Validate(broken).ok());
  broken = config;
  broken.members[0].role = Role::kReplica;
  broken.members[0].primary_id = broken.members[1].id;
  EXPECT_FALSE(Validate(broken).ok());  // owns blocks while a replica
  EXPECT_TRUE(Validate(ClusterConfig{}).ok());
}

}  // namespace
}  // namespace slotcache::cluster
