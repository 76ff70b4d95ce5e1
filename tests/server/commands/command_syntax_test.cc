#include "server/commands/command_syntax.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "server/base/str_util.h"
#include "server/core/command_table.h"

namespace slotcache::server {
namespace {

// One line per tree, e.g. "key:key#0 value:string [condition:oneof opt (nx:pure-token=NX ...)]".
std::string Describe(const std::vector<CommandArg>& args) {
  std::string out;
  for (const CommandArg& arg : args) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{}:{}", arg.name, std::string(ArgTypeName(arg.type)));
    if (arg.key_spec_index >= 0) out += fmt::format("#{}", arg.key_spec_index);
    if (!arg.token.empty()) out += "=" + arg.token;
    if (!arg.since.empty()) out += "@" + arg.since;
    if (!arg.deprecated_since.empty()) out += "!" + arg.deprecated_since;
    if (arg.optional) out += " opt";
    if (arg.multiple) out += " mult";
    if (arg.multiple_token) out += " multtok";
    if (!arg.args.empty()) out += " (" + Describe(arg.args) + ")";
  }
  return out;
}

std::string Parse(std::string_view syntax) {
  absl::StatusOr<std::vector<CommandArg>> args = ParseCommandSyntax(syntax);
  if (!args.ok()) return "error: " + std::string(args.status().message());
  return Describe(*args);
}

TEST(CommandSyntaxTest, EmptyMeansNoArguments) {
  EXPECT_EQ(Parse(""), "");
  EXPECT_EQ(Parse("   "), "");
}

TEST(CommandSyntaxTest, LeavesAndTypes) {
  EXPECT_EQ(Parse("message"), "message:string");
  EXPECT_EQ(Parse("key{key} offset{integer} value"), "key:key#0 offset:integer value:string");
  EXPECT_EQ(Parse("a{double} b{unix-time} c{pattern} d{string}"),
            "a:double b:unix-time c:pattern d:string");
  // Key arguments are numbered in order of appearance, nested ones included.
  EXPECT_EQ(Parse("key{key} newkey{key}"), "key:key#0 newkey:key#1");
  EXPECT_EQ(Parse("[x: a{key} b] c{key}"), "x:block opt (a:key#0 b:string) c:key#1");
  // Names may hold punctuation other than the notation's own.
  EXPECT_EQ(Parse("ip:port yes/no unix-time-seconds"),
            "ip:port:string yes/no:string unix-time-seconds:string");
}

TEST(CommandSyntaxTest, TokensAndOptionalArguments) {
  EXPECT_EQ(Parse("[GET]"), "get:pure-token=GET opt");
  EXPECT_EQ(Parse("NOW FORCE"), "now:pure-token=NOW force:pure-token=FORCE");
  EXPECT_EQ(Parse("[NO-EVICT]"), "no-evict:pure-token=NO-EVICT opt");
  EXPECT_EQ(Parse("[DB destination-db{integer}]"), "destination-db:integer=DB opt");
  EXPECT_EQ(Parse("<DB db{integer}>"), "db:integer=DB");
  // Outside a group an upper-case word is its own argument.
  EXPECT_EQ(Parse("DB db"), "db:pure-token=DB db:string");
  EXPECT_EQ(Parse("[message]"), "message:string opt");
}

TEST(CommandSyntaxTest, OneofNeedsALabel) {
  EXPECT_EQ(Parse("[condition: NX | XX]{@7.0.0}"),
            "condition:oneof@7.0.0 opt (nx:pure-token=NX xx:pure-token=XX)");
  EXPECT_EQ(Parse("<enabled: ON | OFF>"), "enabled:oneof (on:pure-token=ON off:pure-token=OFF)");
  EXPECT_EQ(Parse("[expiration: EX seconds{integer @2.6.12} | KEEPTTL{@6.0.0}]"),
            "expiration:oneof opt (seconds:integer=EX@2.6.12 keepttl:pure-token=KEEPTTL@6.0.0)");
  // A token before a oneof is the oneof's token.
  EXPECT_EQ(Parse("[TYPE <t: NORMAL | PUBSUB>]{@5.0.0}"),
            "t:oneof=TYPE@5.0.0 opt (normal:pure-token=NORMAL pubsub:pure-token=PUBSUB)");
  EXPECT_EQ(Parse("[FILTERBY <f: MODULE name | PATTERN p{pattern}>]"),
            "f:oneof=FILTERBY opt (name:string=MODULE p:pattern=PATTERN)");
  EXPECT_EQ(Parse("<f: a | [b] | <c: x y>>"),
            "f:oneof (a:string b:string opt c:block (x:string y:string))");
  EXPECT_EQ(Parse("[NX | XX]"), "error: a oneof needs a label at offset 0");
}

TEST(CommandSyntaxTest, BlocksNeedALabel) {
  EXPECT_EQ(Parse("[arguments: protover{integer} [username_password: AUTH username password] "
                  "[SETNAME clientname]]"),
            "arguments:block opt (protover:integer username_password:block=AUTH opt "
            "(username:string password:string) clientname:string=SETNAME opt)");
  EXPECT_EQ(Parse("[LIMIT offset count]"),
            "error: a group of several arguments needs a label at offset 0");
  EXPECT_EQ(Parse("[a b]"), "error: a group of several arguments needs a label at offset 0");
  // A label on one item still makes a block around it.
  EXPECT_EQ(Parse("<parameter: parameter>"), "parameter:block (parameter:string)");
}

TEST(CommandSyntaxTest, Repeats) {
  EXPECT_EQ(Parse("key{key} [key ...]"), "key:key#0 mult");
  EXPECT_EQ(Parse("[section [section ...]]"), "section:string opt mult");
  EXPECT_EQ(Parse("<key_value: key{key} value> [key value ...]"),
            "key_value:block mult (key:key#0 value:string)");
  EXPECT_EQ(Parse("[id: ID client-id{integer} [client-id ...]]{@6.2.0}"),
            "id:block=ID@6.2.0 opt (client-id:integer mult)");
  EXPECT_EQ(Parse("[ID client-id [client-id ...]]"), "client-id:string=ID opt mult");
  EXPECT_EQ(Parse("[GET pattern{pattern} [GET pattern ...]]"),
            "pattern:pattern=GET opt mult multtok");
  // The repeat shows groups without their labels and annotations.
  EXPECT_EQ(Parse("<f: [A x{integer}] | [TYPE <t: B | C>]> [[A x] | [TYPE <B | C>] ...]"),
            "f:oneof mult (x:integer=A opt t:oneof=TYPE opt (b:pure-token=B c:pure-token=C))");
  EXPECT_EQ(Parse("key [other ...]"),
            "error: the repeat doesn't match the argument before it at offset 4");
  EXPECT_EQ(Parse("[key ...]"), "error: a repeat must follow an argument at offset 0");
  EXPECT_EQ(Parse("key ..."), "error: '...' outside a repeat at offset 4");
}

TEST(CommandSyntaxTest, Annotations) {
  EXPECT_EQ(Parse("ip:port{deprecated@2.8.12} [USER username{@7.0.0}]"),
            "ip:port:string!2.8.12 username:string=USER@7.0.0 opt");
  EXPECT_EQ(Parse("x{ integer   @1.0.0 }"), "x:integer@1.0.0");
  EXPECT_EQ(Parse("x{float}"), "error: unknown annotation 'float' at offset 1");
  EXPECT_EQ(Parse("NX{integer}"), "error: only a plain argument has a type at offset 2");
  EXPECT_EQ(Parse("<g: a | b>{key}"), "error: only a plain argument has a type at offset 10");
  EXPECT_EQ(Parse("{key}"), "error: an annotation must follow an argument at offset 0");
}

TEST(CommandSyntaxTest, MalformedSyntax) {
  EXPECT_EQ(Parse("x{integer"), "error: unterminated '{' at offset 1");
  EXPECT_EQ(Parse("x}"), "error: unexpected '}' at offset 1");
  EXPECT_EQ(Parse("name: x"), "error: a label must open a group at offset 0");
  EXPECT_EQ(Parse("[x"), "error: expected ']' at offset 2");
  EXPECT_EQ(Parse("[x>"), "error: expected ']' at offset 2");
  EXPECT_EQ(Parse("<x]"), "error: expected '>' at offset 2");
  EXPECT_EQ(Parse("x]"), "error: unbalanced ']' at offset 1");
  EXPECT_EQ(Parse("a | b"), "error: '|' outside a group at offset 5");
  EXPECT_EQ(Parse("[g: a |]"), "error: empty alternative at offset 7");
  EXPECT_EQ(Parse("[g: | a]"), "error: empty alternative at offset 4");
  EXPECT_EQ(Parse("[]"), "error: empty group at offset 0");
  EXPECT_EQ(Parse("[g: ]"), "error: empty group at offset 0");
}

// Every row of the command table parses, names key arguments exactly when it has keys, and
// writes its other doc fields as command_table.h says.
TEST(CommandSyntaxTest, EveryTableRowParses) {
  auto check = [](const CommandSpec& spec) {
    absl::StatusOr<std::vector<CommandArg>> args = ParseCommandSyntax(spec.syntax);
    ASSERT_TRUE(args.ok()) << spec.name << ": " << args.status().message();
    bool has_key = Describe(*args).find(":key#0") != std::string::npos;
    EXPECT_EQ(has_key, spec.keys.first > 0) << spec.name;
    if (!spec.deprecated.empty()) {
      size_t space = spec.deprecated.find(' ');
      EXPECT_TRUE(space > 0 && space + 1 < spec.deprecated.size()) << spec.name;
    }
    std::vector<std::string_view> history;
    if (!spec.history.empty()) history = Split(spec.history, '\n');
    for (std::string_view entry : history) {
      size_t space = entry.find(' ');
      EXPECT_TRUE(space > 0 && space + 1 < entry.size()) << spec.name;
    }
  };
  for (const CommandSpec& spec : AllCommands()) {
    check(spec);
    for (const CommandSpec& sub : spec.subcommands)
      check(sub);
  }
}

}  // namespace
}  // namespace slotcache::server
