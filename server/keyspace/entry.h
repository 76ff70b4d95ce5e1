// One key with its value in a single malloc block: header, optional expiry, key, value bytes.
// Compact on purpose (bytes per key is a product metric); knows nothing about tables or time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "server/keyspace/collection.h"

namespace slotcache::server {

constexpr int64_t kNoExpire = -1;

// What a key holds (Redis's object types). The numbers are stored in the entry's flags.
enum class ValueType : uint8_t { kString = 0, kHash = 1, kList = 2, kSet = 3, kZSet = 4 };

// Redis's LRU clock: seconds, wrapped to the 24 bits an entry keeps.
constexpr uint32_t LruClock(int64_t now_ms) {
  return static_cast<uint32_t>(now_ms / 1000) & 0xffffff;
}

// Layout: [flags:1][lru:3][lengths: u8 key + u16 value, or u32 + u32][expiry: i64 at + u32 index]
// [key][value]. Multi-byte fields are unaligned and accessed with memcpy.
// Why: a key with a short value costs 7 header bytes (19 with a TTL) plus its bytes, in one
// malloc block; no pointers, no padding. A 16-byte key with a 32-byte value is a 55-byte block
// (64 from malloc) plus one 8-byte pointer in its slot table.
// The flags also hold the value's type and whether the value bytes are the value itself
// (strings, and small collections packed like Redis's listpack) or one pointer to a Collection
// the entry owns (large collections): see docs/keyspace.md.
class Entry {
 public:
  // A new entry whose value bytes are uninitialised; `with_expiry` reserves the expiry fields.
  // The new entry is a string (set_type to change it).
  static Entry* Create(std::string_view key, size_t value_len, bool with_expiry);
  // Frees the entry and the collection it owns, if any.
  static void Destroy(Entry* entry);
  // Returns an entry with the same key, expiry and value prefix but `value_len` value bytes and
  // the expiry fields present iff `with_expiry`. May return `entry` itself; otherwise `entry` is
  // freed. New value bytes are uninitialised. Type and ownership carry over with the bytes.
  static Entry* Resize(Entry* entry, size_t value_len, bool with_expiry);

  // Gives the value `value_len` bytes without moving the block, keeping its prefix, if the block
  // has room and would not waste more than half of itself. False (nothing changed) otherwise.
  bool ResizeInPlace(size_t value_len);

  // Inline: these are on every lookup's path (the table compares keys through them).
  std::string_view key() const { return {bytes() + key_offset(), key_len()}; }
  std::string_view value() const { return {bytes() + key_offset() + key_len(), value_len()}; }
  char* mutable_value() { return bytes() + key_offset() + key_len(); }
  size_t value_len() const {
    if (flags_ & kLongLengths) return LoadU32(bytes() + 8);
    uint16_t v;
    std::memcpy(&v, bytes() + 5, 2);
    return v;
  }

  bool has_expiry() const { return flags_ & kHasExpiry; }
  int64_t expire_at() const {  // kNoExpire when absent
    if (!has_expiry()) return kNoExpire;
    int64_t at;
    std::memcpy(&at, bytes() + expiry_offset(), 8);
    return at;
  }
  void set_expire_at(int64_t at_ms);  // requires has_expiry()
  uint32_t volatile_index() const;    // position in the database's volatile list
  void set_volatile_index(uint32_t index);

  ValueType type() const { return static_cast<ValueType>((flags_ & kTypeMask) >> kTypeShift); }
  void set_type(ValueType type) {
    flags_ =
        static_cast<uint8_t>((flags_ & ~kTypeMask) | (static_cast<uint8_t>(type) << kTypeShift));
  }
  // The value bytes are one pointer to a Collection this entry owns (the large encodings).
  bool is_external() const { return flags_ & kExternal; }
  Collection* external() const {
    Collection* c;
    std::memcpy(&c, bytes() + key_offset() + key_len(), sizeof(c));
    return c;
  }
  // Stores `c` in the value bytes (which must be sizeof(Collection*) long) and takes ownership.
  void set_external(Collection* c) {
    std::memcpy(mutable_value(), &c, sizeof(c));
    flags_ |= kExternal;
  }
  // Gives up ownership of the collection without freeing it (it moved to another entry or
  // to a background thread); the value bytes are then stale and the entry a plain byte value.
  Collection* release_external() {
    Collection* c = external();
    flags_ &= ~kExternal;
    return c;
  }

  uint32_t lru() const { return lru_[0] | (lru_[1] << 8) | (lru_[2] << 16); }
  void set_lru(uint32_t v);

  // Bytes malloc really gave this entry (for memory accounting and MEMORY USAGE), not counting
  // an external collection.
  size_t allocated_bytes() const;
  // allocated_bytes() plus the external collection's memory.
  size_t total_bytes() const {
    return allocated_bytes() + (is_external() ? external()->AllocatedBytes() : 0);
  }

 private:
  static constexpr uint8_t kLongLengths = 1;
  static constexpr uint8_t kHasExpiry = 2;
  static constexpr uint8_t kTypeShift = 2;
  static constexpr uint8_t kTypeMask = 0x1c;  // 3 bits of ValueType
  static constexpr uint8_t kExternal = 0x20;
  static constexpr size_t kExpirySize = 12;

  Entry() = default;
  static size_t LengthsSize(bool long_lengths) { return long_lengths ? 8 : 3; }
  static bool NeedsLong(size_t key_len, size_t value_len) {
    return key_len > 0xff || value_len > 0xffff;
  }
  static uint32_t LoadU32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  size_t key_len() const {
    return (flags_ & kLongLengths) ? LoadU32(bytes() + 4) : static_cast<uint8_t>(bytes()[4]);
  }
  size_t expiry_offset() const { return 4 + LengthsSize(flags_ & kLongLengths); }
  size_t key_offset() const { return expiry_offset() + (has_expiry() ? kExpirySize : 0); }
  char* bytes() { return reinterpret_cast<char*>(this); }
  const char* bytes() const { return reinterpret_cast<const char*>(this); }
  void set_value_len(size_t value_len);

  uint8_t flags_;
  uint8_t lru_[3];
};

}  // namespace slotcache::server
