// The checks behind slotcache-check-aof (like redis-check-aof): is an AOF file a sequence of
// whole RESP commands with balanced MULTI/EXEC, and where does the valid part end. --fix
// truncates the file there. Command names and arguments are not checked; loading does that.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace slotcache::server {

enum class AofCheckStatus { kOk, kTruncated, kCorrupt };

struct AofCheckResult {
  AofCheckStatus status = AofCheckStatus::kOk;
  size_t valid_end = 0;  // bytes of whole commands (whole transactions) from the start
  size_t commands = 0;
  std::string error;  // why the bytes at valid_end are not valid (kTruncated, kCorrupt)
};

AofCheckResult CheckAofBytes(std::string_view bytes);

// The tool: checks `path` (an AOF file, or a manifest: then every file it lists) and writes a
// report to `report`; with `fix`, truncates a bad file to its valid part (only the last file of
// a manifest can be fixed, as with redis-check-aof). Returns the process exit code: 0 valid or
// fixed, 1 otherwise.
int RunCheckAof(const std::string& path, bool fix, std::string* report);

}  // namespace slotcache::server
