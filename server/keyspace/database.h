// One logical database (SELECT n): keys spread over 16384 per-slot hash tables, plus a list of
// keys with a TTL for active expiry sampling. Stores and expires; never formats replies.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "server/keyspace/entry.h"
#include "server/keyspace/key_access.h"
#include "server/keyspace/lazy_free.h"

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
  bool delete_expired() const { return delete_expired_; }
  // Where accesses are recorded; the keyspace shares one among its databases.
  void set_key_access(KeyAccess* access) { access_ = access; }

  // Redis's rule: a key expires once the clock is past its expiry time (now > expire_at).
  static bool IsExpired(const Entry& entry, int64_t now_ms) {
    return entry.has_expiry() && entry.expire_at() < now_ms;
  }

  // The live entry for `key`, or nullptr if absent or expired (deleted then, on a primary).
  // An entry pointer stays valid until its own key is set, resized, given or stripped of a TTL,
  // erased or released, or the database is cleared or swapped; changes to other keys (including
  // the expired-key deletions Find itself makes) leave it alone.
  // Find records the access (LRU clock or LFU counter) like Redis's lookupKey; Peek does not
  // (Redis's LOOKUP_NOTOUCH: EXISTS, TYPE, TTL, OBJECT, MEMORY USAGE).
  Entry* Find(std::string_view key, int64_t now_ms) {
    Entry* entry = Peek(key, now_ms);
    if (entry != nullptr) access_->Touch(*entry);
    return entry;
  }
  Entry* Peek(std::string_view key, int64_t now_ms);
  // Cache hints for a key about to be looked up (see RequestBatch), each once the previous one
  // had time to load: the slot's table header, then the table position the key hashes to, then
  // the entries stored there whose hash matches. No effect on data.
  void PrefetchSlotTable(int slot) const {
    if (slots_.empty()) return;
    // A header may straddle two cache lines.
    const char* header = reinterpret_cast<const char*>(&slots_[slot]);
    __builtin_prefetch(header);
    __builtin_prefetch(header + sizeof(Table) - 1);
  }
  void PrefetchKey(int slot, std::string_view key) const {
    if (!slots_.empty()) slots_[slot].prefetch(key);
  }
  void PrefetchEntry(int slot, std::string_view key) const {
    if (!slots_.empty()) slots_[slot].find(EntryProbe{key});  // matches nothing; see KeyEq
  }
  // True if `key` is stored, expired or not (Redis's dictFind on the main dict).
  bool Contains(std::string_view key) const;
  // Creates or replaces `key` with `value` and the given expiry (kNoExpire for none). `value`
  // may view another key's entry (of this or another database): only `key`'s entry is touched;
  // it must not view `key`'s own entry, which may be freed before the copy.
  Entry* Set(std::string_view key, std::string_view value, int64_t expire_at);
  // Creates or replaces `key` with `source`'s value (any type) and the given expiry. A
  // collection `source` owns is moved when `take` (RENAME: `source` is then a plain byte value
  // to erase) and deep-copied otherwise (COPY). `source` must not be `key`'s own entry.
  Entry* SetFrom(std::string_view key, Entry* source, int64_t expire_at, bool take);
  // Gives the existing `entry` `value_len` value bytes, keeping its prefix and TTL.
  Entry* ResizeValue(Entry* entry, size_t value_len);
  // Sets (kNoExpire: removes) the TTL of a live entry; returns the possibly moved entry.
  Entry* SetExpiry(Entry* entry, int64_t expire_at);
  // Removes `key` if present (expired or not). True if something was removed.
  bool Erase(std::string_view key);
  // Takes `key`'s entry out of this database and hands it to the caller (nullptr if absent),
  // e.g. to Adopt() it into another database without copying (MOVE).
  Entry* Release(std::string_view key);
  // Stores an entry obtained from Release(); its key must be absent here.
  void Adopt(Entry* entry);
  void Clear();
  // Empties the database at once and frees the entries on `lazy_free`'s thread (FLUSHDB and
  // FLUSHALL ASYNC).
  void ClearAsync(LazyFree& lazy_free);
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

  // SCAN. The cursor is the number of the next slot to visit: 0 starts, and a returned 0 means
  // the iteration is complete; valid cursors are 0..16383 (see kScanCursorEnd). Each call visits
  // whole slots (expired entries included), from `cursor` upwards, until it has visited `count`
  // entries or passed 10 * `count` empty slots (bounded work, like Redis). Because a slot is
  // never split across calls, a full iteration returns every key present throughout it, however
  // the tables are resized in between. The price: a slot is returned whole, so keys sharing
  // one {hash tag} come back in one reply however many they are. The visitor must not mutate.
  uint32_t Scan(uint32_t cursor, size_t count,
                const std::function<void(const Entry&)>& visit) const;
  static constexpr uint32_t kScanCursorEnd = 16384;  // first invalid cursor value

  // Eviction sampling: visits `count` random entries (expired ones included), or all of them if
  // fewer, from the keys with a TTL only if `volatile_only`. With a TTL they are drawn one by one
  // (possibly repeated); from all keys they are neighbours in table order from one random
  // position (distinct). The visitor must not mutate. Costs one random walk within a slot table
  // plus O(count).
  void Sample(bool volatile_only, size_t count, std::mt19937_64& rng,
              const std::function<void(const Entry&)>& visit) const;

  // Active expiry: checks up to `samples` random keys with a TTL, deletes the expired ones and
  // returns how many it deleted. Does nothing where expired keys are not deleted (replicas).
  size_t ExpireSample(int64_t now_ms, size_t samples, std::mt19937_64& rng);

  // Checks the internal invariants (sizes, volatile list positions, table membership). Returns
  // "" when they hold, else what is broken. Linear time: for tests and debugging.
  std::string CheckInvariants() const;

 private:
  struct EntryRef {
    mutable Entry* entry;  // mutable: replaced in place when the entry moves (same key)
  };
  // A lookup key that probes the table like `key` but, instead of comparing each candidate
  // entry (a cache miss that would stall), prefetches it and reports no match.
  struct EntryProbe {
    std::string_view key;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const;
    size_t operator()(const EntryRef& ref) const { return (*this)(ref.entry->key()); }
    size_t operator()(const EntryProbe& probe) const { return (*this)(probe.key); }
  };
  struct KeyEq {
    using is_transparent = void;
    static std::string_view Key(std::string_view key) { return key; }
    static std::string_view Key(const EntryRef& ref) { return ref.entry->key(); }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Key(a) == Key(b);
    }
    bool operator()(const EntryRef& ref, const EntryProbe&) const {
      __builtin_prefetch(ref.entry);
      return false;
    }
  };
  using Table = absl::flat_hash_set<EntryRef, KeyHash, KeyEq>;

  Table& TableFor(std::string_view key);
  const Table* FindTable(std::string_view key) const;
  void AddVolatile(Entry* entry);
  void RemoveVolatile(Entry* entry);
  void DeleteExpired(Entry* entry);
  std::string CheckVolatile() const;
  size_t RandomNonEmptySlot(std::mt19937_64& rng) const;

  int index_;
  ExpiryListener* listener_ = nullptr;
  KeyAccess own_access_;  // used until the keyspace shares its own
  KeyAccess* access_ = &own_access_;
  bool delete_expired_ = true;
  size_t size_ = 0;
  std::vector<Table> slots_;      // 16384 tables, allocated on first write
  std::vector<Entry*> volatile_;  // keys with a TTL; each entry knows its position
};

}  // namespace slotcache::server
