#include "server/keyspace/keyspace_digest.h"

#include <xxhash.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace slotcache::server {
namespace {

constexpr size_t kDigestBytes = 20;
using Digest = std::array<uint8_t, kDigestBytes>;

// 160 bits of hash over (db, key, value, expiry): XXH3-128, then 32 bits more with a second seed.
Digest HashEntry(int db, const Entry& entry, std::string& scratch) {
  int64_t expire_at = entry.expire_at();
  uint64_t key_len = entry.key().size();  // keeps ("ab","c") apart from ("a","bc")
  scratch.clear();
  scratch.append(reinterpret_cast<const char*>(&db), sizeof(db));
  scratch.append(reinterpret_cast<const char*>(&expire_at), sizeof(expire_at));
  scratch.append(reinterpret_cast<const char*>(&key_len), sizeof(key_len));
  scratch.append(entry.key());
  scratch.append(entry.value());
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
  return Hex(HashEntry(0, entry, scratch));
}

}  // namespace slotcache::server
