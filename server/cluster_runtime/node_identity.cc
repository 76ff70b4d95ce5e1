#include "server/cluster_runtime/node_identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

bool IsNodeId(std::string_view id) {
  if (id.size() != 40) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Writes `contents` to `path` so that a crash leaves either no file or the whole file.
absl::Status WriteDurably(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return absl::InternalError(fmt::format("can't create {}: {}", tmp, strerror(errno)));
  bool ok = write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()) &&
            fsync(fd) == 0;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(fmt::format("can't write {}: {}", path, strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateNodeId(const std::string& path, std::mt19937_64& rng) {
  std::ifstream in(path);
  if (in) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    for (std::string_view line : Split(text, '\n', true)) {
      std::vector<std::string_view> words = Split(StripWhitespace(line), ' ', true);
      if (words.size() == 2 && words[0] == "myid" && IsNodeId(words[1])) {
        return std::string(words[1]);
      }
    }
    return absl::DataLossError(fmt::format("{} has no valid 'myid <40 hex>' line", path));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 40; ++i)
    id.push_back(kHex[rng() % 16]);
  absl::Status written = WriteDurably(path, fmt::format("myid {}\n", id));
  if (!written.ok()) return written;
  return id;
}

uint64_t RaftIdOf(const std::string& node_id) {
  // 63 bits, so the id also travels as a signed RESP integer (CLUSTER JOIN).
  uint64_t id = std::stoull(node_id.substr(0, 16), nullptr, 16) & 0x7fffffffffffffffULL;
  return id == 0 ? 1 : id;
}

}  // namespace slotcache::server
