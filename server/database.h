// One logical database (SELECT n): keys spread over 16384 per-slot hash tables, plus a list of
// keys with a TTL for active expiry sampling. Stores and expires; never formats replies.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "server/entry.h"

namespace slotcache::server {

// Told about keys removed because their TTL passed (to count them and propagate a DEL).
class ExpiryListener {
 public:
  virtual ~ExpiryListener() = default;
  virtual void KeyExpired(int db_index, std::string_view key) = 0;
};

class Database {
 public:
  explicit Database(int index) : index_(index) {}
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  int index() const { return index_; }
  void set_index(int index) { index_ = index; }
  void set_expiry_listener(ExpiryListener* listener) { listener_ = listener; }
  // Replicas hide expired keys but leave their deletion to the primary.
  void set_delete_expired(bool on) { delete_expired_ = on; }

  // The live entry for `key`, or nullptr if absent or expired (deleted then, on a primary).
  // Entry pointers stay valid until the next mutation of this database.
  Entry* Find(std::string_view key, int64_t now_ms);
  // Creates or replaces `key` with `value` and the given expiry (kNoExpire for none).
  Entry* Set(std::string_view key, std::string_view value, int64_t expire_at);
  // Gives the existing `entry` `value_len` value bytes, keeping its prefix and TTL.
  Entry* ResizeValue(Entry* entry, size_t value_len);
  // Sets (kNoExpire: removes) the TTL of a live entry; returns the possibly moved entry.
  Entry* SetExpiry(Entry* entry, int64_t expire_at);
  // Removes `key` if present (expired or not). True if something was removed.
  bool Erase(std::string_view key);
  void Clear();
  void Swap(Database& other);

  size_t size() const { return size_; }
  size_t volatile_size() const { return volatile_.size(); }

  // Visits every entry of slot `slot` (expired ones included). The visitor must not mutate.
  void ForEachInSlot(int slot, const std::function<void(const Entry&)>& visit) const;
  size_t SlotSize(int slot) const;
  // Visits every entry; same rules.
  void ForEach(const std::function<void(const Entry&)>& visit) const;
  // A uniformly random entry (possibly expired), or nullptr when empty.
  const Entry* RandomEntry(std::mt19937_64& rng) const;

  // Active expiry: checks up to `samples` random keys with a TTL, deletes the expired ones and
  // returns how many it deleted.
  size_t ExpireSample(int64_t now_ms, size_t samples, std::mt19937_64& rng);

 private:
  struct EntryRef {
    mutable Entry* entry;  // mutable: replaced in place when the entry moves (same key)
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const;
    size_t operator()(const EntryRef& ref) const { return (*this)(ref.entry->key()); }
  };
  struct KeyEq {
    using is_transparent = void;
    static std::string_view Key(std::string_view key) { return key; }
    static std::string_view Key(const EntryRef& ref) { return ref.entry->key(); }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Key(a) == Key(b);
    }
  };
  using Table = absl::flat_hash_set<EntryRef, KeyHash, KeyEq>;

  Table& TableFor(std::string_view key);
  const Table* FindTable(std::string_view key) const;
  void Replace(Entry* old_entry, Entry* new_entry);
  void AddVolatile(Entry* entry);
  void RemoveVolatile(Entry* entry);
  void DeleteExpired(Entry* entry);

  int index_;
  ExpiryListener* listener_ = nullptr;
  bool delete_expired_ = true;
  size_t size_ = 0;
  std::vector<Table> slots_;      // 16384 tables, allocated on first write
  std::vector<Entry*> volatile_;  // keys with a TTL; each entry knows its position
};

}  // namespace slotcache::server
