// The write funnel: what each write turns into on the AOF/replication stream, and that replaying
// the stream (or a snapshot plus the stream) rebuilds the same data set.
#include "server/core/propagation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/keyspace/keyspace_digest.h"
#include "tests/server/command_harness.h"
#include "tests/server/stream_capture.h"

namespace slotcache::server {
namespace {

// The captured commands, each as space-separated words.
std::vector<std::string> Commands(const CapturingSink& sink) {
  std::vector<std::string> out;
  for (const std::vector<std::string>& args : SplitStream(sink.bytes)) {
    std::string line;
    for (const std::string& arg : args)
      line += (line.empty() ? "" : " ") + arg;
    out.push_back(line);
  }
  return out;
}

using Lines = std::vector<std::string>;

class PropagationTest : public ::testing::Test {
 protected:
  void SetUp() override { h.state().propagator().AddSink(&sink); }
  CommandHarness h;
  CapturingSink sink;
};

TEST(PropagatorTest, EncodesNothingWithoutSinks) {
  Propagator propagator;
  EXPECT_FALSE(propagator.active());
  propagator.Emit(0, {"SET", "k", "v"});
  CapturingSink sink;
  propagator.AddSink(&sink);
  propagator.Emit(0, {"SET", "k", "v"});
  EXPECT_EQ(sink.bytes,
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
}

TEST(PropagatorTest, SelectsOnlyWhenTheDatabaseChangesAndAgainForANewSink) {
  Propagator propagator;
  CapturingSink first;
  propagator.AddSink(&first);
  propagator.Emit(0, {"DEL", "a"});
  propagator.Emit(0, {"DEL", "b"});
  propagator.Emit(3, {"DEL", "c"});
  CapturingSink second;
  propagator.AddSink(&second);
  propagator.Emit(3, {"DEL", "d"});
  EXPECT_EQ(Commands(first),
            (Lines{"SELECT 0", "DEL a", "DEL b", "SELECT 3", "DEL c", "SELECT 3", "DEL d"}));
  EXPECT_EQ(Commands(second), (Lines{"SELECT 3", "DEL d"}));
  propagator.RemoveSink(&first);
  propagator.Emit(3, {"DEL", "e"});
  EXPECT_EQ(Commands(first).size(), 7u);
  EXPECT_EQ(Commands(second).back(), "DEL e");
}

TEST_F(PropagationTest, RelativeTtlsBecomeAbsolute) {
  int64_t now = h.now_ms();
  h.Run({"set", "a", "1", "EX", "10"});
  h.Run({"setex", "b", "5", "2"});
  h.Run({"psetex", "c", "500", "3"});
  h.Run({"set", "d", "4", "px", "100", "nx", "get"});
  h.Run({"expire", "a", "20"});
  h.Run({"pexpire", "b", "30"});
  h.Run({"expireat", "c", "1800000000"});
  EXPECT_EQ(
      Commands(sink),
      (Lines{
          "SELECT 0", "SET a 1 PXAT " + std::to_string(now + 10000),
          "SET b 2 PXAT " + std::to_string(now + 5000), "SET c 3 PXAT " + std::to_string(now + 500),
          "SET d 4 PXAT " + std::to_string(now + 100), "PEXPIREAT a " + std::to_string(now + 20000),
          "PEXPIREAT b " + std::to_string(now + 30), "PEXPIREAT c 1800000000000"}));
}

TEST_F(PropagationTest, KeepTtlAndSetVariantsAreLoggedAsPlainSets) {
  int64_t now = h.now_ms();
  h.Run({"set", "a", "1", "px", "1000"});
  h.Run({"set", "a", "2", "keepttl", "xx"});
  h.Run({"set", "a", "3", "nx"});  // not written: nothing logged
  h.Run({"setnx", "b", "1"});
  h.Run({"getset", "b", "2"});
  EXPECT_EQ(Commands(sink),
            (Lines{"SELECT 0", "SET a 1 PXAT " + std::to_string(now + 1000),
                   "SET a 2 PXAT " + std::to_string(now + 1000), "SET b 1", "SET b 2"}));
}

TEST_F(PropagationTest, PastExpiryDeletesAndExpiredKeysGoOutAsDel) {
  h.Run({"set", "a", "1"});
  h.Run({"set", "b", "1", "px", "10"});
  h.Run({"expire", "a", "-1"});
  h.AdvanceMs(20);
  EXPECT_EQ(h.Run({"get", "b"}), "$-1\r\n");
  EXPECT_EQ(Commands(sink),
            (Lines{"SELECT 0", "SET a 1", "SET b 1 PXAT " + std::to_string(h.now_ms() - 10),
                   "DEL a", "DEL b"}));
}

TEST_F(PropagationTest, GetExGetDelAndIncrByFloatLogTheirEffect) {
  int64_t now = h.now_ms();
  h.Run({"set", "a", "1.5"});
  h.Run({"getex", "a", "ex", "7"});
  h.Run({"getex", "a", "persist"});
  h.Run({"getex", "a"});  // no change: nothing logged
  h.Run({"incrbyfloat", "a", "0.25"});
  h.Run({"getdel", "a"});
  h.Run({"getdel", "a"});  // absent: nothing logged
  EXPECT_EQ(Commands(sink),
            (Lines{"SELECT 0", "SET a 1.5", "PEXPIREAT a " + std::to_string(now + 7000),
                   "PERSIST a", "SET a 1.75 KEEPTTL", "DEL a"}));
}

TEST_F(PropagationTest, ExecWrapsWritesAndReadOnlyTransactionsLogNothing) {
  h.Run({"multi"});
  h.Run({"get", "a"});
  h.Run({"exec"});
  h.Run({"multi"});
  h.Run({"set", "a", "1"});
  h.Run({"select", "2"});
  h.Run({"incr", "a"});
  h.Run({"exec"});
  EXPECT_EQ(Commands(sink), (Lines{"MULTI", "SELECT 0", "SET a 1", "SELECT 2", "incr a", "EXEC"}));
}

TEST_F(PropagationTest, EvictedKeysGoOutAsDel) {
  h.Run({"set", "a", "1"});
  h.Run({"select", "1"});
  h.Run({"set", "b", "1"});
  h.Run({"config", "set", "maxmemory-policy", "allkeys-random"});
  h.Run({"config", "set", "maxmemory", "1"});  // less than the process uses: evicts everything
  h.Run({"set", "c", "1"});
  Lines commands = Commands(sink);
  EXPECT_EQ(std::count(commands.begin(), commands.end(), "DEL a"), 1);
  EXPECT_EQ(std::count(commands.begin(), commands.end(), "DEL b"), 1);
  EXPECT_EQ(h.state().keyspace().TotalKeys(), 0u);
}

TEST_F(PropagationTest, FailedWritesAndReadsLogNothing) {
  h.Run({"set", "a", "x"});
  h.Run({"incr", "a"});
  h.Run({"get", "a"});
  h.Run({"expire", "missing", "10"});
  h.Run({"del", "missing"});
  EXPECT_EQ(Commands(sink), (Lines{"SELECT 0", "SET a x"}));
}

}  // namespace
}  // namespace slotcache::server
