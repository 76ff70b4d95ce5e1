// A fork-free AOF rewrite. At its start the write funnel switches to a fresh incr file (listed in
// a manifest after the old files, so a crash mid-rewrite still loads everything) and a
// KeyspaceSnapshot fixes the point in time; the image is then cut from the loop in small steps
// and written by a background thread into a temp base file. At the end: fsync, rename to the new
// base, a new manifest (new base + new incr) replaced durably, and the old files deleted.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "server/aof/aof_background.h"
#include "server/aof/aof_manifest.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class AofRewrite {
 public:
  struct Callbacks {
    // On the loop, at the image's point in time: from now on the funnel's writes go to
    // `incr_fd` (the callee owns it), and `manifest` is what is on disk.
    std::function<void(int incr_fd, const AofManifest& manifest)> switched;
    // On the loop, once: the rewrite ended; on success `manifest` is the new one on disk.
    std::function<void(const absl::Status& status, const AofManifest& manifest, int64_t base_size)>
        finished;
  };
  struct Files {
    std::string dir;       // the append-only directory
    std::string filename;  // appendfilename
  };

  // `io` runs the file work; when it isn't started, everything runs inline (SAVE).
  AofRewrite(ServerState& state, uv_loop_t* loop, AofBackground& io, Files files,
             std::function<int64_t()> clock, Callbacks callbacks);
  ~AofRewrite();

  // `current` is the manifest on disk. With `keep_current` the files it lists stay loadable
  // until the new base exists (a manifest lists them plus the new incr); without (appendonly
  // turned on at runtime: `current` may be stale) only the final manifest is written.
  void Start(const AofManifest& current, bool keep_current);
  // Runs the whole rewrite on the calling thread (SAVE); `io` must not be started.
  void RunToCompletion(const AofManifest& current);
  // Stops cutting, deletes the temp file; `finished` is not called. The switched incr stays.
  void Abort();
  bool running() const { return running_; }
  uint64_t keys_written() const { return keys_written_; }

  // What the background jobs and the loop share (defined in the .cc).
  struct Shared;

 private:
  static void OnTimer(uv_timer_t* timer);
  void Switched();
  void Step();
  void Ship();
  void Finalize();
  void Finish(const absl::Status& status, int64_t base_size);
  void DropSnapshot();

  ServerState& state_;
  uv_loop_t* loop_;
  AofBackground& io_;
  Files files_;
  std::function<int64_t()> clock_;
  Callbacks callbacks_;
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<KeyspaceSnapshot> snapshot_;
  uv_timer_t* timer_ = nullptr;  // closed asynchronously, so heap-allocated
  bool running_ = false;
  bool inline_ = false;  // SAVE: no timer, the caller drives
  uint64_t keys_written_ = 0;
};

}  // namespace slotcache::server
