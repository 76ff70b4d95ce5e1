#include "server/aof/aof_manifest.h"

#include <fmt/format.h>

#include "absl/status/status.h"
#include "resp/numbers.h"
#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

char TypeLetter(AofFileType type) {
  switch (type) {
    case AofFileType::kBase:
      return 'b';
    case AofFileType::kHistory:
      return 'h';
    case AofFileType::kIncr:
      return 'i';
  }
  return 'i';
}

void AppendLine(const AofFileEntry& entry, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "file {} seq {} type {}\n", entry.name, entry.seq,
                 TypeLetter(entry.type));
}

absl::Status LineError(size_t line, std::string_view why) {
  return absl::InvalidArgumentError(
      fmt::format("Invalid AOF manifest file format (line {}): {}", line, why));
}

// One "file <name> seq <n> type <t>" line, keys in any order, as Redis accepts them.
absl::StatusOr<AofFileEntry> ParseLine(std::string_view line, size_t number) {
  std::vector<std::string_view> words = Split(line, ' ', true);
  if (words.size() % 2 != 0) return LineError(number, "odd number of words");
  AofFileEntry entry;
  std::string_view type;
  bool has_seq = false;
  for (size_t i = 0; i < words.size(); i += 2) {
    if (words[i] == "file") entry.name = std::string(words[i + 1]);
    if (words[i] == "seq") has_seq = resp::ParseInt64(words[i + 1], &entry.seq);
    if (words[i] == "type") type = words[i + 1];
  }
  if (entry.name.empty() || !has_seq || entry.seq < 0) return LineError(number, "file or seq");
  if (entry.name.find('/') != std::string::npos) return LineError(number, "path in file name");
  if (type == "b") {
    entry.type = AofFileType::kBase;
  } else if (type == "h") {
    entry.type = AofFileType::kHistory;
  } else if (type == "i") {
    entry.type = AofFileType::kIncr;
  } else {
    return LineError(number, "unknown type");
  }
  return entry;
}

}  // namespace

std::vector<std::string> AofManifest::LoadOrder() const {
  std::vector<std::string> names;
  if (base) names.push_back(base->name);
  for (const AofFileEntry& incr : incrs)
    names.push_back(incr.name);
  return names;
}

std::string AofBaseName(std::string_view filename, int64_t seq) {
  return fmt::format("{}.{}.base.aof", filename, seq);
}

std::string AofIncrName(std::string_view filename, int64_t seq) {
  return fmt::format("{}.{}.incr.aof", filename, seq);
}

std::string AofManifestName(std::string_view filename) {
  return fmt::format("{}.manifest", filename);
}

std::string AofTempRewriteName(std::string_view filename, int64_t seq) {
  return fmt::format("temp-rewrite-{}.{}.base.aof", filename, seq);
}

std::string FormatAofManifest(const AofManifest& manifest) {
  std::string out;
  if (manifest.base) AppendLine(*manifest.base, &out);
  for (const AofFileEntry& entry : manifest.history)
    AppendLine(entry, &out);
  for (const AofFileEntry& entry : manifest.incrs)
    AppendLine(entry, &out);
  return out;
}

absl::StatusOr<AofManifest> ParseAofManifest(std::string_view text) {
  AofManifest manifest;
  size_t number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++number;
    line = StripWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    absl::StatusOr<AofFileEntry> entry = ParseLine(line, number);
    if (!entry.ok()) return entry.status();
    if (entry->type == AofFileType::kBase) {
      if (manifest.base) return LineError(number, "more than one base file");
      manifest.base = *std::move(entry);
    } else if (entry->type == AofFileType::kHistory) {
      manifest.history.push_back(*std::move(entry));
    } else {
      if (entry->seq <= manifest.last_incr_seq()) return LineError(number, "incr seq not rising");
      manifest.incrs.push_back(*std::move(entry));
    }
  }
  if (!manifest.base && manifest.incrs.empty()) {
    return absl::InvalidArgumentError("Found an empty AOF manifest");
  }
  return manifest;
}

}  // namespace slotcache::server
