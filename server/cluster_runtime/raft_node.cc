#include "server/cluster_runtime/raft_node.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace slotcache::server {

namespace {

unsigned ElectionTimeoutMs(const RaftOptions& options) {
  return std::clamp(options.node_timeout_ms / 5, 100u, 3000u);
}

unsigned HeartbeatTimeoutMs(const RaftOptions& options) {
  return std::max(10u, ElectionTimeoutMs(options) / 10);
}

// libraft frees what it is handed with raft_free, so buffers given to it come from raft_malloc.
// One byte at least: malloc(0) may return null, which would read as out of memory.
void* RaftCopy(std::string_view bytes) {
  void* base = raft_malloc(std::max<size_t>(bytes.size(), 1));
  if (base != nullptr && !bytes.empty()) {
    std::memcpy(base, bytes.data(), bytes.size());
  }
  return base;
}

// libraft 0.15 writes log entries padded to 8 bytes but its closed-segment loader steps over the
// unpadded length, so a restart fails ("short read") on any entry whose size is not a multiple
// of 8; a zero-length entry also makes followers free a garbage pointer. So every entry goes out
// framed: the payload, zero padding, and a last byte holding the padding length (1..8), which
// makes the size a non-zero multiple of 8.
std::string FrameEntry(std::string_view payload) {
  size_t pad = 8 - payload.size() % 8;
  std::string framed(payload);
  framed.append(pad - 1, '\0');
  framed.push_back(static_cast<char>(pad));
  return framed;
}

std::optional<std::string_view> UnframeEntry(std::string_view framed) {
  if (framed.empty() || framed.size() % 8 != 0) {
    return std::nullopt;
  }
  size_t pad = static_cast<unsigned char>(framed.back());
  if (pad < 1 || pad > 8) {
    return std::nullopt;
  }
  return framed.substr(0, framed.size() - pad);
}

}  // namespace

// Heap-allocated per request: libraft keeps the pointer until its callback runs.
struct RaftNode::ApplyRequest {
  struct raft_apply apply {};
  RaftNode* node = nullptr;
  std::function<void(absl::Status)> done;
};

RaftNode::RaftNode(uv_loop_t* loop, uint64_t raft_id, std::string address, std::string dir,
                   Callbacks cb, RaftOptions options)
    : loop_(loop),
      raft_id_(raft_id),
      address_(std::move(address)),
      dir_(std::move(dir)),
      cb_(std::move(cb)),
      options_(std::move(options)),
      transport_(loop) {}

RaftNode::~RaftNode() {
  if (phase_ != Phase::kIdle && phase_ != Phase::kStopped) {
    spdlog::critical("raft node {} destroyed before Stop completed", raft_id_);
    std::abort();
  }
}

absl::Status RaftNode::Start(std::span<const RaftPeer> bootstrap_peers) {
  if (phase_ != Phase::kIdle) {
    return absl::FailedPreconditionError("raft node already started");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return absl::InternalError(fmt::format("raft dir {}: {}", dir_, ec.message()));
  }
  if (absl::Status status = InitIo(); !status.ok()) {
    return status;
  }
  ConfigureTimeouts();
  if (!bootstrap_peers.empty()) {
    if (absl::Status status = Bootstrap(bootstrap_peers); !status.ok()) {
      return status;
    }
  }
  if (int rv = raft_start(&raft_); rv != 0) {
    return RaftError(rv, "raft_start");
  }
  phase_ = Phase::kRunning;
  spdlog::info("raft node {} started on {} (log in {})", raft_id_, address_, dir_);
  return absl::OkStatus();
}

// Sets up the TCP transport, the disk backend and the raft object. On failure whatever was set up
// is released here; on success the node needs raft_close (Stop) from now on.
absl::Status RaftNode::InitIo() {
  if (absl::Status status = transport_.Init(options_.bind_address); !status.ok()) {
    transport_.Release();
    return status;
  }
  if (int rv = raft_uv_init(&io_, loop_, dir_.c_str(), transport_.transport()); rv != 0) {
    std::string message = fmt::format("raft io in {}: {}", dir_, io_.errmsg);
    transport_.Release();
    return absl::InternalError(message);
  }
  raft_uv_set_connect_retry_delay(&io_, ElectionTimeoutMs(options_));
  fsm_.version = 1;  // v1: libraft frees the snapshot buffers FsmSnapshot hands it
  fsm_.data = this;
  fsm_.apply = FsmApply;
  fsm_.snapshot = FsmSnapshot;
  fsm_.restore = FsmRestore;
  if (int rv = raft_init(&raft_, &io_, &fsm_, raft_id_, address_.c_str()); rv != 0) {
    std::string message = fmt::format("raft init: {}", raft_errmsg(&raft_));
    raft_uv_close(&io_);
    transport_.Release();
    return absl::InternalError(message);
  }
  raft_.data = this;
  phase_ = Phase::kInitialized;
  return absl::OkStatus();
}

void RaftNode::ConfigureTimeouts() {
  raft_set_election_timeout(&raft_, ElectionTimeoutMs(options_));
  raft_set_heartbeat_timeout(&raft_, HeartbeatTimeoutMs(options_));
  raft_set_snapshot_threshold(&raft_, options_.snapshot_threshold);
  raft_set_snapshot_trailing(&raft_, options_.snapshot_trailing);
}

// Writes the first configuration entry, unless the dir already holds state (then it resumes).
absl::Status RaftNode::Bootstrap(std::span<const RaftPeer> peers) {
  auto self = std::find_if(peers.begin(), peers.end(),
                           [this](const RaftPeer& peer) { return peer.raft_id == raft_id_; });
  if (self == peers.end() || self->address != address_) {
    return absl::InvalidArgumentError("raft bootstrap peers must include this node");
  }
  raft_configuration conf;
  raft_configuration_init(&conf);
  int rv = 0;
  for (const RaftPeer& peer : peers) {
    int role = peer.voter ? RAFT_VOTER : RAFT_STANDBY;
    rv = raft_configuration_add(&conf, peer.raft_id, peer.address.c_str(), role);
    if (rv != 0) {
      break;
    }
  }
  if (rv == 0) {
    rv = raft_bootstrap(&raft_, &conf);
  }
  raft_configuration_close(&conf);
  if (rv == RAFT_CANTBOOTSTRAP) {
    spdlog::info("raft node {}: resuming from the state in {}", raft_id_, dir_);
    return absl::OkStatus();
  }
  if (rv != 0) {
    return RaftError(rv, "raft_bootstrap");
  }
  spdlog::info("raft node {}: bootstrapped a group of {} members", raft_id_, peers.size());
  return absl::OkStatus();
}

void RaftNode::Stop(std::function<void()> done) {
  if (phase_ == Phase::kIdle || phase_ == Phase::kStopped) {
    done();
    return;
  }
  if (phase_ == Phase::kStopping) {
    stop_done_ = [first = std::move(stop_done_), second = std::move(done)] {
      first();
      second();
    };
    return;
  }
  phase_ = Phase::kStopping;
  stop_done_ = std::move(done);
  // The op in flight (if any) completes or is failed by raft_close; queued ones never started.
  changes_.CancelQueued();
  // raft_close always runs from this timer, never inside Stop: Stop may be called from a libraft
  // callback (an apply, a Propose's done), and libraft goes on using its state after those return.
  uv_timer_init(loop_, &drain_timer_);
  drain_timer_.data = this;
  drain_start_ms_ = uv_now(loop_);
  uv_timer_start(&drain_timer_, OnDrainTick, 0, 1);
}

// libraft 0.15 crashes inside raft_close when log appends are still queued in its uv backend
// (the cancelled append's callback truncates a log that closing already cleared), so the close
// waits for the pending disk writes to finish: milliseconds, bounded by kMaxDrainMs.
bool RaftNode::IoIdle() const {
  return raft_.last_stored >= raft_last_index(const_cast<raft*>(&raft_)) &&
         raft_.snapshot.put.data == nullptr;
}

void RaftNode::OnDrainTick(uv_timer_t* timer) {
  auto* node = static_cast<RaftNode*>(timer->data);
  constexpr uint64_t kMaxDrainMs = 5000;
  if (!node->IoIdle() && uv_now(node->loop_) - node->drain_start_ms_ < kMaxDrainMs) {
    return;
  }
  if (!node->IoIdle()) {
    spdlog::warn("raft node {}: closing with disk writes still pending", node->raft_id_);
  }
  uv_timer_stop(timer);
  uv_close(reinterpret_cast<uv_handle_t*>(timer), [](uv_handle_t* handle) {
    auto* node = static_cast<RaftNode*>(handle->data);
    raft_close(&node->raft_, OnClosed);
  });
}

void RaftNode::OnClosed(raft* r) {
  auto* node = static_cast<RaftNode*>(r->data);
  // libraft's close callback means its I/O is closed; these only release the backends' memory.
  raft_uv_close(&node->io_);
  node->transport_.Release();
  node->phase_ = Phase::kStopped;
  spdlog::info("raft node {} stopped", node->raft_id_);
  std::function<void()> done = std::move(node->stop_done_);
  done();  // last: it may destroy the node
}

// libraft's query functions take a non-const raft*, though they only read.
bool RaftNode::IsLeader() const {
  return phase_ == Phase::kRunning && raft_state(const_cast<raft*>(&raft_)) == RAFT_LEADER;
}

std::optional<RaftPeer> RaftNode::Leader() const {
  if (phase_ != Phase::kRunning) {
    return std::nullopt;
  }
  raft_id id = 0;
  const char* address = nullptr;
  raft_leader(const_cast<raft*>(&raft_), &id, &address);
  if (id == 0 || address == nullptr) {
    return std::nullopt;
  }
  const raft_server* server = FindRaftServer(raft_, id);
  return RaftPeer{id, address, server != nullptr && server->role == RAFT_VOTER};
}

std::vector<RaftPeer> RaftNode::Members() const {
  std::vector<RaftPeer> members;
  if (phase_ != Phase::kRunning) {
    return members;
  }
  for (unsigned i = 0; i < raft_.configuration.n; ++i) {
    const raft_server& server = raft_.configuration.servers[i];
    members.push_back({server.id, server.address, server.role == RAFT_VOTER});
  }
  return members;
}

uint64_t RaftNode::last_applied() const {
  if (phase_ == Phase::kIdle || phase_ == Phase::kStopped) {
    return 0;
  }
  return raft_last_applied(const_cast<raft*>(&raft_));
}

std::vector<RaftLink> RaftNode::Links() {
  return phase_ == Phase::kRunning ? transport_.Links() : std::vector<RaftLink>{};
}

absl::Status RaftNode::RaftError(int rv, std::string_view what) const {
  if (phase_ == Phase::kStopping || rv == RAFT_SHUTDOWN) {
    return absl::CancelledError("raft node stopping");
  }
  std::string message = fmt::format("{}: {}", what, raft_strerror(rv));
  switch (rv) {
    case RAFT_NOTLEADER:
      return absl::FailedPreconditionError(message);
    case RAFT_LEADERSHIPLOST:
      return absl::AbortedError(message);
    case RAFT_NOMEM:
      return absl::ResourceExhaustedError(message);
    default:
      return absl::InternalError(
          fmt::format("{} ({})", message, raft_errmsg(const_cast<raft*>(&raft_))));
  }
}

int RaftNode::FsmApply(raft_fsm* fsm, const raft_buffer* buf, void** result) {
  auto* node = static_cast<RaftNode*>(fsm->data);
  // No per-entry result: followers have no request to hand it to, and nobody would free it.
  *result = nullptr;
  std::optional<std::string_view> entry =
      UnframeEntry(std::string_view(static_cast<const char*>(buf->base), buf->len));
  if (!entry) {
    // Only RaftNode::Propose writes entries; skipping one would fork this node's state.
    spdlog::critical("raft node {}: committed entry is not framed ({} bytes)", node->raft_id_,
                     buf->len);
    std::abort();
  }
  node->cb_.apply(*entry);
  return 0;  // a non-zero return would stop libraft from applying any later entry
}

int RaftNode::FsmSnapshot(raft_fsm* fsm, raft_buffer* bufs[], unsigned* n_bufs) {
  auto* node = static_cast<RaftNode*>(fsm->data);
  std::string data = node->cb_.snapshot();
  auto* out = static_cast<raft_buffer*>(raft_malloc(sizeof(raft_buffer)));
  if (out == nullptr) {
    return RAFT_NOMEM;
  }
  out->base = RaftCopy(data);
  out->len = data.size();
  if (out->base == nullptr) {
    raft_free(out);
    return RAFT_NOMEM;
  }
  *bufs = out;  // libraft frees the array and its buffer once the snapshot is stored
  *n_bufs = 1;
  return 0;
}

int RaftNode::FsmRestore(raft_fsm* fsm, raft_buffer* buf) {
  auto* node = static_cast<RaftNode*>(fsm->data);
  absl::Status status =
      node->cb_.restore(std::string_view(static_cast<const char*>(buf->base), buf->len));
  if (!status.ok()) {
    spdlog::error("raft node {}: snapshot restore failed: {}", node->raft_id_, status.ToString());
    return RAFT_MALFORMED;  // libraft still owns (and frees) the buffer on failure
  }
  raft_free(buf->base);  // on success the buffer belongs to the FSM
  return 0;
}

void RaftNode::Propose(std::string entry, std::function<void(absl::Status)> done) {
  if (phase_ != Phase::kRunning) {
    done(absl::FailedPreconditionError("raft node not running"));
    return;
  }
  if (!IsLeader()) {
    done(absl::FailedPreconditionError("not the raft leader"));
    return;
  }
  std::string framed = FrameEntry(entry);
  raft_buffer buf;
  buf.base = RaftCopy(framed);
  buf.len = framed.size();
  if (buf.base == nullptr) {
    done(absl::ResourceExhaustedError("raft entry: out of memory"));
    return;
  }
  auto* req = new ApplyRequest{{}, this, std::move(done)};
  req->apply.data = req;
  if (int rv = raft_apply(&raft_, &req->apply, &buf, 1, OnApplied); rv != 0) {
    raft_free(buf.base);  // ownership moves to libraft only when raft_apply succeeds
    std::unique_ptr<ApplyRequest> owned(req);
    owned->done(RaftError(rv, "raft_apply"));
  }
}

void RaftNode::OnApplied(struct raft_apply* apply, int status, void* /*result*/) {
  std::unique_ptr<ApplyRequest> req(static_cast<ApplyRequest*>(apply->data));
  req->done(status == 0 ? absl::OkStatus() : req->node->RaftError(status, "raft apply"));
}

}  // namespace slotcache::server
