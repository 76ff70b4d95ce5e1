// The case-file parser and reply normalisation of the differential suite: a mistake here would
// let real differences pass unnoticed.
#include "redis-tests/differential/case_file.h"

#include <gtest/gtest.h>

#include "redis-tests/differential/reply_tree.h"

namespace slotcache::blackbox {
namespace {

TEST(CaseFileTest, SplitArgsLikeRedisCli) {
  std::vector<std::string> args;
  ASSERT_TRUE(SplitArgs(R"(SET "a\x00b\r\n" 'it\'s' "" @rep:3:ab)", &args));
  ASSERT_EQ(args.size(), 5u);
  EXPECT_EQ(args[1], std::string("a\0b\r\n", 5));
  EXPECT_EQ(args[2], "it's");
  EXPECT_EQ(args[3], "");
  EXPECT_EQ(args[4], "ababab");
  args.clear();
  EXPECT_FALSE(SplitArgs(R"(ECHO "open)", &args));
}

TEST(CaseFileTest, StepsNotesAndPipelines) {
  CaseFile file;
  std::string error;
  ASSERT_TRUE(ParseCaseText(R"(@@server --requirepass pw
# comment
=== one
SET k v
@mask id=\d+
@conn2 @unordered KEYS *
@raw 2 "PING\r\nPING\r\n"
@pipeline
GET k
@noreply CLIENT REPLY OFF
@end
@raw close "*1\r\n$-5\r\n"
=== two
@trivia differs in 7.2
@inline PING
)",
                            &file, &error))
      << error;
  EXPECT_EQ(file.server_args, (std::vector<std::string>{"--requirepass", "pw"}));
  ASSERT_EQ(file.cases.size(), 2u);
  const std::vector<Step>& steps = file.cases[0].steps;
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].bytes, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  EXPECT_TRUE(steps[0].replies[0].Plain());
  EXPECT_EQ(steps[1].conn, 2);
  EXPECT_TRUE(steps[1].replies[0].unordered);
  EXPECT_EQ(steps[1].replies[0].masks, std::vector<std::string>{"id=\\d+"});
  EXPECT_EQ(steps[2].replies.size(), 2u);
  EXPECT_EQ(steps[3].replies.size(), 1u);
  EXPECT_TRUE(steps[4].until_close);
  EXPECT_EQ(file.cases[1].trivia, "differs in 7.2");
  EXPECT_EQ(file.cases[1].steps[0].bytes, "PING\r\n");
}

TEST(CaseFileTest, Errors) {
  CaseFile file;
  std::string error;
  EXPECT_FALSE(ParseCaseText("SET k v\n", &file, &error));
  EXPECT_FALSE(ParseCaseText("=== a\n@pipeline\nGET k\n", &file, &error));
  EXPECT_FALSE(ParseCaseText("=== a\n@bogus GET k\n", &file, &error));
  EXPECT_FALSE(ParseCaseText("=== empty\n=== b\nPING\n", &file, &error));
}

TEST(ReplyTreeTest, ParseRenderSort) {
  ReplyNode node;
  ASSERT_TRUE(ParseReply("*3\r\n$1\r\nb\r\n$-1\r\n%1\r\n+k\r\n:1\r\n", &node));
  EXPECT_EQ(Render(node), "[\"b\", (nil), %[+k => :1]]");
  SortUnordered(&node);
  EXPECT_EQ(Render(node), "[\"b\", %[+k => :1], (nil)]");
  EXPECT_FALSE(ParseReply("*2\r\n$1\r\nb\r\n", &node));
  EXPECT_FALSE(ParseReply("+OK\r\n+OK\r\n", &node));
  ASSERT_TRUE(ParseReply("$29\r\n# Server\r\nrole:master\r\nos:x y\r\n", &node));
  KeepFields(&node, {"role", "os"});
  EXPECT_EQ(node.text, "role:master\nos:x\n");
}

}  // namespace
}  // namespace slotcache::blackbox
