// MEMORY STATS and MEMORY DOCTOR's data: where used_memory goes, in the terms of Redis 7.0's
// getMemoryOverheadData (the doctor's verdict on it is memory_doctor.h). Reads the server state
// and the process numbers it is given; formats no reply.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/core/server_state.h"
#include "server/keyspace/database.h"

namespace slotcache::server {

// What the process and its allocator report, read at the time of the command.
struct ProcessMemory {
  uint64_t used = 0;  // used_memory: the counted allocations
  uint64_t rss = 0;   // resident set size
  // glibc's own view (mallinfo2): bytes handed out, and bytes it holds from the kernel. Both 0
  // when unknown (e.g. under a sanitizer's allocator); then Redis's no-jemalloc fallback applies.
  uint64_t allocator_allocated = 0;
  uint64_t allocator_active = 0;
};

// The live numbers of this process.
ProcessMemory ReadProcessMemory();

struct DbOverhead {
  int id = 0;
  uint64_t hashtable_main = 0;
  uint64_t hashtable_expires = 0;
  uint64_t hashtable_slot_to_keys = 0;  // always 0: the per-slot tables are the main table
};

// Redis's struct redisMemOverhead, field for field (the floats are floats there too).
struct MemoryOverhead {
  uint64_t peak_allocated = 0;
  uint64_t total_allocated = 0;
  uint64_t startup_allocated = 0;
  uint64_t repl_backlog = 0;
  uint64_t clients_slaves = 0;
  uint64_t clients_normal = 0;
  uint64_t cluster_links = 0;  // 0: the cluster bus is Raft's, its buffers count as data
  uint64_t aof_buffer = 0;
  uint64_t lua_caches = 0;        // 0: no scripting
  uint64_t functions_caches = 0;  // 0: no functions
  std::vector<DbOverhead> dbs;    // non-empty databases only
  uint64_t overhead_total = 0;
  uint64_t total_keys = 0;
  uint64_t bytes_per_key = 0;
  int64_t dataset = 0;
  float dataset_perc = 0;
  float peak_perc = 0;
  uint64_t allocator_allocated = 0;
  uint64_t allocator_active = 0;
  uint64_t allocator_resident = 0;
  float allocator_frag = 0;
  int64_t allocator_frag_bytes = 0;
  float allocator_rss = 0;
  int64_t allocator_rss_bytes = 0;
  float rss_extra = 0;
  int64_t rss_extra_bytes = 0;
  float total_frag = 0;
  int64_t total_frag_bytes = 0;
  // For the doctor's per-client averages.
  size_t normal_clients = 0;
  size_t replica_clients = 0;
};

// Gathers the breakdown (and records `process.used` in the peak, as INFO does).
MemoryOverhead GetMemoryOverhead(ServerState& state, const ProcessMemory& process, int64_t now_ms);

// The bytes of `db`'s slot tables: their headers plus, per table, the smallest allocation that
// holds its keys (absl's capacity rule; a table that shrank keeps more, so this is a lower bound).
uint64_t SlotTablesBytes(const Database& db);

}  // namespace slotcache::server
