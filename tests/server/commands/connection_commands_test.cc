// PING, ECHO, QUIT, RESET, HELLO, AUTH. Expected bytes are what redis-server 7.0.15 sends.
#include <gtest/gtest.h>

#include <string>

#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr char kNoAuth[] = "-NOAUTH Authentication required.\r\n";
constexpr char kWrongPass[] = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

std::string HelloMap(int proto, uint64_t id) {
  std::string fields =
      "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
      "$5\r\nproto\r\n:" +
      std::to_string(proto) + "\r\n$2\r\nid\r\n:" + std::to_string(id) +
      "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
      "$7\r\nmodules\r\n*0\r\n";
  return (proto == 3 ? "%7\r\n" : "*14\r\n") + fields;
}

Config WithPassword() {
  Config config;
  config.requirepass = "sekret";
  return config;
}

TEST(PingTest, Forms) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"PING", "hi"}), "$2\r\nhi\r\n");
  EXPECT_EQ(h.Run({"ping", ""}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"ping", "a", "b"}), "-ERR wrong number of arguments for 'ping' command\r\n");
}

TEST(PingTest, SameBytesInResp3) {
  CommandHarness h;
  h.Run({"hello", "3"});
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"ping", "hi"}), "$2\r\nhi\r\n");
}

// Redis: a client connected while there was no password keeps its implicit authentication
// when requirepass is set later; clients connecting afterwards must AUTH.
TEST(AuthTest, RequirepassSetLaterKeepsEarlierClientsAuthenticated) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"config", "set", "requirepass", "pw"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"get", "k"}), "$-1\r\n");
  ClientSession* later = h.NewClient();
  EXPECT_EQ(h.Run({"get", "k"}, later), "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(h.Run({"config", "set", "requirepass", ""}), "+OK\r\n");
  EXPECT_EQ(h.Run({"get", "k"}, later), "$-1\r\n");
}

TEST(EchoTest, RepliesItsArgument) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"echo", "hello world"}), "$11\r\nhello world\r\n");
  EXPECT_EQ(h.Run({"echo"}), "-ERR wrong number of arguments for 'echo' command\r\n");
  EXPECT_EQ(h.Run({"echo", "a", "b"}), "-ERR wrong number of arguments for 'echo' command\r\n");
}

TEST(QuitTest, RepliesOkThenCloses) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"quit"}), "+OK\r\n");
  EXPECT_TRUE(h.client().close_after_reply);
  CommandHarness h2;
  EXPECT_EQ(h2.Run({"quit", "extra", "args"}), "+OK\r\n");
  EXPECT_TRUE(h2.client().close_after_reply);
}

TEST(QuitTest, RunsAtOnceInsideMulti) {
  CommandHarness h;
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"quit"}), "+OK\r\n");
  EXPECT_TRUE(h.client().close_after_reply);
}

TEST(HelloTest, DefaultsToCurrentProtocol) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hello"}), HelloMap(2, 1));
  EXPECT_EQ(h.Run({"hello", "3"}), HelloMap(3, 1));
  EXPECT_EQ(h.client().protocol, 3);
  EXPECT_EQ(h.Run({"hello"}), HelloMap(3, 1));
  EXPECT_EQ(h.Run({"hello", "2"}), HelloMap(2, 1));
  EXPECT_EQ(h.client().protocol, 2);
}

TEST(HelloTest, ReportsTheClientId) {
  CommandHarness h;
  ClientSession* other = h.NewClient();
  EXPECT_EQ(h.Run({"hello", "3"}, other), HelloMap(3, 2));
}

TEST(HelloTest, ProtocolVersionErrors) {
  CommandHarness h;
  for (const char* version : {"1", "4", "0", "-1"}) {
    EXPECT_EQ(h.Run({"hello", version}), "-NOPROTO unsupported protocol version\r\n") << version;
  }
  for (const char* version : {"x", "3.0", " 3", "99999999999999999999"}) {
    EXPECT_EQ(h.Run({"hello", version}),
              "-ERR Protocol version is not an integer or out of range\r\n")
        << version;
  }
  EXPECT_EQ(h.client().protocol, 2);
}

TEST(HelloTest, OptionSyntaxErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hello", "3", "auth", "default"}),
            "-ERR Syntax error in HELLO option 'auth'\r\n");
  EXPECT_EQ(h.Run({"hello", "3", "foo"}), "-ERR Syntax error in HELLO option 'foo'\r\n");
  EXPECT_EQ(h.Run({"hello", "3", "SetName"}), "-ERR Syntax error in HELLO option 'SetName'\r\n");
  EXPECT_EQ(h.client().protocol, 2);
}

TEST(HelloTest, SetName) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hello", "2", "setname", "foo", "SETNAME", "bar"}), HelloMap(2, 1));
  EXPECT_EQ(h.client().name, "bar");
  EXPECT_EQ(h.Run({"hello", "2", "setname", ""}), HelloMap(2, 1));
  EXPECT_EQ(h.client().name, "");
  EXPECT_EQ(h.Run({"hello", "3", "setname", "a b"}),
            "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
  EXPECT_EQ(h.client().protocol, 2);
}

TEST(HelloTest, AuthWithoutRequirepassAcceptsAnyPasswordForDefault) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"hello", "2", "auth", "default", "x"}), HelloMap(2, 1));
  EXPECT_EQ(h.Run({"hello", "2", "auth", "bob", "x"}), kWrongPass);
}

TEST(HelloTest, UnauthenticatedNeedsAuthOption) {
  CommandHarness h(WithPassword());
  const std::string no_auth =
      "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
      "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
      "protocol version at the same time\r\n";
  EXPECT_EQ(h.Run({"hello"}), no_auth);
  EXPECT_EQ(h.Run({"hello", "3"}), no_auth);
  EXPECT_EQ(h.Run({"hello", "3", "setname", "foo"}), no_auth);
  EXPECT_EQ(h.client().name, "");
  EXPECT_EQ(h.Run({"hello", "3", "auth", "default", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"hello", "3", "auth", "bob", "sekret"}), kWrongPass);
  EXPECT_EQ(h.client().protocol, 2);
  EXPECT_EQ(h.Run({"hello", "3", "auth", "default", "sekret", "setname", "me"}), HelloMap(3, 1));
  EXPECT_EQ(h.client().name, "me");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(HelloTest, AuthSucceedsEvenIfTheNameIsRejected) {
  CommandHarness h(WithPassword());
  EXPECT_EQ(h.Run({"hello", "3", "auth", "default", "sekret", "setname", "a b"}),
            "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
  EXPECT_EQ(h.client().protocol, 2);
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(AuthTest, WithoutRequirepass) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"auth", "x"}),
            "-ERR AUTH <password> called without any password configured for the default user. "
            "Are you sure your configuration is correct?\r\n");
  EXPECT_EQ(h.Run({"auth", "default", "x"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"auth", "bob", "x"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "a", "b", "c"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"auth"}), "-ERR wrong number of arguments for 'auth' command\r\n");
}

TEST(AuthTest, WithRequirepass) {
  CommandHarness h(WithPassword());
  EXPECT_EQ(h.Run({"ping"}), kNoAuth);
  EXPECT_EQ(h.Run({"auth", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "sekre"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "sekret2"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", ""}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "bob", "sekret"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "Default", "sekret"}), kWrongPass);
  EXPECT_EQ(h.Run({"auth", "a", "b", "c"}), "-ERR syntax error\r\n");
  EXPECT_EQ(h.Run({"ping"}), kNoAuth);
  EXPECT_EQ(h.Run({"auth", "sekret"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  // A failed AUTH does not log an authenticated client out.
  EXPECT_EQ(h.Run({"auth", "wrong"}), kWrongPass);
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(AuthTest, TwoArgumentForm) {
  CommandHarness h(WithPassword());
  EXPECT_EQ(h.Run({"auth", "default", "sekret"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(AuthTest, QueuedInsideMulti) {
  CommandHarness h(WithPassword());
  h.Run({"auth", "sekret"});
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"auth", "wrong"}), "+QUEUED\r\n");
  EXPECT_EQ(h.Run({"exec"}), std::string("*1\r\n") + kWrongPass);
}

TEST(ResetTest, RestoresConnectionDefaults) {
  CommandHarness h;
  h.Run({"hello", "3", "setname", "me"});
  ClientSession& c = h.client();
  c.db = 3;
  h.Run({"client", "no-evict", "on"});
  h.Run({"client", "no-touch", "on"});
  h.Run({"client", "setinfo", "lib-name", "redis-py"});
  h.Run({"watch", "k"});
  h.Run({"multi"});
  h.Run({"ping"});
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");
  EXPECT_EQ(c.protocol, 2);
  EXPECT_EQ(c.db, 0);
  EXPECT_EQ(c.name, "");
  EXPECT_FALSE(c.in_multi);
  EXPECT_TRUE(c.queued.empty());
  EXPECT_TRUE(c.watched.empty());
  EXPECT_FALSE(c.no_evict);
  EXPECT_FALSE(c.no_touch);
  EXPECT_EQ(c.lib_name, "redis-py");  // library info belongs to the connection
  EXPECT_TRUE(h.state().watches().empty());
  EXPECT_EQ(h.Run({"exec"}), "-ERR EXEC without MULTI\r\n");
}

TEST(ResetTest, RepliesInResp2) {
  CommandHarness h;
  h.Run({"hello", "3"});
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");
  EXPECT_EQ(h.Run({"client", "getname"}), "$-1\r\n");
}

TEST(ResetTest, LogsOutWhenRequirepassIsSet) {
  CommandHarness h(WithPassword());
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");  // allowed before AUTH
  h.Run({"auth", "sekret"});
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");
  EXPECT_EQ(h.Run({"ping"}), kNoAuth);
}

TEST(ResetTest, TurnsRepliesBackOn) {
  CommandHarness h;
  h.Run({"client", "reply", "off"});
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
  // A RESET that is itself the skipped command stays silent.
  h.Run({"client", "reply", "skip"});
  EXPECT_EQ(h.Run({"reset"}), "");
  EXPECT_EQ(h.Run({"ping"}), "+PONG\r\n");
}

TEST(ResetTest, ArityAndInsideMulti) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"reset", "x"}), "-ERR wrong number of arguments for 'reset' command\r\n");
  h.Run({"multi"});
  EXPECT_EQ(h.Run({"reset"}), "+RESET\r\n");
  EXPECT_FALSE(h.client().in_multi);
}

}  // namespace
}  // namespace slotcache::server
