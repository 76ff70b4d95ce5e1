// The replication backlog's memory (issue #21) with real processes: repl-backlog-size accepts up
// to LLONG_MAX without allocating it (a 9e18 setting once aborted the server with bad_alloc, and
// 2gb took 2 GB of RSS with no replica at all); once a replica attached, the backlog grows with
// the stream, INFO reports what it holds, partial resyncs still work, and repl-backlog-ttl frees
// it after the last replica left.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "redis-tests/server_process.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kMb = 1024 * 1024;

bool WaitUntil(const std::function<bool()>& done, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// One "name:value" field of INFO (any section), "" when absent.
std::string Info(int port, const std::string& name) {
  Context c = ConnectHiredis(port);
  return c ? InfoField(c.get(), "everything", name) : "";
}

int64_t InfoInt(int port, const std::string& name) {
  std::string value = Info(port, name);
  return value.empty() ? -1 : std::stoll(value);
}

// MEMORY STATS' "replication.backlog", -1 when absent.
int64_t MemoryStatsBacklog(int port) {
  Context c = ConnectHiredis(port);
  Reply r = c ? Command(c.get(), {"MEMORY", "STATS"}) : nullptr;
  if (!r || r->type != REDIS_REPLY_ARRAY) return -1;
  for (size_t i = 0; i + 1 < r->elements; i += 2) {
    if (std::string(r->element[i]->str, r->element[i]->len) == "replication.backlog")
      return r->element[i + 1]->integer;
  }
  return -1;
}

class ReplicationBacklogTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!HasFailure()) return;
    for (ServerProcess* server : {&primary_, &replica_}) {
      std::string log = server->Log();
      if (log.size() > 6000) log = "...\n" + log.substr(log.size() - 6000);
      std::cerr << "---- log of :" << server->port() << " ----\n" << log << "----\n";
    }
  }

  static std::vector<std::string> Args(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--hz", "50", "--save", ""};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  void StartPrimary(std::vector<std::string> extra = {}) {
    std::string error;
    ASSERT_TRUE(primary_.Start(Args(std::move(extra)), &error)) << error;
  }

  void StartReplica() {
    std::string error;
    ASSERT_TRUE(
        replica_.Start(Args({"--replicaof", "127.0.0.1", std::to_string(primary_.port())}), &error))
        << error;
  }

  bool CaughtUp() {
    if (Info(replica_.port(), "master_link_status") != "up") return false;
    std::string offset = Info(replica_.port(), "slave_repl_offset");
    return !offset.empty() && offset == Info(primary_.port(), "master_repl_offset");
  }

  void ExpectCaughtUp() {
    EXPECT_TRUE(WaitUntil([&] { return CaughtUp(); }, 60000))
        << "replica offset " << Info(replica_.port(), "slave_repl_offset") << " primary "
        << Info(primary_.port(), "master_repl_offset");
  }

  // `requests` SETs of 100-byte values on the primary: about 150 bytes of stream each.
  void Write(int requests) {
    ProcessResult result =
        RunProcess({"redis-benchmark", "-p", std::to_string(primary_.port()), "-t", "set", "-n",
                    std::to_string(requests), "-r", "100000", "-P", "16", "-d", "100", "-q"},
                   "", 120000);
    ASSERT_EQ(result.exit_code, 0);
  }

  // The backlog's memory is what it holds, rounded up to its blocks (16 KB in slotcache and in
  // Redis 7), never the configured size.
  void ExpectBacklogMemoryNearHistlen() {
    int64_t histlen = InfoInt(primary_.port(), "repl_backlog_histlen");
    int64_t memory = InfoInt(primary_.port(), "mem_replication_backlog");
    EXPECT_GT(histlen, 0);
    EXPECT_GE(memory, histlen);
    EXPECT_LE(memory, histlen + histlen / 100 + 64 * 1024);
    int64_t stats = MemoryStatsBacklog(primary_.port());
    EXPECT_GE(stats, histlen);
    EXPECT_LE(stats, histlen + histlen / 100 + 64 * 1024);
  }

  ServerProcess primary_;
  ServerProcess replica_;
};

// Once the crash: CONFIG SET repl-backlog-size 9223372036854775807 aborted a standalone server
// (std::bad_alloc reserving the ring) and every key was lost. Redis answers +OK.
TEST_F(ReplicationBacklogTest, HugeBacklogSizesAreAcceptedAndCostNothingWithoutReplicas) {
  StartPrimary();
  Context c = ConnectHiredis(primary_.port());
  ASSERT_TRUE(c);
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(Cmd(c.get(), {"SET", "key:" + std::to_string(i), "value"}), "+OK");
  int64_t used_before = InfoInt(primary_.port(), "used_memory");
  int64_t rss_before = primary_.RssKb() * 1024;
  for (std::string size : {"9223372036854775807", "100gb", "2gb"}) {
    SCOPED_TRACE(size);
    EXPECT_EQ(Cmd(c.get(), {"CONFIG", "SET", "repl-backlog-size", size}), "+OK");
    ASSERT_TRUE(primary_.Running());
    EXPECT_EQ(Cmd(c.get(), {"PING"}), "+PONG");
    EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), ":100");
    EXPECT_EQ(Cmd(c.get(), {"GET", "key:99"}), "$value");
    EXPECT_LT(InfoInt(primary_.port(), "used_memory") - used_before, 4 * kMb);
    EXPECT_LT(primary_.RssKb() * 1024 - rss_before, 16 * kMb);
    EXPECT_EQ(Info(primary_.port(), "mem_replication_backlog"), "0");
    EXPECT_EQ(Info(primary_.port(), "repl_backlog_active"), "0");
  }
  EXPECT_EQ(Cmd(c.get(), {"CONFIG", "GET", "repl-backlog-size"}),
            "*[$repl-backlog-size, $2147483648]");
  EXPECT_EQ(Info(primary_.port(), "repl_backlog_size"), "2147483648");
  EXPECT_EQ(MemoryStatsBacklog(primary_.port()), 0);
}

// With a replica the backlog holds the stream as it is written, up to the (here unbounded)
// size: memory follows histlen, and a dropped link still continues from the backlog.
TEST_F(ReplicationBacklogTest, WithAReplicaTheBacklogGrowsWithTheStream) {
  StartPrimary({"--repl-backlog-size", "9223372036854775807"});
  StartReplica();
  ExpectCaughtUp();
  EXPECT_EQ(Info(primary_.port(), "repl_backlog_active"), "1");
  EXPECT_LE(InfoInt(primary_.port(), "mem_replication_backlog"), 64 * 1024);
  Write(20000);  // about 3 MB of stream
  ExpectCaughtUp();
  EXPECT_GT(InfoInt(primary_.port(), "repl_backlog_histlen"), 2 * kMb);
  ExpectBacklogMemoryNearHistlen();
  EXPECT_EQ(Info(primary_.port(), "repl_backlog_size"), "9223372036854775807");
  EXPECT_LT(primary_.RssKb() * 1024, 256 * kMb);
  // The replica keeps a backlog of the same stream (it could be promoted), full at its own
  // repl-backlog-size (the default 1mb).
  EXPECT_EQ(InfoInt(replica_.port(), "repl_backlog_histlen"), kMb);
  EXPECT_GE(InfoInt(replica_.port(), "mem_replication_backlog"), kMb);
  EXPECT_LE(InfoInt(replica_.port(), "mem_replication_backlog"), kMb + 64 * 1024);

  // Dropped link: the replica continues from the grown backlog, no second full sync.
  Context c = ConnectHiredis(primary_.port());
  ASSERT_TRUE(c);
  EXPECT_EQ(Cmd(c.get(), {"CLIENT", "KILL", "TYPE", "replica"}), ":1");
  Write(5000);
  ExpectCaughtUp();
  EXPECT_EQ(Info(primary_.port(), "sync_partial_ok"), "1");
  EXPECT_EQ(Info(primary_.port(), "sync_full"), "1");
  Context r = ConnectHiredis(replica_.port());
  ASSERT_TRUE(r);
  EXPECT_EQ(Cmd(r.get(), {"DBSIZE"}), Cmd(c.get(), {"DBSIZE"}));

  // Shrinking keeps the newest bytes and frees the rest.
  EXPECT_EQ(Cmd(c.get(), {"CONFIG", "SET", "repl-backlog-size", "1mb"}), "+OK");
  EXPECT_TRUE(WaitUntil(
      [&] { return InfoInt(primary_.port(), "repl_backlog_histlen") <= kMb + 16 * 1024; }, 5000));
  EXPECT_GE(InfoInt(primary_.port(), "repl_backlog_histlen"), kMb);
  EXPECT_LE(InfoInt(primary_.port(), "mem_replication_backlog"), kMb + 64 * 1024);
}

// repl-backlog-ttl: a primary frees its backlog that long after its last replica left, and
// starts a new replication id (as Redis does).
TEST_F(ReplicationBacklogTest, TheBacklogIsFreedTtlSecondsAfterTheLastReplicaLeft) {
  StartPrimary({"--repl-backlog-ttl", "1"});
  StartReplica();
  ExpectCaughtUp();
  Write(2000);
  ExpectCaughtUp();
  EXPECT_GT(InfoInt(primary_.port(), "mem_replication_backlog"), 0);
  std::string replid = Info(primary_.port(), "master_replid");
  // The replica's own backlog is never freed by the ttl.
  EXPECT_GT(InfoInt(replica_.port(), "mem_replication_backlog"), 0);
  replica_.Stop();
  ASSERT_TRUE(WaitUntil([&] { return Info(primary_.port(), "connected_slaves") == "0"; }, 10000));
  auto gone = Clock::now();
  EXPECT_TRUE(
      WaitUntil([&] { return Info(primary_.port(), "repl_backlog_active") == "0"; }, 10000));
  // Redis compares whole seconds: idle > ttl, so at least a second passes first.
  EXPECT_GE(Clock::now() - gone, std::chrono::milliseconds(900));
  EXPECT_EQ(Info(primary_.port(), "mem_replication_backlog"), "0");
  EXPECT_EQ(Info(primary_.port(), "repl_backlog_histlen"), "0");
  EXPECT_EQ(MemoryStatsBacklog(primary_.port()), 0);
  EXPECT_NE(Info(primary_.port(), "master_replid"), replid);
  EXPECT_EQ(Info(primary_.port(), "master_replid2"), "0000000000000000000000000000000000000000");
}

TEST_F(ReplicationBacklogTest, TtlZeroKeepsTheBacklog) {
  StartPrimary({"--repl-backlog-ttl", "0"});
  StartReplica();
  ExpectCaughtUp();
  Write(1000);
  ExpectCaughtUp();
  replica_.Stop();
  ASSERT_TRUE(WaitUntil([&] { return Info(primary_.port(), "connected_slaves") == "0"; }, 10000));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(Info(primary_.port(), "repl_backlog_active"), "1");
  EXPECT_GT(InfoInt(primary_.port(), "mem_replication_backlog"), 0);
}

}  // namespace
}  // namespace slotcache::blackbox
