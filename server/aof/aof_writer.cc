#include "server/aof/aof_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "server/aof/aof_files.h"

namespace slotcache::server {
namespace {

// everysec: a write waits at most this long for the previous background fsync (Redis: 2 s).
constexpr int64_t kMaxPostponeMs = 2000;

}  // namespace

FsyncPolicy ParseFsyncPolicy(std::string_view name) {
  if (name == "always") return FsyncPolicy::kAlways;
  if (name == "no") return FsyncPolicy::kNo;
  return FsyncPolicy::kEverySec;
}

AofWriter::~AofWriter() {
  if (fd_ >= 0) close(fd_);
}

void AofWriter::Open(int fd, int64_t size) {
  fd_ = fd;
  size_ = size;
  synced_size_ = size;
  acked_size_ = size;
}

void AofWriter::SwitchTo(int fd) {
  if (fd_ >= 0) {
    if (!buffer_.empty()) Write();
    int old = fd_;
    if (policy_ == FsyncPolicy::kAlways) {
      fdatasync(old);  // this iteration's replies wait for it anyway
      close(old);
    } else {
      ++fsyncs_in_flight_;
      fsync_worker_.Post([old, this] {
        fdatasync(old);
        close(old);
        --fsyncs_in_flight_;
      });
    }
  }
  fd_ = fd;
  size_ = 0;
  synced_size_ = 0;
  acked_size_ = 0;
}

void AofWriter::Close() {
  if (fd_ < 0) return;
  if (!buffer_.empty() && !Write()) {
    spdlog::error("Exiting with {} bytes of the AOF buffer unwritten: {}", buffer_.size(),
                  std::strerror(write_errno_));
  }
  if (fdatasync(fd_) != 0) spdlog::error("Fail to fsync the AOF file: {}", std::strerror(errno));
  close(fd_);
  fd_ = -1;
}

bool AofWriter::Flush(int64_t now_ms) {
  if (fd_ < 0) return true;
  if (!buffer_.empty()) {
    if (policy_ == FsyncPolicy::kEverySec && fsyncs_in_flight_.load() > 0) {
      if (postponed_since_ms_ == 0) postponed_since_ms_ = now_ms;
      if (now_ms - postponed_since_ms_ < kMaxPostponeMs) return Acknowledge();
      ++delayed_fsyncs_;
      spdlog::info(
          "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer "
          "without waiting for fsync to complete, this may slow down Redis.");
    }
    postponed_since_ms_ = 0;
    // everysec and no promise no durability at the reply: a failed write stays buffered and is
    // retried at every loop turn while MISCONF refuses new writes (Redis answers it +OK too).
    if (!Write()) return policy_ != FsyncPolicy::kAlways && Acknowledge();
  }
  if (policy_ == FsyncPolicy::kAlways) {
    if (synced_size_ < size_ || sync_errno_ != 0) SyncNow();
    return sync_errno_ == 0 && Acknowledge();
  }
  if (policy_ == FsyncPolicy::kEverySec) StartBackgroundSync(now_ms);
  return Acknowledge();
}

bool AofWriter::Acknowledge() {
  acked_size_ = size_;
  return true;
}

void AofWriter::DropUnacknowledged() {
  buffer_.clear();
  if (fd_ < 0 || size_ == acked_size_) return;
  if (ftruncate(fd_, acked_size_) != 0) {
    spdlog::error("Could not remove unacknowledged writes from the AOF file: {}",
                  std::strerror(errno));
    return;
  }
  fdatasync(fd_);
  size_ = acked_size_;
}

bool AofWriter::Write() {
  size_t written = 0;
  int err = fail_writes_ ? ENOSPC : WriteAll(fd_, buffer_, &written);
  // Like Redis, a short write is cut off again: the file never ends in half a command, and the
  // whole buffer is retried. If the cut fails, the retry continues where the write stopped.
  if (err != 0 && written > 0) {
    if (ftruncate(fd_, size_) == 0) {
      written = 0;
    } else {
      spdlog::warn("Could not remove short write from the append-only file: {}",
                   std::strerror(errno));
    }
  }
  buffer_.erase(0, written);
  size_ += static_cast<int64_t>(written);
  if (err != 0) {
    if (write_errno_ == 0) {
      spdlog::error("Error writing to the AOF file: {}", std::strerror(err));
    }
    write_errno_ = err;
    return false;
  }
  if (write_errno_ != 0) spdlog::warn("AOF write error looks solved, Redis can write again.");
  write_errno_ = 0;
  return true;
}

void AofWriter::SyncNow() {
  if (fdatasync(fd_) != 0) {
    if (sync_errno_ == 0) spdlog::error("Can't fsync the AOF file: {}", std::strerror(errno));
    sync_errno_ = errno;
    return;
  }
  sync_errno_ = 0;
  synced_size_ = size_;
}

// At most one background fsync at a time, about once a second, only when something is unsynced
// (or the last one failed and must be retried).
void AofWriter::StartBackgroundSync(int64_t now_ms) {
  bool due = synced_size_ < size_ || background_sync_errno_.load() != 0;
  if (!due || now_ms - last_fsync_ms_ < 1000 || fsyncs_in_flight_.load() > 0) return;
  last_fsync_ms_ = now_ms;
  synced_size_ = size_;
  ++fsyncs_in_flight_;
  int fd = fd_;
  fsync_worker_.Post([fd, this] {
    background_sync_errno_ = fdatasync(fd) == 0 ? 0 : errno;
    --fsyncs_in_flight_;
  });
}

int AofWriter::error() const {
  if (write_errno_ != 0) return write_errno_;
  if (sync_errno_ != 0) return sync_errno_;
  return background_sync_errno_.load();
}

}  // namespace slotcache::server
