#include "server/aof/aof_rewrite.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "server/aof/aof_files.h"

namespace slotcache::server {
namespace {

// One timer tick cuts about this much of the image: a fraction of a millisecond of loop time.
constexpr size_t kStepBytes = 256 * 1024;
// Cutting pauses while the background thread is this far behind, bounding the memory in flight.
constexpr int64_t kMaxInFlightBytes = 8 * 1024 * 1024;

}  // namespace

struct AofRewrite::Shared {
  bool keep_current = true;
  AofManifest current;  // on disk when the rewrite started
  AofManifest opening;  // current + the new incr
  AofManifest final_manifest;
  AofFileEntry base;
  std::string temp_name;
  int incr_fd = -1;
  int temp_fd = -1;
  // Written by the background thread; read on the loop only in a job's `done`.
  absl::Status status;
  int64_t written = 0;
  std::atomic<int64_t> in_flight{0};
  std::atomic<bool> aborted{false};
};

namespace {

// Background: the new incr file, the manifest listing it, the temp file for the image.
void OpenFiles(AofRewrite::Shared& s, const AofRewrite::Files& f) {
  int64_t incr_seq = s.current.last_incr_seq() + 1;
  AofFileEntry incr{AofIncrName(f.filename, incr_seq), incr_seq, AofFileType::kIncr};
  s.opening = s.current;
  s.opening.incrs.push_back(incr);
  s.base = {AofBaseName(f.filename, s.current.base_seq() + 1), s.current.base_seq() + 1,
            AofFileType::kBase};
  s.temp_name = AofTempRewriteName(f.filename, s.base.seq);
  std::string incr_path = JoinPath(f.dir, incr.name);
  s.incr_fd = open(incr_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (s.incr_fd < 0) {
    s.status = ErrnoStatus(fmt::format("Can't open the append-only file {}", incr.name), errno);
    return;
  }
  std::string temp_path = JoinPath(f.dir, s.temp_name);
  s.temp_fd = open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (s.temp_fd < 0) {
    s.status = ErrnoStatus(fmt::format("Can't open the rewrite file {}", s.temp_name), errno);
    return;
  }
  s.status = s.keep_current ? ReplaceFileDurably(f.dir, AofManifestName(f.filename),
                                                 FormatAofManifest(s.opening))
                            : FsyncDirectory(f.dir);
}

void DeleteFile(const std::string& dir, const std::string& name) {
  if (unlink(JoinPath(dir, name).c_str()) != 0 && errno != ENOENT) {
    spdlog::warn("Can't delete the old AOF file {}: {}", name, std::strerror(errno));
  }
}

// Background, when OpenFiles failed (a full disk): the rewrite ends before the switch, so its
// files are closed and the temp file deleted. The new incr stays: a manifest whose rename went
// through before the directory's fsync failed may already list it (it is empty, and the next
// rewrite reuses its name).
void CloseUnused(AofRewrite::Shared& s, const AofRewrite::Files& f) {
  if (s.incr_fd >= 0) close(s.incr_fd);
  s.incr_fd = -1;
  if (s.temp_fd < 0) return;
  close(s.temp_fd);
  s.temp_fd = -1;
  DeleteFile(f.dir, s.temp_name);
}

// Background: the image becomes the new base; the new manifest replaces the old; old files go.
void FinishFiles(AofRewrite::Shared& s, const AofRewrite::Files& f) {
  if (s.status.ok() && fsync(s.temp_fd) != 0) {
    s.status = ErrnoStatus("Can't fsync the rewritten AOF", errno);
  }
  close(s.temp_fd);
  s.temp_fd = -1;
  if (s.status.ok()) s.status = RenameDurably(f.dir, s.temp_name, s.base.name);
  if (!s.status.ok()) return DeleteFile(f.dir, s.temp_name);
  s.final_manifest.base = s.base;
  s.final_manifest.incrs = {s.opening.incrs.back()};
  s.status =
      ReplaceFileDurably(f.dir, AofManifestName(f.filename), FormatAofManifest(s.final_manifest));
  if (!s.status.ok()) return;
  if (s.current.base) DeleteFile(f.dir, s.current.base->name);
  for (const auto* list : {&s.current.incrs, &s.current.history}) {
    for (const AofFileEntry& entry : *list)
      DeleteFile(f.dir, entry.name);
  }
}

}  // namespace

AofRewrite::AofRewrite(ServerState& state, uv_loop_t* loop, AofBackground& io, Files files,
                       std::function<int64_t()> clock, Callbacks callbacks)
    : state_(state),
      loop_(loop),
      io_(io),
      files_(std::move(files)),
      clock_(std::move(clock)),
      callbacks_(std::move(callbacks)) {}

AofRewrite::~AofRewrite() {
  Abort();
}

void AofRewrite::Start(const AofManifest& current, bool keep_current) {
  running_ = true;
  shared_ = std::make_shared<Shared>();
  shared_->current = current;
  shared_->keep_current = keep_current;
  auto s = shared_;
  Files f = files_;
  io_.Post(
      [s, f] {
        OpenFiles(*s, f);
        if (!s->status.ok()) CloseUnused(*s, f);
      },
      [this, s] {
        if (s->aborted) return;
        if (!s->status.ok()) return Finish(s->status, 0);
        Switched();
      });
}

void AofRewrite::RunToCompletion(const AofManifest& current) {
  inline_ = true;
  Start(current, true);
  while (running_ && snapshot_ != nullptr) {
    snapshot_->Step(SIZE_MAX / 2);
    Ship();
    Finalize();
  }
}

void AofRewrite::Switched() {
  callbacks_.switched(shared_->incr_fd, shared_->opening);
  shared_->incr_fd = -1;
  // The image's point in time: the same moment the funnel's writes start going to the new incr.
  snapshot_ = std::make_unique<KeyspaceSnapshot>(state_.keyspace(), clock_());
  state_.snapshots().push_back(snapshot_.get());
  if (inline_) return;
  timer_ = new uv_timer_t;
  uv_timer_init(loop_, timer_);
  timer_->data = this;
  uv_timer_start(timer_, OnTimer, 0, 1);
}

void AofRewrite::OnTimer(uv_timer_t* timer) {
  static_cast<AofRewrite*>(timer->data)->Step();
}

void AofRewrite::Step() {
  if (shared_->in_flight.load() > kMaxInFlightBytes) return;
  snapshot_->Step(kStepBytes);
  Ship();
  if (snapshot_->done() && snapshot_->output().empty()) Finalize();
}

// Moves the image's bytes so far to the background thread (writes made by the dispatcher's
// copy-on-write cuts included).
void AofRewrite::Ship() {
  std::string& output = snapshot_->output();
  keys_written_ = snapshot_->keys_written();
  if (output.empty()) return;
  auto chunk = std::make_shared<std::string>();
  chunk->swap(output);
  auto s = shared_;
  s->in_flight += static_cast<int64_t>(chunk->size());
  io_.Post([s, chunk] {
    if (s->status.ok() && !s->aborted) {
      size_t written = 0;
      int err = WriteAll(s->temp_fd, *chunk, &written);
      s->written += static_cast<int64_t>(written);
      if (err != 0) s->status = ErrnoStatus("Error writing the rewritten AOF", err);
    }
    s->in_flight -= static_cast<int64_t>(chunk->size());
  });
}

void AofRewrite::Finalize() {
  DropSnapshot();
  auto s = shared_;
  Files f = files_;
  io_.Post([s, f] { FinishFiles(*s, f); },
           [this, s] {
             if (!s->aborted) Finish(s->status, s->written);
           });
}

void AofRewrite::Finish(const absl::Status& status, int64_t base_size) {
  running_ = false;
  DropSnapshot();
  callbacks_.finished(status, shared_->final_manifest, base_size);
}

void AofRewrite::Abort() {
  if (!running_) return;
  running_ = false;
  shared_->aborted = true;
  DropSnapshot();
  auto s = shared_;
  Files f = files_;
  io_.Post([s, f] {
    if (s->temp_fd >= 0) {
      close(s->temp_fd);
      DeleteFile(f.dir, s->temp_name);
    }
    if (s->incr_fd >= 0) close(s->incr_fd);
  });
}

void AofRewrite::DropSnapshot() {
  if (timer_ != nullptr) {
    uv_timer_stop(timer_);
    uv_close(reinterpret_cast<uv_handle_t*>(timer_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
    timer_ = nullptr;
  }
  if (snapshot_ == nullptr) return;
  auto& list = state_.snapshots();
  list.erase(std::remove(list.begin(), list.end(), snapshot_.get()), list.end());
  snapshot_.reset();
}

}  // namespace slotcache::server
