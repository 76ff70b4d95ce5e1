#include "server/keyspace/entry.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "server/base/memory_counter.h"

namespace slotcache::server {

Entry* Entry::Create(std::string_view key, size_t value_len, bool with_expiry) {
  bool long_lengths = NeedsLong(key.size(), value_len);
  size_t size =
      4 + LengthsSize(long_lengths) + (with_expiry ? kExpirySize : 0) + key.size() + value_len;
  void* block = CountedMalloc(size);  // aborts when out of memory
  Entry* e = new (block) Entry();
  e->flags_ = (long_lengths ? kLongLengths : 0) | (with_expiry ? kHasExpiry : 0);
  e->set_lru(0);
  char* p = e->bytes() + 4;
  if (long_lengths) {
    uint32_t k = static_cast<uint32_t>(key.size()), v = static_cast<uint32_t>(value_len);
    std::memcpy(p, &k, 4);
    std::memcpy(p + 4, &v, 4);
  } else {
    p[0] = static_cast<char>(key.size());
    uint16_t v = static_cast<uint16_t>(value_len);
    std::memcpy(p + 1, &v, 2);
  }
  if (with_expiry) {
    e->set_expire_at(kNoExpire);
    e->set_volatile_index(0);
  }
  std::memcpy(e->bytes() + e->key_offset(), key.data(), key.size());
  return e;
}

void Entry::Destroy(Entry* entry) {
  if (entry->is_external()) delete entry->external();
  CountedFree(entry);
}

Entry* Entry::Resize(Entry* entry, size_t value_len, bool with_expiry) {
  if (with_expiry == entry->has_expiry() && entry->ResizeInPlace(value_len)) return entry;
  Entry* fresh = Create(entry->key(), value_len, with_expiry);
  std::string_view old = entry->value();
  std::memcpy(fresh->mutable_value(), old.data(), std::min(old.size(), value_len));
  if (with_expiry && entry->has_expiry()) {
    fresh->set_expire_at(entry->expire_at());
    fresh->set_volatile_index(entry->volatile_index());
  }
  fresh->set_lru(entry->lru());
  // The value bytes moved, so does what they mean (type; an owned collection's pointer).
  fresh->flags_ |= entry->flags_ & (kTypeMask | kExternal);
  CountedFree(entry);
  return fresh;
}

void Entry::set_value_len(size_t value_len) {
  char* p = bytes() + 4;
  if (flags_ & kLongLengths) {
    uint32_t v = static_cast<uint32_t>(value_len);
    std::memcpy(p + 4, &v, 4);
  } else {
    uint16_t v = static_cast<uint16_t>(value_len);
    std::memcpy(p + 1, &v, 2);
  }
}

void Entry::set_expire_at(int64_t at_ms) {
  std::memcpy(bytes() + expiry_offset(), &at_ms, 8);
}

uint32_t Entry::volatile_index() const {
  uint32_t index;
  std::memcpy(&index, bytes() + expiry_offset() + 8, 4);
  return index;
}

void Entry::set_volatile_index(uint32_t index) {
  std::memcpy(bytes() + expiry_offset() + 8, &index, 4);
}

void Entry::set_lru(uint32_t v) {
  lru_[0] = v & 0xff;
  lru_[1] = (v >> 8) & 0xff;
  lru_[2] = (v >> 16) & 0xff;
}

bool Entry::ResizeInPlace(size_t value_len) {
  if (value_len == this->value_len()) return true;  // the common overwrite: no size question
  if (NeedsLong(key_len(), value_len) != bool(flags_ & kLongLengths)) return false;
  size_t needed = key_offset() + key_len() + value_len;
  size_t usable = malloc_usable_size(this);
  // Shrink in place unless that would waste more than half the block.
  if (needed > usable || needed * 2 < usable) return false;
  set_value_len(value_len);
  return true;
}

size_t Entry::allocated_bytes() const {
  return malloc_usable_size(const_cast<Entry*>(this));
}

}  // namespace slotcache::server
