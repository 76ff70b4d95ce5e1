#include "cluster/key_slot.h"

#include <gtest/gtest.h>

#include <string>

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
  // Lengths that exercise the eight-byte steps and the byte-wise tail.
  EXPECT_EQ(KeySlot("12345678"), 4117);
  EXPECT_EQ(KeySlot("key:000000000042"), 7803);
  EXPECT_EQ(KeySlot("counter:000000123456"), 13483);
  EXPECT_EQ(KeySlot("a-much-longer-key-name-with-more-than-thirty-two-bytes"), 7703);
}

// The textbook bit-at-a-time CRC16-XMODEM, to check the table-driven one against.
uint16_t BitwiseCrc16(std::string_view data) {
  uint16_t crc = 0;
  for (unsigned char c : data) {
    crc ^= static_cast<uint16_t>(c << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

TEST(KeySlotTest, Crc16MatchesBitwiseDefinitionAtEveryLength) {
  std::string bytes;
  uint32_t state = 12345;
  for (int len = 0; len <= 80; ++len) {
    EXPECT_EQ(Crc16(bytes), BitwiseCrc16(bytes)) << "length " << len;
    state = state * 1103515245 + 12345;
    bytes.push_back(static_cast<char>(state >> 16));
  }
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
