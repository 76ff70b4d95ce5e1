// Loading the AOF at start: runs the files the manifest names, in order, through the
// CommandStreamApplier. A last file cut mid-command is truncated to its last whole command (when
// aof-load-truncated allows); anything else that doesn't parse stops the start.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/aof/aof_manifest.h"
#include "server/core/server_state.h"

namespace slotcache::server {

struct AofLoadStats {
  uint64_t commands = 0;
  int64_t bytes = 0;
  int64_t truncated_bytes = 0;  // dropped from the tail of the last file
};

// Errors name the file and the byte offset where it stops being valid.
absl::StatusOr<AofLoadStats> LoadAofFiles(ServerState& state, const std::string& dir,
                                          const AofManifest& manifest, bool load_truncated,
                                          int64_t now_ms);

}  // namespace slotcache::server
