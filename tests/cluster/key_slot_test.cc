#include "cluster/key_slot.h"

#include <gtest/gtest.h>

namespace slotcache::cluster {
namespace {

TEST(KeySlotTest, Crc16MatchesTheClusterSpecVector) {
  EXPECT_EQ(Crc16("123456789"), 0x31C3);
}

TEST(KeySlotTest, KnownSlotsMatchRedis) {
  // Values from redis-server 7 `CLUSTER KEYSLOT`.
  EXPECT_EQ(KeySlot("foo"), 12182);
  EXPECT_EQ(KeySlot("bar"), 5061);
  EXPECT_EQ(KeySlot(""), 0);
}

TEST(KeySlotTest, HashTagsHashOnlyTheirInside) {
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("user1000"));
  EXPECT_EQ(KeySlot("{user1000}.followers"), KeySlot("{user1000}.following"));
  EXPECT_EQ(HashTag("foo{}{bar}"), "foo{}{bar}");  // empty first tag: whole key
  EXPECT_EQ(HashTag("foo{{bar}}zap"), "{bar");     // first '{' to first '}' after it
  EXPECT_EQ(HashTag("foo{bar}{zap}"), "bar");
  EXPECT_EQ(HashTag("no-open}brace"), "no-open}brace");
  EXPECT_EQ(HashTag("unclosed{brace"), "unclosed{brace");
}

}  // namespace
}  // namespace slotcache::cluster
