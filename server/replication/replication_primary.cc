#include "server/replication/replication_primary.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "resp/reply_writer.h"
#include "server/core/server_state.h"

namespace slotcache::server {
namespace {

// A full sync's image is cut only while less than this is queued on the replica's connection,
// so the image never sits in memory whole.
constexpr size_t kSyncWindow = 2 << 20;
constexpr std::string_view kPing = "*1\r\n$4\r\nPING\r\n";
constexpr std::string_view kGetAck = "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n";

}  // namespace

ReplicationPrimary::ReplicationPrimary(ServerState& state) : state_(state) {
  state_.AddClientListener(this);
}

ReplicationPrimary::~ReplicationPrimary() {
  state_.RemoveClientListener(this);
  for (const auto& replica : replicas_) {
    if (replica->snapshot != nullptr) std::erase(state_.snapshots(), replica->snapshot.get());
  }
  if (sink_attached_) state_.propagator().RemoveSink(this);
}

void ReplicationPrimary::ActivateBacklog() {
  ReplicationState& repl = state_.replication();
  if (!repl.backlog_active) {
    repl.backlog_active = true;
    repl.backlog.Resize(static_cast<size_t>(state_.config().repl_backlog_size));
    repl.backlog.Reset(repl.offset());
  }
  UpdateSink();
}

void ReplicationPrimary::UpdateSink() {
  bool want = state_.replication().backlog_active && !state_.replication().replica();
  if (want == sink_attached_) return;
  sink_attached_ = want;
  if (want) {
    state_.propagator().AddSink(this);
  } else {
    state_.propagator().RemoveSink(this);
  }
}

void ReplicationPrimary::Append(std::string_view resp) {
  if (!state_.replication().replica()) FeedRaw(resp);
}

void ReplicationPrimary::FeedRaw(std::string_view bytes) {
  ReplicationState& repl = state_.replication();
  if (!repl.backlog_active) return;
  repl.backlog.Append(bytes);
  WarnIfBacklogShort();
  for (const auto& replica : replicas_) {
    if (!replica->online) {
      replica->pending.append(bytes);
      continue;
    }
    replica->client->output.append(bytes);
    replica->client->wake();
  }
}

// The backlog grows chunk by chunk up to repl-backlog-size; a chunk the machine cannot give
// stops the growth (the backlog keeps the newest bytes it holds). Logged at the first failure,
// then as their count doubles, so a full machine does not flood the log.
void ReplicationPrimary::WarnIfBacklogShort() {
  const cluster::ReplicationBacklog& backlog = state_.replication().backlog;
  uint64_t failures = backlog.allocation_failures();
  if (failures <= logged_backlog_failures_ * 2) return;
  logged_backlog_failures_ = failures;
  spdlog::warn(
      "Out of memory growing the replication backlog: it holds {} bytes of the {} configured "
      "(repl-backlog-size); {} allocations failed. Partial resyncs reach back less far.",
      backlog.histlen(), backlog.capacity(), failures);
}

void ReplicationPrimary::Attach(ClientSession& client, std::string_view replid, int64_t offset,
                                bool psync, int64_t now_ms) {
  if (client.replica_link) return;  // a repeated PSYNC is ignored, as in Redis
  ActivateBacklog();
  ReplicationState& repl = state_.replication();
  auto replica = std::make_unique<Replica>();
  replica->client = &client;
  replica->ack_ms = now_ms;
  client.replica_link = true;
  bool same_history =
      replid == repl.replid || (replid == repl.replid2 && offset <= repl.second_offset);
  if (psync && same_history && offset > 0 && repl.backlog.Covers(static_cast<uint64_t>(offset))) {
    replica->online = true;
    client.output += fmt::format("+CONTINUE {}\r\n", repl.replid);
    repl.backlog.CopyFrom(static_cast<uint64_t>(offset), &client.output);
    ++repl.sync_partial_ok;
    spdlog::info(
        "Replica {} asks for synchronization: partial resynchronization accepted, "
        "sending {} bytes of backlog starting from offset {}.",
        client.addr, repl.offset() + 1 - static_cast<uint64_t>(offset), offset);
  } else {
    if (psync && replid != "?") ++repl.sync_partial_err;
    StartFullSync(*replica, psync, now_ms);
  }
  replicas_.push_back(std::move(replica));
  client.wake();
}

// The image is the data as of now; the funnel's output from now on (starting with a SELECT)
// goes to `pending` until the image is sent, so image + pending rebuild the live data.
void ReplicationPrimary::StartFullSync(Replica& replica, bool psync, int64_t now_ms) {
  ReplicationState& repl = state_.replication();
  ++repl.sync_full;
  replica.snapshot = std::make_unique<KeyspaceSnapshot>(state_.keyspace(), now_ms);
  state_.snapshots().push_back(replica.snapshot.get());
  state_.propagator().ForgetSelectedDb();
  // A replica forwards its primary's bytes, which select no database anew: the image ends by
  // selecting the one they continue in (Redis puts it in the RDB as repl-stream-db).
  if (repl.replica()) replica.stream_db = repl.stream_db;
  replica.mark = ReplicationState::NewReplid(state_.rng());
  std::string& out = replica.client->output;
  if (psync) out += fmt::format("+FULLRESYNC {} {}\r\n", repl.replid, repl.offset());
  out += fmt::format("$EOF:{}\r\n", replica.mark);
  spdlog::info("Replica {} asks for synchronization: starting a full sync at offset {}",
               replica.client->addr, repl.offset());
}

void ReplicationPrimary::FinishFullSync(Replica& replica) {
  std::erase(state_.snapshots(), replica.snapshot.get());
  spdlog::info("Synchronization with replica {} succeeded ({} keys in the image)",
               replica.client->addr, replica.snapshot->keys_written());
  replica.snapshot.reset();
  std::string& out = replica.client->output;
  if (replica.stream_db >= 0) {
    std::string db = std::to_string(replica.stream_db);
    resp::ReplyWriter writer(&out);
    writer.ArrayHeader(2);
    writer.Bulk("SELECT");
    writer.Bulk(db);
  }
  out += replica.mark;
  out += replica.pending;
  std::string().swap(replica.pending);
  replica.online = true;
}

bool ReplicationPrimary::syncing() const {
  return std::any_of(replicas_.begin(), replicas_.end(),
                     [](const auto& replica) { return !replica->online; });
}

void ReplicationPrimary::Pump() {
  if (get_ack_) {
    get_ack_ = false;
    FeedRaw(kGetAck);
  }
  for (const auto& replica : replicas_) {
    if (replica->online) continue;
    ClientSession& client = *replica->client;
    size_t queued = client.output.size() + client.output_list_bytes;
    if (queued >= kSyncWindow) continue;
    KeyspaceSnapshot& snapshot = *replica->snapshot;
    snapshot.Step(kSyncWindow - queued);
    client.output += snapshot.output();
    snapshot.output().clear();
    if (snapshot.done()) FinishFullSync(*replica);
    client.wake();
  }
}

void ReplicationPrimary::Ack(ClientSession& client, uint64_t offset, int64_t now_ms) {
  for (const auto& replica : replicas_) {
    if (replica->client != &client) continue;
    replica->ack_offset = std::max(replica->ack_offset, offset);
    replica->ack_ms = now_ms;
  }
  if (!waiters_.empty()) ReleaseWaiters(now_ms, false);
}

int64_t ReplicationPrimary::CountAcked(uint64_t offset) const {
  int64_t count = 0;
  for (const auto& replica : replicas_)
    count += replica->online && replica->ack_offset >= offset ? 1 : 0;
  return count;
}

bool ReplicationPrimary::Wait(ClientSession& client, int64_t numreplicas, int64_t timeout_ms,
                              int64_t now_ms) {
  int64_t acked = CountAcked(client.write_offset);
  if (acked >= numreplicas || client.in_multi) {
    resp::ReplyWriter(&client.output, client.protocol).Integer(acked);
    return true;
  }
  client.blocked = true;
  waiters_.push_back(
      {&client, numreplicas, client.write_offset, timeout_ms > 0 ? now_ms + timeout_ms : 0});
  get_ack_ = true;
  return false;
}

// Replies to the WAITers that have enough ACKs (or, with `timed_out_only`, whose time is up).
void ReplicationPrimary::ReleaseWaiters(int64_t now_ms, bool timed_out_only) {
  std::vector<Waiter> still;
  for (const Waiter& waiter : waiters_) {
    int64_t acked = CountAcked(waiter.offset);
    bool timed_out = waiter.deadline_ms != 0 && now_ms >= waiter.deadline_ms;
    if (!timed_out && (timed_out_only || acked < waiter.numreplicas)) {
      still.push_back(waiter);
      continue;
    }
    ClientSession& client = *waiter.client;
    resp::ReplyWriter(&client.output, client.protocol).Integer(acked);
    client.blocked = false;
    client.wake();
  }
  waiters_.swap(still);
}

size_t ReplicationPrimary::BufferedBytes(const Replica& replica) const {
  if (!replica.online) return replica.pending.size();
  return replica.client->output.size() + replica.client->output_list_bytes;
}

// Redis's client-output-buffer-limit for the replica class: over the hard limit, or over the
// soft one for longer than its seconds, the replica is dropped (it reconnects and resyncs).
bool ReplicationPrimary::OverLimit(Replica& replica, int64_t now_ms) {
  const OutputBufferLimit& limit = state_.config().output_limit_replica;
  size_t buffered = BufferedBytes(replica);
  bool soft = limit.soft_bytes > 0 && buffered > limit.soft_bytes;
  if (!soft) {
    replica.soft_limit_since_ms = -1;
  } else if (replica.soft_limit_since_ms < 0) {
    replica.soft_limit_since_ms = now_ms;
  }
  bool hard = limit.hard_bytes > 0 && buffered > limit.hard_bytes;
  return hard || (soft && now_ms - replica.soft_limit_since_ms >= limit.soft_seconds * 1000);
}

void ReplicationPrimary::Cron(int64_t now_ms) {
  const Config& config = state_.config();
  if (!replicas_.empty() && !state_.replication().replica() &&
      now_ms - last_ping_ms_ >= config.repl_ping_replica_period * 1000) {
    last_ping_ms_ = now_ms;
    FeedRaw(kPing);
  }
  std::vector<ClientSession*> dead;
  for (const auto& replica : replicas_) {
    if (OverLimit(*replica, now_ms)) {
      spdlog::warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.",
                   replica->client->addr);
      ++state_.stats().client_output_limit_disconnections;
      dead.push_back(replica->client);
    } else if (replica->online && now_ms - replica->ack_ms > config.repl_timeout * 1000) {
      spdlog::warn("Disconnecting timedout replica: {}", replica->client->addr);
      dead.push_back(replica->client);
    }
  }
  for (ClientSession* client : dead)
    Drop(*client, "");
  if (!waiters_.empty()) ReleaseWaiters(now_ms, true);
  FreeIdleBacklog(now_ms);
}

// Redis's replicationCron: a primary frees its backlog after repl-backlog-ttl seconds without
// replicas (0: never). A replica never does: it may be promoted and then serve PSYNCs from it.
// The countdown starts when the last replica leaves or this node stops being a replica.
void ReplicationPrimary::FreeIdleBacklog(int64_t now_ms) {
  ReplicationState& repl = state_.replication();
  if (!replicas_.empty() || repl.replica() || no_replicas_since_ms_ < 0) {
    no_replicas_since_ms_ = now_ms;
    return;
  }
  int64_t ttl = state_.config().repl_backlog_ttl;
  // Whole seconds, as Redis compares them (and no overflow for a ttl near LLONG_MAX).
  if (ttl == 0 || !repl.backlog_active || (now_ms - no_replicas_since_ms_) / 1000 <= ttl) return;
  // As Redis: without a backlog the offset stops advancing, so writes from now on must not pass
  // as the old history's: a new replication id, and no second one.
  repl.replid = ReplicationState::NewReplid(state_.rng());
  repl.replid2 = ReplicationState::kNoReplid;
  repl.second_offset = -1;
  repl.backlog_active = false;
  repl.backlog.Reset(repl.offset());
  UpdateSink();
  spdlog::info("Replication backlog freed after {} seconds without connected replicas.", ttl);
}

void ReplicationPrimary::DropAll() {
  std::vector<ClientSession*> all;
  for (const auto& replica : replicas_)
    all.push_back(replica->client);
  for (ClientSession* client : all)
    Drop(*client, "the replication history changed");
}

void ReplicationPrimary::Drop(ClientSession& client, std::string_view why) {
  if (!why.empty()) spdlog::info("Disconnecting replica {}: {}", client.addr, why);
  drops_.push_back(client.id);
  ClientRemoved(client);
}

void ReplicationPrimary::ClientRemoved(ClientSession& client) {
  std::erase_if(waiters_, [&](const Waiter& waiter) { return waiter.client == &client; });
  if (!client.replica_link) return;
  client.replica_link = false;
  for (auto it = replicas_.begin(); it != replicas_.end(); ++it) {
    if ((*it)->client != &client) continue;
    if ((*it)->snapshot != nullptr) std::erase(state_.snapshots(), (*it)->snapshot.get());
    replicas_.erase(it);
    break;
  }
}

}  // namespace slotcache::server
