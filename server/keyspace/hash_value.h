// A hash held by an entry, in either encoding: packed (the value bytes are a run of field/value
// pairs, see packed_list.h; Redis's "listpack") or a HashTable the entry owns ("hashtable").
// Converts packed -> table past the limits, once and never back, like Redis. Never replies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string_view>

#include "server/keyspace/database.h"
#include "server/keyspace/entry.h"

namespace slotcache::server {

// hash-max-listpack-entries / hash-max-listpack-value.
struct HashLimits {
  size_t max_packed_entries = 512;
  size_t max_packed_value = 64;
};

using PairVisitor = std::function<void(std::string_view field, std::string_view value)>;

// A new, empty (packed) hash at `key`, which must be absent.
Entry* CreateHash(Database& db, std::string_view key);

size_t HashLength(const Entry& hash);
// The value of `field`; false if absent. The view lives until the hash changes.
bool HashGet(const Entry& hash, std::string_view field, std::string_view* value);
// Redis's hashTypeTryConversion: converts a packed hash to a table if any of `args` (the fields
// and values about to be written) is longer than the limit. Returns the possibly moved entry.
Entry* HashConvertForArgs(Database& db, Entry* hash, std::span<const std::string_view> args,
                          const HashLimits& limits);
// Sets `field` to `value`; true if the field is new. Converts to a table when the field or the
// value is over the length limit or the hash grows past the entries limit. `*hash` is updated
// when the entry moves.
bool HashSet(Database& db, Entry** hash, std::string_view field, std::string_view value,
             const HashLimits& limits);
// Removes `field`; true if it was there. An emptied hash stays (the caller deletes the key).
bool HashDelete(Database& db, Entry** hash, std::string_view field);

// Every pair, in the encoding's order (insertion order when packed). Must not mutate.
void HashForEach(const Entry& hash, const PairVisitor& visit);
// A uniformly random pair of a non-empty hash.
void HashRandomPair(const Entry& hash, std::mt19937_64& rng, std::string_view* field,
                    std::string_view* value);
// HSCAN: a packed hash is returned whole (next cursor 0), a table bucket by bucket until about
// `count` fields and values or 10 * `count` buckets (Redis's loop). Returns the next cursor.
uint64_t HashScan(const Entry& hash, uint64_t cursor, size_t count, const PairVisitor& visit);
// OBJECT ENCODING's name: "listpack" or "hashtable".
std::string_view HashEncoding(const Entry& hash);

}  // namespace slotcache::server
