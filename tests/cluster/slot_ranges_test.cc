#include "cluster/slot_ranges.h"

#include <gtest/gtest.h>

#include "tests/cluster/cluster_test_util.h"

namespace slotcache::cluster {
namespace {

using test_support::NodeId;
using test_support::NodeMember;
using test_support::ThreePrimariesOneReplica;

TEST(SlotRangesTest, RangesMergeAdjacentBlocksAndCoverEverySlot) {
  ClusterConfig config = ThreePrimariesOneReplica();
  std::vector<SlotRange> ranges = SlotRanges(config);
  ASSERT_FALSE(ranges.empty());
  EXPECT_LE(ranges.size(), static_cast<size_t>(kBlockCount));
  EXPECT_EQ(ranges.front().start, 0);
  EXPECT_EQ(ranges.back().end, kSlotCount - 1);
  for (size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_EQ(OwnerOfSlot(config, ranges[i].start)->id, ranges[i].owner_id);
    EXPECT_EQ(OwnerOfSlot(config, ranges[i].end)->id, ranges[i].owner_id);
    if (i > 0) {
      EXPECT_EQ(ranges[i].start, ranges[i - 1].end + 1);
      EXPECT_NE(ranges[i].owner_id, ranges[i - 1].owner_id);  // else they would have merged
    }
  }
}

TEST(SlotRangesTest, OneOwnerIsOneRangeAndGapsAreSkipped) {
  ClusterConfig config;
  ASSERT_TRUE(Apply(&config, Bootstrap{{NodeMember(0)}}).ok());
  EXPECT_EQ(SlotRanges(config), (std::vector<SlotRange>{{0, kSlotCount - 1, NodeId(0)}}));
  config.placement.owners[1].clear();
  EXPECT_EQ(SlotRanges(config),
            (std::vector<SlotRange>{{0, 63, NodeId(0)}, {128, kSlotCount - 1, NodeId(0)}}));
  EXPECT_EQ(OwnerOfSlot(config, 64), nullptr);
  EXPECT_EQ(OwnerOfSlot(config, kSlotCount), nullptr);
  EXPECT_TRUE(SlotRanges(ClusterConfig{}).empty());
}

}  // namespace
}  // namespace slotcache::cluster
