// RESP request parser: bytes in, argument views out. Never reads sockets, never allocates per byte.
// Handles RESP multibulk arrays and inline commands (redis-cli/telnet style) with Redis's limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"

namespace slotcache::resp {

using ArgList = absl::InlinedVector<std::string_view, 8>;

enum class ParseStatus { kIncomplete, kComplete, kError };

struct ParseLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
  int64_t max_multibulk_len = 1024 * 1024;     // Redis's historic 1M argument cap
  size_t max_inline_len = 64 * 1024;           // PROTO_INLINE_MAX_SIZE
};

struct ParseResult {
  ParseStatus status = ParseStatus::kIncomplete;
  size_t consumed = 0;     // kComplete: bytes the request occupied (drop them after use)
  size_t wanted = 0;       // kIncomplete: total bytes needed if already known (a big bulk), else 0
  std::string_view error;  // kError: Redis's text without "-ERR ", e.g. "Protocol error: ..."
};

// Parses one request from the front of `input`.
// kComplete: `args` views `input` (or, for inline commands with escapes, `scratch`) until the
// caller drops `consumed` bytes or reuses `scratch`. An empty request (blank inline line, `*0`)
// completes with no args: the caller skips it. kIncomplete: nothing consumed, call again with
// more bytes. kError: the connection must reply `-ERR <error>` and close.
ParseResult ParseRequest(std::string_view input, const ParseLimits& limits, ArgList* args,
                         std::string* scratch);

// Splits a line into words like Redis's sdssplitargs (quotes, \xHH escapes), as used for inline
// commands and config files. False on unbalanced quotes.
bool SplitWords(std::string_view line, std::vector<std::string>* words);

}  // namespace slotcache::resp
