#include "server/keyspace/keyspace_digest.h"

#include <xxhash.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "server/keyspace/hash_value.h"

namespace slotcache::server {
namespace {

constexpr size_t kDigestBytes = 20;
using Digest = std::array<uint8_t, kDigestBytes>;

// A collection's content, independent of its encoding and iteration order (which differ between
// a primary, its replica and a reloaded AOF): the XOR of a 128-bit hash of each field/value
// pair, as Redis mixes a hash's pairs. The type goes first, so "" and an empty set differ.
void AppendHashContent(const Entry& entry, std::string& scratch) {
  uint64_t low = 0;
  uint64_t high = 0;
  std::string pair;
  HashForEach(entry, [&](std::string_view field, std::string_view value) {
    uint64_t field_len = field.size();
    pair.assign(reinterpret_cast<const char*>(&field_len), sizeof(field_len));
    pair.append(field);
    pair.append(value);
    XXH128_hash_t h = XXH3_128bits(pair.data(), pair.size());
    low ^= h.low64;
    high ^= h.high64;
  });
  scratch.push_back(static_cast<char>(entry.type()));
  scratch.append(reinterpret_cast<const char*>(&low), sizeof(low));
  scratch.append(reinterpret_cast<const char*>(&high), sizeof(high));
}

// 160 bits of hash over (db, key, value, expiry): XXH3-128, then 32 bits more with a second seed.
// A string's value goes in as its bytes (the digest of string-only data sets is unchanged).
// Without `with_key`, only the value and its expiry count (DIGEST-VALUE, as Redis's).
Digest HashEntry(int db, const Entry& entry, std::string& scratch, bool with_key = true) {
  int64_t expire_at = entry.expire_at();
  uint64_t key_len = entry.key().size();  // keeps ("ab","c") apart from ("a","bc")
  scratch.clear();
  scratch.append(reinterpret_cast<const char*>(&db), sizeof(db));
  scratch.append(reinterpret_cast<const char*>(&expire_at), sizeof(expire_at));
  if (with_key) {
    scratch.append(reinterpret_cast<const char*>(&key_len), sizeof(key_len));
    scratch.append(entry.key());
  }
  if (entry.type() == ValueType::kString) {
    scratch.append(entry.value());
  } else {
    AppendHashContent(entry, scratch);
  }
  XXH128_hash_t wide = XXH3_128bits(scratch.data(), scratch.size());
  uint64_t extra = XXH3_64bits_withSeed(&wide, sizeof(wide), 0x5105ca4eULL);
  Digest digest;
  std::memcpy(digest.data(), &wide.low64, 8);
  std::memcpy(digest.data() + 8, &wide.high64, 8);
  std::memcpy(digest.data() + 16, &extra, 4);
  return digest;
}

std::string Hex(const Digest& digest) {
  std::string out;
  for (uint8_t byte : digest)
    out += fmt::format("{:02x}", byte);
  return out;
}

}  // namespace

// XOR of the entries' hashes: independent of iteration order, which differs between nodes.
std::string KeyspaceDigest(const Keyspace& keyspace) {
  Digest total{};
  std::string scratch;
  for (int db = 0; db < keyspace.count(); ++db) {
    keyspace.db(db).ForEach([&](const Entry& entry) {
      Digest one = HashEntry(db, entry, scratch);
      for (size_t i = 0; i < kDigestBytes; ++i)
        total[i] ^= one[i];
    });
  }
  return Hex(total);
}

std::string EntryDigest(const Entry& entry) {
  std::string scratch;
  return Hex(HashEntry(0, entry, scratch, /*with_key=*/false));
}

}  // namespace slotcache::server
