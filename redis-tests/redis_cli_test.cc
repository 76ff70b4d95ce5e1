// redis-cli against the server: one-shot commands, --pipe mass insertion, RESP3 mode, and inline
// commands as typed into a raw socket.
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class RedisCliTest : public BlackboxTest {};

TEST_F(RedisCliTest, Ping) {
  ProcessResult r = Cli({"ping"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "PONG\n");
}

TEST_F(RedisCliTest, SetGet) {
  ProcessResult set = Cli({"set", "greeting", "hello world"});
  EXPECT_EQ(set.exit_code, 0);
  EXPECT_EQ(set.output, "OK\n");
  EXPECT_EQ(Cli({"get", "greeting"}).output, "hello world\n");
  EXPECT_EQ(Cli({"get", "missing"}).output, "\n");
  EXPECT_EQ(Cli({"--no-raw", "get", "missing"}).output, "(nil)\n");
  EXPECT_EQ(Cli({"--no-raw", "get", "greeting"}).output, "\"hello world\"\n");
  EXPECT_EQ(Cli({"--no-raw", "incr", "n"}).output, "(integer) 1\n");
  EXPECT_EQ(Cli({"--no-raw", "get"}).output,
            "(error) ERR wrong number of arguments for 'get' command\n");
}

TEST_F(RedisCliTest, PipeMassInsertionOfOneHundredThousandKeys) {
  std::string input;
  input.reserve(100000 * 48);
  for (int i = 0; i < 100000; ++i) {
    std::string key = "key:" + std::to_string(i);
    std::string value = "value:" + std::to_string(i);
    input += "*3\r\n$3\r\nSET\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n$" +
             std::to_string(value.size()) + "\r\n" + value + "\r\n";
  }
  ProcessResult r = Cli({"--pipe"}, input, 120000);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("errors: 0, replies: 100000"), std::string::npos) << r.output;
  EXPECT_EQ(Cli({"dbsize"}).output, "100000\n");
  EXPECT_EQ(Cli({"get", "key:99999"}).output, "value:99999\n");
}

TEST_F(RedisCliTest, Resp3Mode) {
  // With -3, redis-cli sends HELLO 3 first and prints maps as "key value" lines.
  ProcessResult hello = Cli({"-3", "hello", "3"});
  EXPECT_EQ(hello.exit_code, 0);
  EXPECT_NE(hello.output.find("proto 3\n"), std::string::npos) << hello.output;
  EXPECT_EQ(Cli({"-3", "set", "k", "v"}).output, "OK\n");
  EXPECT_EQ(Cli({"-3", "get", "k"}).output, "v\n");
  EXPECT_EQ(Cli({"-3", "--no-raw", "get", "missing"}).output, "(nil)\n");
  EXPECT_EQ(Cli({"-3", "config", "get", "maxclients"}).output, "maxclients 10000\n");
  EXPECT_EQ(Cli({"config", "get", "maxclients"}).output, "maxclients\n10000\n");
}

TEST_F(RedisCliTest, InlineCommandsOverARawSocket) {
  RawClient client;
  ASSERT_TRUE(client.Connect(port()));
  ASSERT_TRUE(client.Send("PING\r\n"));
  EXPECT_EQ(client.ReadLine(), "+PONG\r\n");
  ASSERT_TRUE(client.Send("SET inline \"a b\"\r\nGET inline\nPING\r\n"));
  EXPECT_EQ(client.ReadLine(), "+OK\r\n");
  EXPECT_EQ(client.ReadLine(), "$3\r\n");
  EXPECT_EQ(client.ReadLine(), "a b\r\n");
  EXPECT_EQ(client.ReadLine(), "+PONG\r\n");
  // Blank lines are skipped; the connection stays usable.
  ASSERT_TRUE(client.Send("\r\n\r\nPING\r\n"));
  EXPECT_EQ(client.ReadLine(), "+PONG\r\n");
}

}  // namespace
}  // namespace slotcache::blackbox
