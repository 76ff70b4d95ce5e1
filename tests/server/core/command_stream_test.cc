#include "server/core/command_stream.h"

#include <gtest/gtest.h>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

TEST(CommandStreamTest, AppliesWholeCommandsAndKeepsTheRestForLater) {
  CommandHarness h;
  CommandStreamApplier applier(h.state());
  std::string stream =
      "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$4\r\nINCR";
  auto r = applier.Apply(stream, h.now_ms());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.commands, 2u);
  EXPECT_EQ(r.consumed, stream.size() - 12);
  EXPECT_EQ(applier.db(), 2);
  r = applier.Apply("*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n", h.now_ms());
  EXPECT_EQ(r.commands, 1u);
  h.Run({"select", "2"});
  EXPECT_EQ(h.Run({"get", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(h.Run({"get", "n"}), "$1\r\n1\r\n");
  EXPECT_EQ(h.client().output, "");
}

TEST(CommandStreamTest, AppliesATransactionOnlyOnceItsExecArrived) {
  CommandHarness h;
  CommandStreamApplier applier(h.state());
  std::string block = "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
  auto r = applier.Apply(block, h.now_ms());
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(h.Run({"exists", "a"}), ":0\r\n");
  block += "*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*1\r\n$4\r\nEXEC\r\n";
  r = applier.Apply(block, h.now_ms());
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.consumed, block.size());
  EXPECT_EQ(r.commands, 2u);
  EXPECT_EQ(h.Run({"get", "a"}), "$1\r\n2\r\n");
}

TEST(CommandStreamTest, ReportsCorruptionWhereItStarts) {
  CommandHarness h;
  CommandStreamApplier applier(h.state());
  std::string good = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
  auto r = applier.Apply(good + "*1\r\n$5\r\nNOSUCH\r\n", h.now_ms());
  EXPECT_EQ(r.consumed, good.size());
  EXPECT_NE(r.error.find("unknown command"), std::string::npos);
  r = applier.Apply(good + "*2\r\n$3\r\nGET\r\n", h.now_ms());
  EXPECT_EQ(r.error, "");  // just incomplete
  r = applier.Apply(good + "*x\r\n", h.now_ms());
  EXPECT_EQ(r.consumed, good.size());
  EXPECT_NE(r.error, "");
  r = applier.Apply("*1\r\n$5\r\nMULTI\r\n*1\r\n$5\r\nMULTI\r\n*1\r\n$4\r\nEXEC\r\n", h.now_ms());
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_NE(r.error, "");
}

TEST(CommandStreamTest, SkipsTheGatesClientsMeet) {
  Config config;
  config.requirepass = "secret";
  CommandHarness h(config);
  CommandStreamApplier applier(h.state());
  auto r = applier.Apply("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n", h.now_ms());
  EXPECT_EQ(r.commands, 1u);
  EXPECT_EQ(h.state().keyspace().db(0).size(), 1u);
}

}  // namespace
}  // namespace slotcache::server
