#include "server/core/server_state.h"

#include "server/base/memory_counter.h"

namespace slotcache::server {

ServerState::ServerState(Config config)
    : config_(std::move(config)),
      keyspace_(config_.databases),
      rng_(std::random_device{}()),
      evictor_(keyspace_, config_, *this, rng_, CountedBytes, MonotonicClockUs) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 40; ++i)
    run_id_.push_back(kHex[rng_() % 16]);
  replication_.replid = ReplicationState::NewReplid(rng_);
  keyspace_.SetExpiryListener(this);
}

void ServerState::RemoveClient(ClientSession* client) {
  watches_.UnwatchAll(*client);
  for (ClientListener* listener : client_listeners_)
    listener->ClientRemoved(*client);
  clients_.erase(client->id);
}

void ServerState::KeyExpired(int db_index, std::string_view key) {
  ++stats_.expired_keys;
  // An expired key counts as modified for WATCH, as in Redis.
  watches_.KeyModified(db_index, key);
  // The AOF and replicas learn of it as a DEL: replicas never expire keys themselves.
  propagator_.Emit(db_index, {std::string_view("DEL"), key});
}

void ServerState::KeyEvicted(int db_index, std::string_view key) {
  ++stats_.evicted_keys;
  // Like an expiry, an eviction counts as a modification for WATCH (Redis's signalModifiedKey).
  watches_.KeyModified(db_index, key);
  // Replicas don't evict on their own: they apply the primary's DEL, and so does the AOF.
  propagator_.Emit(db_index, {std::string_view("DEL"), key});
}

void ServerState::ReclaimIdleBuffers() {
  for (auto& [id, client] : clients_) {
    std::string& output = client->output;
    // Pending replies move to a right-sized buffer: in a pipeline the replies to the first
    // commands after a burst are already queued when memory runs out. Under a quarter full,
    // a buffer is not one a burst is filling (doubling leaves it at least half full).
    if (output.capacity() <= kReplyBufferKeepUnderPressure ||
        output.size() >= output.capacity() / 4)
      continue;
    std::string smaller;
    smaller.reserve(std::max(kReplyBufferKeepUnderPressure, 2 * output.size()));
    smaller.append(output);
    output.swap(smaller);
  }
}

void RateSampler::Record(int64_t now_ms, uint64_t total) {
  int64_t elapsed = now_ms - last_ms_;
  int64_t delta = static_cast<int64_t>(total - last_total_);
  samples_[next_] = elapsed > 0 ? delta * 1000 / elapsed : 0;
  next_ = (next_ + 1) % kSamples;
  last_ms_ = now_ms;
  last_total_ = total;
}

int64_t RateSampler::PerSecond() const {
  int64_t sum = 0;
  for (int64_t sample : samples_)
    sum += sample;
  return sum / kSamples;
}

void RateSampler::Reset(int64_t now_ms, uint64_t total) {
  *this = RateSampler();
  last_ms_ = now_ms;
  last_total_ = total;
}

void ServerState::RecordStatsSample(int64_t now_ms, uint64_t used_memory) {
  ops_rate_.Record(now_ms, stats_.total_commands_processed);
  net_input_rate_.Record(now_ms, stats_.total_net_input_bytes);
  net_output_rate_.Record(now_ms, stats_.total_net_output_bytes);
  NoteMemoryUsage(used_memory);
}

void ServerState::ResetStats(int64_t now_ms) {
  uint64_t dirty = stats_.dirty;
  stats_ = Stats();
  stats_.dirty = dirty;
  ops_rate_.Reset(now_ms, 0);
  net_input_rate_.Reset(now_ms, 0);
  net_output_rate_.Reset(now_ms, 0);
}

}  // namespace slotcache::server
