// Redis 7's multi-part AOF: the manifest names the base file and the incr files that, loaded in
// order, rebuild the data set. Names, the manifest's text format and its parser; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace slotcache::server {

enum class AofFileType { kBase, kHistory, kIncr };

struct AofFileEntry {
  std::string name;
  int64_t seq = 0;
  AofFileType type = AofFileType::kIncr;
};

struct AofManifest {
  std::optional<AofFileEntry> base;
  std::vector<AofFileEntry> incrs;    // in load order (ascending seq)
  std::vector<AofFileEntry> history;  // left over from a rewrite; never loaded

  int64_t base_seq() const { return base ? base->seq : 0; }
  int64_t last_incr_seq() const { return incrs.empty() ? 0 : incrs.back().seq; }
  // Base first, then the incr files: the order in which they rebuild the data set.
  std::vector<std::string> LoadOrder() const;
};

// "<appendfilename>.<seq>.base.aof", "<appendfilename>.<seq>.incr.aof",
// "<appendfilename>.manifest".
std::string AofBaseName(std::string_view filename, int64_t seq);
std::string AofIncrName(std::string_view filename, int64_t seq);
std::string AofManifestName(std::string_view filename);
// The temp file a rewrite cuts its image into before it is renamed to the base name.
std::string AofTempRewriteName(std::string_view filename, int64_t seq);

// Redis's format, one line per file: "file <name> seq <n> type <b|h|i>" (base, history, incrs).
std::string FormatAofManifest(const AofManifest& manifest);
// Parses Redis's format; unknown keys are ignored like Redis does. The error names the line.
absl::StatusOr<AofManifest> ParseAofManifest(std::string_view text);

}  // namespace slotcache::server
