#include "server/keyspace/database.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "cluster/key_slot.h"

namespace slotcache::server {

size_t Database::KeyHash::operator()(std::string_view key) const {
  return XXH3_64bits(key.data(), key.size());
}

Database::~Database() {
  Clear();
}

Database::Table& Database::TableFor(std::string_view key) {
  if (slots_.empty()) slots_.resize(cluster::kSlotCount);
  return slots_[cluster::KeySlot(key)];
}

const Database::Table* Database::FindTable(std::string_view key) const {
  if (slots_.empty()) return nullptr;
  return &slots_[cluster::KeySlot(key)];
}

Entry* Database::Peek(std::string_view key, int64_t now_ms) {
  const Table* table = FindTable(key);
  if (table == nullptr) return nullptr;
  auto it = table->find(key);
  if (it == table->end()) return nullptr;
  Entry* entry = it->entry;
  if (IsExpired(*entry, now_ms)) {
    if (delete_expired_) DeleteExpired(entry);
    return nullptr;
  }
  return entry;
}

bool Database::Contains(std::string_view key) const {
  const Table* table = FindTable(key);
  return table != nullptr && table->contains(key);
}

Entry* Database::Set(std::string_view key, std::string_view value, int64_t expire_at) {
  Table& table = TableFor(key);
  bool with_expiry = expire_at != kNoExpire;
  Entry* entry = nullptr;
  // One probe for both cases: the constructor runs only when the key is absent.
  auto it = table.lazy_emplace(key, [&](const Table::constructor& construct) {
    entry = Entry::Create(key, value.size(), with_expiry);
    entry->set_lru(access_->NewField());
    construct(EntryRef{entry});
  });
  if (entry != nullptr) {
    ++size_;
  } else {
    Entry* old = it->entry;
    if (old->has_expiry()) RemoveVolatile(old);
    // A string replaces a value of any type (Redis's SET): a collection goes first.
    if (old->is_external()) delete old->release_external();
    old->set_type(ValueType::kString);
    entry = Entry::Resize(old, value.size(), with_expiry);
    it->entry = entry;
    access_->Touch(*entry);  // an overwrite keeps the key's LFU history, as in Redis
  }
  if (with_expiry) {
    AddVolatile(entry);
    entry->set_expire_at(expire_at);
  }
  if (!value.empty()) std::memcpy(entry->mutable_value(), value.data(), value.size());
  return entry;
}

// Entry::Resize frees the old block, and the table compares keys through its stored pointer,
// so the table position is found before resizing and repointed after.
Entry* Database::ResizeValue(Entry* entry, size_t value_len) {
  if (entry->ResizeInPlace(value_len)) return entry;
  auto it = TableFor(entry->key()).find(entry->key());
  Entry* moved = Entry::Resize(entry, value_len, entry->has_expiry());
  it->entry = moved;
  // Resize carried the volatile position over; the list must point at the new block.
  if (moved->has_expiry()) volatile_[moved->volatile_index()] = moved;
  return moved;
}

Entry* Database::SetExpiry(Entry* entry, int64_t expire_at) {
  bool with_expiry = expire_at != kNoExpire;
  if (entry->has_expiry() != with_expiry) {
    if (entry->has_expiry()) RemoveVolatile(entry);
    auto it = TableFor(entry->key()).find(entry->key());
    entry = Entry::Resize(entry, entry->value_len(), with_expiry);
    it->entry = entry;
    if (with_expiry) AddVolatile(entry);
  }
  if (with_expiry) entry->set_expire_at(expire_at);
  return entry;
}

Entry* Database::SetFrom(std::string_view key, Entry* source, int64_t expire_at, bool take) {
  Entry* entry = Set(key, source->value(), expire_at);
  entry->set_type(source->type());
  if (source->is_external()) {
    entry->set_external(take ? source->release_external() : source->external()->Clone());
  }
  return entry;
}

bool Database::Erase(std::string_view key) {
  Entry* entry = Release(key);
  if (entry == nullptr) return false;
  Entry::Destroy(entry);
  return true;
}

Entry* Database::Release(std::string_view key) {
  if (slots_.empty()) return nullptr;
  Table& table = TableFor(key);
  auto it = table.find(key);
  if (it == table.end()) return nullptr;
  Entry* entry = it->entry;
  table.erase(it);
  if (entry->has_expiry()) RemoveVolatile(entry);
  --size_;
  return entry;
}

void Database::Adopt(Entry* entry) {
  TableFor(entry->key()).insert(EntryRef{entry});
  ++size_;
  if (entry->has_expiry()) AddVolatile(entry);
}

void Database::DeleteExpired(Entry* entry) {
  // Copy the key: the listener may log it after the entry is gone.
  std::string key(entry->key());
  Erase(key);
  if (listener_ != nullptr) listener_->KeyExpired(index_, key);
}

void Database::AddVolatile(Entry* entry) {
  entry->set_volatile_index(static_cast<uint32_t>(volatile_.size()));
  volatile_.push_back(entry);
}

void Database::RemoveVolatile(Entry* entry) {
  uint32_t index = entry->volatile_index();
  Entry* last = volatile_.back();
  volatile_[index] = last;
  last->set_volatile_index(index);
  volatile_.pop_back();
}

void Database::Clear() {
  for (Table& table : slots_) {
    for (const EntryRef& ref : table) {
      Entry::Destroy(ref.entry);
    }
  }
  std::vector<Table>().swap(slots_);
  std::vector<Entry*>().swap(volatile_);
  size_ = 0;
}

void Database::ClearAsync(LazyFree& lazy_free) {
  // The tables move to the job whole: the loop only swaps three members.
  auto slots = std::make_shared<std::vector<Table>>();
  slots->swap(slots_);
  std::vector<Entry*>().swap(volatile_);
  size_ = 0;
  lazy_free.Submit([slots] {
    for (Table& table : *slots) {
      for (const EntryRef& ref : table)
        Entry::Destroy(ref.entry);
    }
  });
}

void Database::Swap(Database& other) {
  std::swap(slots_, other.slots_);
  std::swap(volatile_, other.volatile_);
  std::swap(size_, other.size_);
}

void Database::ForEachInSlot(int slot, const std::function<void(const Entry&)>& visit) const {
  if (slots_.empty()) return;
  for (const EntryRef& ref : slots_[slot]) {
    visit(*ref.entry);
  }
}

size_t Database::SlotSize(int slot) const {
  return slots_.empty() ? 0 : slots_[slot].size();
}

void Database::ForEach(const std::function<void(const Entry&)>& visit) const {
  for (const Table& table : slots_) {
    for (const EntryRef& ref : table) {
      visit(*ref.entry);
    }
  }
}

const Entry* Database::RandomEntry(std::mt19937_64& rng) const {
  if (size_ == 0) return nullptr;
  size_t target = std::uniform_int_distribution<size_t>(0, size_ - 1)(rng);
  for (const Table& table : slots_) {
    if (target >= table.size()) {
      target -= table.size();
      continue;
    }
    auto it = table.begin();
    std::advance(it, target);
    return it->entry;
  }
  return nullptr;
}

uint32_t Database::Scan(uint32_t cursor, size_t count,
                        const std::function<void(const Entry&)>& visit) const {
  if (slots_.empty() || size_ == 0) return 0;
  const size_t max_empty = count > std::numeric_limits<size_t>::max() / 10 ? count : count * 10;
  size_t visited = 0;
  size_t empty = 0;
  uint32_t slot = cursor;
  while (slot < kScanCursorEnd) {
    const Table& table = slots_[slot++];
    if (table.empty()) {
      if (++empty >= max_empty) break;
      continue;
    }
    for (const EntryRef& ref : table) {
      visit(*ref.entry);
    }
    visited += table.size();
    if (visited >= count) break;
  }
  return slot >= kScanCursorEnd ? 0 : slot;
}

size_t Database::ExpireSample(int64_t now_ms, size_t samples, std::mt19937_64& rng) {
  if (!delete_expired_) return 0;
  size_t deleted = 0;
  for (size_t i = 0; i < samples && !volatile_.empty(); ++i) {
    size_t pick = std::uniform_int_distribution<size_t>(0, volatile_.size() - 1)(rng);
    Entry* entry = volatile_[pick];
    if (IsExpired(*entry, now_ms)) {
      DeleteExpired(entry);
      ++deleted;
    }
  }
  return deleted;
}

namespace {

// Visits entries in groups whose memory is prefetched first: the visitor reads each entry (a
// cache miss, since samples are random), and misses issued together overlap.
class PrefetchedVisits {
 public:
  explicit PrefetchedVisits(const std::function<void(const Entry&)>& visit) : visit_(visit) {}
  ~PrefetchedVisits() { Flush(); }
  void Add(const Entry* entry) {
    __builtin_prefetch(entry);
    pending_[size_++] = entry;
    if (size_ == pending_.size()) Flush();
  }

 private:
  void Flush() {
    for (size_t i = 0; i < size_; ++i)
      visit_(*pending_[i]);
    size_ = 0;
  }
  const std::function<void(const Entry&)>& visit_;
  std::array<const Entry*, 16> pending_;
  size_t size_ = 0;
};

}  // namespace

void Database::Sample(bool volatile_only, size_t count, std::mt19937_64& rng,
                      const std::function<void(const Entry&)>& visit) const {
  PrefetchedVisits visits(visit);
  if (volatile_only) {
    for (size_t i = 0; i < count && !volatile_.empty(); ++i)
      visits.Add(volatile_[std::uniform_int_distribution<size_t>(0, volatile_.size() - 1)(rng)]);
    return;
  }
  if (size_ == 0) return;
  // Like Redis's dictGetSomeKeys: one random position, then the entries that follow it, so
  // the random probing and the walk to the position are paid once per sample, not per key.
  // Table order is hash order, unrelated to age or use: neighbours are as good as any keys.
  size_t slot = RandomNonEmptySlot(rng);
  auto it = slots_[slot].begin();
  std::advance(it, std::uniform_int_distribution<size_t>(0, slots_[slot].size() - 1)(rng));
  count = std::min(count, size_);
  for (size_t visited = 0; visited < count; ++visited) {
    while (it == slots_[slot].end()) {
      slot = (slot + 1) % slots_.size();
      it = slots_[slot].begin();
    }
    visits.Add(it->entry);
    ++it;
  }
}

// A random non-empty slot table: a few random probes, then (for sparse databases, e.g. a
// cluster node owning few slots) a walk to the next non-empty table. Keys in small tables are
// somewhat favoured; eviction only needs a fair spread, not uniformity.
size_t Database::RandomNonEmptySlot(std::mt19937_64& rng) const {
  std::uniform_int_distribution<size_t> any_slot(0, slots_.size() - 1);
  size_t slot = any_slot(rng);
  for (int probe = 0; probe < 8 && slots_[slot].empty(); ++probe)
    slot = any_slot(rng);
  while (slots_[slot].empty())
    slot = (slot + 1) % slots_.size();
  return slot;
}

std::string Database::CheckInvariants() const {
  if (!slots_.empty() && slots_.size() != static_cast<size_t>(cluster::kSlotCount)) {
    return "wrong number of slot tables";
  }
  size_t total = 0;
  size_t with_expiry = 0;
  for (size_t slot = 0; slot < slots_.size(); ++slot) {
    for (const EntryRef& ref : slots_[slot]) {
      if (cluster::KeySlot(ref.entry->key()) != slot) return "key in the wrong slot table";
      if (ref.entry->has_expiry()) ++with_expiry;
      ++total;
    }
  }
  if (total != size_) return "size() differs from the number of stored keys";
  if (with_expiry != volatile_.size()) return "volatile list differs from the keys with a TTL";
  return CheckVolatile();
}

std::string Database::CheckVolatile() const {
  for (size_t i = 0; i < volatile_.size(); ++i) {
    const Entry* entry = volatile_[i];
    if (!entry->has_expiry()) return "volatile entry without a TTL";
    if (entry->volatile_index() != i) return "volatile entry with a stale index";
    const Table* table = FindTable(entry->key());
    if (table == nullptr) return "volatile entry without slot tables";
    auto it = table->find(entry->key());
    if (it == table->end() || it->entry != entry) return "volatile entry not in its slot table";
  }
  return "";
}

}  // namespace slotcache::server
