// OBJECT, MEMORY, the OOM gate and access tracking, driven through the dispatcher.
#include <gtest/gtest.h>

#include <string>

#include "server/base/memory_counter.h"
#include "server/keyspace/lfu.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr std::string_view kOom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

TEST(ObjectCommandsTest, EncodingLikeRedis) {
  CommandHarness h;
  auto encoding = [&](const std::string& value) {
    h.Run({"set", "k", value});
    return h.Run({"object", "encoding", "k"});
  };
  EXPECT_EQ(encoding("12345"), "$3\r\nint\r\n");
  EXPECT_EQ(encoding("-9223372036854775808"), "$3\r\nint\r\n");
  EXPECT_EQ(encoding("0123"), "$6\r\nembstr\r\n");  // not canonical
  EXPECT_EQ(encoding("-0"), "$6\r\nembstr\r\n");
  EXPECT_EQ(encoding("99999999999999999999"), "$6\r\nembstr\r\n");  // overflows
  EXPECT_EQ(encoding(std::string(44, 'x')), "$6\r\nembstr\r\n");
  EXPECT_EQ(encoding(std::string(45, 'x')), "$3\r\nraw\r\n");
  EXPECT_EQ(h.Run({"object", "encoding", "missing"}), "$-1\r\n");
  EXPECT_EQ(h.Run({"object", "encoding"}),
            "-ERR wrong number of arguments for 'object|encoding' command\r\n");
  EXPECT_EQ(h.Run({"object", "foo", "k"}), "-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n");
}

TEST(ObjectCommandsTest, RefcountSharesSmallIntegersUnlessLruOrLfuEvicts) {
  CommandHarness h;
  h.Run({"set", "n", "42"});
  h.Run({"set", "s", "hello"});
  EXPECT_EQ(h.Run({"object", "refcount", "n"}), ":2147483647\r\n");
  EXPECT_EQ(h.Run({"object", "refcount", "s"}), ":1\r\n");
  h.Run({"config", "set", "maxmemory", "1gb", "maxmemory-policy", "allkeys-lru"});
  EXPECT_EQ(h.Run({"object", "refcount", "n"}), ":1\r\n");
}

TEST(ObjectCommandsTest, IdleTimeUnderLruAndFreqUnderLfu) {
  CommandHarness h;
  h.Run({"set", "k", "v"});
  h.AdvanceMs(5000);
  EXPECT_EQ(h.Run({"object", "idletime", "k"}), ":5\r\n");
  EXPECT_EQ(h.Run({"type", "k"}), "+string\r\n");  // TYPE, EXISTS, TTL don't touch
  EXPECT_EQ(h.Run({"exists", "k"}), ":1\r\n");
  EXPECT_EQ(h.Run({"ttl", "k"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"object", "idletime", "k"}), ":5\r\n");
  h.Run({"get", "k"});
  EXPECT_EQ(h.Run({"object", "idletime", "k"}), ":0\r\n");
  EXPECT_EQ(h.Run({"object", "freq", "k"}),
            "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
            "note that when switching between policies at runtime LRU and LFU data will take some "
            "time to adjust.\r\n");
  h.Run({"config", "set", "maxmemory-policy", "allkeys-lfu"});
  h.Run({"set", "f", "v"});
  EXPECT_EQ(h.Run({"object", "freq", "f"}), ":5\r\n");  // LFU_INIT_VAL
  h.Run({"get", "f"});
  EXPECT_EQ(h.Run({"object", "freq", "f"}), ":6\r\n");  // counter 5 always increments
  h.AdvanceMs(3 * 60000);                               // lfu-decay-time 1: -1 a minute
  EXPECT_EQ(h.Run({"object", "freq", "f"}), ":3\r\n");
  EXPECT_EQ(h.Run({"object", "idletime", "f"}).substr(0, 48),
            "-ERR An LFU maxmemory policy is selected, idle t");
}

TEST(MemoryCommandsTest, UsageCountsTheEntryBlock) {
  CommandHarness h;
  h.Run({"set", "k", std::string(1000, 'x')});
  std::string usage = h.Run({"memory", "usage", "k"});
  ASSERT_EQ(usage[0], ':');
  int64_t bytes = std::stoll(usage.substr(1));
  EXPECT_GE(bytes, 1000 + 1 + 8);
  EXPECT_LE(bytes, 1100);
  EXPECT_EQ(h.Run({"memory", "usage", "k", "samples", "0"}), usage);
  EXPECT_EQ(h.Run({"memory", "usage", "nokey"}), "$-1\r\n");
  EXPECT_EQ(h.Run({"memory", "usage", "k", "samples", "-1"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"memory", "usage", "k", "samples", "x"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(h.Run({"memory", "usage", "k", "samples"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"memory", "purge"}), "+OK\r\n");
}

TEST(MemoryCommandsTest, UsedMemoryFollowsRealAllocations) {
  CommandHarness h;
  h.Run({"set", "small", "v"});  // the first write allocates the database's slot tables
  uint64_t before = CountedBytes();
  h.Run({"set", "big", std::string(1 << 20, 'x')});
  uint64_t after = CountedBytes();
  EXPECT_GE(after - before, uint64_t{1} << 20);
  h.Run({"del", "big"});
  EXPECT_LT(CountedBytes(), before + 4096);
}

TEST(OomGateTest, NoEvictionRefusesWritesAndKeepsReads) {
  CommandHarness h;
  h.Run({"set", "a", "1"});
  EXPECT_EQ(h.Run({"config", "set", "maxmemory", "1"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"set", "b", "1"}), kOom);
  EXPECT_EQ(h.Run({"get", "a"}), "$1\r\n1\r\n");
  EXPECT_EQ(h.Run({"del", "a"}), ":1\r\n");  // DEL is not deny-OOM
  EXPECT_EQ(h.state().stats().total_error_replies, 1u);
}

TEST(OomGateTest, TransactionsLikeRedis) {
  CommandHarness h;
  ClientSession* admin = h.NewClient();
  EXPECT_EQ(h.Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"set", "q", "1"}), "+QUEUED\r\n");
  h.Run({"config", "set", "maxmemory", "1"}, admin);
  // EXEC with a queued deny-OOM command is refused and discards the transaction.
  EXPECT_EQ(h.Run({"exec"}),
            "-EXECABORT Transaction discarded because of: OOM command not allowed when used "
            "memory > 'maxmemory'.\r\n");
  // Inside MULTI nothing can be queued while out of memory; EXEC then aborts.
  EXPECT_EQ(h.Run({"multi"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"ping"}), kOom);
  EXPECT_EQ(h.Run({"exec"}), "-EXECABORT Transaction discarded because of previous errors.\r\n");
  // A transaction of reads queued before the limit still runs.
  h.Run({"config", "set", "maxmemory", "0"}, admin);
  h.Run({"multi"});
  h.Run({"get", "q"});
  h.Run({"config", "set", "maxmemory", "1"}, admin);
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n$-1\r\n");
}

TEST(OomGateTest, EvictionMakesRoomAndIsReported) {
  CommandHarness h;
  ClientSession* watcher = h.NewClient();
  h.Run({"set", "victim", "v"});
  h.Run({"watch", "victim"}, watcher);
  h.Run({"config", "set", "maxmemory", std::to_string(CountedBytes() - 16), "maxmemory-policy",
         "allkeys-random"});
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");  // the gate evicted before running it
  EXPECT_EQ(h.state().stats().evicted_keys, 1u);
  EXPECT_EQ(h.Run({"exists", "victim"}), ":0\r\n");
  h.Run({"multi"}, watcher);
  EXPECT_EQ(h.Run({"exec"}, watcher), "*-1\r\n");  // the eviction touched the watched key
  h.Run({"config", "set", "maxmemory", "0"});
}

// A reply buffer a burst of big replies grew, now empty, is memory the connection keeps for
// reuse: it goes before any key (Redis frees written reply blocks at once).
TEST(OomGateTest, IdleReplyBuffersGoBeforeKeys) {
  CommandHarness h;
  ClientSession* reader = h.NewClient();
  h.Run({"set", "a", "1"});
  h.Run({"set", "b", "2"});
  reader->output.reserve(1 << 20);
  // Over the limit by half the idle buffer: freeing it is enough, whatever else a few
  // kilobytes of allocator bookkeeping (which differs under ASan) add or take.
  h.Run({"config", "set", "maxmemory", std::to_string(CountedBytes() - (1 << 19)),
         "maxmemory-policy", "allkeys-lru"});
  EXPECT_EQ(h.Run({"set", "c", "3"}), "+OK\r\n");
  EXPECT_EQ(h.state().stats().evicted_keys, 0u);
  EXPECT_LE(reader->output.capacity(), kReplyBufferKeepUnderPressure);
  h.Run({"config", "set", "maxmemory", "0"});
}

// Pending replies move to a smaller buffer; a buffer a burst is filling stays. A fresh harness:
// after a scan the evictor waits 20 times its duration on the real monotonic clock before the
// next one, but a new evictor's first scan runs at once.
TEST(OomGateTest, PendingRepliesMoveToASmallerBuffer) {
  CommandHarness h;
  ClientSession* reader = h.NewClient();
  h.Run({"set", "a", "1"});
  reader->output.reserve(1 << 20);
  reader->output.assign("+OK\r\n");
  ClientSession* burst = h.NewClient();
  burst->output.assign(64 * 1024, 'x');
  size_t burst_capacity = burst->output.capacity();
  h.Run({"config", "set", "maxmemory", "1", "maxmemory-policy", "allkeys-lru"});
  h.Run({"get", "a"});
  EXPECT_EQ(reader->output, "+OK\r\n");
  EXPECT_LE(reader->output.capacity(), kReplyBufferKeepUnderPressure);
  EXPECT_EQ(burst->output.capacity(), burst_capacity);
  h.Run({"config", "set", "maxmemory", "0"});
}

TEST(OomGateTest, ReplicasDoNotEvict) {
  CommandHarness h;
  h.Run({"set", "k", "v"});
  h.state().keyspace().SetDeleteExpired(false);  // what a replica does
  EXPECT_FALSE(h.state().evicts_keys());
  h.Run({"config", "set", "maxmemory", "1", "maxmemory-policy", "allkeys-lru"});
  EXPECT_EQ(h.Run({"set", "k2", "v"}), "+OK\r\n");  // no eviction, no OOM: like Redis replicas
  EXPECT_EQ(h.state().stats().evicted_keys, 0u);
}

TEST(OomGateTest, InfoMemoryShowsLimitAndPolicy) {
  CommandHarness h;
  h.Run({"config", "set", "maxmemory", "100mb", "maxmemory-policy", "volatile-ttl"});
  std::string info = h.Run({"info", "memory"});
  EXPECT_NE(info.find("\r\nmaxmemory:104857600\r\n"), std::string::npos);
  EXPECT_NE(info.find("\r\nmaxmemory_human:100.00M\r\n"), std::string::npos);
  EXPECT_NE(info.find("\r\nmaxmemory_policy:volatile-ttl\r\n"), std::string::npos);
  EXPECT_NE(info.find("\r\nused_memory:"), std::string::npos);
}

}  // namespace
}  // namespace slotcache::server
