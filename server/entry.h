// One key with its string value in a single malloc block: header, optional expiry, key, value.
// Compact on purpose (bytes per key is a product metric); knows nothing about tables or time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace slotcache::server {

constexpr int64_t kNoExpire = -1;

// Redis's LRU clock: seconds, wrapped to the 24 bits an entry keeps.
constexpr uint32_t LruClock(int64_t now_ms) {
  return static_cast<uint32_t>(now_ms / 1000) & 0xffffff;
}

// Layout: [flags:1][lru:3][lengths: u8 key + u16 value, or u32 + u32][expiry: i64 at + u32 index]
// [key][value]. Multi-byte fields are unaligned and accessed with memcpy.
// Why: a key with a short value costs 7 header bytes (19 with a TTL) plus its bytes, in one
// malloc block; no pointers, no padding. A 16-byte key with a 32-byte value is a 55-byte block
// (64 from malloc) plus one 8-byte pointer in its slot table.
class Entry {
 public:
  // A new entry whose value bytes are uninitialised; `with_expiry` reserves the expiry fields.
  static Entry* Create(std::string_view key, size_t value_len, bool with_expiry);
  static void Destroy(Entry* entry);
  // Returns an entry with the same key, expiry and value prefix but `value_len` value bytes and
  // the expiry fields present iff `with_expiry`. May return `entry` itself; otherwise `entry` is
  // freed. New value bytes are uninitialised.
  static Entry* Resize(Entry* entry, size_t value_len, bool with_expiry);

  std::string_view key() const;
  std::string_view value() const;
  char* mutable_value();
  size_t value_len() const;

  bool has_expiry() const { return flags_ & kHasExpiry; }
  int64_t expire_at() const;          // kNoExpire when absent
  void set_expire_at(int64_t at_ms);  // requires has_expiry()
  uint32_t volatile_index() const;    // position in the database's volatile list
  void set_volatile_index(uint32_t index);

  uint32_t lru() const { return lru_[0] | (lru_[1] << 8) | (lru_[2] << 16); }
  void set_lru(uint32_t v);

  // Bytes malloc really gave this entry (for memory accounting and MEMORY USAGE).
  size_t allocated_bytes() const;

 private:
  static constexpr uint8_t kLongLengths = 1;
  static constexpr uint8_t kHasExpiry = 2;
  static constexpr size_t kExpirySize = 12;

  Entry() = default;
  static size_t LengthsSize(bool long_lengths) { return long_lengths ? 8 : 3; }
  static bool NeedsLong(size_t key_len, size_t value_len) {
    return key_len > 0xff || value_len > 0xffff;
  }
  size_t key_len() const;
  size_t expiry_offset() const { return 4 + LengthsSize(flags_ & kLongLengths); }
  size_t key_offset() const { return expiry_offset() + (has_expiry() ? kExpirySize : 0); }
  char* bytes() { return reinterpret_cast<char*>(this); }
  const char* bytes() const { return reinterpret_cast<const char*>(this); }
  void set_value_len(size_t value_len);

  uint8_t flags_;
  uint8_t lru_[3];
};

}  // namespace slotcache::server
