// Replication with real processes: a slotcache primary and slotcache replicas on loopback.
// Full sync under redis-benchmark load, partial resync after a dropped link, full sync when the
// backlog no longer covers the gap, kill -9 / SIGSTOP of a replica, TTLs and INCRBYFLOAT
// replayed identically (DEBUG DIGEST), WAIT counts, READONLY, ROLE and INFO.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "redis-tests/server_process.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {
namespace {

using Clock = std::chrono::steady_clock;

bool WaitUntil(const std::function<bool()>& done, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// One "name:value" field of INFO (any section), "" when absent.
std::string InfoField(int port, const std::string& name) {
  Context c = ConnectHiredis(port);
  return c ? blackbox::InfoField(c.get(), "everything", name) : "";
}

std::string Digest(int port) {
  Context c = ConnectHiredis(port);
  return c ? Cmd(c.get(), {"DEBUG", "DIGEST"}) : "<no connection>";
}

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(primary_.Start(CommonArgs(), &error)) << error;
  }

  void TearDown() override {
    if (HasFailure()) {
      for (ServerProcess* server : All()) {
        std::string log = server->Log();
        if (log.size() > 6000) log = "...\n" + log.substr(log.size() - 6000);
        std::cerr << "---- log of :" << server->port() << " ----\n" << log << "----\n";
      }
    }
  }

  static std::vector<std::string> CommonArgs() {
    return {"--enable-debug-command", "yes", "--hz", "50"};
  }

  std::vector<ServerProcess*> All() {
    std::vector<ServerProcess*> all = {&primary_};
    for (auto& replica : replicas_)
      all.push_back(replica.get());
    return all;
  }

  // Starts a replica of the primary (extra args appended); does not wait for the sync.
  ServerProcess* StartReplica(std::vector<std::string> extra = {}) {
    auto replica = std::make_unique<ServerProcess>();
    std::vector<std::string> args = CommonArgs();
    args.insert(args.end(), {"--replicaof", "127.0.0.1", std::to_string(primary_.port())});
    args.insert(args.end(), extra.begin(), extra.end());
    std::string error;
    EXPECT_TRUE(replica->Start(args, &error)) << error;
    replicas_.push_back(std::move(replica));
    return replicas_.back().get();
  }

  // The replica's link is up and it applied everything the primary has sent.
  bool CaughtUp(int replica_port) {
    if (InfoField(replica_port, "master_link_status") != "up") return false;
    std::string offset = InfoField(replica_port, "slave_repl_offset");
    return !offset.empty() && offset == InfoField(primary_.port(), "master_repl_offset");
  }

  void ExpectConverged(int replica_port, int timeout_ms = 60000) {
    EXPECT_TRUE(WaitUntil([&] { return CaughtUp(replica_port); }, timeout_ms))
        << "replica offset " << InfoField(replica_port, "slave_repl_offset") << " primary "
        << InfoField(primary_.port(), "master_repl_offset");
    EXPECT_EQ(Digest(replica_port), Digest(primary_.port()));
  }

  ProcessResult Benchmark(int requests, int keyspace, const std::string& tests = "set") {
    return RunProcess(
        {"redis-benchmark", "-p", std::to_string(primary_.port()), "-t", tests, "-n",
         std::to_string(requests), "-r", std::to_string(keyspace), "-P", "16", "-d", "16", "-q"},
        "", 300000);
  }

  ServerProcess primary_;
  std::vector<std::unique_ptr<ServerProcess>> replicas_;
};

TEST_F(ReplicationTest, FullSyncUnderLoadConvergesAndLagStaysBounded) {
  ASSERT_EQ(Benchmark(200000, 100000).exit_code, 0);
  ASSERT_GT(std::stoll(InfoField(primary_.port(), "db0").substr(5)), 50000);
  // The sync runs while redis-benchmark keeps writing.
  std::thread load([&] { EXPECT_EQ(Benchmark(300000, 150000, "set,incr").exit_code, 0); });
  ServerProcess* replica = StartReplica();
  int max_lag = 0;
  EXPECT_TRUE(
      WaitUntil([&] { return InfoField(replica->port(), "master_link_status") == "up"; }, 60000));
  for (int i = 0; i < 10; ++i) {
    std::string slave0 = InfoField(primary_.port(), "slave0");
    size_t at = slave0.find("lag=");
    if (at != std::string::npos) max_lag = std::max(max_lag, std::stoi(slave0.substr(at + 4)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  load.join();
  EXPECT_LE(max_lag, 2);
  ExpectConverged(replica->port());
  EXPECT_EQ(InfoField(primary_.port(), "sync_full"), "1");
  EXPECT_EQ(InfoField(replica->port(), "role"), "slave");
}

TEST_F(ReplicationTest, DroppedLinkResumesPartiallyThenFullyOnceTheBacklogIsOutrun) {
  ServerProcess* replica = StartReplica();
  ASSERT_EQ(Benchmark(20000, 10000).exit_code, 0);
  ExpectConverged(replica->port());
  Context c = ConnectHiredis(primary_.port());
  // Drop the link from the primary's side; the replica reconnects and continues.
  EXPECT_EQ(Cmd(c.get(), {"CLIENT", "KILL", "TYPE", "replica"}), ":1");
  ASSERT_EQ(Benchmark(2000, 10000).exit_code, 0);
  ExpectConverged(replica->port());
  EXPECT_EQ(InfoField(primary_.port(), "sync_partial_ok"), "1");
  EXPECT_EQ(InfoField(primary_.port(), "sync_full"), "1");
  // A backlog smaller than what is written while the link is down: a full sync again.
  EXPECT_EQ(Cmd(c.get(), {"CONFIG", "SET", "repl-backlog-size", "16384"}), "+OK");
  ASSERT_EQ(kill(replica->pid(), SIGSTOP), 0);
  EXPECT_EQ(Cmd(c.get(), {"CLIENT", "KILL", "TYPE", "replica"}), ":1");
  ASSERT_EQ(Benchmark(20000, 10000).exit_code, 0);
  ASSERT_EQ(kill(replica->pid(), SIGCONT), 0);
  ExpectConverged(replica->port());
  EXPECT_EQ(InfoField(primary_.port(), "sync_full"), "2");
}

TEST_F(ReplicationTest, KilledReplicaRestartsWithAFullSync) {
  ServerProcess* replica = StartReplica();
  std::thread load([&] { EXPECT_EQ(Benchmark(100000, 50000).exit_code, 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int port = replica->port();
  ASSERT_EQ(kill(replica->pid(), SIGKILL), 0);
  replica->Stop();
  std::vector<std::string> args = CommonArgs();
  args.insert(args.end(), {"--replicaof", "127.0.0.1", std::to_string(primary_.port())});
  std::string error;
  ASSERT_TRUE(replica->StartOnPort(port, args, &error)) << error;
  load.join();
  ExpectConverged(port);
  // Without persistence the restarted replica has no history: a full sync, not a partial one.
  EXPECT_EQ(InfoField(primary_.port(), "sync_full"), "2");
}

TEST_F(ReplicationTest, StoppedReplicaCatchesUpAfterSigcont) {
  ServerProcess* replica = StartReplica();
  ExpectConverged(replica->port());
  ASSERT_EQ(kill(replica->pid(), SIGSTOP), 0);
  ASSERT_EQ(Benchmark(30000, 20000).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(kill(replica->pid(), SIGCONT), 0);
  ExpectConverged(replica->port());
  EXPECT_EQ(InfoField(primary_.port(), "sync_full"), "1");
}

TEST_F(ReplicationTest, TtlsExpiryAndFloatsReplayIdentically) {
  ServerProcess* replica = StartReplica();
  Context c = ConnectHiredis(primary_.port());
  Cmd(c.get(), {"SET", "ttl", "v", "EX", "100"});
  Cmd(c.get(), {"SET", "short", "v", "PX", "300"});
  Cmd(c.get(), {"SET", "f", "10.5"});
  Cmd(c.get(), {"INCRBYFLOAT", "f", "0.1"});
  Cmd(c.get(), {"INCRBYFLOAT", "f", "1e-3"});
  Cmd(c.get(), {"EXPIRE", "f", "1000"});
  Cmd(c.get(), {"SELECT", "3"});
  Cmd(c.get(), {"SETEX", "db3", "50", "x"});
  Cmd(c.get(), {"GETEX", "db3", "PERSIST"});
  ExpectConverged(replica->port());
  Context r = ConnectHiredis(replica->port());
  Cmd(c.get(), {"SELECT", "0"});
  EXPECT_EQ(Cmd(r.get(), {"GET", "f"}), Cmd(c.get(), {"GET", "f"}));
  EXPECT_EQ(Cmd(r.get(), {"GET", "f"}), "$10.601");
  // The key past its TTL is gone on both once the primary's DEL arrived.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(Cmd(r.get(), {"GET", "short"}), "(nil)");
  ExpectConverged(replica->port());
  EXPECT_EQ(Cmd(r.get(), {"EXISTS", "short"}), ":0");
}

TEST_F(ReplicationTest, WaitCountsAcknowledgingReplicas) {
  ServerProcess* a = StartReplica();
  ServerProcess* b = StartReplica();
  ExpectConverged(a->port());
  ExpectConverged(b->port());
  Context c = ConnectHiredis(primary_.port());
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "v"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"WAIT", "2", "5000"}), ":2");
  auto start = Clock::now();
  EXPECT_EQ(Cmd(c.get(), {"WAIT", "3", "300"}), ":2");
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(290));
  ASSERT_EQ(kill(b->pid(), SIGSTOP), 0);
  EXPECT_EQ(Cmd(c.get(), {"SET", "k", "w"}), "+OK");
  EXPECT_EQ(Cmd(c.get(), {"WAIT", "2", "500"}), ":1");
  ASSERT_EQ(kill(b->pid(), SIGCONT), 0);
  ExpectConverged(b->port());
}

TEST_F(ReplicationTest, ReplicaIsReadOnlyReportsItsRoleAndCanBePromoted) {
  ServerProcess* replica = StartReplica();
  Context c = ConnectHiredis(primary_.port());
  Cmd(c.get(), {"SET", "k", "v"});
  ExpectConverged(replica->port());
  Context r = ConnectHiredis(replica->port());
  EXPECT_EQ(Cmd(r.get(), {"SET", "k", "x"}),
            "-READONLY You can't write against a read only replica.");
  EXPECT_EQ(Cmd(r.get(), {"GET", "k"}), "$v");
  EXPECT_EQ(Cmd(r.get(), {"ROLE"}),
            "*[$slave, $127.0.0.1, :" + std::to_string(primary_.port()) +
                ", $connected, :" + InfoField(primary_.port(), "master_repl_offset") + "]");
  EXPECT_EQ(Cmd(r.get(), {"REPLICAOF", "NO", "ONE"}), "+OK");
  EXPECT_EQ(Cmd(r.get(), {"SET", "k", "x"}), "+OK");
  EXPECT_EQ(InfoField(replica->port(), "role"), "master");
  // The old primary follows its former replica and continues from its own history.
  EXPECT_EQ(Cmd(c.get(), {"REPLICAOF", "127.0.0.1", std::to_string(replica->port())}), "+OK");
  EXPECT_TRUE(WaitUntil([&] { return Cmd(c.get(), {"GET", "k"}) == "$x"; }, 10000));
  EXPECT_EQ(InfoField(replica->port(), "sync_partial_ok"), "1");
  EXPECT_EQ(Digest(primary_.port()), Digest(replica->port()));
}

TEST_F(ReplicationTest, ReplicaOfAReplicaContinuesInTheStreamsDatabase) {
  ServerProcess* middle = StartReplica();
  ExpectConverged(middle->port());  // the writes below reach it through the stream
  Context c = ConnectHiredis(primary_.port());
  Cmd(c.get(), {"SELECT", "5"});
  Cmd(c.get(), {"SET", "other", "1"});  // the image ends in database 5
  Cmd(c.get(), {"SELECT", "3"});
  Cmd(c.get(), {"SET", "before", "1"});
  ExpectConverged(middle->port());
  // A sub-replica's full sync comes from the middle replica; the primary's stream goes on in
  // database 3 without selecting it again.
  replicas_.push_back(std::make_unique<ServerProcess>());
  ServerProcess* leaf = replicas_.back().get();
  std::vector<std::string> args = CommonArgs();
  args.insert(args.end(), {"--replicaof", "127.0.0.1", std::to_string(middle->port())});
  std::string error;
  ASSERT_TRUE(leaf->Start(args, &error)) << error;
  EXPECT_TRUE(
      WaitUntil([&] { return InfoField(leaf->port(), "master_link_status") == "up"; }, 10000));
  Cmd(c.get(), {"SET", "after", "2"});
  ExpectConverged(middle->port());
  EXPECT_TRUE(WaitUntil([&] { return Digest(leaf->port()) == Digest(primary_.port()); }, 10000));
  Context l = ConnectHiredis(leaf->port());
  Cmd(l.get(), {"SELECT", "3"});
  EXPECT_EQ(Cmd(l.get(), {"GET", "after"}), "$2");
}

}  // namespace
}  // namespace slotcache::blackbox
