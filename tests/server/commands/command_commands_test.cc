#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "server/core/command_table.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

// Redis 7.0.15's COMMAND INFO GET, byte for byte (captured from redis-server).
constexpr std::string_view kGetInfoResp2 =
    "*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
    "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
    "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
    "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:"
    "1\r\n"
    "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
    "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n";

constexpr std::string_view kGetInfoResp3 =
    "*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
    "~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n"
    "~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n"
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
    return r.substr(start, r.find("\r\n*", start) + 2 - start);  // up to the tips
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
  EXPECT_EQ(categories("lastsave"), "+@admin\r\n+@fast\r\n+@dangerous\r\n");
  EXPECT_EQ(categories("readonly"), "+@fast\r\n+@connection\r\n");
  EXPECT_EQ(categories("asking"), "+@fast\r\n+@connection\r\n");
}

// The tail of an entry after its categories: tips, key specs, subcommands.
std::string Tail(std::string_view entry) {
  size_t cats = entry.find("+@");
  return std::string(entry.substr(entry.find("\r\n*", cats) + 2));
}

// Key spec i of a RESP2 entry, begin_search index `index`, a range to `lastkey` every `step`.
std::string Spec(std::string_view flags, int index, int lastkey, int step) {
  return fmt::format(
      "*6\r\n$5\r\nflags\r\n{}$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
      "$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:{}\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n"
      "$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:{}\r\n$7\r\nkeystep\r\n:{}\r\n"
      "$5\r\nlimit\r\n:0\r\n",
      flags, index, lastkey, step);
}

// Expected bytes below are Redis 7.0.15's (captured from redis-server).
TEST(CommandCommandsTest, KeySpecsFollowRedis) {
  CommandHarness h;
  EXPECT_EQ(Tail(h.Run({"command", "info", "mset"})),
            "*2\r\n$26\r\nrequest_policy:multi_shard\r\n$29\r\nresponse_policy:all_succeeded\r\n"
            "*1\r\n" +
                Spec("*2\r\n+OW\r\n+update\r\n", 1, -1, 2) + "*0\r\n");
  // RENAME: one spec per fixed key position, each with its own flags.
  EXPECT_EQ(Tail(h.Run({"command", "info", "rename"})),
            "*0\r\n*2\r\n" + Spec("*3\r\n+RW\r\n+access\r\n+delete\r\n", 1, 0, 1) +
                Spec("*2\r\n+OW\r\n+update\r\n", 2, 0, 1) + "*0\r\n");
  // SET's spec carries Redis's note, first in the map.
  std::string set_spec = Spec("*4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n", 1, 0, 1);
  set_spec.replace(
      0, 4, "*8\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n");
  EXPECT_EQ(Tail(h.Run({"command", "info", "set"})), "*0\r\n*1\r\n" + set_spec + "*0\r\n");
  EXPECT_EQ(Tail(h.Run({"command", "info", "del"})),
            "*2\r\n$26\r\nrequest_policy:multi_shard\r\n$23\r\nresponse_policy:agg_sum\r\n"
            "*1\r\n" +
                Spec("*2\r\n+RM\r\n+delete\r\n", 1, -1, 1) + "*0\r\n");
}

TEST(CommandCommandsTest, TipsFollowRedis) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "info", "keys"}),
            "*1\r\n*10\r\n$4\r\nkeys\r\n:2\r\n*1\r\n+readonly\r\n:0\r\n:0\r\n:0\r\n*4\r\n"
            "+@keyspace\r\n+@read\r\n+@slow\r\n+@dangerous\r\n*2\r\n$25\r\n"
            "request_policy:all_shards\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"command", "info", "lastsave"}),
            "*1\r\n*10\r\n$8\r\nlastsave\r\n:1\r\n~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n"
            ":0\r\n~3\r\n+@admin\r\n+@fast\r\n+@dangerous\r\n~1\r\n$23\r\n"
            "nondeterministic_output\r\n~0\r\n~0\r\n");
}

// Every keyed row names the flags of each of its key specs (one for a range to the end, one
// per fixed position); keyless rows name none.
TEST(CommandCommandsTest, EveryRowHasOneFlagSetPerKeySpec) {
  auto check = [](const CommandSpec& spec) {
    const KeySpec& k = spec.keys;
    size_t specs = 0;
    if (k.first > 0) {
      specs = k.last < 0 ? 1 : static_cast<size_t>((k.last - k.first) / k.step + 1);
    }
    size_t named = k.flags.empty() ? 0 : 1 + std::count(k.flags.begin(), k.flags.end(), '|');
    EXPECT_EQ(named, specs) << spec.name;
    EXPECT_EQ(k.flags.find("  "), std::string_view::npos) << spec.name;
  };
  for (const CommandSpec& spec : AllCommands()) {
    check(spec);
    for (const CommandSpec& sub : spec.subcommands)
      check(sub);
  }
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

// Redis 7.0.15's COMMAND DOCS replies, byte for byte (captured from redis-server).
constexpr std::string_view kGetDocsResp2 =
    "*2\r\n$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n"
    "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\n"
    "arguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\n"
    "key_spec_index\r\n:0\r\n";

constexpr std::string_view kGetDocsResp3 =
    "%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n"
    "$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\n"
    "arguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\n"
    "key_spec_index\r\n:0\r\n";

constexpr std::string_view kGetSetDocsResp2 =
    "*2\r\n$6\r\ngetset\r\n*16\r\n$7\r\nsummary\r\n$54\r\n"
    "Set the string value of a key and return its old value\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
    "$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\ndoc_flags\r\n*1\r\n"
    "+deprecated\r\n$16\r\ndeprecated_since\r\n$5\r\n6.2.0\r\n$11\r\nreplaced_by\r\n$30\r\n"
    "`SET` with the `!GET` argument\r\n$9\r\narguments\r\n*2\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n"
    "$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n*4\r\n$4\r\nname\r\n$5\r\n"
    "value\r\n$4\r\ntype\r\n$6\r\nstring\r\n";

constexpr std::string_view kExistsDocsResp3 =
    "%1\r\n$6\r\nexists\r\n%6\r\n$7\r\nsummary\r\n$25\r\nDetermine if a key exists\r\n$5\r\n"
    "since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$7\r\ngeneric\r\n$10\r\ncomplexity\r\n$44\r\n"
    "O(N) where N is the number of keys to check.\r\n$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n3.0.3\r\n"
    "$33\r\nAccepts multiple `key` arguments.\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n"
    "$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n$5\r\nflags\r\n~1\r\n"
    "+multiple\r\n";

constexpr std::string_view kConfigGetDocsResp2 =
    "*2\r\n$10\r\nconfig|get\r\n*12\r\n$7\r\nsummary\r\n$42\r\n"
    "Get the values of configuration parameters\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n"
    "$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\n"
    "O(N) when N is the number of configuration parameters provided\r\n$7\r\nhistory\r\n*1\r\n"
    "*2\r\n$5\r\n7.0.0\r\n$65\r\n"
    "Added the ability to pass multiple pattern parameters in one call\r\n$9\r\narguments\r\n"
    "*1\r\n*8\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\nflags\r\n"
    "*1\r\n+multiple\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$9\r\nparameter\r\n$4\r\n"
    "type\r\n$6\r\nstring\r\n";

constexpr std::string_view kHelloDocsResp3 =
    "%1\r\n$5\r\nhello\r\n%6\r\n$7\r\nsummary\r\n$20\r\nHandshake with Redis\r\n$5\r\nsince\r\n"
    "$5\r\n6.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$7\r\n"
    "history\r\n~1\r\n*2\r\n$5\r\n6.2.0\r\n$109\r\n"
    "`protover` made optional; when called without arguments the command reports the current "
    "connection's context.\r\n"
    "$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$9\r\narguments\r\n$4\r\ntype\r\n$5\r\n"
    "block\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*3\r\n%2\r\n$4\r\nname\r\n"
    "$8\r\nprotover\r\n$4\r\ntype\r\n$7\r\ninteger\r\n%5\r\n$4\r\nname\r\n$17\r\n"
    "username_password\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$4\r\nAUTH\r\n$5\r\n"
    "flags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname\r\n$8\r\nusername\r\n"
    "$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$8\r\npassword\r\n$4\r\ntype\r\n$6\r\n"
    "string\r\n%4\r\n$4\r\nname\r\n$10\r\nclientname\r\n$4\r\ntype\r\n$6\r\nstring\r\n$5\r\n"
    "token\r\n$7\r\nSETNAME\r\n$5\r\nflags\r\n~1\r\n+optional\r\n";

constexpr std::string_view kSetDocsResp3 =
    "%1\r\n$3\r\nset\r\n%6\r\n$7\r\nsummary\r\n$29\r\nSet the string value of a key\r\n$5\r\n"
    "since\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
    "$7\r\nhistory\r\n~4\r\n*2\r\n$6\r\n2.6.12\r\n$44\r\n"
    "Added the `EX`, `PX`, `NX` and `XX` options.\r\n*2\r\n$5\r\n6.0.0\r\n$27\r\n"
    "Added the `KEEPTTL` option.\r\n*2\r\n$5\r\n6.2.0\r\n$42\r\n"
    "Added the `GET`, `EXAT` and `PXAT` option.\r\n*2\r\n$5\r\n7.0.0\r\n$55\r\n"
    "Allowed the `NX` and `GET` options to be used together.\r\n$9\r\narguments\r\n*5\r\n%3\r\n"
    "$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n"
    "$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\nstring\r\n%5\r\n$4\r\nname\r\n$9\r\n"
    "condition\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n$5\r\nflags\r\n"
    "~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n"
    "$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nNX\r\n%3\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\n"
    "type\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nXX\r\n%5\r\n$4\r\nname\r\n$3\r\nget\r\n"
    "$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nGET\r\n$5\r\nsince\r\n$5\r\n"
    "6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$10\r\nexpiration\r\n$4\r\n"
    "type\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*5\r\n%4\r\n"
    "$4\r\nname\r\n$7\r\nseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nEX\r\n"
    "$5\r\nsince\r\n$6\r\n2.6.12\r\n%4\r\n$4\r\nname\r\n$12\r\nmilliseconds\r\n$4\r\ntype\r\n"
    "$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nPX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n%4\r\n$4\r\n"
    "name\r\n$17\r\nunix-time-seconds\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\n"
    "EXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n%4\r\n$4\r\nname\r\n$22\r\nunix-time-milliseconds\r\n"
    "$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\nPXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n"
    "%4\r\n$4\r\nname\r\n$7\r\nkeepttl\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n"
    "$7\r\nKEEPTTL\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n";

constexpr std::string_view kClientListDocsResp2 =
    "*2\r\n$11\r\nclient|list\r\n*12\r\n$7\r\nsummary\r\n$34\r\n"
    "Get the list of client connections\r\n$5\r\nsince\r\n$5\r\n2.4.0\r\n$5\r\ngroup\r\n$10\r\n"
    "connection\r\n$10\r\ncomplexity\r\n$48\r\n"
    "O(N) where N is the number of client connections\r\n$7\r\nhistory\r\n*6\r\n*2\r\n$6\r\n"
    "2.8.12\r\n$31\r\nAdded unique client `id` field.\r\n*2\r\n$5\r\n5.0.0\r\n$29\r\n"
    "Added optional `TYPE` filter.\r\n*2\r\n$5\r\n6.0.0\r\n$19\r\nAdded `user` field.\r\n*2\r\n"
    "$5\r\n6.2.0\r\n$85\r\n"
    "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.\r\n"
    "*2\r\n$5\r\n7.0.0\r\n$50\r\nAdded `resp`, `multi-mem`, `rbs` and `rbp` fields.\r\n*2\r\n"
    "$5\r\n7.0.3\r\n$19\r\nAdded `ssub` field.\r\n$9\r\narguments\r\n*2\r\n*12\r\n$4\r\nname\r\n"
    "$28\r\nnormal_master_replica_pubsub\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\ntoken\r\n$4\r\n"
    "TYPE\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n"
    "*4\r\n*6\r\n$4\r\nname\r\n$6\r\nnormal\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n"
    "$6\r\nNORMAL\r\n*6\r\n$4\r\nname\r\n$6\r\nmaster\r\n$4\r\ntype\r\n$10\r\npure-token\r\n"
    "$5\r\ntoken\r\n$6\r\nMASTER\r\n*6\r\n$4\r\nname\r\n$7\r\nreplica\r\n$4\r\ntype\r\n$10\r\n"
    "pure-token\r\n$5\r\ntoken\r\n$7\r\nREPLICA\r\n*6\r\n$4\r\nname\r\n$6\r\npubsub\r\n$4\r\n"
    "type\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$6\r\nPUBSUB\r\n*12\r\n$4\r\nname\r\n$2\r\n"
    "id\r\n$4\r\ntype\r\n$5\r\nblock\r\n$5\r\ntoken\r\n$2\r\nID\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n"
    "$5\r\nflags\r\n*1\r\n+optional\r\n$9\r\narguments\r\n*1\r\n*6\r\n$4\r\nname\r\n$9\r\n"
    "client-id\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nflags\r\n*1\r\n+multiple\r\n";

// Everything after the "*<n>\r\n" / "%<n>\r\n" header of a one-command reply.
std::string Body(std::string_view reply) {
  return std::string(reply.substr(reply.find("\r\n") + 2));
}

TEST(CommandCommandsTest, DocsMatchRedis) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "docs", "GET"}), kGetDocsResp2);
  EXPECT_EQ(h.Run({"command", "docs", "getset"}), kGetSetDocsResp2);
  EXPECT_EQ(h.Run({"command", "docs", "config|get"}), kConfigGetDocsResp2);
  EXPECT_EQ(h.Run({"command", "docs", "client|list"}), kClientListDocsResp2);
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"command", "docs", "get"}), kGetDocsResp3);
  EXPECT_EQ(h.Run({"command", "docs", "exists"}), kExistsDocsResp3);
  EXPECT_EQ(h.Run({"command", "docs", "hello"}), kHelloDocsResp3);
  EXPECT_EQ(h.Run({"command", "docs", "set"}), kSetDocsResp3);
}

TEST(CommandCommandsTest, DocsOfSeveralAndUnknownNames) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"command", "docs", "foo", "GET", "get|x", "getset"}),
            "*4\r\n" + Body(kGetDocsResp2) + Body(kGetSetDocsResp2));
  EXPECT_EQ(h.Run({"command", "docs", "foo"}), "*0\r\n");
  h.client().protocol = 3;
  EXPECT_EQ(h.Run({"command", "docs", "foo"}), "%0\r\n");
  EXPECT_TRUE(h.Run({"command", "docs"}).starts_with(fmt::format("%{}\r\n", AllCommands().size())));
}

TEST(CommandCommandsTest, DocsOfContainers) {
  CommandHarness h;
  // Redis lists subcommands in its hash table's order; slotcache in table order.
  std::string config = h.Run({"command", "docs", "config"});
  EXPECT_TRUE(config.starts_with(
      "*2\r\n$6\r\nconfig\r\n*10\r\n$7\r\nsummary\r\n$45\r\n"
      "A container for server configuration commands\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n"
      "$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$22\r\nDepends on subcommand.\r\n"
      "$11\r\nsubcommands\r\n*8\r\n"));
  EXPECT_NE(config.find(Body(kConfigGetDocsResp2)), std::string::npos);
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
