#include "server/server.h"

#include <sched.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>
#include <cstdlib>

#include "server/aof/aof_service.h"
#include "server/base/clock.h"
#include "server/base/errors.h"
#include "server/base/str_util.h"
#include "server/cluster_runtime/cluster_node.h"
#include "server/dispatcher.h"
#include "server/net/connection.h"
#include "server/replication/replication_replica.h"
#include "server/stats/process_stats.h"

namespace slotcache::server {
namespace {

constexpr int kListenBacklogDefault = 511;
constexpr int64_t kExpireBudgetUs = 1000;  // one active-expiry slice never takes longer
constexpr size_t kExpireSamples = 20;

}  // namespace

Server::Server(Config config) : state_(std::move(config)) {
  state_.set_replicas(&replicas_);
  uv_loop_init(&loop_);
  loop_.data = this;
  parse_limits_.max_bulk_len = state_.config().proto_max_bulk_len;
  state_.set_start_ms(WallClockMs());
  state_.on_config_change = [this](std::string_view name) { ApplyConfigChange(name); };
  aof_ = std::make_unique<AofService>(state_, &loop_, [this] { return Now(); });
  state_.set_aof(aof_.get());
}

Server::~Server() {
  uv_loop_close(&loop_);
}

int64_t Server::Now() {
  return WallClockMs();
}

absl::Status Server::Start() {
  const Config& config = state_.config();
  state_.set_startup_memory(UsedMemoryBytes());
  // The data set is loaded before the port accepts anyone.
  absl::Status loaded = aof_->Start();
  if (!loaded.ok()) return loaded;
  for (const std::string& entry : config.bind) {
    bool optional = !entry.empty() && entry[0] == '-';
    absl::Status status = Listen(optional ? entry.substr(1) : entry, optional);
    if (!status.ok()) return status;
  }
  if (listeners_.empty() && config.port != 0) {
    return absl::UnavailableError("Failed listening on any configured address");
  }
  uv_check_init(&loop_, &flush_check_);
  flush_check_.data = this;
  uv_check_start(&flush_check_, OnFlushCheck);
  uv_idle_init(&loop_, &busy_poll_idle_);
  busy_poll_idle_.data = this;
  busy_poll_.set_max_ns(static_cast<uint64_t>(config.busy_poll_us) * 1000);
  uv_timer_init(&loop_, &cron_);
  cron_.data = this;
  uv_timer_start(&cron_, OnCron, 100, 100);
  uv_timer_init(&loop_, &evict_timer_);
  evict_timer_.data = this;
  uv_timer_init(&loop_, &expire_timer_);
  expire_timer_.data = this;
  uv_timer_start(&expire_timer_, OnExpireTimer, 1000 / config.hz, 0);
  uv_signal_init(&loop_, &sigterm_);
  sigterm_.data = this;
  uv_signal_start(&sigterm_, OnSignal, SIGTERM);
  uv_signal_init(&loop_, &sigint_);
  sigint_.data = this;
  uv_signal_start(&sigint_, OnSignal, SIGINT);
  uv_timer_init(&loop_, &repl_pump_);
  repl_pump_.data = this;
  state_.replication().on_primary_change = [this] { ApplyPrimaryChange(); };
  std::vector<std::string_view> primary = Split(config.replicaof, ' ', true);
  if (primary.size() == 2) {
    state_.replication().primary_host = std::string(primary[0]);
    state_.replication().primary_port = std::atoi(std::string(primary[1]).c_str());
    ApplyPrimaryChange();
  }
  if (config.cluster_enabled) {
    cluster_ = std::make_unique<ClusterNode>(&loop_, state_);
    absl::Status cluster_started = cluster_->Start();
    if (!cluster_started.ok()) return cluster_started;
  }
  spdlog::info("Ready to accept connections tcp on port {}", config.port);
  return absl::OkStatus();
}

absl::Status Server::Listen(const std::string& address, bool optional) {
  int port = state_.config().port;
  if (port == 0) return absl::OkStatus();
  std::string host = address == "*" ? "0.0.0.0" : address == "::*" ? "::" : address;
  bool ipv6 = host.find(':') != std::string::npos;
  sockaddr_storage addr{};
  int rc = ipv6 ? uv_ip6_addr(host.c_str(), port, reinterpret_cast<sockaddr_in6*>(&addr))
                : uv_ip4_addr(host.c_str(), port, reinterpret_cast<sockaddr_in*>(&addr));
  auto listener = std::make_unique<uv_tcp_t>();
  if (rc == 0) {
    uv_tcp_init(&loop_, listener.get());
    listener->data = this;
    rc =
        uv_tcp_bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), ipv6 ? UV_TCP_IPV6ONLY : 0);
    int backlog =
        state_.config().tcp_backlog > 0 ? state_.config().tcp_backlog : kListenBacklogDefault;
    if (rc == 0)
      rc = uv_listen(reinterpret_cast<uv_stream_t*>(listener.get()), backlog, OnConnection);
    if (rc != 0)
      uv_close(reinterpret_cast<uv_handle_t*>(listener.release()),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
  }
  if (rc != 0) {
    std::string message = fmt::format("Could not create server TCP listening socket {}:{}: {}",
                                      host, port, uv_strerror(rc));
    if (optional) {
      spdlog::warn("{}", message);
      return absl::OkStatus();
    }
    return absl::UnavailableError(message);
  }
  listeners_.push_back(std::move(listener));
  return absl::OkStatus();
}

void Server::OnConnection(uv_stream_t* listener, int status) {
  auto* self = static_cast<Server*>(listener->data);
  if (status < 0) {
    spdlog::warn("Accepting client connection: {}", uv_strerror(status));
    return;
  }
  self->Accept(listener);
}

void Server::Accept(uv_stream_t* listener) {
  auto* connection = new Connection(*this);
  if (uv_accept(listener, reinterpret_cast<uv_stream_t*>(connection->handle())) != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(connection->handle()),
             [](uv_handle_t* h) { delete static_cast<Connection*>(h->data); });
    return;
  }
  ++state_.stats().total_connections_received;
  if (static_cast<int64_t>(connections_.size()) >= state_.config().maxclients) {
    ++state_.stats().rejected_connections;
    // Best effort, like Redis: one write of the error, then close.
    static const std::string kMessage = "-" + std::string(kErrMaxClients) + "\r\n";
    uv_buf_t buf = uv_buf_init(const_cast<char*>(kMessage.data()), kMessage.size());
    uv_try_write(reinterpret_cast<uv_stream_t*>(connection->handle()), &buf, 1);
    uv_close(reinterpret_cast<uv_handle_t*>(connection->handle()),
             [](uv_handle_t* h) { delete static_cast<Connection*>(h->data); });
    return;
  }
  connections_.insert(connection);
  connection->Start(Now());
}

void Server::RunRequest(ClientSession& client, std::span<const std::string_view> args,
                        int64_t now_ms) {
  Dispatch(state_, client, args, now_ms);
}

void Server::Forget(Connection* connection) {
  connections_.erase(connection);
  for (Connection*& queued : flush_queue_) {
    if (queued == connection) queued = nullptr;
  }
}

// Right after the loop's I/O callbacks: apply kill/shutdown requests, then write every reply
// produced in this iteration, so a pipeline's replies leave in one write per connection.
void Server::OnFlushCheck(uv_check_t* check) {
  auto* self = static_cast<Server*>(check->data);
  self->housekeeping_.ApplyCloseRequests();
  self->state_.replicas().Pump();
  if (self->state_.replicas().syncing() && !self->pumping_ && !self->stopping_) {
    // Keeps the loop turning while an image is sent, even when no client is active.
    self->pumping_ = true;
    uv_timer_start(&self->repl_pump_, OnReplicationPump, 1, 1);
  }
  if (!self->flush_queue_.empty() && self->busy_poll_.Worked(uv_hrtime()))
    uv_idle_start(&self->busy_poll_idle_, OnBusyPoll);
  self->FlushReplies();
  if (self->state_.evictor().background_needed()) self->ScheduleEviction();
  if (self->state_.shutdown_requested()) self->Shutdown();
}

// Runs before each poll while busy polling: the poll doesn't sleep. The yield lets a thread that
// shares this CPU (perhaps the very client we wait for) run.
void Server::OnBusyPoll(uv_idle_t* idle) {
  auto* self = static_cast<Server*>(idle->data);
  uint64_t before = uv_hrtime();
  bool keep = self->busy_poll_.KeepPolling(before);
  if (keep) {
    sched_yield();
    uint64_t after = uv_hrtime();
    keep = self->busy_poll_.Yielded(after, after - before);
  }
  if (!keep) uv_idle_stop(idle);
}

// The AOF is written (and with `always` fsynced) first: group commit, one write and one fsync
// for all of the iteration's writes. Flushing may resume a paused client whose buffered requests
// queue it again: loop, so that no reply waits for the next wake-up (each round commits the
// writes it ran first). Bounded, since a client pauses past 1 MB of output.
void Server::FlushReplies() {
  bool durable = aof_->BeforeReplies(Now());
  while (durable && !flush_queue_.empty()) {
    std::vector<Connection*> queue;
    queue.swap(flush_queue_);
    for (Connection* connection : queue) {
      if (connection == nullptr) continue;
      connection->session().awaiting_aof = false;
      connection->Flush();
    }
    if (!flush_queue_.empty()) durable = aof_->BeforeReplies(Now());
  }
  if (!durable) ExitOnUnpersistedWrites();
}

// `appendfsync always` could not write or fsync this round's writes (a full disk). They are
// applied in memory and can't be rolled back, and none of this round's replies (reads that may
// have seen them included) has left. Like Redis, the node exits rather than serve data the AOF
// doesn't hold; a restart loads exactly the acknowledged writes. Each client whose write was
// lost gets -MISCONF (best effort, one non-blocking write) instead of waiting for a reply.
void Server::ExitOnUnpersistedWrites() {
  std::string reply = "-" + MisconfAofError(aof_->WriteError()) + "\r\n";
  spdlog::error(
      "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
  aof_->DropUnacknowledged();
  for (Connection* connection : flush_queue_) {
    if (connection != nullptr && connection->session().awaiting_aof) {
      connection->WriteLastWords(reply);
    }
  }
  spdlog::default_logger()->flush();
  std::_Exit(1);  // no destructors: the loop's threads and handles are still running
}

// Eviction that a command's slice left unfinished goes on between loop iterations, one slice
// per timer run, like Redis's evictionTimeProc: a large write never stalls the loop.
void Server::ScheduleEviction() {
  if (!stopping_ && !uv_is_active(reinterpret_cast<uv_handle_t*>(&evict_timer_))) {
    uv_timer_start(&evict_timer_, OnEvictTimer, 0, 0);
  }
}

void Server::OnEvictTimer(uv_timer_t* timer) {
  auto* self = static_cast<Server*>(timer->data);
  ServerState& state = self->state_;
  if (state.evictor().Perform(self->Now(), state.evicts_keys()) == EvictResult::kRunning) {
    self->ScheduleEviction();
  }
}

void Server::OnCron(uv_timer_t* timer) {
  auto* self = static_cast<Server*>(timer->data);
  int64_t now_ms = self->Now();
  self->housekeeping_.CloseIdleClients(now_ms);
  self->housekeeping_.EnforceOutputLimits(now_ms);
  self->ReplicationDuties(now_ms);
  self->state_.RecordStatsSample(now_ms, UsedMemoryBytes());
  self->aof_->Cron(now_ms);
}

void Server::OnExpireTimer(uv_timer_t* timer) {
  auto* self = static_cast<Server*>(timer->data);
  int64_t now_ms = self->Now();
  int64_t deadline = MonotonicUs() + kExpireBudgetUs;
  bool more = false;
  Keyspace& keyspace = self->state_.keyspace();
  // Redis's active expiry: sample keys with a TTL; keep going while many samples were expired.
  for (int i = 0; i < keyspace.count(); ++i) {
    Database& db = keyspace.db(i);
    while (db.volatile_size() > 0) {
      size_t expired = db.ExpireSample(now_ms, kExpireSamples, self->state_.rng());
      if (expired * 10 <= kExpireSamples) break;  // at most 10% stale: good enough
      if (MonotonicUs() >= deadline) {
        more = true;
        break;
      }
    }
  }
  uint64_t next = more ? 1 : 1000 / static_cast<uint64_t>(self->state_.config().hz);
  uv_timer_start(&self->expire_timer_, OnExpireTimer, next, 0);
}

void Server::OnSignal(uv_signal_t* signal, int signum) {
  auto* self = static_cast<Server*>(signal->data);
  spdlog::info("Received {} scheduling shutdown...", signum == SIGTERM ? "SIGTERM" : "SIGINT");
  self->state_.RequestShutdown();
  self->Shutdown();
}

void Server::OnReplicationPump(uv_timer_t* timer) {
  auto* self = static_cast<Server*>(timer->data);
  self->state_.replicas().Pump();
  if (!self->state_.replicas().syncing()) {
    self->pumping_ = false;
    uv_timer_stop(&self->repl_pump_);
  }
}

void Server::ApplyPrimaryChange() {
  ReplicationState& repl = state_.replication();
  replica_link_.reset();
  // A replica never deletes expired keys itself: the primary's DELs keep both identical.
  state_.keyspace().SetDeleteExpired(!repl.replica());
  state_.replicas().UpdateSink();
  if (repl.replica()) {
    replica_link_ = std::make_unique<ReplicaLink>(&loop_, state_, [this] { return Now(); });
  }
}

void Server::ReplicationDuties(int64_t now_ms) {
  state_.replicas().Cron(now_ms);
  if (replica_link_ != nullptr) replica_link_->Cron(now_ms);
  for (uint64_t id : state_.replicas().TakeDrops()) {
    for (Connection* connection : connections_) {
      if (connection->session().id != id) continue;
      connection->Close();
      break;
    }
  }
}

void Server::ApplyConfigChange(std::string_view name) {
  // A lower maxmemory (or a policy that can now evict) takes effect at once, not at the next write.
  if (name == "maxmemory" || name == "maxmemory-policy") ScheduleEviction();
  if (name == "appendonly" || name == "appendfsync") aof_->ConfigChanged();
  if (name == "busy-poll-us")
    busy_poll_.set_max_ns(static_cast<uint64_t>(state_.config().busy_poll_us) * 1000);
  if (name == "repl-backlog-size") {
    // Allocates nothing (the ring grows as the stream is written), so even LLONG_MAX is +OK;
    // a smaller size frees the chunks holding only the oldest bytes.
    state_.replication().backlog.Resize(static_cast<size_t>(state_.config().repl_backlog_size));
  }
  if (name == "proto-max-bulk-len") parse_limits_.max_bulk_len = state_.config().proto_max_bulk_len;
  if (name == "loglevel") {
    const std::string& level = state_.config().loglevel;
    spdlog::set_level(level == "debug"     ? spdlog::level::debug
                      : level == "verbose" ? spdlog::level::debug
                      : level == "warning" ? spdlog::level::warn
                                           : spdlog::level::info);
  }
}

void Server::Shutdown() {
  if (stopping_) return;
  stopping_ = true;
  spdlog::info("User requested shutdown...");
  std::vector<Connection*> all(connections_.begin(), connections_.end());
  for (Connection* connection : all)
    connection->Close();
  for (auto& listener : listeners_) {
    uv_close(reinterpret_cast<uv_handle_t*>(listener.release()),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
  }
  listeners_.clear();
  uv_close(reinterpret_cast<uv_handle_t*>(&flush_check_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&busy_poll_idle_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&cron_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&expire_timer_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&evict_timer_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&repl_pump_), nullptr);
  replica_link_.reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&sigterm_), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&sigint_), nullptr);
  aof_->Stop();  // the last writes reach the disk
  // Raft closes asynchronously; the loop runs until it has (ClusterNode outlives the loop run).
  if (cluster_) cluster_->Stop([] {});
  spdlog::info("slotcache is now ready to exit, bye bye...");
}

void Server::Run() {
  uv_run(&loop_, UV_RUN_DEFAULT);
}

}  // namespace slotcache::server
