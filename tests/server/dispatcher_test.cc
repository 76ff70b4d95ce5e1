#include "server/dispatcher.h"

#include <gtest/gtest.h>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

TEST(DispatcherTest, UnknownCommandEchoesItsArguments) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"foo", "a", "b"}),
            "-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
}

TEST(DispatcherTest, UnknownCommandEchoIsCappedAt128Bytes) {
  CommandHarness h;
  std::string reply = h.Run({"foo", std::string(200, 'x'), "y"});
  EXPECT_EQ(reply, "-ERR unknown command 'foo', with args beginning with: '" +
                       std::string(128, 'x') + "' \r\n");
}

TEST(DispatcherTest, ArityErrorsNameTheCommand) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(h.Run({"config", "get"}),
            "-ERR wrong number of arguments for 'config|get' command\r\n");
}

TEST(DispatcherTest, UnknownSubcommand) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "foo"}), "-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n");
}

TEST(DispatcherTest, AuthGateComesAfterArity) {
  Config config;
  config.requirepass = "secret";
  CommandHarness h(config);
  EXPECT_EQ(h.Run({"get"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(h.Run({"get", "k"}), "-NOAUTH Authentication required.\r\n");
}

}  // namespace
}  // namespace slotcache::server

namespace slotcache::server {
namespace {

TEST(DispatcherTest, EveryErrorReplyIsCounted) {
  CommandHarness h;
  h.Run({"get"});  // rejected by a gate
  h.Run({"set", "k", "notanumber"});
  h.Run({"incr", "k"});  // refused by the handler
  h.Run({"get", "k"});
  EXPECT_EQ(h.state().stats().total_error_replies, 2u);
}

}  // namespace
}  // namespace slotcache::server
