// Hashes through persistence and replication, with real processes: an AOF restart (kill -9)
// and a BGREWRITEAOF keep DEBUG DIGEST; a replica is digest-equal after a full sync of packed
// and table-encoded hashes and after a hash write load streamed to it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "redis-tests/aof_fixture.h"
#include "redis-tests/server_process.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {
namespace {

// Hashes of both encodings, with TTLs, increments and deletions, plus a few strings.
void WriteHashes(redisContext* c, int seed) {
  std::mt19937 rng(seed);
  for (int k = 0; k < 200; ++k) {
    std::string key = "small:" + std::to_string(seed) + ":" + std::to_string(k);
    Cmd(c, {"HSET", key, "name", "user" + std::to_string(k), "age", std::to_string(rng() % 90),
            "city", "c" + std::to_string(rng() % 7)});
    if (k % 3 == 0) Cmd(c, {"HINCRBYFLOAT", key, "score", "0.1"});
    if (k % 5 == 0) Cmd(c, {"EXPIRE", key, "1000"});
    if (k % 7 == 0) Cmd(c, {"HDEL", key, "city"});
  }
  std::string big = "big:" + std::to_string(seed);
  for (int i = 0; i < 1500; ++i)
    Cmd(c, {"HSET", big, "field:" + std::to_string(i), std::string(1 + rng() % 40, 'v')});
  Cmd(c, {"HINCRBY", big, "counter", "42"});
  Cmd(c, {"HSET", "long:" + std::to_string(seed), "f", std::string(100, 'x')});  // value limit
  Cmd(c, {"SET", "string:" + std::to_string(seed), "plain"});
}

using HashAofTest = AofTest;

TEST_F(HashAofTest, HashesSurviveRestartAndRewrite) {
  ASSERT_TRUE(Start("always"));
  Context c = ConnectHiredis(server_.port());
  WriteHashes(c.get(), 1);
  EXPECT_EQ(Cmd(c.get(), {"OBJECT", "ENCODING", "big:1"}), "$hashtable");
  EXPECT_EQ(Cmd(c.get(), {"OBJECT", "ENCODING", "small:1:1"}), "$listpack");
  std::string digest = Cmd(c.get(), {"DEBUG", "DIGEST"});
  std::string dbsize = Cmd(c.get(), {"DBSIZE"});
  ASSERT_TRUE(WaitAofWritten(c.get()));
  Kill9();
  std::string error;
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"DEBUG", "DIGEST"}), digest);
  EXPECT_EQ(Cmd(c.get(), {"DBSIZE"}), dbsize);
  // The rewrite's image (HSET batches of 64 pairs, PEXPIREAT for TTLs) rebuilds the same data.
  EXPECT_EQ(Cmd(c.get(), {"BGREWRITEAOF"}), "+Background append only file rewriting started");
  ASSERT_TRUE(WaitRewriteDone(c.get()));
  WriteHashes(c.get(), 2);  // into the new incr file
  digest = Cmd(c.get(), {"DEBUG", "DIGEST"});
  ASSERT_TRUE(WaitAofWritten(c.get()));
  Kill9();
  ASSERT_TRUE(Restart(&error)) << error;
  c = ConnectHiredis(server_.port());
  EXPECT_EQ(Cmd(c.get(), {"DEBUG", "DIGEST"}), digest);
  EXPECT_EQ(Cmd(c.get(), {"HLEN", "big:1"}), ":1501");
  EXPECT_EQ(Cmd(c.get(), {"OBJECT", "ENCODING", "big:1"}), "$hashtable");
  EXPECT_EQ(Cmd(c.get(), {"OBJECT", "ENCODING", "small:1:3"}), "$listpack");
}

bool WaitUntil(const std::function<bool()>& done, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

std::string Info(int port, const std::string& name) {
  Context c = ConnectHiredis(port);
  return c ? InfoField(c.get(), "everything", name) : "";
}

std::string Digest(int port) {
  Context c = ConnectHiredis(port);
  return c ? Cmd(c.get(), {"DEBUG", "DIGEST"}) : "<no connection>";
}

class HashReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(primary_.Start(Args(), &error)) << error;
  }
  void TearDown() override {
    if (HasFailure()) {
      for (ServerProcess* server : {&primary_, &replica_}) {
        std::string log = server->Log();
        if (log.size() > 6000) log = "...\n" + log.substr(log.size() - 6000);
        std::cerr << "---- log of :" << server->port() << " ----\n" << log << "----\n";
      }
    }
    replica_.Stop();
    primary_.Stop();
  }
  static std::vector<std::string> Args() { return {"--enable-debug-command", "yes"}; }
  bool CaughtUp() {
    if (Info(replica_.port(), "master_link_status") != "up") return false;
    std::string offset = Info(replica_.port(), "slave_repl_offset");
    return !offset.empty() && offset == Info(primary_.port(), "master_repl_offset");
  }

  ServerProcess primary_;
  ServerProcess replica_;
};

TEST_F(HashReplicationTest, ReplicaIsDigestEqualAfterFullSyncAndUnderHashLoad) {
  if (ServerProcess::IsRealRedis()) GTEST_SKIP() << "slotcache's DEBUG DIGEST";
  Context c = ConnectHiredis(primary_.port());
  WriteHashes(c.get(), 1);  // the full sync carries these
  std::atomic<bool> stop{false};
  // Hash writes of every kind while the replica syncs and streams.
  std::thread load([&] {
    Context w = ConnectHiredis(primary_.port());
    std::mt19937 rng(9);
    for (int i = 0; !stop && i < 200000; ++i) {
      std::string key = "load:" + std::to_string(rng() % 300);
      std::string field = "f" + std::to_string(rng() % 700);  // some keys pass 512 fields
      switch (rng() % 5) {
        case 0:
          Cmd(w.get(), {"HDEL", key, field});
          break;
        case 1:
          Cmd(w.get(), {"HINCRBYFLOAT", key, "float", "0.3"});
          break;
        case 2:
          Cmd(w.get(), {"HSETNX", key, field, "nx"});
          break;
        default:
          Cmd(w.get(), {"HSET", key, field, std::to_string(i)});
      }
    }
  });
  std::string error;
  std::vector<std::string> args = Args();
  args.insert(args.end(), {"--replicaof", "127.0.0.1", std::to_string(primary_.port())});
  ASSERT_TRUE(replica_.Start(args, &error)) << error;
  EXPECT_TRUE(
      WaitUntil([&] { return Info(replica_.port(), "master_link_status") == "up"; }, 60000));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  load.join();
  EXPECT_TRUE(WaitUntil([&] { return CaughtUp(); }, 60000));
  EXPECT_EQ(Digest(replica_.port()), Digest(primary_.port()));
  Context r = ConnectHiredis(replica_.port());
  EXPECT_EQ(Cmd(r.get(), {"HLEN", "big:1"}), ":1501");
  EXPECT_EQ(Cmd(r.get(), {"HGET", "small:1:3", "score"}),
            Cmd(c.get(), {"HGET", "small:1:3", "score"}));
  EXPECT_EQ(Info(primary_.port(), "sync_full"), "1");
}

}  // namespace
}  // namespace slotcache::blackbox
