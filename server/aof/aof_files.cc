#include "server/aof/aof_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace slotcache::server {

std::string JoinPath(std::string_view dir, std::string_view name) {
  return fmt::format("{}/{}", dir, name);
}

absl::Status ErrnoStatus(std::string_view what, int err) {
  return absl::InternalError(fmt::format("{}: {}", what, std::strerror(err)));
}

absl::Status EnsureDirectory(const std::string& dir) {
  if (mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) return absl::OkStatus();
  return ErrnoStatus(fmt::format("Can't create the append-only directory {}", dir), errno);
}

absl::Status FsyncDirectory(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(fmt::format("Can't open directory {}", dir), errno);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0) return ErrnoStatus(fmt::format("Can't fsync directory {}", dir), err);
  return absl::OkStatus();
}

absl::Status ReplaceFileDurably(const std::string& dir, const std::string& name,
                                std::string_view contents) {
  std::string temp = JoinPath(dir, "temp-" + name);
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(fmt::format("Can't open {}", temp), errno);
  size_t written = 0;
  int err = WriteAll(fd, contents, &written);
  if (err == 0 && fsync(fd) != 0) err = errno;
  close(fd);
  if (err == 0 && rename(temp.c_str(), JoinPath(dir, name).c_str()) != 0) err = errno;
  if (err != 0) {
    unlink(temp.c_str());
    return ErrnoStatus(fmt::format("Can't write {}", JoinPath(dir, name)), err);
  }
  return FsyncDirectory(dir);
}

absl::Status RenameDurably(const std::string& dir, const std::string& from, const std::string& to) {
  if (rename(JoinPath(dir, from).c_str(), JoinPath(dir, to).c_str()) != 0) {
    return ErrnoStatus(fmt::format("Can't rename {} to {}", from, to), errno);
  }
  return FsyncDirectory(dir);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(fmt::format("{} doesn't exist", path));
    return ErrnoStatus(fmt::format("Can't open {}", path), errno);
  }
  std::string contents;
  struct stat st;
  if (fstat(fd, &st) == 0) contents.reserve(static_cast<size_t>(st.st_size));
  char chunk[1 << 16];
  while (true) {
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      return ErrnoStatus(fmt::format("Can't read {}", path), err);
    }
    if (n == 0) break;
    contents.append(chunk, static_cast<size_t>(n));
  }
  close(fd);
  return contents;
}

absl::StatusOr<int> OpenForAppend(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(fmt::format("Can't open the append-only file {}", path), errno);
  return fd;
}

int WriteAll(int fd, std::string_view bytes, size_t* written) {
  *written = 0;
  while (*written < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + *written, bytes.size() - *written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    *written += static_cast<size_t>(n);
  }
  return 0;
}

int64_t FileSize(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

}  // namespace slotcache::server
