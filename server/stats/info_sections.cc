#include "server/stats/info_sections.h"

#include <sys/time.h>
#include <unistd.h>

#include <vector>

#include "server/aof/aof_service.h"
#include "server/base/str_util.h"
#include "server/replication/replication_info.h"
#include "server/stats/process_stats.h"

namespace slotcache::server {
namespace {

// Appends "name:value\r\n".
template <typename T>
void Field(std::string* out, std::string_view name, const T& value) {
  fmt::format_to(std::back_inserter(*out), "{}:{}\r\n", name, value);
}

// Fields whose value is fixed because slotcache lacks the feature they describe; Redis prints
// exactly these values in the same state (no fork, no RDB, no replicas...).
void Fixed(std::string* out,
           std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  for (const auto& [name, value] : fields)
    Field(out, name, value);
}

// INFO persistence's aof_* fields, in Redis 7.0's order (the sizes only while the AOF is on).
void AofPersistenceFields(ServerState& state, int64_t now_ms, std::string* out) {
  AofService::Info aof = state.aof() != nullptr ? state.aof()->info(now_ms) : AofService::Info{};
  Field(out, "aof_enabled", aof.enabled ? 1 : 0);
  Field(out, "aof_rewrite_in_progress", aof.rewrite_in_progress ? 1 : 0);
  Field(out, "aof_rewrite_scheduled", aof.rewrite_scheduled ? 1 : 0);
  Field(out, "aof_last_rewrite_time_sec", aof.last_rewrite_time_sec);
  Field(out, "aof_current_rewrite_time_sec", aof.current_rewrite_time_sec);
  Field(out, "aof_last_bgrewrite_status", aof.last_bgrewrite_ok ? "ok" : "err");
  Field(out, "aof_rewrites", aof.rewrites);
  Field(out, "aof_rewrites_consecutive_failures", aof.consecutive_failures);
  Field(out, "aof_last_write_status", aof.last_write_ok ? "ok" : "err");
  Fixed(out, {{"aof_last_cow_size", "0"},
              {"module_fork_in_progress", "0"},
              {"module_fork_last_cow_size", "0"}});
  if (!aof.enabled) return;
  Field(out, "aof_current_size", aof.current_size);
  Field(out, "aof_base_size", aof.base_size);
  Field(out, "aof_pending_rewrite", aof.rewrite_scheduled ? 1 : 0);
  Field(out, "aof_buffer_length", aof.buffer_length);
  Field(out, "aof_pending_bio_fsync", aof.pending_bio_fsync);
  Field(out, "aof_delayed_fsync", aof.delayed_fsync);
}

std::string CompilerVersion() {
#ifdef __GNUC__
  return fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "0.0.0";
#endif
}

void ServerSection(ServerState& state, int64_t now_ms, std::string* out) {
  timeval tv;
  gettimeofday(&tv, nullptr);
  int64_t uptime = (now_ms - state.start_ms()) / 1000;
  Field(out, "redis_version", kRedisVersion);
  Field(out, "slotcache_version", kSlotcacheVersion);
  Fixed(out, {{"redis_git_sha1", "00000000"}, {"redis_git_dirty", "0"}});
  Field(out, "redis_mode", "standalone");
  Field(out, "os", OsDescription());
  Field(out, "arch_bits", sizeof(void*) * 8);
  Field(out, "multiplexing_api", "epoll");  // libuv's backend on Linux
  Field(out, "gcc_version", CompilerVersion());
  Field(out, "process_id", getpid());
  Field(out, "process_supervised", "no");
  Field(out, "run_id", state.run_id());
  Field(out, "tcp_port", state.config().port);
  Field(out, "server_time_usec", static_cast<int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec);
  Field(out, "uptime_in_seconds", uptime);
  Field(out, "uptime_in_days", uptime / 86400);
  Field(out, "hz", state.config().hz);
  Field(out, "configured_hz", state.config().hz);
  Field(out, "executable", ExecutablePath());
  Field(out, "config_file", state.config().config_file);
  Field(out, "io_threads_active", 0);
}

void ClientsSection(ServerState& state, int64_t, std::string* out) {
  Field(out, "connected_clients", state.clients().size());
  Field(out, "cluster_connections", 0);
  Field(out, "maxclients", state.config().maxclients);
  Fixed(out,
        {{"blocked_clients", "0"}, {"tracking_clients", "0"}, {"clients_in_timeout_table", "0"}});
}

void MemorySection(ServerState& state, int64_t, std::string* out) {
  uint64_t used = UsedMemoryBytes();
  uint64_t rss = ResidentMemoryBytes();
  state.NoteMemoryUsage(used);
  uint64_t peak = state.peak_memory();
  uint64_t total = TotalSystemMemoryBytes();
  Field(out, "used_memory", used);
  Field(out, "used_memory_human", BytesToHuman(used));
  Field(out, "used_memory_rss", rss);
  Field(out, "used_memory_rss_human", BytesToHuman(rss));
  Field(out, "used_memory_peak", peak);
  Field(out, "used_memory_peak_human", BytesToHuman(peak));
  Field(out, "used_memory_peak_perc", fmt::format("{:.2f}%", peak ? used * 100.0 / peak : 0.0));
  Field(out, "total_system_memory", total);
  Field(out, "total_system_memory_human", BytesToHuman(total));
  const Config& config = state.config();
  Field(out, "maxmemory", config.maxmemory);
  Field(out, "maxmemory_human", BytesToHuman(static_cast<uint64_t>(config.maxmemory)));
  Field(out, "maxmemory_policy", EvictionPolicyName(config.maxmemory_policy));
  Field(out, "mem_fragmentation_ratio", fmt::format("{:.2f}", used ? double(rss) / used : 0.0));
  Field(out, "mem_fragmentation_bytes", static_cast<int64_t>(rss) - static_cast<int64_t>(used));
  // The backlog's chunks as allocated now: it grows as the stream is written, so this is not
  // repl-backlog-size. Redis 7 shares its buffer with the replicas' output; slotcache's replicas
  // have their own, so the backlog is the whole of the shared replication buffer.
  size_t backlog = state.replication().backlog.allocated();
  Field(out, "mem_replication_backlog", backlog);
  Field(out, "mem_total_replication_buffers", backlog);
  Fixed(out, {{"mem_clients_slaves", "0"},
              {"mem_cluster_links", "0"},
              {"mem_aof_buffer", "0"},
              {"mem_allocator", "libc"},
              {"active_defrag_running", "0"},
              {"lazyfree_pending_objects", "0"},
              {"lazyfreed_objects", "0"}});
}

void PersistenceSection(ServerState& state, int64_t now_ms, std::string* out) {
  // The AOF is loaded before the port opens, so no client ever sees loading:1.
  Fixed(out, {{"loading", "0"},
              {"async_loading", "0"},
              {"current_cow_peak", "0"},
              {"current_cow_size", "0"},
              {"current_cow_size_age", "0"},
              {"current_fork_perc", "0.00"},
              {"current_save_keys_processed", "0"},
              {"current_save_keys_total", "0"}});
  Field(out, "rdb_changes_since_last_save", state.stats().dirty);
  Field(out, "rdb_bgsave_in_progress", 0);
  // Like Redis, which counts the start as the last save when nothing was ever saved.
  Field(out, "rdb_last_save_time", state.start_ms() / 1000);
  Fixed(out, {{"rdb_last_bgsave_status", "ok"},
              {"rdb_last_bgsave_time_sec", "-1"},
              {"rdb_current_bgsave_time_sec", "-1"},
              {"rdb_saves", "0"},
              {"rdb_last_cow_size", "0"},
              {"rdb_last_load_keys_expired", "0"},
              {"rdb_last_load_keys_loaded", "0"}});
  AofPersistenceFields(state, now_ms, out);
}

std::string Kbps(const RateSampler& rate) {
  return fmt::format("{:.2f}", static_cast<double>(rate.PerSecond()) / 1024);
}

void StatsSection(ServerState& state, int64_t, std::string* out) {
  const Stats& s = state.stats();
  Field(out, "total_connections_received", s.total_connections_received);
  Field(out, "total_commands_processed", s.total_commands_processed);
  Field(out, "instantaneous_ops_per_sec", state.ops_rate().PerSecond());
  Field(out, "total_net_input_bytes", s.total_net_input_bytes);
  Field(out, "total_net_output_bytes", s.total_net_output_bytes);
  Fixed(out, {{"total_net_repl_input_bytes", "0"}, {"total_net_repl_output_bytes", "0"}});
  Field(out, "instantaneous_input_kbps", Kbps(state.net_input_rate()));
  Field(out, "instantaneous_output_kbps", Kbps(state.net_output_rate()));
  Fixed(out,
        {{"instantaneous_input_repl_kbps", "0.00"}, {"instantaneous_output_repl_kbps", "0.00"}});
  Field(out, "rejected_connections", s.rejected_connections);
  Field(out, "sync_full", state.replication().sync_full);
  Field(out, "sync_partial_ok", state.replication().sync_partial_ok);
  Field(out, "sync_partial_err", state.replication().sync_partial_err);
  Field(out, "expired_keys", s.expired_keys);
  Field(out, "evicted_keys", s.evicted_keys);
  Fixed(out, {{"evicted_clients", "0"},
              {"total_eviction_exceeded_time", "0"},
              {"current_eviction_exceeded_time", "0"}});
  Field(out, "keyspace_hits", s.keyspace_hits);
  Field(out, "keyspace_misses", s.keyspace_misses);
  Fixed(out, {{"pubsub_channels", "0"},
              {"pubsub_patterns", "0"},
              {"pubsubshard_channels", "0"},
              {"latest_fork_usec", "0"},
              {"total_forks", "0"},
              {"migrate_cached_sockets", "0"},
              {"slave_expires_tracked_keys", "0"},
              {"tracking_total_keys", "0"},
              {"tracking_total_items", "0"},
              {"tracking_total_prefixes", "0"}});
  Field(out, "unexpected_error_replies", s.unexpected_error_replies);
  Field(out, "total_error_replies", s.total_error_replies);
  Fixed(out, {{"dump_payload_sanitizations", "0"},
              {"io_threaded_reads_processed", "0"},
              {"io_threaded_writes_processed", "0"}});
}

void ReplicationSection(ServerState& state, int64_t now_ms, std::string* out) {
  WriteReplicationInfo(state, now_ms, out);
}

std::string Seconds(int64_t us) {
  return fmt::format("{}.{:06}", us / 1000000, us % 1000000);
}

void CpuSection(ServerState&, int64_t, std::string* out) {
  CpuTimes self = CpuUsage(CpuScope::kProcess);
  CpuTimes children = CpuUsage(CpuScope::kChildren);
  CpuTimes thread = CpuUsage(CpuScope::kThread);
  Field(out, "used_cpu_sys", Seconds(self.sys_us));
  Field(out, "used_cpu_user", Seconds(self.user_us));
  Field(out, "used_cpu_sys_children", Seconds(children.sys_us));
  Field(out, "used_cpu_user_children", Seconds(children.user_us));
  Field(out, "used_cpu_sys_main_thread", Seconds(thread.sys_us));
  Field(out, "used_cpu_user_main_thread", Seconds(thread.user_us));
}

void ModulesSection(ServerState&, int64_t, std::string*) {}  // no modules: header only

void ClusterSection(ServerState& state, int64_t, std::string* out) {
  Field(out, "cluster_enabled", state.config().cluster_enabled ? 1 : 0);
}

void KeyspaceSection(ServerState& state, int64_t, std::string* out) {
  Keyspace& keyspace = state.keyspace();
  for (int i = 0; i < keyspace.count(); ++i) {
    const Database& db = keyspace.db(i);
    if (db.size() == 0) continue;
    // avg_ttl is Redis's sampled estimate; slotcache doesn't sample TTLs, and Redis too
    // reports 0 until it has an estimate.
    fmt::format_to(std::back_inserter(*out), "db{}:keys={},expires={},avg_ttl=0\r\n", i, db.size(),
                   db.volatile_size());
  }
}

struct Section {
  std::string_view name;   // what INFO <section> selects
  std::string_view title;  // its "# Title" line
  bool in_default;
  void (*write)(ServerState&, int64_t, std::string*);
};

// Redis 7.0's order. Commandstats, Errorstats and Latencystats are not kept by slotcache.
constexpr Section kSections[] = {
    {"server", "Server", true, ServerSection},
    {"clients", "Clients", true, ClientsSection},
    {"memory", "Memory", true, MemorySection},
    {"persistence", "Persistence", true, PersistenceSection},
    {"stats", "Stats", true, StatsSection},
    {"replication", "Replication", true, ReplicationSection},
    {"cpu", "CPU", true, CpuSection},
    {"module_list", "Modules", true, ModulesSection},
    {"cluster", "Cluster", true, ClusterSection},
    {"keyspace", "Keyspace", true, KeyspaceSection},
};

bool Selected(const Section& section, const std::vector<std::string>& names) {
  if (names.empty()) return section.in_default;
  for (const std::string& name : names) {
    if (name == "all" || name == "everything" || name == section.name) return true;
    if (name == "default" && section.in_default) return true;
    if (name == "modules" && section.name == "module_list") return true;
  }
  return false;
}

}  // namespace

std::string InfoText(ServerState& state, std::span<const std::string_view> sections,
                     int64_t now_ms) {
  std::vector<std::string> names;
  for (std::string_view section : sections)
    names.push_back(AsciiLower(section));
  std::string out;
  bool first = true;
  for (const Section& section : kSections) {
    if (!Selected(section, names)) continue;
    if (!first) out += "\r\n";
    first = false;
    fmt::format_to(std::back_inserter(out), "# {}\r\n", section.title);
    section.write(state, now_ms, &out);
  }
  return out;
}

}  // namespace slotcache::server
