#include "server/aof/aof_service.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "server/aof/aof_files.h"
#include "server/aof/aof_loader.h"
#include "server/base/clock.h"

namespace slotcache::server {
namespace {

constexpr int64_t kMaxAutoRewriteDelayMin = 60;

// The manifest in `dir`, or an empty one when there is none yet.
absl::StatusOr<AofManifest> ReadManifest(const std::string& dir, const std::string& filename) {
  std::string name = AofManifestName(filename);
  absl::StatusOr<std::string> text = ReadWholeFile(JoinPath(dir, name));
  if (absl::IsNotFound(text.status())) return AofManifest();
  if (!text.ok()) return text.status();
  absl::StatusOr<AofManifest> manifest = ParseAofManifest(*text);
  if (!manifest.ok()) {
    return absl::DataLossError(
        fmt::format("{}: {}", name, std::string(manifest.status().message())));
  }
  return manifest;
}

}  // namespace

AofService::AofService(ServerState& state, uv_loop_t* loop, std::function<int64_t()> clock)
    : state_(state),
      loop_(loop),
      clock_(std::move(clock)),
      fsync_worker_(loop),
      rewrite_worker_(loop),
      writer_(fsync_worker_) {}

AofService::~AofService() {
  Stop();
}

absl::Status AofService::Start() {
  const Config& config = state_.config();
  dir_ = JoinPath(config.dir, config.appenddirname);
  writer_.set_policy(ParseFsyncPolicy(config.appendfsync));
  fsync_worker_.Start();
  rewrite_worker_.Start();
  if (!config.appendonly) return absl::OkStatus();
  absl::Status status = EnsureDirectory(dir_);
  if (status.ok()) status = LoadAndOpen();
  return status;
}

absl::Status AofService::LoadAndOpen() {
  const Config& config = state_.config();
  absl::StatusOr<AofManifest> manifest = ReadManifest(dir_, config.appendfilename);
  if (!manifest.ok()) return manifest.status();
  manifest_ = *std::move(manifest);
  if (!manifest_.base && manifest_.incrs.empty()) {
    // A fresh AOF starts with an (empty) base, like Redis 7's "Creating AOF base file".
    manifest_.base = {AofBaseName(config.appendfilename, 1), 1, AofFileType::kBase};
    spdlog::info("Creating AOF base file {} on server start", manifest_.base->name);
    absl::Status created = ReplaceFileDurably(dir_, manifest_.base->name, "");
    if (!created.ok()) return created;
  } else {
    int64_t started = MonotonicUs() / 1000;
    absl::StatusOr<AofLoadStats> stats =
        LoadAofFiles(state_, dir_, manifest_, config.aof_load_truncated, clock_());
    if (!stats.ok()) return stats.status();
    spdlog::info("DB loaded from append only file: {:.3f} seconds ({} commands, {} bytes)",
                 (MonotonicUs() / 1000 - started) / 1000.0, stats->commands, stats->bytes);
  }
  return OpenLastIncr();
}

absl::Status AofService::OpenLastIncr() {
  const std::string& filename = state_.config().appendfilename;
  bool created = manifest_.incrs.empty();
  if (created) {
    int64_t seq = manifest_.last_incr_seq() + 1;
    manifest_.incrs.push_back({AofIncrName(filename, seq), seq, AofFileType::kIncr});
    spdlog::info("Creating AOF incr file {} on server start", manifest_.incrs.back().name);
  }
  std::string path = JoinPath(dir_, manifest_.incrs.back().name);
  absl::StatusOr<int> fd = OpenForAppend(path);
  if (!fd.ok()) return fd.status();
  writer_.Open(*fd, FileSize(path));
  if (created) {
    absl::Status persisted =
        ReplaceFileDurably(dir_, AofManifestName(filename), FormatAofManifest(manifest_));
    if (!persisted.ok()) return persisted;
  }
  other_files_size_ = FilesSize(manifest_, true);
  base_size_ = other_files_size_ + writer_.size();
  state_.propagator().AddSink(&writer_);
  enabled_ = true;
  return absl::OkStatus();
}

void AofService::Stop() {
  if (rewrite_ != nullptr) rewrite_->Abort();
  rewrite_scheduled_ = false;
  if (enabled_) {
    state_.propagator().RemoveSink(&writer_);
    writer_.Close();
    enabled_ = false;
  }
  fsync_worker_.Stop();
  rewrite_worker_.Stop();
}

bool AofService::BeforeReplies(int64_t now_ms) {
  return !enabled_ || writer_.Flush(now_ms);
}

int AofService::WriteError() const {
  return enabled_ ? writer_.error() : 0;
}

void AofService::Cron(int64_t now_ms) {
  bool rewriting = rewrite_ != nullptr && rewrite_->running();
  if (rewrite_scheduled_ && !rewriting) {
    rewrite_scheduled_ = false;
    StartRewrite(!enabling_);
    return;
  }
  if (!rewriting) MaybeAutoRewrite(now_ms);
}

// Redis's aofRewriteLimited: after 3 failures in a row (a full disk), automatic rewrites wait
// 1, 2, 4... up to 60 minutes, so that each cron tick doesn't start a rewrite (and an incr file
// in the manifest) that fails again. BGREWRITEAOF is never held back.
bool AofService::AutoRewriteLimited(int64_t now_ms) {
  if (consecutive_failures_ < 3) {
    auto_rewrite_delay_min_ = 0;
    next_auto_rewrite_ms_ = 0;
    return false;
  }
  if (next_auto_rewrite_ms_ != 0) {
    if (now_ms < next_auto_rewrite_ms_) return true;
    next_auto_rewrite_ms_ = 0;
    return false;
  }
  auto_rewrite_delay_min_ = std::min<int64_t>(
      auto_rewrite_delay_min_ == 0 ? 1 : auto_rewrite_delay_min_ * 2, kMaxAutoRewriteDelayMin);
  next_auto_rewrite_ms_ = now_ms + auto_rewrite_delay_min_ * 60 * 1000;
  spdlog::warn(
      "Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {} "
      "minutes",
      auto_rewrite_delay_min_);
  return true;
}

// Redis's rule: rewrite once the AOF grew by auto-aof-rewrite-percentage since the last rewrite
// (or load), and is past auto-aof-rewrite-min-size.
void AofService::MaybeAutoRewrite(int64_t now_ms) {
  const Config& config = state_.config();
  int64_t current = other_files_size_ + writer_.size();
  if (!enabled_ || config.auto_aof_rewrite_percentage <= 0) return;
  if (current <= config.auto_aof_rewrite_min_size) return;
  int64_t base = base_size_ > 0 ? base_size_ : 1;
  int64_t growth = current * 100 / base - 100;
  if (growth < config.auto_aof_rewrite_percentage || AutoRewriteLimited(now_ms)) return;
  spdlog::info("Starting automatic rewriting of AOF on {}% growth", growth);
  StartRewrite(true);
}

void AofService::ConfigChanged() {
  const Config& config = state_.config();
  writer_.set_policy(ParseFsyncPolicy(config.appendfsync));
  if (!config.appendonly && (enabled_ || enabling_)) return Disable();
  if (!config.appendonly || enabled_ || enabling_) return;
  // appendonly yes at runtime: log from a rewrite of the current data on.
  enabling_ = true;
  absl::StatusOr<AofManifest> on_disk = ReadManifest(dir_, config.appendfilename);
  manifest_ = on_disk.ok() ? *on_disk : AofManifest();
  if (RequestRewrite(true) == RewriteRequest::kScheduled) {
    spdlog::info(
        "AOF was enabled but there is already another background operation. An AOF "
        "background was scheduled to start when possible.");
  }
}

void AofService::Disable() {
  if (rewrite_ != nullptr) rewrite_->Abort();
  rewrite_scheduled_ = false;
  enabling_ = false;
  if (enabled_) {
    state_.propagator().RemoveSink(&writer_);
    writer_.Close();
    enabled_ = false;
  }
  spdlog::info("Turning off the append only file");
}

AofService::RewriteRequest AofService::RequestRewrite(bool schedule_if_running) {
  if (rewrite_ != nullptr && rewrite_->running()) {
    if (!schedule_if_running) return RewriteRequest::kAlreadyRunning;
    rewrite_scheduled_ = true;
    return RewriteRequest::kScheduled;
  }
  StartRewrite(!enabling_);
  return RewriteRequest::kStarted;
}

AofRewrite::Files AofService::Files() const {
  return {dir_, state_.config().appendfilename};
}

void AofService::StartRewrite(bool keep_current) {
  absl::Status dir = EnsureDirectory(dir_);
  if (!dir.ok()) return OnFinished(dir, manifest_, 0);
  AofRewrite::Callbacks callbacks{
      [this](int fd, const AofManifest& manifest) { OnSwitched(fd, manifest); },
      [this](const absl::Status& status, const AofManifest& manifest, int64_t base_size) {
        OnFinished(status, manifest, base_size);
      }};
  rewrite_ = std::make_unique<AofRewrite>(state_, loop_, rewrite_worker_, Files(), clock_,
                                          std::move(callbacks));
  rewrite_started_ms_ = clock_();
  spdlog::info("Background append only file rewriting started");
  rewrite_->Start(manifest_, keep_current);
}

absl::Status AofService::RewriteNow() {
  if (rewrite_ != nullptr && rewrite_->running()) {
    return absl::FailedPreconditionError("Background save already in progress");
  }
  absl::Status dir = EnsureDirectory(dir_);
  if (!dir.ok()) return dir;
  absl::Status result;
  AofBackground inline_io(loop_);  // never started: every job runs on this thread
  AofRewrite::Callbacks callbacks{
      [this](int fd, const AofManifest& manifest) { OnSwitched(fd, manifest); },
      [this, &result](const absl::Status& status, const AofManifest& manifest, int64_t base_size) {
        result = status;
        OnFinished(status, manifest, base_size);
      }};
  rewrite_started_ms_ = clock_();
  AofRewrite rewrite(state_, loop_, inline_io, Files(), clock_, std::move(callbacks));
  rewrite.RunToCompletion(manifest_);
  return result;
}

void AofService::OnSwitched(int incr_fd, const AofManifest& manifest) {
  manifest_ = manifest;
  if (enabled_) {
    writer_.SwitchTo(incr_fd);
    state_.propagator().ForgetSelectedDb();  // a new file starts in database 0 when loaded
  } else if (enabling_) {
    writer_.Open(incr_fd, 0);
    state_.propagator().AddSink(&writer_);
    enabled_ = true;
    enabling_ = false;
  } else {
    close(incr_fd);  // BGREWRITEAOF with appendonly off: the incr stays empty
  }
  other_files_size_ = FilesSize(manifest_, true);
}

void AofService::OnFinished(const absl::Status& status, const AofManifest& manifest,
                            int64_t base_size) {
  last_rewrite_time_sec_ = (clock_() - rewrite_started_ms_) / 1000;
  rewrite_started_ms_ = -1;
  last_bgrewrite_ok_ = status.ok();
  if (!status.ok()) {
    spdlog::error("Background AOF rewrite failed: {}", std::string(status.message()));
    ++consecutive_failures_;
    if (enabling_) {  // never switched: appendonly stays off, as the rewrite never started
      enabling_ = false;
      state_.config().appendonly = false;
    }
    return;
  }
  manifest_ = manifest;
  ++rewrites_;
  consecutive_failures_ = 0;
  other_files_size_ = base_size;
  base_size_ = base_size + writer_.size();
  spdlog::info("Background AOF rewrite finished successfully ({} bytes base)", base_size);
}

int64_t AofService::FilesSize(const AofManifest& manifest, bool skip_last_incr) const {
  std::vector<std::string> names = manifest.LoadOrder();
  if (skip_last_incr && !manifest.incrs.empty()) names.pop_back();
  int64_t total = 0;
  for (const std::string& name : names)
    total += std::max<int64_t>(0, FileSize(JoinPath(dir_, name)));
  return total;
}

AofService::Info AofService::info(int64_t now_ms) const {
  bool rewriting = rewrite_ != nullptr && rewrite_->running();
  return {.enabled = enabled_,
          .rewrite_in_progress = rewriting,
          .rewrite_scheduled = rewrite_scheduled_,
          .last_rewrite_time_sec = last_rewrite_time_sec_,
          .current_rewrite_time_sec = rewriting ? (now_ms - rewrite_started_ms_) / 1000 : -1,
          .last_bgrewrite_ok = last_bgrewrite_ok_,
          .rewrites = rewrites_,
          .consecutive_failures = consecutive_failures_,
          .last_write_ok = WriteError() == 0,
          .current_size = other_files_size_ + writer_.size(),
          .base_size = base_size_,
          .buffer_length = writer_.buffer_length(),
          .pending_bio_fsync = writer_.pending_fsyncs(),
          .delayed_fsync = writer_.delayed_fsyncs()};
}

}  // namespace slotcache::server
