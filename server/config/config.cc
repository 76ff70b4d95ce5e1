#include "server/config/config.h"

#include <climits>
#include <utility>

#include "server/base/str_util.h"

namespace slotcache::server {

std::string_view EvictionPolicyName(EvictionPolicy policy) {
  static constexpr std::string_view kNames[] = {"volatile-lru",   "volatile-lfu", "volatile-random",
                                                "volatile-ttl",   "allkeys-lru",  "allkeys-lfu",
                                                "allkeys-random", "noeviction"};
  return kNames[static_cast<int>(policy)];
}

// Redis's memtoull: digits (leading zeros allowed, no sign, none at all reads as 0) and an optional
// case-insensitive unit; anything else is an error. Like Redis, a number past 2^64-1 saturates
// (strtoull) and the unit's multiplication wraps around, so every such size is accepted.
bool ParseMemory(std::string_view text, uint64_t* bytes) {
  static const std::pair<std::string_view, uint64_t> kUnits[] = {
      {"", 1},        {"b", 1},          {"k", 1000},       {"kb", 1024},
      {"m", 1000000}, {"mb", 1LL << 20}, {"g", 1000000000}, {"gb", 1ULL << 30}};
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  std::string_view unit = text.substr(digits);
  uint64_t multiplier = 0;
  for (const auto& [name, mul] : kUnits) {
    if (EqualsIgnoreCase(unit, name)) multiplier = mul;
  }
  if (multiplier == 0) return false;
  uint64_t v = 0;
  for (char c : text.substr(0, digits)) {
    uint64_t digit = static_cast<uint64_t>(c - '0');
    v = v > (UINT64_MAX - digit) / 10 ? UINT64_MAX : v * 10 + digit;
  }
  *bytes = v * multiplier;
  return true;
}

}  // namespace slotcache::server
