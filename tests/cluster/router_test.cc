#include "cluster/router.h"

#include <gtest/gtest.h>

#include "cluster/slot_ranges.h"
#include "tests/cluster/cluster_test_util.h"

namespace slotcache::cluster {
namespace {

using test_support::NodeId;
using test_support::NodeMember;
using test_support::ThreePrimariesOneReplica;

// A key whose slot `owner_id` serves.
std::string KeyOwnedBy(const ClusterConfig& config, const std::string& owner_id) {
  for (int i = 0;; ++i) {
    std::string key = "key:" + std::to_string(i);
    if (OwnerOfSlot(config, KeySlot(key))->id == owner_id) return key;
  }
}

Route RouteOne(const ClusterConfig& config, int self, std::string_view key, bool readonly = false,
               bool read = true) {
  std::string_view keys[] = {key};
  return RouteKeys(config, NodeId(self), keys, readonly, read);
}

TEST(RouterTest, OwnerServesItsKeysAndOthersGetMoved) {
  ClusterConfig config = ThreePrimariesOneReplica();
  std::string key = KeyOwnedBy(config, NodeId(1));
  EXPECT_TRUE(std::holds_alternative<ServeHere>(RouteOne(config, 1, key)));
  Route route = RouteOne(config, 0, key);
  ASSERT_TRUE(std::holds_alternative<Moved>(route));
  EXPECT_EQ(std::get<Moved>(route).slot, KeySlot(key));
  EXPECT_EQ(std::get<Moved>(route).owner, (Endpoint{"127.0.0.1", 7001}));
}

TEST(RouterTest, KeylessCommandsRunHere) {
  ClusterConfig config = ThreePrimariesOneReplica();
  EXPECT_TRUE(std::holds_alternative<ServeHere>(RouteKeys(config, NodeId(2), {}, false, false)));
  EXPECT_TRUE(std::holds_alternative<ServeHere>(RouteKeys(ClusterConfig{}, "", {}, false, true)));
}

TEST(RouterTest, CrossSlotIsPerSlotNotPerNode) {
  ClusterConfig config = ThreePrimariesOneReplica();
  // Two different slots in the same block: same owner, still CROSSSLOT as in Redis.
  std::string a;
  std::string b;
  for (int i = 0; b.empty(); ++i) {
    std::string key = "k" + std::to_string(i);
    if (a.empty() && KeySlot(key) % kSlotsPerBlock == 0) {
      a = key;
    } else if (!a.empty() && KeySlot(key) == KeySlot(a) + 1) {
      b = key;
    }
  }
  std::string self = OwnerOfSlot(config, KeySlot(a))->id;
  std::string_view keys[] = {a, b};
  EXPECT_TRUE(std::holds_alternative<CrossSlot>(RouteKeys(config, self, keys, false, true)));
}

TEST(RouterTest, HashTagsKeepMultiKeyCommandsInOneSlot) {
  ClusterConfig config = ThreePrimariesOneReplica();
  std::string_view keys[] = {"{user1000}.following", "{user1000}.followers", "{user1000}"};
  std::string owner = OwnerOfSlot(config, KeySlot("user1000"))->id;
  EXPECT_TRUE(std::holds_alternative<ServeHere>(RouteKeys(config, owner, keys, false, false)));
  std::string_view same_key_twice[] = {"foo", "foo"};
  std::string foo_owner = OwnerOfSlot(config, KeySlot("foo"))->id;
  EXPECT_TRUE(std::holds_alternative<ServeHere>(
      RouteKeys(config, foo_owner, same_key_twice, false, false)));
}

TEST(RouterTest, ReadonlyReplicaServesReadsOfItsPrimaryOnly) {
  ClusterConfig config = ThreePrimariesOneReplica();
  std::string own = KeyOwnedBy(config, NodeId(0));
  std::string other = KeyOwnedBy(config, NodeId(2));
  EXPECT_TRUE(std::holds_alternative<ServeHere>(RouteOne(config, 3, own, true, true)));
  EXPECT_TRUE(std::holds_alternative<Moved>(RouteOne(config, 3, own, true, false)));  // write
  EXPECT_TRUE(std::holds_alternative<Moved>(RouteOne(config, 3, own, false, true)));  // no READONLY
  EXPECT_TRUE(std::holds_alternative<Moved>(RouteOne(config, 3, other, true, true)));  // not ours
  Route moved = RouteOne(config, 3, own, true, false);
  EXPECT_EQ(std::get<Moved>(moved).owner, (Endpoint{"127.0.0.1", 7000}));
}

TEST(RouterTest, UnownedSlotIsUnservedBeforeCrossSlotLikeRedis) {
  ClusterConfig config = ThreePrimariesOneReplica();
  config.placement.owners[BlockOfSlot(KeySlot("foo"))].clear();
  Route route = RouteOne(config, 0, "foo");
  ASSERT_TRUE(std::holds_alternative<SlotUnserved>(route));
  EXPECT_EQ(std::get<SlotUnserved>(route).slot, KeySlot("foo"));
  std::string_view keys[] = {"foo", "bar"};  // different slots, but the first is unserved
  EXPECT_TRUE(
      std::holds_alternative<SlotUnserved>(RouteKeys(config, NodeId(0), keys, false, true)));
  EXPECT_TRUE(std::holds_alternative<SlotUnserved>(RouteOne(ClusterConfig{}, 0, "foo")));
}

}  // namespace
}  // namespace slotcache::cluster
