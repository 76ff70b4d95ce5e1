#include "server/keyspace/hash_value.h"

#include <cstring>

#include "server/keyspace/hash_table.h"
#include "server/keyspace/packed_list.h"

namespace slotcache::server {
namespace {

HashTable* Table(const Entry& hash) {
  return static_cast<HashTable*>(hash.external());
}

// The packed pairs become a table; the entry keeps only the pointer.
Entry* ConvertToTable(Database& db, Entry* hash) {
  std::string_view run = hash->value();
  auto* table = new HashTable(packed::CountElements(run) / 2);
  packed::ForEachPair(run, [&](std::string_view f, std::string_view v) { table->Set(f, v); });
  hash = db.ResizeValue(hash, sizeof(Collection*));
  hash->set_external(table);
  return hash;
}

// Writes `field`/`value` over the pair `old` (or appends it when `old` is null), moving the
// rest of the run to fit.
Entry* WritePacked(Database& db, Entry* hash, const packed::Pair* old, std::string_view field,
                   std::string_view value) {
  size_t len = hash->value_len();
  size_t size = packed::ElementSize(field) + packed::ElementSize(value);
  size_t at = old != nullptr ? old->offset : len;
  size_t tail = old != nullptr ? old->offset + old->size : len;  // first byte after the pair
  size_t new_len = len - (tail - at) + size;
  if (new_len > len) hash = db.ResizeValue(hash, new_len);
  char* run = hash->mutable_value();
  std::memmove(run + at + size, run + tail, len - tail);
  packed::WriteElement(packed::WriteElement(run + at, field), value);
  if (new_len < len) hash = db.ResizeValue(hash, new_len);
  return hash;
}

}  // namespace

Entry* CreateHash(Database& db, std::string_view key) {
  Entry* hash = db.Set(key, {}, kNoExpire);
  hash->set_type(ValueType::kHash);
  return hash;
}

size_t HashLength(const Entry& hash) {
  if (hash.is_external()) return Table(hash)->size();
  return packed::CountElements(hash.value()) / 2;
}

bool HashGet(const Entry& hash, std::string_view field, std::string_view* value) {
  if (hash.is_external()) return Table(hash)->Get(field, value);
  packed::Pair pair;
  if (!packed::FindPair(hash.value(), field, &pair)) return false;
  *value = pair.second;
  return true;
}

Entry* HashConvertForArgs(Database& db, Entry* hash, std::span<const std::string_view> args,
                          const HashLimits& limits) {
  if (hash->is_external()) return hash;
  for (std::string_view arg : args) {
    if (arg.size() > limits.max_packed_value) return ConvertToTable(db, hash);
  }
  return hash;
}

bool HashSet(Database& db, Entry** hash, std::string_view field, std::string_view value,
             const HashLimits& limits) {
  if (!(*hash)->is_external() &&
      (field.size() > limits.max_packed_value || value.size() > limits.max_packed_value)) {
    *hash = ConvertToTable(db, *hash);
  }
  if ((*hash)->is_external()) return Table(**hash)->Set(field, value);
  packed::Pair pair;
  bool found = packed::FindPair((*hash)->value(), field, &pair);
  *hash = WritePacked(db, *hash, found ? &pair : nullptr, field, value);
  if (!found && HashLength(**hash) > limits.max_packed_entries) {
    *hash = ConvertToTable(db, *hash);
  }
  return !found;
}

bool HashDelete(Database& db, Entry** hash, std::string_view field) {
  if ((*hash)->is_external()) return Table(**hash)->Erase(field);
  packed::Pair pair;
  if (!packed::FindPair((*hash)->value(), field, &pair)) return false;
  size_t len = (*hash)->value_len();
  char* run = (*hash)->mutable_value();
  std::memmove(run + pair.offset, run + pair.offset + pair.size, len - pair.offset - pair.size);
  *hash = db.ResizeValue(*hash, len - pair.size);
  return true;
}

void HashForEach(const Entry& hash, const PairVisitor& visit) {
  if (hash.is_external()) return Table(hash)->ForEach(visit);
  packed::ForEachPair(hash.value(), visit);
}

void HashRandomPair(const Entry& hash, std::mt19937_64& rng, std::string_view* field,
                    std::string_view* value) {
  if (hash.is_external()) return Table(hash)->Random(rng, field, value);
  size_t pairs = HashLength(hash);
  packed::Pair pair =
      packed::PairAt(hash.value(), std::uniform_int_distribution<size_t>(0, pairs - 1)(rng));
  *field = pair.first;
  *value = pair.second;
}

uint64_t HashScan(const Entry& hash, uint64_t cursor, size_t count, const PairVisitor& visit) {
  if (!hash.is_external()) {
    packed::ForEachPair(hash.value(), visit);
    return 0;
  }
  size_t returned = 0;  // fields and values, as Redis counts its reply list
  size_t max_iterations = count * 10;
  auto counted = [&](std::string_view f, std::string_view v) {
    returned += 2;
    visit(f, v);
  };
  do {
    cursor = Table(hash)->Scan(cursor, counted);
  } while (cursor != 0 && max_iterations-- > 0 && returned < count);
  return cursor;
}

std::string_view HashEncoding(const Entry& hash) {
  return hash.is_external() ? "hashtable" : "listpack";
}

}  // namespace slotcache::server
