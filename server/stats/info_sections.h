// INFO's text: Redis 7.0's sections, field names and order, built from the server state and
// the process. Fields slotcache has no equivalent for are left out rather than made up.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "server/core/server_state.h"

namespace slotcache::server {

// The slotcache release INFO reports next to the Redis version it is compatible with.
inline constexpr std::string_view kRedisVersion = "7.0.15";
inline constexpr std::string_view kSlotcacheVersion = "0.1.0";

// INFO [section ...]: no argument or "default" = the default sections, "all"/"everything" =
// every section; names are case-insensitive and unknown ones are ignored. Sections are
// "# Name\r\n" plus "field:value\r\n" lines, separated by one blank line.
std::string InfoText(ServerState& state, std::span<const std::string_view> sections,
                     int64_t now_ms);

}  // namespace slotcache::server
