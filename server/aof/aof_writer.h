// The AOF's propagation sink: buffers what the write funnel emits during a loop iteration and
// writes it to the current incr file before that iteration's replies go out, fsyncing as
// `appendfsync` says. A failed write or fsync is kept (never dropped) and retried; its error
// stays visible until a retry succeeds. With `always`, a failure is reported to the caller,
// which must not acknowledge the writes (docs/persistence.md, "A full disk").
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/aof/aof_background.h"
#include "server/core/propagation.h"

namespace slotcache::server {

enum class FsyncPolicy { kAlways, kEverySec, kNo };
FsyncPolicy ParseFsyncPolicy(std::string_view name);  // "always" | "everysec" | "no"

class AofWriter : public PropagationSink {
 public:
  // everysec's fsyncs run on `fsync_worker`; so do the fsync+close of a file switched away from.
  explicit AofWriter(AofBackground& fsync_worker) : fsync_worker_(fsync_worker) {}
  ~AofWriter() override;

  void Append(std::string_view resp) override { buffer_.append(resp); }

  // Starts writing to `fd` (owned from now on), whose file already holds `size` bytes.
  void Open(int fd, int64_t size);
  // Continues in `fd` (a fresh incr file): what is buffered goes to the old file first, which
  // is then fsynced (at once with `always`, else in the background) and closed.
  void SwitchTo(int fd);
  // Writes what is buffered and fsyncs it before the server's final exit; closes the file.
  void Close();
  bool is_open() const { return fd_ >= 0; }

  // Called before the loop flushes replies. Writes the buffer; with `always` fsyncs it too.
  // everysec: starts a background fsync about once a second; while one is still running, the
  // write is postponed (up to 2 s, like Redis) so the loop never blocks behind the disk.
  // False only with `always`, when what was appended could not be written and fsynced: those
  // writes must not be acknowledged. With everysec and no a failed write stays buffered, is
  // retried at the next Flush, and shows in error() meanwhile; the replies may go out.
  bool Flush(int64_t now_ms);
  // `always` failed: cuts the file back to what the last successful Flush covered (every byte
  // after it belongs to writes never acknowledged) and drops the buffer. Before the exit.
  void DropUnacknowledged();

  void set_policy(FsyncPolicy policy) { policy_ = policy; }
  FsyncPolicy policy() const { return policy_; }
  // Test-only fault injection (DEBUG AOF-FAULT): every write() fails with ENOSPC while on.
  void set_fail_writes(bool fail) { fail_writes_ = fail; }

  // 0 when the last write and the last fsync succeeded, else the errno (shown as MISCONF).
  int error() const;
  int64_t size() const { return size_; }  // bytes written to the current file
  size_t buffer_length() const { return buffer_.size(); }
  uint64_t delayed_fsyncs() const { return delayed_fsyncs_; }
  size_t pending_fsyncs() const { return fsyncs_in_flight_.load(); }

 private:
  bool Write();
  bool Acknowledge();  // records what a successful Flush covered; true
  void SyncNow();
  void StartBackgroundSync(int64_t now_ms);

  AofBackground& fsync_worker_;
  FsyncPolicy policy_ = FsyncPolicy::kEverySec;
  int fd_ = -1;
  std::string buffer_;
  int64_t size_ = 0;
  int64_t synced_size_ = 0;  // bytes of the current file fsynced (or handed to an fsync)
  int64_t acked_size_ = 0;   // bytes of the current file when Flush last returned true
  int64_t last_fsync_ms_ = 0;
  int64_t postponed_since_ms_ = 0;  // everysec: a write waiting for the running fsync
  uint64_t delayed_fsyncs_ = 0;
  int write_errno_ = 0;
  int sync_errno_ = 0;  // the loop's own fsyncs (always)
  std::atomic<int> background_sync_errno_{0};
  std::atomic<size_t> fsyncs_in_flight_{0};
  bool fail_writes_ = false;
};

}  // namespace slotcache::server
