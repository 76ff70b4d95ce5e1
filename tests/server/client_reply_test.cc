// CLIENT REPLY ON|OFF|SKIP: what a client hears back, including inside MULTI/EXEC.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr char kSyntax[] = "-ERR syntax error\r\n";

TEST(ClientReplyTest, OffSkipOn) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "reply", "off"}), "");
  EXPECT_EQ(h.Run({"foo"}), "");  // gate errors are silenced too
  EXPECT_EQ(h.Run({"get"}), "");
  EXPECT_EQ(h.Run({"ping"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "on"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "");
  EXPECT_EQ(h.Run({"foo"}), "");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "on"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"client", "reply", "off"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "");  // no effect while OFF
  EXPECT_EQ(h.Run({"ping"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "on"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "reply", "foo"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "reply"}),
            "-ERR wrong number of arguments for 'client|reply' command\r\n");
}

TEST(ClientReplyTest, SkipTwiceSkipsTheCommandAfterTheSecond) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "");
  EXPECT_EQ(h.Run({"ping"}), "");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(ClientReplyTest, SkipInsideExecSkipsTheNextRequest) {
  CommandHarness h;
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"client", "reply", "skip"}), "+QUEUED\r\n");
  h.Run({"ping"});
  // Like Redis: SKIP's own (empty) reply leaves the array one element short.
  EXPECT_EQ(h.Run({"exec"}), "*2\r\n+PONG\r\n");
  EXPECT_EQ(h.Run({"ping"}), "");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(ClientReplyTest, SkippedMultiStillOpensTheTransaction) {
  CommandHarness h;
  h.Run({"client", "reply", "skip"});
  EXPECT_EQ(h.Run({"multi"}), "");
  EXPECT_EQ(h.Run({"ping"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"exec"}), "*1\r\n+PONG\r\n");
}

TEST(ClientReplyTest, OffSilencesQueuedAndExec) {
  CommandHarness h;
  h.Run({"client", "reply", "off"});
  EXPECT_EQ(h.Run({"multi"}), "");
  EXPECT_EQ(h.Run({"ping"}), "");
  EXPECT_EQ(h.Run({"exec"}), "");
  EXPECT_EQ(h.Run({"client", "reply", "on"}), "+OK\r\n");
}

}  // namespace
}  // namespace slotcache::server
