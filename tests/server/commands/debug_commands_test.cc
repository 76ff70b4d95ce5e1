#include <gtest/gtest.h>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

Config DebugEnabled(std::string mode = "yes") {
  Config config;
  config.enable_debug_command = mode;
  return config;
}

const std::string kZeros = "+" + std::string(40, '0') + "\r\n";

TEST(DebugCommandTest, RefusedByDefaultLikeRedis7) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"debug", "digest"}),
            "-ERR DEBUG command not allowed. If the enable-debug-command option is set to "
            "\"local\", you can run it from a local connection, otherwise you need to set this "
            "option in the configuration file, and then restart the server.\r\n");
}

TEST(DebugCommandTest, LocalAllowsLoopbackClientsOnly) {
  CommandHarness h(DebugEnabled("local"));
  EXPECT_EQ(h.Run({"debug", "digest"}), kZeros);
  h.client().addr = "10.0.0.7:5000";
  EXPECT_EQ(h.Run({"debug", "digest"}).substr(0, 28), "-ERR DEBUG command not allow");
}

TEST(DebugCommandTest, DigestDependsOnContentNotOnHistory) {
  CommandHarness a(DebugEnabled());
  CommandHarness b(DebugEnabled());
  EXPECT_EQ(a.Run({"debug", "digest"}), kZeros);
  a.Run({"set", "x", "1"});
  a.Run({"set", "y", "2", "pxat", "1900000000000"});
  b.Run({"set", "y", "0"});
  b.Run({"set", "x", "1"});
  b.Run({"set", "y", "2"});
  EXPECT_NE(a.Run({"debug", "digest"}), b.Run({"debug", "digest"}));  // TTL differs
  b.Run({"pexpireat", "y", "1900000000000"});
  EXPECT_EQ(a.Run({"debug", "digest"}), b.Run({"debug", "digest"}));
  b.Run({"select", "1"});
  b.Run({"move", "x", "0"});
  b.Run({"select", "0"});
  b.Run({"move", "x", "1"});  // same key, other database: a different data set
  EXPECT_NE(a.Run({"debug", "digest"}), b.Run({"debug", "digest"}));
  a.Run({"flushall"});
  EXPECT_EQ(a.Run({"debug", "digest"}), kZeros);
}

TEST(DebugCommandTest, DigestValuePerKeyAndErrors) {
  CommandHarness h(DebugEnabled());
  h.Run({"set", "x", "1"});
  std::string reply = h.Run({"debug", "digest-value", "x", "missing"});
  EXPECT_EQ(reply.substr(0, 5), "*2\r\n+");
  EXPECT_NE(reply.substr(5, 40), std::string(40, '0'));
  EXPECT_EQ(reply.substr(47), kZeros);
  EXPECT_EQ(h.Run({"debug", "digest-value"}), "*0\r\n");
  EXPECT_EQ(h.Run({"debug", "digest", "x"}),
            "-ERR unknown subcommand or wrong number of arguments for 'digest'. Try DEBUG "
            "HELP.\r\n");
  EXPECT_EQ(h.Run({"debug", "sleep", "abc"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"debug"}), "-ERR wrong number of arguments for 'debug' command\r\n");
  EXPECT_EQ(h.Run({"debug", "help"}).substr(0, 25), "*11\r\n+DEBUG <subcommand> ");
  EXPECT_EQ(h.Run({"debug", "aof-fault", "maybe"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"debug", "aof-fault", "off"}), "+OK\r\n");  // no AOF in-process: nothing to do
}

TEST(DebugCommandTest, EnableDebugCommandIsProtected) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "get", "enable-debug-command"}),
            "*2\r\n$20\r\nenable-debug-command\r\n$2\r\nno\r\n");
  EXPECT_EQ(h.Run({"config", "set", "enable-debug-command", "yes"}).substr(0, 20),
            "-ERR CONFIG SET fail");
}

}  // namespace
}  // namespace slotcache::server
