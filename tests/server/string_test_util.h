// Helpers shared by the string command tests: peek at the keyspace behind the harness.
#pragma once

#include <cstdint>
#include <string>

#include "server/keyspace/entry.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {

// The key's absolute expiry (kNoExpire if it has none), or -2 if the key is missing.
inline int64_t ExpireAt(CommandHarness& h, const std::string& key) {
  const Entry* entry = h.state().keyspace().db(0).Find(key, h.now_ms());
  return entry == nullptr ? -2 : entry->expire_at();
}

inline uint64_t Dirty(CommandHarness& h) {
  return h.state().stats().dirty;
}

inline std::string Bulk(const std::string& s) {
  return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n";
}

inline constexpr const char* kNull = "$-1\r\n";
inline constexpr const char* kOk = "+OK\r\n";
inline constexpr const char* kSyntax = "-ERR syntax error\r\n";
inline constexpr const char* kNotInt = "-ERR value is not an integer or out of range\r\n";

}  // namespace slotcache::server
