// Inline requests (telnet / redis-benchmark PING_INLINE) and the sdssplitargs word splitting they
// share with config files. Expected words were checked with ECHO against redis-server 7.0.15.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resp/request_parser.h"
#include "tests/resp/parser_test_util.h"

namespace slotcache::resp {
namespace {

using Args = std::vector<std::string>;

struct InlineCase {
  std::string line;  // without the newline
  Args args;
};

TEST(InlineRequestTest, SplitsLikeSdssplitargs) {
  std::vector<InlineCase> cases = {
      {"PING", {"PING"}},
      {"  PING   ", {"PING"}},
      {"PING\r", {"PING"}},  // "PING\r\r\n": one CR is the line end, the other a separator
      {"SET a b", {"SET", "a", "b"}},
      {"ECHO a\tb", {"ECHO", "a", "b"}},
      {"ECHO \"a b\" c", {"ECHO", "a b", "c"}},
      {"ECHO 'a\\'b'", {"ECHO", "a'b"}},
      {"ECHO 'a\\nb'", {"ECHO", "a\\nb"}},  // no escapes inside single quotes but \'
      {"ECHO \"\\x41\\x4g\"", {"ECHO", "Ax4g"}},
      {"ECHO \"\\xfF\"", {"ECHO", "\xff"}},
      {"ECHO \"a\\\"b\"", {"ECHO", "a\"b"}},
      {"ECHO \"\\n\\r\\t\\b\\a\\z\"", {"ECHO", "\n\r\t\b\az"}},
      {"ECHO a\"b\"", {"ECHO", "ab"}},    // a quote inside a word opens a quoted part
      {"ECHO \vab\f", {"ECHO", "ab\f"}},  // isspace() skips, but only " \t\r\n" end a word
      {"ECHO \"x\"\v", {"ECHO", "x"}},
      {"ECHO \"\" ''", {"ECHO", "", ""}},
      {"", {}},
      {"   ", {}},
  };
  for (const InlineCase& c : cases) {
    for (std::string end : {"\n", "\r\n"}) {
      Parsed p = Parse(c.line + end + "NEXT\r\n");
      ASSERT_EQ(p.status, ParseStatus::kComplete) << c.line;
      EXPECT_EQ(p.consumed, c.line.size() + end.size()) << c.line;
      EXPECT_EQ(p.args, c.args) << c.line;
    }
  }
}

TEST(InlineRequestTest, UnbalancedQuotesAreAProtocolError) {
  for (std::string line :
       {"ECHO \"abc", "ECHO 'abc", "ECHO \"a\"b", "ECHO 'a'b", "ECHO \"\\", "ECHO \"abc\\\""}) {
    Parsed p = Parse(line + "\r\n");
    EXPECT_EQ(p.status, ParseStatus::kError) << line;
    EXPECT_EQ(p.error, "Protocol error: unbalanced quotes in request") << line;
    EXPECT_TRUE(p.args.empty());
  }
}

TEST(InlineRequestTest, TooBigInlineRequest) {
  std::string line(64 * 1024, 'a');
  EXPECT_EQ(Parse(line).status, ParseStatus::kIncomplete);
  Parsed p = Parse(line + "a");
  EXPECT_EQ(p.status, ParseStatus::kError);
  EXPECT_EQ(p.error, "Protocol error: too big inline request");
  // A long line that does end is fine.
  EXPECT_EQ(Parse("ECHO " + line + "\r\n").status, ParseStatus::kComplete);
}

TEST(InlineRequestTest, NulBeforeTheNewlineKeepsTheLineIncomplete) {
  // Redis looks for the newline with strchr(), which stops at the NUL: it never answers.
  EXPECT_EQ(Parse(std::string("PING\0\r\n", 7)).status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse(std::string("PING\r\n\0", 7)).status, ParseStatus::kComplete);
  ParseLimits limits;
  limits.max_inline_len = 8;
  EXPECT_EQ(Parse(std::string("PING\0\r\nPING\r\n", 13), limits).error,
            "Protocol error: too big inline request");
}

TEST(InlineRequestTest, EscapedWordsSurviveLikeViews) {
  // Words with escapes are rebuilt in the scratch buffer; the views must stay valid together.
  std::string bytes = "SET \"k\\x00ey\" 'v a l' plain\r\n";
  ArgList args;
  std::string scratch;
  ParseResult r = ParseRequest(bytes, ParseLimits(), &args, &scratch);
  ASSERT_EQ(r.status, ParseStatus::kComplete);
  ASSERT_EQ(args.size(), 4u);
  EXPECT_EQ(args[1], std::string_view("k\0ey", 4));
  EXPECT_EQ(args[2], "v a l");
  EXPECT_EQ(args[3], "plain");
}

TEST(InlineRequestTest, EveryPrefixIsIncomplete) {
  std::string bytes = "SET \"a b\" 'c'\r\n";
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(Parse(bytes.substr(0, cut)).status, ParseStatus::kIncomplete) << cut;
  }
  EXPECT_EQ(Parse(bytes).status, ParseStatus::kComplete);
}

TEST(SplitWordsTest, ConfigLines) {
  std::vector<std::string> words;
  ASSERT_TRUE(SplitWords("save \"\"", &words));
  EXPECT_EQ(words, (Args{"save", ""}));
  ASSERT_TRUE(SplitWords("client-output-buffer-limit normal 0 0 0", &words));
  EXPECT_EQ(words.size(), 5u);
  ASSERT_TRUE(SplitWords("", &words));
  EXPECT_TRUE(words.empty());
  EXPECT_FALSE(SplitWords("dir \"/tmp", &words));
  // sdssplitargs reads a C string: a NUL ends the line.
  ASSERT_TRUE(SplitWords(std::string("port 1\0 2", 9), &words));
  EXPECT_EQ(words, (Args{"port", "1"}));
}

}  // namespace
}  // namespace slotcache::resp
