#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "server/command_table.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

// Redis 7.0's COMMAND INFO GET, except the key spec's flags: Redis says RO + access, slotcache
// records only read or write.
constexpr std::string_view kGetInfoResp2 =
    "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
    "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
    "*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n"
    "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:"
    "1\r\n"
    "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
    "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

constexpr std::string_view kGetInfoResp3 =
    "*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
    "~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n"
    "~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n"
    "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:"
    "1\r\n"
    "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
    "%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";

// An entry's bytes up to (not including) its key specs, for commands without keys.
std::string Head(std::string_view name, int arity, std::string_view flags,
                 std::string_view categories) {
  return fmt::format("*10\r\n${}\r\n{}\r\n:{}\r\n{}:0\r\n:0\r\n:0\r\n{}*0\r\n*0\r\n", name.size(),
                     name, arity, flags, categories);
}

TEST(CommandCommandsTest, InfoMatchesRedisEntry) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "info", "GET"}), "*1\r\n" + std::string(kGetInfoResp2));
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"command", "info", "get"}), "*1\r\n" + std::string(kGetInfoResp3));
}

TEST(CommandCommandsTest, InfoUnknownNamesAreNull) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "info", "foo", "get", "get|x", "config|foo"}),
            "*4\r\n$-1\r\n" + std::string(kGetInfoResp2) + "$-1\r\n$-1\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"command", "info", "foo"}), "*1\r\n_\r\n");
}

TEST(CommandCommandsTest, InfoOfSubcommandsAndContainers) {
  CommandHarness h;
  std::string config_get =
      Head("config|get", -3, "*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n",
           "*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n") +
      "*0\r\n";
  EXPECT_EQ(h.Run({"command", "info", "Config|GET"}), "*1\r\n" + config_get);
  std::string config = h.Run({"command", "info", "config"});
  EXPECT_TRUE(config.starts_with("*1\r\n" + Head("config", -2, "*0\r\n", "*1\r\n+@slow\r\n") +
                                 "*4\r\n" + config_get));
}

TEST(CommandCommandsTest, AclCategoriesFollowRedis) {
  CommandHarness h;
  auto categories = [&](std::string name) {
    std::string r = h.Run({"command", "info", name});
    size_t start = r.find("+@");
    return r.substr(start, r.find("*0\r\n", start) - start);
  };
  EXPECT_EQ(categories("del"), "+@keyspace\r\n+@write\r\n+@slow\r\n");
  EXPECT_EQ(categories("keys"), "+@keyspace\r\n+@read\r\n+@slow\r\n+@dangerous\r\n");
  EXPECT_EQ(categories("dbsize"), "+@keyspace\r\n+@read\r\n+@fast\r\n");
  EXPECT_EQ(categories("swapdb"), "+@keyspace\r\n+@write\r\n+@fast\r\n+@dangerous\r\n");
  EXPECT_EQ(categories("info"), "+@slow\r\n+@dangerous\r\n");
  EXPECT_EQ(categories("time"), "+@fast\r\n");
  EXPECT_EQ(categories("command|count"), "+@slow\r\n+@connection\r\n");
  EXPECT_EQ(categories("client|kill"), "+@admin\r\n+@slow\r\n+@dangerous\r\n+@connection\r\n");
  EXPECT_EQ(categories("exec"), "+@slow\r\n+@transaction\r\n");
  EXPECT_EQ(categories("shutdown"), "+@admin\r\n+@slow\r\n+@dangerous\r\n");
}

TEST(CommandCommandsTest, KeySpecsFollowLegacyPositions) {
  CommandHarness h;
  std::string mset = h.Run({"command", "info", "mset"});
  EXPECT_NE(mset.find("+RW\r\n"), std::string::npos);
  EXPECT_NE(mset.find("$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:2\r\n"), std::string::npos);
  // RENAME: one spec per fixed key position, like Redis.
  std::string rename = h.Run({"command", "info", "rename"});
  EXPECT_NE(rename.find("*0\r\n*2\r\n*6\r\n$5\r\nflags"), std::string::npos);
  EXPECT_NE(rename.find("$5\r\nindex\r\n:2\r\n"), std::string::npos);
}

TEST(CommandCommandsTest, CommandListsEveryTopLevelCommand) {
  CommandHarness h;
  std::string all = h.Run({"command"});
  EXPECT_TRUE(all.starts_with(fmt::format("*{}\r\n*10\r\n", AllCommands().size())));
  EXPECT_EQ(all, h.Run({"command", "info"}));
  EXPECT_NE(all.find(kGetInfoResp2), std::string::npos);
  EXPECT_EQ(h.Run({"command", "count"}), fmt::format(":{}\r\n", AllCommands().size()));
  EXPECT_EQ(h.Run({"command", "count", "x"}),
            "-ERR wrong number of arguments for 'command|count' command\r\n");
}

TEST(CommandCommandsTest, Docs) {
  CommandHarness h;
  constexpr std::string_view kGetDocs =
      "$3\r\nget\r\n*6\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n"
      "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n";
  EXPECT_EQ(h.Run({"command", "docs", "GET", "foo"}), "*2\r\n" + std::string(kGetDocs));
  EXPECT_EQ(h.Run({"command", "docs", "foo"}), "*0\r\n");
  std::string config = h.Run({"command", "docs", "config"});
  EXPECT_TRUE(config.starts_with("*2\r\n$6\r\nconfig\r\n*8\r\n$7\r\nsummary\r\n"));
  EXPECT_NE(config.find("$11\r\nsubcommands\r\n*8\r\n$10\r\nconfig|get\r\n*6\r\n"),
            std::string::npos);
  EXPECT_TRUE(
      h.Run({"command", "docs", "config|get"}).starts_with("*2\r\n$10\r\nconfig|get\r\n*6\r\n"));
  h.client().protocol = 3;
  EXPECT_TRUE(h.Run({"command", "docs", "get"}).starts_with("%1\r\n$3\r\nget\r\n%3\r\n"));
  EXPECT_TRUE(h.Run({"command", "docs"}).starts_with(fmt::format("%{}\r\n", AllCommands().size())));
}

TEST(CommandCommandsTest, ListAndFilters) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "list", "filterby", "pattern", "CONFIG*"}),
            "*5\r\n$6\r\nconfig\r\n$10\r\nconfig|get\r\n$10\r\nconfig|set\r\n"
            "$16\r\nconfig|resetstat\r\n$11\r\nconfig|help\r\n");
  EXPECT_EQ(h.Run({"command", "list", "FILTERBY", "ACLCAT", "TRANSACTION"}),
            "*5\r\n$5\r\nmulti\r\n$4\r\nexec\r\n$7\r\ndiscard\r\n$5\r\nwatch\r\n$7\r\nunwatch\r\n");
  EXPECT_EQ(h.Run({"command", "list", "filterby", "aclcat", "@string"}), "*0\r\n");
  EXPECT_EQ(h.Run({"command", "list", "filterby", "aclcat", "nosuch"}), "*0\r\n");
  EXPECT_EQ(h.Run({"command", "list", "filterby", "module", "foo"}), "*0\r\n");
  std::string all = h.Run({"command", "list"});
  EXPECT_NE(all.find("$11\r\nclient|list\r\n"), std::string::npos);
  for (auto args : std::vector<std::vector<std::string>>{{"command", "list", "foo"},
                                                         {"command", "list", "filterby"},
                                                         {"command", "list", "filterby", "x", "y"},
                                                         {"command", "list", "a", "b", "c", "d"}}) {
    EXPECT_EQ(h.Run(args), "-ERR syntax error\r\n");
  }
}

TEST(CommandCommandsTest, GetKeys) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "getkeys", "GET", "a"}), "*1\r\n$1\r\na\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "mset", "a", "1", "b", "2"}),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "rename", "a", "b"}), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "foo", "a"}), "-ERR Invalid command specified\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "config", "foo", "x"}),
            "-ERR Invalid command specified\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "get", "a", "b"}),
            "-ERR Invalid number of arguments specified for command\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "ping", "x"}),
            "-ERR The command has no key arguments\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "config", "get", "x"}),
            "-ERR The command has no key arguments\r\n");
  EXPECT_EQ(h.Run({"command", "getkeys", "get"}),
            "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
}

TEST(CommandCommandsTest, HelpAndUnknownSubcommand) {
  CommandHarness h;
  std::string help = h.Run({"command", "help"});
  EXPECT_TRUE(help.starts_with(
      "*19\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
  EXPECT_EQ(help.find("GETKEYSANDFLAGS"), std::string::npos);
  EXPECT_EQ(h.Run({"command", "foo"}), "-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n");
}

}  // namespace
}  // namespace slotcache::server
