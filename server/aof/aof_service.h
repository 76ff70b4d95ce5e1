// The append-only file as a whole: loads it at start, owns the writer (attached to the write
// funnel while appendonly is on), the manifest on disk, rewrites (BGREWRITEAOF, automatic,
// appendonly turned on at runtime, SAVE) and the state INFO persistence shows.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "server/aof/aof_background.h"
#include "server/aof/aof_manifest.h"
#include "server/aof/aof_rewrite.h"
#include "server/aof/aof_writer.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class AofService {
 public:
  AofService(ServerState& state, uv_loop_t* loop, std::function<int64_t()> clock);
  ~AofService();

  // Before the server listens. With appendonly yes: loads the AOF (logging how many commands
  // and how long), opens the last incr file and attaches to the funnel. Errors stop the start.
  absl::Status Start();
  // At shutdown: writes and fsyncs what is buffered, abandons a running rewrite.
  void Stop();

  // Before the loop flushes replies (group commit); also retries a failed write. False only
  // when `appendfsync always` could not make this iteration's writes durable: nothing of this
  // iteration may be acknowledged or read (the server exits, after DropUnacknowledged()).
  bool BeforeReplies(int64_t now_ms);
  // `always` failed: the AOF is cut back to the acknowledged writes.
  void DropUnacknowledged() { writer_.DropUnacknowledged(); }
  // Every 100 ms: automatic rewrites (held back after repeated failures), scheduled rewrites.
  void Cron(int64_t now_ms);
  // CONFIG SET appendonly / appendfsync took effect.
  void ConfigChanged();

  enum class RewriteRequest { kStarted, kScheduled, kAlreadyRunning };
  // BGREWRITEAOF (and BGSAVE). Scheduled when it must wait for a running one to end.
  RewriteRequest RequestRewrite(bool schedule_if_running);
  // SAVE: a rewrite from start to end, blocking the loop like Redis's SAVE.
  absl::Status RewriteNow();

  // errno of the failed write/fsync behind MISCONF, 0 when writes may go on.
  int WriteError() const;
  // Test-only fault injection (DEBUG AOF-FAULT): the AOF's writes fail with ENOSPC while on.
  void SetFailWrites(bool fail) { writer_.set_fail_writes(fail); }

  struct Info {
    bool enabled = false;
    bool rewrite_in_progress = false;
    bool rewrite_scheduled = false;
    int64_t last_rewrite_time_sec = -1;
    int64_t current_rewrite_time_sec = -1;
    bool last_bgrewrite_ok = true;
    uint64_t rewrites = 0;
    uint64_t consecutive_failures = 0;
    bool last_write_ok = true;
    int64_t current_size = 0;
    int64_t base_size = 0;
    size_t buffer_length = 0;
    size_t pending_bio_fsync = 0;
    uint64_t delayed_fsync = 0;
  };
  Info info(int64_t now_ms) const;

 private:
  absl::Status LoadAndOpen();
  absl::Status OpenLastIncr();
  void StartRewrite(bool keep_current);
  void OnSwitched(int incr_fd, const AofManifest& manifest);
  void OnFinished(const absl::Status& status, const AofManifest& manifest, int64_t base_size);
  void MaybeAutoRewrite(int64_t now_ms);
  bool AutoRewriteLimited(int64_t now_ms);
  void Disable();
  int64_t FilesSize(const AofManifest& manifest, bool skip_last_incr) const;
  AofRewrite::Files Files() const;

  ServerState& state_;
  uv_loop_t* loop_;
  std::function<int64_t()> clock_;
  AofBackground fsync_worker_;
  AofBackground rewrite_worker_;
  AofWriter writer_;
  std::unique_ptr<AofRewrite> rewrite_;
  AofManifest manifest_;   // what is on disk (empty before the first rewrite/start)
  std::string dir_;        // <dir>/<appenddirname>
  bool enabled_ = false;   // the writer is attached to the funnel
  bool enabling_ = false;  // appendonly yes at runtime: attach when the rewrite switches
  bool rewrite_scheduled_ = false;
  int64_t rewrite_started_ms_ = -1;
  int64_t last_rewrite_time_sec_ = -1;
  bool last_bgrewrite_ok_ = true;
  uint64_t rewrites_ = 0;
  uint64_t consecutive_failures_ = 0;
  int64_t auto_rewrite_delay_min_ = 0;  // AutoRewriteLimited's current delay
  int64_t next_auto_rewrite_ms_ = 0;    // no automatic rewrite before (0: not limited)
  int64_t other_files_size_ = 0;        // every file in the manifest but the incr being written
  int64_t base_size_ = 0;  // the AOF's size after the last rewrite or load (auto rewrite)
};

}  // namespace slotcache::server
