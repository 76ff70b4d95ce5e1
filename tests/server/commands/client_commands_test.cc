// CLIENT subcommands. Expected bytes are what redis-server 7.0.15 sends (SETINFO and NO-TOUCH:
// Redis 7.2), except the per-connection numbers (ids, addresses, memory) of CLIENT LIST.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "server/commands/client_list.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr char kSyntax[] = "-ERR syntax error\r\n";

// Splits a bulk CLIENT LIST/INFO reply into lines, each into its key=value fields.
using Fields = std::vector<std::pair<std::string, std::string>>;
std::vector<Fields> ParseList(const std::string& reply) {
  size_t body = reply.find("\r\n") + 2;
  std::string text = reply.substr(body, reply.size() - body - 2);
  if (text.rfind("txt:", 0) == 0) text = text.substr(4);
  std::vector<Fields> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    EXPECT_NE(end, std::string::npos) << "every line ends with \\n";
    if (end == std::string::npos) break;
    Fields fields;
    std::string line = text.substr(start, end - start);
    size_t pos = 0;
    while (pos <= line.size()) {
      size_t space = line.find(' ', pos);
      if (space == std::string::npos) space = line.size();
      std::string field = line.substr(pos, space - pos);
      size_t eq = field.find('=');
      fields.emplace_back(field.substr(0, eq), field.substr(eq + 1));
      pos = space + 1;
    }
    lines.push_back(fields);
    start = end + 1;
  }
  return lines;
}

std::string Field(const Fields& fields, const std::string& key) {
  for (const auto& [k, v] : fields) {
    if (k == key) return v;
  }
  return "<missing>";
}

TEST(ClientIdTest, ReturnsTheConnectionId) {
  CommandHarness h;
  ClientSession* other = h.NewClient();
  EXPECT_EQ(h.Run({"client", "id"}), ":1\r\n");
  EXPECT_EQ(h.Run({"CLIENT", "ID"}, other), ":2\r\n");
  EXPECT_EQ(h.Run({"client", "id", "x"}),
            "-ERR wrong number of arguments for 'client|id' command\r\n");
}

TEST(ClientNameTest, SetAndGet) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "getname"}), "$-1\r\n");
  EXPECT_EQ(h.Run({"client", "setname", "my-conn_1!~"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "getname"}), "$11\r\nmy-conn_1!~\r\n");
  EXPECT_EQ(h.Run({"client", "setname", ""}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "getname"}), "$-1\r\n");
  h.Run({"hello", "3"});
  EXPECT_EQ(h.Run({"client", "getname"}), "_\r\n");
}

TEST(ClientNameTest, RejectsSpacesAndSpecialCharacters) {
  CommandHarness h;
  h.Run({"client", "setname", "keep"});
  const std::vector<std::string> bad_names = {"a b",  "a\nb",       "a\r", std::string("a\0b", 3),
                                              "\x7f", "caf\xc3\xa9"};
  for (const std::string& bad : bad_names) {
    EXPECT_EQ(h.Run({"client", "setname", bad}),
              "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
  }
  EXPECT_EQ(h.client().name, "keep");
  EXPECT_EQ(h.Run({"client", "setname"}),
            "-ERR wrong number of arguments for 'client|setname' command\r\n");
  EXPECT_EQ(h.Run({"client", "getname", "x"}),
            "-ERR wrong number of arguments for 'client|getname' command\r\n");
}

TEST(ClientSetInfoTest, LibraryNameAndVersion) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "setinfo", "lib-name", "redis-py"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "SETINFO", "LIB-VER", "5.0.1"}), "+OK\r\n");
  EXPECT_EQ(h.client().lib_name, "redis-py");
  EXPECT_EQ(h.client().lib_ver, "5.0.1");
  EXPECT_EQ(h.Run({"client", "setinfo", "lib-ver", ""}), "+OK\r\n");
  EXPECT_EQ(h.client().lib_ver, "");
}

TEST(ClientSetInfoTest, Errors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "setinfo", "Lib-Foo", "x"}), "-ERR Unrecognized option 'Lib-Foo'\r\n");
  EXPECT_EQ(h.Run({"client", "setinfo", "LIB-name", "a b"}),
            "-ERR LIB-name cannot contain spaces, newlines or special characters.\r\n");
  EXPECT_EQ(h.Run({"client", "setinfo", "lib-name"}),
            "-ERR wrong number of arguments for 'client|setinfo' command\r\n");
  EXPECT_EQ(h.client().lib_name, "");
}

TEST(ClientSwitchTest, NoEvictAndNoTouch) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "no-evict", "ON"}), "+OK\r\n");
  EXPECT_TRUE(h.client().no_evict);
  EXPECT_EQ(h.Run({"client", "no-touch", "on"}), "+OK\r\n");
  EXPECT_TRUE(h.client().no_touch);
  EXPECT_EQ(Field(ParseList(h.Run({"client", "info"}))[0], "flags"), "eT");
  EXPECT_EQ(h.Run({"client", "no-evict", "off"}), "+OK\r\n");
  EXPECT_EQ(h.Run({"client", "no-touch", "Off"}), "+OK\r\n");
  EXPECT_FALSE(h.client().no_evict);
  EXPECT_FALSE(h.client().no_touch);
  EXPECT_EQ(h.Run({"client", "no-evict", "foo"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "no-touch", "yes"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "no-evict"}),
            "-ERR wrong number of arguments for 'client|no-evict' command\r\n");
}

// The sequence below was recorded against redis-server 7.0.15.
TEST(ClientHelpTest, ListsOurSubcommands) {
  CommandHarness h;
  std::string reply = h.Run({"client", "help"});
  EXPECT_TRUE(reply.starts_with(
      "*39\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GETNAME\r\n"));
  EXPECT_NE(reply.find("+KILL <option> <value> [<option> <value> [...]]\r\n"
                       "+    Kill connections. Options are:\r\n"),
            std::string::npos);
  EXPECT_NE(reply.find("+SETINFO <option> <value>\r\n"), std::string::npos);
  EXPECT_TRUE(reply.ends_with("\r\n+HELP\r\n+    Prints this help.\r\n"));
  EXPECT_EQ(h.Run({"client", "help", "x"}),
            "-ERR wrong number of arguments for 'client|help' command\r\n");
  EXPECT_EQ(h.Run({"client", "foo"}), "-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n");
  EXPECT_EQ(h.Run({"client"}), "-ERR wrong number of arguments for 'client' command\r\n");
}

TEST(ClientListTest, Redis70FieldsInOrder) {
  CommandHarness h;
  std::string reply = h.Run({"client", "list"});
  ASSERT_EQ(reply[0], '$');
  std::vector<Fields> lines = ParseList(reply);
  ASSERT_EQ(lines.size(), 1u);
  std::vector<std::string> keys;
  for (const auto& [k, v] : lines[0])
    keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "id",        "addr",     "laddr",     "fd",   "name", "age",   "idle",
                      "flags",     "db",       "sub",       "psub", "ssub", "multi", "qbuf",
                      "qbuf-free", "argv-mem", "multi-mem", "rbs",  "rbp",  "obl",   "oll",
                      "omem",      "tot-mem",  "events",    "cmd",  "user", "redir", "resp"}));
  EXPECT_TRUE(reply.starts_with(
      "$" + std::to_string(reply.size() - reply.find("\r\n") - 4) +
      "\r\nid=1 addr=127.0.0.1:40001 laddr=127.0.0.1:6379 fd=-1 name= age=0 idle=0 "
      "flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=10 multi-mem=0 "))
      << reply;
  const Fields& f = lines[0];
  EXPECT_EQ(Field(f, "argv-mem"), "10");  // "client" + "list"
  EXPECT_EQ(Field(f, "multi-mem"), "0");
  EXPECT_EQ(Field(f, "events"), "r");
  EXPECT_EQ(Field(f, "cmd"), "client|list");
  EXPECT_EQ(Field(f, "user"), "default");
  EXPECT_EQ(Field(f, "redir"), "-1");
  EXPECT_EQ(Field(f, "resp"), "2");
}

TEST(ClientListTest, OneLinePerClientInIdOrder) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  h.Run({"client", "setname", "bee"}, b);
  h.Run({"hello", "3"}, b);
  b->db = 5;
  h.AdvanceMs(3500);
  std::vector<Fields> lines = ParseList(h.Run({"client", "list"}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(Field(lines[0], "id"), "1");
  EXPECT_EQ(Field(lines[1], "id"), "2");
  EXPECT_EQ(Field(lines[1], "name"), "bee");
  EXPECT_EQ(Field(lines[1], "db"), "5");
  EXPECT_EQ(Field(lines[1], "resp"), "3");
  EXPECT_EQ(Field(lines[1], "cmd"), "hello");
  EXPECT_EQ(Field(lines[1], "age"), "3");
  EXPECT_EQ(Field(lines[1], "idle"), "3");
  EXPECT_EQ(Field(lines[1], "argv-mem"), "0");
}

TEST(ClientListTest, Resp3IsVerbatim) {
  CommandHarness h;
  h.Run({"hello", "3"});
  std::string reply = h.Run({"client", "list"});
  size_t header_end = reply.find("\r\n");
  EXPECT_EQ(reply.substr(0, 1), "=");
  EXPECT_EQ(reply.substr(header_end + 2, 9), "txt:id=1 ");
  EXPECT_EQ(std::stoul(reply.substr(1, header_end - 1)), reply.size() - header_end - 4);
  EXPECT_TRUE(reply.ends_with(" cmd=client|list user=default redir=-1 resp=3\n\r\n")) << reply;
}

TEST(ClientListTest, TypeFilter) {
  CommandHarness h;
  h.NewClient();
  EXPECT_EQ(ParseList(h.Run({"client", "list", "type", "NORMAL"})).size(), 2u);
  for (const char* type : {"pubsub", "master", "replica", "slave"}) {
    EXPECT_EQ(h.Run({"client", "list", "type", type}), "$0\r\n\r\n") << type;
  }
  EXPECT_EQ(h.Run({"client", "list", "type", "foo"}), "-ERR Unknown client type 'foo'\r\n");
  EXPECT_EQ(h.Run({"client", "list", "type"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "list", "type", "normal", "x"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "list", "type", "master", "id", "1"}), kSyntax);
}

TEST(ClientListTest, IdFilter) {
  CommandHarness h;
  h.NewClient();
  h.NewClient();
  std::vector<Fields> lines = ParseList(h.Run({"client", "list", "id", "3", "99", "1", "3"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(Field(lines[0], "id"), "3");
  EXPECT_EQ(Field(lines[1], "id"), "1");
  EXPECT_EQ(Field(lines[2], "id"), "3");
  EXPECT_EQ(h.Run({"client", "list", "id", "0"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"client", "list", "id", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"client", "list", "id", "x"}), "-ERR Invalid client ID\r\n");
  EXPECT_EQ(h.Run({"client", "list", "id", "1", "type", "normal"}), "-ERR Invalid client ID\r\n");
  EXPECT_EQ(h.Run({"client", "list", "id"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "list", "foo"}), kSyntax);
}

TEST(ClientInfoTest, DescribesTheCaller) {
  CommandHarness h;
  h.NewClient();
  std::vector<Fields> lines = ParseList(h.Run({"client", "info"}));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Field(lines[0], "id"), "1");
  EXPECT_EQ(Field(lines[0], "cmd"), "client|info");
  EXPECT_EQ(h.Run({"client", "info", "x"}),
            "-ERR wrong number of arguments for 'client|info' command\r\n");
}

TEST(ClientInfoTest, CmdIsTheLastCommandLookedUp) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  auto cmd_of_b = [&] { return Field(ParseList(h.Run({"client", "list", "id", "2"}))[0], "cmd"); };
  EXPECT_EQ(cmd_of_b(), "NULL");
  h.Run({"get"}, b);  // rejected for arity, still recorded
  EXPECT_EQ(cmd_of_b(), "get");
  h.Run({"client", "foo"}, b);  // unknown subcommand: nothing was looked up
  EXPECT_EQ(cmd_of_b(), "NULL");
  h.Run({"multi"}, b);
  h.Run({"echo", "x"}, b);  // queued commands count
  EXPECT_EQ(cmd_of_b(), "echo");
}

TEST(ClientInfoTest, FlagsAndMultiFields) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  auto line_of_b = [&] { return ParseList(h.Run({"client", "list", "id", "2"}))[0]; };
  h.Run({"multi"}, b);
  EXPECT_EQ(Field(line_of_b(), "flags"), "x");
  EXPECT_EQ(Field(line_of_b(), "multi"), "0");
  h.Run({"ping"}, b);
  h.Run({"echo", "hello"}, b);
  h.Run({"client", "info"}, b);
  Fields f = line_of_b();
  EXPECT_EQ(Field(f, "multi"), "3");
  EXPECT_EQ(Field(f, "multi-mem"), "63");  // Redis: argument bytes + a pointer per argument
  b->watch_dirty = true;
  EXPECT_EQ(Field(line_of_b(), "flags"), "xd");
  h.Run({"discard"}, b);
  EXPECT_EQ(Field(line_of_b(), "flags"), "N");
  EXPECT_EQ(Field(line_of_b(), "multi"), "-1");
}

TEST(ClientKillTest, OldFormByAddress) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  EXPECT_EQ(h.Run({"client", "kill", b->addr}), "+OK\r\n");
  EXPECT_TRUE(b->kill_requested);
  EXPECT_EQ(h.state().TakeCloseRequests(), std::vector<uint64_t>{2});
  EXPECT_EQ(h.Run({"client", "kill", b->addr}), "-ERR No such client\r\n");
  EXPECT_EQ(ParseList(h.Run({"client", "list"})).size(), 1u);  // killed clients are gone
  EXPECT_EQ(h.Run({"client", "list", "id", "2"}), "$0\r\n\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "1.2.3.4:5"}), "-ERR No such client\r\n");
  EXPECT_EQ(h.Run({"client", "kill", ""}), "-ERR No such client\r\n");
}

TEST(ClientKillTest, OldFormCanKillItself) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"client", "kill", h.client().addr}), "+OK\r\n");
  EXPECT_TRUE(h.client().close_after_reply);
  EXPECT_TRUE(h.state().TakeCloseRequests().empty());
}

TEST(ClientKillTest, FiltersCountKills) {
  CommandHarness h;
  ClientSession* b = h.NewClient();
  ClientSession* c = h.NewClient();
  ClientSession* d = h.NewClient();
  d->laddr = "127.0.0.1:7000";
  EXPECT_EQ(h.Run({"client", "kill", "id", "2"}), ":1\r\n");
  EXPECT_TRUE(b->kill_requested);
  EXPECT_EQ(h.Run({"client", "kill", "id", "2"}), ":0\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "ADDR", c->addr, "user", "default"}), ":1\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "laddr", "127.0.0.1:7000"}), ":1\r\n");
  EXPECT_TRUE(d->kill_requested);
  EXPECT_EQ(h.state().TakeCloseRequests(), (std::vector<uint64_t>{2, 3, 4}));
  EXPECT_EQ(h.Run({"client", "kill", "addr", ""}), ":0\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "id", "9999"}), ":0\r\n");
}

TEST(ClientKillTest, SkipMe) {
  CommandHarness h;
  h.NewClient();
  EXPECT_EQ(h.Run({"client", "kill", "type", "normal", "skipme", "YES"}), ":1\r\n");
  EXPECT_FALSE(h.client().close_after_reply);
  EXPECT_EQ(h.Run({"client", "kill", "id", "1"}), ":0\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "type", "normal", "skipme", "no"}), ":1\r\n");
  EXPECT_TRUE(h.client().close_after_reply);
}

TEST(ClientKillTest, Errors) {
  CommandHarness h;
  for (const char* id : {"0", "x", "-1", "99999999999999999999"}) {
    EXPECT_EQ(h.Run({"client", "kill", "id", id}), "-ERR client-id should be greater than 0\r\n");
  }
  EXPECT_EQ(h.Run({"client", "kill", "type", "foo"}), "-ERR Unknown client type 'foo'\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "user", "bob"}), "-ERR No such user 'bob'\r\n");
  EXPECT_EQ(h.Run({"client", "kill", "skipme", "maybe"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "kill", "foo", "bar"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "kill", "maxage", "1"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "kill", "id", "5", "type"}), kSyntax);
  EXPECT_EQ(h.Run({"client", "kill", "id", "x", "type"}),
            "-ERR client-id should be greater than 0\r\n");
  EXPECT_EQ(h.Run({"client", "kill"}),
            "-ERR wrong number of arguments for 'client|kill' command\r\n");
  EXPECT_FALSE(h.client().close_after_reply);
  EXPECT_TRUE(h.state().TakeCloseRequests().empty());
}

TEST(ClientTypeTest, Names) {
  ClientType type;
  EXPECT_TRUE(ParseClientType("Replica", &type));
  EXPECT_EQ(type, ClientType::kReplica);
  EXPECT_TRUE(ParseClientType("slave", &type));
  EXPECT_EQ(type, ClientType::kReplica);
  EXPECT_TRUE(ParseClientType("PUBSUB", &type));
  EXPECT_EQ(type, ClientType::kPubSub);
  EXPECT_TRUE(ParseClientType("master", &type));
  EXPECT_EQ(type, ClientType::kMaster);
  EXPECT_FALSE(ParseClientType("normals", &type));
}

}  // namespace
}  // namespace slotcache::server
