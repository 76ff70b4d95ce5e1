#include "server/keyspace/entry.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace slotcache::server {
namespace {

// Creates an entry holding `value` (the value bytes of Create are uninitialised).
Entry* Make(std::string_view key, std::string_view value, bool with_expiry) {
  Entry* e = Entry::Create(key, value.size(), with_expiry);
  std::memcpy(e->mutable_value(), value.data(), value.size());
  return e;
}

TEST(EntryTest, ShortKeyAndValue) {
  Entry* e = Make("key", "value", false);
  EXPECT_EQ(e->key(), "key");
  EXPECT_EQ(e->value(), "value");
  EXPECT_EQ(e->value_len(), 5u);
  EXPECT_FALSE(e->has_expiry());
  EXPECT_EQ(e->expire_at(), kNoExpire);
  EXPECT_GE(e->allocated_bytes(), 7u + 3 + 5);
  Entry::Destroy(e);
}

TEST(EntryTest, CompactLayout) {
  // 7 header bytes + key + value, 12 more with a TTL: 16-byte key + 32-byte value = 55 bytes.
  Entry* e = Make(std::string(16, 'k'), std::string(32, 'v'), false);
  EXPECT_LE(e->allocated_bytes(), 56u);
  Entry::Destroy(e);
  Entry* with_ttl = Make(std::string(16, 'k'), std::string(32, 'v'), true);
  EXPECT_LE(with_ttl->allocated_bytes(), 72u);
  Entry::Destroy(with_ttl);
}

TEST(EntryTest, EmptyKeyAndValue) {
  Entry* e = Make("", "", true);
  EXPECT_EQ(e->key(), "");
  EXPECT_EQ(e->value(), "");
  EXPECT_TRUE(e->has_expiry());
  Entry::Destroy(e);
}

TEST(EntryTest, LongLengthsAtTheBoundaries) {
  for (size_t key_len : {255u, 256u}) {
    for (size_t value_len : {65535u, 65536u}) {
      std::string key(key_len, 'k'), value(value_len, 'v');
      value.back() = 'z';
      Entry* e = Make(key, value, true);
      e->set_expire_at(1234);
      EXPECT_EQ(e->key(), key);
      EXPECT_EQ(e->value(), value);
      EXPECT_EQ(e->expire_at(), 1234);
      Entry::Destroy(e);
    }
  }
}

TEST(EntryTest, ExpiryFieldsDoNotDisturbKeyAndValue) {
  Entry* e = Make("key", "value", true);
  e->set_expire_at(INT64_MAX);
  e->set_volatile_index(0xfffffffe);
  e->set_lru(0xabcdef);
  EXPECT_EQ(e->expire_at(), INT64_MAX);
  EXPECT_EQ(e->volatile_index(), 0xfffffffeu);
  EXPECT_EQ(e->lru(), 0xabcdefu);
  EXPECT_EQ(e->key(), "key");
  EXPECT_EQ(e->value(), "value");
  Entry::Destroy(e);
}

TEST(EntryTest, LruKeeps24Bits) {
  Entry* e = Make("k", "v", false);
  e->set_lru(0x1234567);
  EXPECT_EQ(e->lru(), 0x234567u);
  EXPECT_EQ(LruClock(1000), 1u);
  EXPECT_EQ(LruClock(int64_t{0x1000000} * 1000 + 5999), 5u);
  Entry::Destroy(e);
}

TEST(EntryTest, ResizeGrowsKeepingPrefixExpiryAndLru) {
  Entry* e = Make("key", "abc", true);
  e->set_expire_at(99);
  e->set_volatile_index(7);
  e->set_lru(42);
  e = Entry::Resize(e, 100000, true);  // crosses into long lengths
  EXPECT_EQ(e->value_len(), 100000u);
  EXPECT_EQ(e->value().substr(0, 3), "abc");
  EXPECT_EQ(e->key(), "key");
  EXPECT_EQ(e->expire_at(), 99);
  EXPECT_EQ(e->volatile_index(), 7u);
  EXPECT_EQ(e->lru(), 42u);
  e = Entry::Resize(e, 2, true);  // back to short lengths
  EXPECT_EQ(e->value(), "ab");
  EXPECT_EQ(e->expire_at(), 99);
  Entry::Destroy(e);
}

TEST(EntryTest, ResizeAddsAndDropsTheExpiryFields) {
  Entry* e = Make("key", "value", false);
  e = Entry::Resize(e, 5, true);
  ASSERT_TRUE(e->has_expiry());
  e->set_expire_at(5);
  EXPECT_EQ(e->value(), "value");
  e = Entry::Resize(e, 5, false);
  EXPECT_FALSE(e->has_expiry());
  EXPECT_EQ(e->expire_at(), kNoExpire);
  EXPECT_EQ(e->value(), "value");
  EXPECT_EQ(e->key(), "key");
  Entry::Destroy(e);
}

TEST(EntryTest, SmallShrinkStaysInPlace) {
  Entry* e = Make("key", std::string(40, 'x'), false);
  Entry* same = Entry::Resize(e, 38, false);
  EXPECT_EQ(same, e);
  EXPECT_EQ(same->value(), std::string(38, 'x'));
  Entry::Destroy(same);
}

}  // namespace
}  // namespace slotcache::server
