#include "server/aof/aof_loader.h"

#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "server/aof/aof_files.h"
#include "server/core/command_stream.h"

namespace slotcache::server {
namespace {

absl::Status Refuse(std::string_view what, std::string_view name, size_t offset,
                    std::string_view why) {
  return absl::DataLossError(fmt::format(
      "{} reading the append only file {} at offset {}: {}. Make a backup of your AOF file, "
      "then use slotcache-check-aof --fix <filename>",
      what, name, offset, why));
}

// Drops the incomplete tail of the last file: a crash in the middle of a write.
absl::Status TruncateTail(const std::string& path, const std::string& name, size_t valid,
                          size_t size) {
  spdlog::warn("!!! Warning: short read while loading the AOF file {}!!!", name);
  spdlog::warn("!!! Truncating the AOF {} at offset {} ({} bytes dropped) !!!", name, valid,
               size - valid);
  if (truncate(path.c_str(), static_cast<off_t>(valid)) != 0) {
    return ErrnoStatus(fmt::format("Error truncating the AOF file {}", name), errno);
  }
  spdlog::warn("AOF {} loaded anyway because aof-load-truncated is enabled", name);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AofLoadStats> LoadAofFiles(ServerState& state, const std::string& dir,
                                          const AofManifest& manifest, bool load_truncated,
                                          int64_t now_ms) {
  AofLoadStats stats;
  CommandStreamApplier applier(state);
  std::vector<std::string> files = manifest.LoadOrder();
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& name = files[i];
    std::string path = JoinPath(dir, name);
    absl::StatusOr<std::string> bytes = ReadWholeFile(path);
    if (!bytes.ok()) return bytes.status();
    applier.Reset();  // each file starts in database 0, as in Redis
    CommandStreamApplier::Result result = applier.Apply(*bytes, now_ms);
    stats.commands += result.commands;
    stats.bytes += static_cast<int64_t>(result.consumed);
    if (result.consumed == bytes->size()) continue;
    if (!result.error.empty()) {
      return Refuse("Bad file format", name, result.consumed, result.error);
    }
    if (i + 1 != files.size() || !load_truncated) {
      return Refuse("Unexpected end of file", name, result.consumed, "truncated command");
    }
    absl::Status truncated = TruncateTail(path, name, result.consumed, bytes->size());
    if (!truncated.ok()) return truncated;
    stats.truncated_bytes = static_cast<int64_t>(bytes->size() - result.consumed);
  }
  return stats;
}

}  // namespace slotcache::server
