// The arguments HSCAN (and later SSCAN, ZSCAN) share with Redis's scanGenericCommand: the
// cursor (strtoul's rules) and the MATCH / COUNT options (no TYPE: that is SCAN's alone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/core/command_context.h"

namespace slotcache::server {

struct CollectionScanOptions {
  size_t count = 10;
  std::string_view pattern;  // empty: no MATCH filter ("*" is dropped, as Redis does)
};

// Redis's parseScanCursorOrReply: an unsigned long as strtoul reads it (a sign is accepted and
// wraps), no leading space, nothing after. False after replying "ERR invalid cursor".
bool ParseCollectionCursor(CommandContext& ctx, std::string_view text, uint64_t* cursor);
// The options from argument `first` on, later ones overriding earlier ones. False after
// replying the error.
bool ParseCollectionScanOptions(CommandContext& ctx, size_t first, CollectionScanOptions* out);
// The two-element SCAN reply's head: the array header and the next cursor (a bulk string).
void ReplyScanHead(CommandContext& ctx, uint64_t next_cursor);

}  // namespace slotcache::server
