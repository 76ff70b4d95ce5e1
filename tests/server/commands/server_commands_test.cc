#include <gtest/gtest.h>
#include <sys/time.h>

#include <string>
#include <vector>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

TEST(ServerCommandsTest, TimeIsWallClockSecondsAndMicros) {
  CommandHarness h;
  timeval before;
  gettimeofday(&before, nullptr);
  std::string reply = h.Run({"time"});
  ASSERT_TRUE(reply.starts_with("*2\r\n$10\r\n"));
  int64_t seconds = std::stoll(reply.substr(9, 10));
  EXPECT_GE(seconds, before.tv_sec);
  EXPECT_LE(seconds, before.tv_sec + 1);
  size_t micros_at = reply.find("\r\n$", 19) + 3;
  std::string micros = reply.substr(reply.find("\r\n", micros_at) + 2);
  EXPECT_LT(std::stoll(micros), 1000000);
  EXPECT_EQ(h.Run({"time", "x"}), "-ERR wrong number of arguments for 'time' command\r\n");
}

// Nothing is ever saved, so LASTSAVE is the start time in seconds (Redis: 1 s resolution).
TEST(ServerCommandsTest, LastSaveIsTheStartTime) {
  CommandHarness h;
  h.state().set_start_ms(1700000000999);
  EXPECT_EQ(h.Run({"lastsave"}), ":1700000000\r\n");
  EXPECT_EQ(h.Run({"LASTSAVE"}), ":1700000000\r\n");
  EXPECT_EQ(h.Run({"lastsave", "x"}), "-ERR wrong number of arguments for 'lastsave' command\r\n");
}

TEST(ServerCommandsTest, ShutdownRequestsWithoutReply) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"shutdown", "NOSAVE", "now", "force"}), "");
  EXPECT_TRUE(h.state().shutdown_requested());
}

TEST(ServerCommandsTest, PlainShutdownNeedsNoSave) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"shutdown"}), "");
  EXPECT_TRUE(h.state().shutdown_requested());
}

TEST(ServerCommandsTest, ShutdownSaveFailsWithoutRdbUnlessForced) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"shutdown", "save"}), "-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
  EXPECT_FALSE(h.state().shutdown_requested());
  EXPECT_EQ(h.Run({"shutdown", "save", "force"}), "");
  EXPECT_TRUE(h.state().shutdown_requested());
}

TEST(ServerCommandsTest, ShutdownErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"shutdown", "abort"}), "-ERR No shutdown in progress.\r\n");
  for (auto args : std::vector<std::vector<std::string>>{{"shutdown", "foo"},
                                                         {"shutdown", "abort", "now"},
                                                         {"shutdown", "ABORT", "force"},
                                                         {"shutdown", "save", "nosave"}}) {
    EXPECT_EQ(h.Run(args), "-ERR syntax error\r\n");
  }
  EXPECT_FALSE(h.state().shutdown_requested());
}

TEST(ServerCommandsTest, ShutdownIsRefusedInsideMulti) {
  CommandHarness h;
  h.client().in_multi = true;
  EXPECT_EQ(h.Run({"shutdown"}), "-ERR Command not allowed inside a transaction\r\n");
  EXPECT_FALSE(h.state().shutdown_requested());
}

}  // namespace
}  // namespace slotcache::server
