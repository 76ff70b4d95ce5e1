#include "server/stats/memory_stats.h"

#include <malloc.h>

#include <fmt/format.h>

#include "absl/container/flat_hash_set.h"
#include "cluster/key_slot.h"
#include "server/aof/aof_service.h"
#include "server/stats/process_stats.h"

namespace slotcache::server {
namespace {

// absl's SSE2 control-byte group: each table allocates capacity + 1 + (kGroupWidth - 1)
// control bytes before its slots.
constexpr uint64_t kGroupWidth = 16;

// The capacity absl grows a table to while inserting `keys` (capacities are 2^k - 1, filled
// to 7/8).
uint64_t TableCapacity(uint64_t keys) {
  uint64_t capacity = 1;
  while (capacity - capacity / 8 < keys)
    capacity = capacity * 2 + 1;
  return capacity;
}

uint64_t TableAllocation(uint64_t keys) {
  if (keys == 0) return 0;
  uint64_t capacity = TableCapacity(keys);
  uint64_t control = (capacity + kGroupWidth + 7) / 8 * 8;  // aligned for the slots
  return control + capacity * sizeof(Entry*);
}

// What a client's buffers hold, as CLIENT LIST's tot-mem counts them (queued MULTI commands
// aside): the session, query buffer and reply buffers.
uint64_t ClientBytes(const ClientSession& client) {
  return sizeof(ClientSession) + client.query_buffer_bytes + client.query_buffer_free +
         client.output.capacity() + client.output_list_bytes;
}

void AddClients(ServerState& state, MemoryOverhead* mh) {
  for (const auto& [id, client] : state.clients()) {
    if (client->replica_link) {
      mh->clients_slaves += ClientBytes(*client);
      ++mh->replica_clients;
    } else {
      mh->clients_normal += ClientBytes(*client);
      ++mh->normal_clients;
    }
  }
}

void AddDatabases(ServerState& state, MemoryOverhead* mh) {
  Keyspace& keyspace = state.keyspace();
  for (int i = 0; i < keyspace.count(); ++i) {
    const Database& db = keyspace.db(i);
    if (db.size() == 0) continue;
    DbOverhead overhead;
    overhead.id = i;
    overhead.hashtable_main = SlotTablesBytes(db);
    overhead.hashtable_expires = db.volatile_size() * sizeof(Entry*);
    mh->dbs.push_back(overhead);
    mh->total_keys += db.size();
    mh->overhead_total += overhead.hashtable_main + overhead.hashtable_expires;
  }
}

// Redis's ratios of the allocator and process numbers. Without allocator numbers it does what
// Redis does without jemalloc: allocated = used_memory, active = resident = RSS.
void AddAllocator(const ProcessMemory& process, MemoryOverhead* mh) {
  mh->allocator_allocated =
      process.allocator_allocated ? process.allocator_allocated : process.used;
  mh->allocator_active = process.allocator_active ? process.allocator_active : process.rss;
  mh->allocator_resident = process.rss;  // glibc does not report its resident pages
  auto ratio = [](uint64_t a, uint64_t b) { return b ? static_cast<float>(a) / b : 0.0f; };
  auto diff = [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a - b); };
  mh->allocator_frag = ratio(mh->allocator_active, mh->allocator_allocated);
  mh->allocator_frag_bytes = diff(mh->allocator_active, mh->allocator_allocated);
  mh->allocator_rss = ratio(mh->allocator_resident, mh->allocator_active);
  mh->allocator_rss_bytes = diff(mh->allocator_resident, mh->allocator_active);
  mh->rss_extra = ratio(process.rss, mh->allocator_resident);
  mh->rss_extra_bytes = diff(process.rss, mh->allocator_resident);
  mh->total_frag = ratio(process.rss, process.used);
  mh->total_frag_bytes = diff(process.rss, process.used);
}

}  // namespace

ProcessMemory ReadProcessMemory() {
  ProcessMemory process;
  process.used = UsedMemoryBytes();
  process.rss = ResidentMemoryBytes();
  struct mallinfo2 info = mallinfo2();
  process.allocator_allocated = info.uordblks + info.hblkhd;
  process.allocator_active = info.arena + info.hblkhd;
  return process;
}

uint64_t SlotTablesBytes(const Database& db) {
  uint64_t bytes = cluster::kSlotCount * sizeof(absl::flat_hash_set<Entry*>);
  for (int slot = 0; slot < cluster::kSlotCount; ++slot)
    bytes += TableAllocation(db.SlotSize(slot));
  return bytes;
}

// Redis's getMemoryOverheadData: fixed costs and buffers are overhead, the rest is the dataset.
MemoryOverhead GetMemoryOverhead(ServerState& state, const ProcessMemory& process, int64_t now_ms) {
  MemoryOverhead mh;
  state.NoteMemoryUsage(process.used);
  mh.peak_allocated = state.peak_memory();
  mh.total_allocated = process.used;
  mh.startup_allocated = state.startup_memory();
  const ReplicationState& replication = state.replication();
  // What the ring holds allocated, not repl-backlog-size: it grows as the stream is written.
  mh.repl_backlog = replication.backlog.allocated();
  AddClients(state, &mh);
  if (state.aof() != nullptr) mh.aof_buffer = state.aof()->info(now_ms).buffer_length;
  mh.overhead_total = mh.startup_allocated + mh.repl_backlog + mh.clients_slaves +
                      mh.clients_normal + mh.aof_buffer;
  AddDatabases(state, &mh);
  mh.dataset = static_cast<int64_t>(process.used - mh.overhead_total);
  mh.peak_perc =
      mh.peak_allocated ? static_cast<float>(process.used) * 100 / mh.peak_allocated : 0.0f;
  uint64_t net_usage =
      process.used > mh.startup_allocated ? process.used - mh.startup_allocated : 1;
  mh.dataset_perc = static_cast<float>(mh.dataset) * 100 / net_usage;
  mh.bytes_per_key = mh.total_keys ? net_usage / mh.total_keys : 0;
  AddAllocator(process, &mh);
  return mh;
}

}  // namespace slotcache::server
