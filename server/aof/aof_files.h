// Blocking file helpers for the AOF: durable atomic replacement (temp, fsync, rename, fsync the
// directory), whole-file reads, append opens. Callers decide which thread may block on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace slotcache::server {

// "<dir>/<name>".
std::string JoinPath(std::string_view dir, std::string_view name);
// An error status carrying strerror(err) after `what`.
absl::Status ErrnoStatus(std::string_view what, int err);

// Creates `dir` (one level, mode 0755) unless it exists.
absl::Status EnsureDirectory(const std::string& dir);
absl::Status FsyncDirectory(const std::string& dir);
// Replaces dir/name with `contents` so that a crash leaves the old or the new file, never a mix.
absl::Status ReplaceFileDurably(const std::string& dir, const std::string& name,
                                std::string_view contents);
// Moves dir/from over dir/to, then fsyncs dir (the caller fsynced `from`'s data).
absl::Status RenameDurably(const std::string& dir, const std::string& from, const std::string& to);

// NotFoundError when the file doesn't exist.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);
// Opens (creating it if needed) for appending; returns the fd.
absl::StatusOr<int> OpenForAppend(const std::string& path);
// Writes all of `bytes` to `fd`, retrying short writes and EINTR. Returns 0 or the errno; on
// error `*written` says how much went out.
int WriteAll(int fd, std::string_view bytes, size_t* written);
// The size of the file, -1 if it can't be stat'ed.
int64_t FileSize(const std::string& path);

}  // namespace slotcache::server
