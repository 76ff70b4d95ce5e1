#include "server/aof/aof_check.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "resp/request_parser.h"
#include "server/aof/aof_files.h"
#include "server/aof/aof_manifest.h"
#include "server/base/str_util.h"
#include "server/core/command_table.h"

namespace slotcache::server {
namespace {

const resp::ParseLimits kFileLimits{.max_bulk_len = INT64_MAX};

// Checks one file; appends "AOF analyzed" and the verdict to `report`. Returns true if valid
// (or fixed, when `fix` allows it).
bool CheckOneFile(const std::string& path, bool fix, std::string* report) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) {
    *report += fmt::format("Cannot open file: {}\n", std::string(bytes.status().message()));
    return false;
  }
  AofCheckResult result = CheckAofBytes(*bytes);
  size_t diff = bytes->size() - result.valid_end;
  *report += fmt::format("AOF analyzed: filename={}, size={}, ok_up_to={}, diff={}\n", path,
                         bytes->size(), result.valid_end, diff);
  if (result.status == AofCheckStatus::kOk) {
    *report += fmt::format("AOF {} is valid\n", path);
    return true;
  }
  *report += fmt::format("0x{:>10x}: {}\n", result.valid_end, result.error);
  if (!fix) {
    *report += fmt::format("AOF {} is not valid. Use the --fix option to try fixing it.\n", path);
    return false;
  }
  if (truncate(path.c_str(), static_cast<off_t>(result.valid_end)) != 0) {
    *report += fmt::format("Failed to truncate AOF {}: {}\n", path, std::strerror(errno));
    return false;
  }
  *report += fmt::format("This shrank the AOF from {} bytes, with {} bytes, to {} bytes\n",
                         bytes->size(), diff, result.valid_end);
  *report += fmt::format("Successfully truncated AOF {}\n", path);
  return true;
}

}  // namespace

AofCheckResult CheckAofBytes(std::string_view bytes) {
  AofCheckResult result;
  resp::ArgList args;
  std::string scratch;
  size_t at = 0;
  size_t multi_start = 0;
  size_t multi_commands = 0;
  bool in_multi = false;
  while (at < bytes.size()) {
    resp::ParseResult parsed = resp::ParseRequest(bytes.substr(at), kFileLimits, &args, &scratch);
    if (parsed.status != resp::ParseStatus::kComplete) {
      bool truncated = parsed.status == resp::ParseStatus::kIncomplete;
      result.status = truncated ? AofCheckStatus::kTruncated : AofCheckStatus::kCorrupt;
      result.error = truncated ? "Unexpected EOF in the middle of a command"
                               : fmt::format("Protocol error: {}", parsed.error);
      return result;
    }
    bool multi = IsTxMarker(args, kTxBegin);
    bool exec = IsTxMarker(args, kTxExec);
    if ((multi && in_multi) || (exec && !in_multi)) {
      result.status = AofCheckStatus::kCorrupt;
      result.error = multi ? "Unexpected MULTI" : "Unexpected EXEC";
      return result;
    }
    at += parsed.consumed;
    if (multi) {
      in_multi = true;
      multi_start = at - parsed.consumed;
      multi_commands = 0;
    }
    if (!args.empty()) ++multi_commands;
    if (exec) in_multi = false;
    if (!in_multi) {
      result.valid_end = at;
      result.commands += multi_commands > 0 ? multi_commands : (args.empty() ? 0 : 1);
      multi_commands = 0;
    }
  }
  if (in_multi) {
    result.valid_end = multi_start;
    result.status = AofCheckStatus::kTruncated;
    result.error = "Reached EOF before reading EXEC for MULTI";
  }
  return result;
}

int RunCheckAof(const std::string& path, bool fix, std::string* report) {
  if (!path.ends_with(".manifest")) return CheckOneFile(path, fix, report) ? 0 : 1;
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    *report += fmt::format("Cannot open file: {}\n", std::string(text.status().message()));
    return 1;
  }
  absl::StatusOr<AofManifest> manifest = ParseAofManifest(*text);
  if (!manifest.ok()) {
    *report += fmt::format("{}\n", std::string(manifest.status().message()));
    return 1;
  }
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  std::vector<std::string> files = manifest->LoadOrder();
  for (size_t i = 0; i < files.size(); ++i) {
    bool last = i + 1 == files.size();
    if (!CheckOneFile(JoinPath(dir, files[i]), fix && last, report)) return 1;
  }
  *report += "All AOF files and manifest are valid\n";
  return 0;
}

}  // namespace slotcache::server
