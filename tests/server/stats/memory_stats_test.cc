// MEMORY STATS: the overhead breakdown from injected process numbers, and the reply's shapes
// through the dispatcher. MEMORY DOCTOR's tests are in memory_doctor_test.cc.
#include "server/stats/memory_stats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr uint64_t kMb = 1 << 20;
const uint64_t kTableHeaders = 16384 * sizeof(absl::flat_hash_set<Entry*>);

TEST(MemoryStatsTest, SlotTablesGrowLikeAbslTables) {
  Database db(0);
  db.Set("{a}0", "v", kNoExpire);
  // One key: capacity 1, 1 + 16 control bytes aligned to 24, one 8-byte slot.
  EXPECT_EQ(SlotTablesBytes(db), kTableHeaders + 24 + 8);
  for (int i = 1; i < 8; ++i)
    db.Set("{a}" + std::to_string(i), "v", kNoExpire);
  // Eight keys in one table: capacity 15 (7 holds at most 7), 32 control bytes, 15 slots.
  EXPECT_EQ(SlotTablesBytes(db), kTableHeaders + 32 + 15 * 8);
}

TEST(MemoryStatsTest, OverheadAndDatasetSplitUsedMemory) {
  CommandHarness h;
  h.state().set_startup_memory(1 * kMb);
  h.Run({"set", "a", "1"});
  h.Run({"set", "b", "2", "ex", "100"});
  h.Run({"select", "2"});
  h.Run({"set", "c", "3"});
  ProcessMemory process{
      .used = 3 * kMb, .rss = 6 * kMb, .allocator_allocated = 0, .allocator_active = 0};
  MemoryOverhead mh = GetMemoryOverhead(h.state(), process, h.now_ms());
  ASSERT_EQ(mh.dbs.size(), 2u);  // empty databases are left out
  EXPECT_EQ(mh.dbs[0].id, 0);
  EXPECT_EQ(mh.dbs[1].id, 2);
  EXPECT_EQ(mh.dbs[0].hashtable_main, SlotTablesBytes(h.state().keyspace().db(0)));
  EXPECT_EQ(mh.dbs[0].hashtable_expires, sizeof(Entry*));
  EXPECT_EQ(mh.dbs[1].hashtable_expires, 0u);
  EXPECT_EQ(mh.total_keys, 3u);
  EXPECT_EQ(mh.normal_clients, 1u);
  EXPECT_GE(mh.clients_normal, sizeof(ClientSession));
  uint64_t db_overhead =
      mh.dbs[0].hashtable_main + mh.dbs[0].hashtable_expires + mh.dbs[1].hashtable_main;
  EXPECT_EQ(mh.overhead_total, 1 * kMb + mh.clients_normal + db_overhead);
  EXPECT_EQ(mh.dataset, static_cast<int64_t>(3 * kMb - mh.overhead_total));
  EXPECT_EQ(mh.bytes_per_key, 2 * kMb / 3);  // net of startup memory
  EXPECT_FLOAT_EQ(mh.dataset_perc, static_cast<float>(mh.dataset) * 100 / (2 * kMb));
  EXPECT_GE(mh.peak_allocated, 3 * kMb);
  // No allocator numbers: Redis's fallback (allocated = used, active = resident = RSS).
  EXPECT_EQ(mh.allocator_allocated, 3 * kMb);
  EXPECT_EQ(mh.allocator_active, 6 * kMb);
  EXPECT_FLOAT_EQ(mh.allocator_frag, 2.0f);
  EXPECT_FLOAT_EQ(mh.rss_extra, 1.0f);
  EXPECT_FLOAT_EQ(mh.total_frag, 2.0f);
  EXPECT_EQ(mh.total_frag_bytes, static_cast<int64_t>(3 * kMb));
}

TEST(MemoryStatsTest, AllocatorNumbersGiveTheFragmentationRatios) {
  CommandHarness h;
  ProcessMemory process{.used = 10 * kMb,
                        .rss = 16 * kMb,
                        .allocator_allocated = 11 * kMb,
                        .allocator_active = 12 * kMb};
  MemoryOverhead mh = GetMemoryOverhead(h.state(), process, h.now_ms());
  EXPECT_FLOAT_EQ(mh.allocator_frag, 12.0f / 11);
  EXPECT_EQ(mh.allocator_frag_bytes, static_cast<int64_t>(kMb));
  EXPECT_EQ(mh.allocator_resident, 16 * kMb);
  EXPECT_FLOAT_EQ(mh.allocator_rss, 16.0f / 12);
  EXPECT_EQ(mh.allocator_rss_bytes, static_cast<int64_t>(4 * kMb));
  EXPECT_EQ(mh.rss_extra_bytes, 0);
}

// Like Redis, the backlog's memory is taken when the first replica attaches, not at startup.
TEST(MemoryStatsTest, NoBacklogMemoryWithoutReplicas) {
  CommandHarness h;
  EXPECT_EQ(h.state().replication().backlog.allocated(), 0u);
  ProcessMemory process{.used = 3 * kMb, .rss = 6 * kMb};
  EXPECT_EQ(GetMemoryOverhead(h.state(), process, h.now_ms()).repl_backlog, 0u);
}

// Reads one RESP2 element at `*pos` (bulk, integer or nested array); returns a bulk's text.
std::string Element(const std::string& reply, size_t* pos) {
  size_t eol = reply.find("\r\n", *pos);
  std::string line = reply.substr(*pos, eol - *pos);
  *pos = eol + 2;
  if (line[0] == '$') {
    std::string text = reply.substr(*pos, std::stoul(line.substr(1)));
    *pos += text.size() + 2;
    return text;
  }
  if (line[0] == '*') {
    for (int i = std::stoi(line.substr(1)); i > 0; --i)
      Element(reply, pos);
  }
  return line;
}

// The keys of a RESP2 map reply (a flat array of pairs), checking the count covers the reply.
std::vector<std::string> TopLevelKeys(const std::string& reply) {
  std::vector<std::string> keys;
  size_t eol = reply.find("\r\n");
  int elements = std::stoi(reply.substr(1, eol - 1));
  size_t pos = eol + 2;
  for (int i = 0; i < elements; i += 2) {
    keys.push_back(Element(reply, &pos));
    Element(reply, &pos);
  }
  EXPECT_EQ(pos, reply.size());
  return keys;
}

TEST(MemoryCommandsTest, StatsRepliesInRedisOrder) {
  CommandHarness h;
  h.Run({"set", "a", "1"});
  std::string reply = h.Run({"memory", "stats"});
  ASSERT_EQ(reply.substr(0, 5), "*56\r\n");  // 27 pairs + db.0
  std::vector<std::string> expected = {"peak.allocated",
                                       "total.allocated",
                                       "startup.allocated",
                                       "replication.backlog",
                                       "clients.slaves",
                                       "clients.normal",
                                       "cluster.links",
                                       "aof.buffer",
                                       "lua.caches",
                                       "functions.caches",
                                       "db.0",
                                       "overhead.total",
                                       "keys.count",
                                       "keys.bytes-per-key",
                                       "dataset.bytes",
                                       "dataset.percentage",
                                       "peak.percentage",
                                       "allocator.allocated",
                                       "allocator.active",
                                       "allocator.resident",
                                       "allocator-fragmentation.ratio",
                                       "allocator-fragmentation.bytes",
                                       "allocator-rss.ratio",
                                       "allocator-rss.bytes",
                                       "rss-overhead.ratio",
                                       "rss-overhead.bytes",
                                       "fragmentation",
                                       "fragmentation.bytes"};
  EXPECT_EQ(TopLevelKeys(reply), expected);
  EXPECT_NE(reply.find("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:"),
            std::string::npos);
  EXPECT_NE(reply.find("$10\r\nkeys.count\r\n:1\r\n"), std::string::npos);
  h.Run({"hello", "3"});
  reply = h.Run({"memory", "stats"});
  EXPECT_EQ(reply.substr(0, 5), "%28\r\n");
  EXPECT_NE(reply.find("$4\r\ndb.0\r\n%3\r\n"), std::string::npos);
  EXPECT_NE(reply.find("$18\r\ndataset.percentage\r\n,"), std::string::npos);
  EXPECT_EQ(h.Run({"memory", "stats", "x"}),
            "-ERR wrong number of arguments for 'memory|stats' command\r\n");
}

}  // namespace
}  // namespace slotcache::server
