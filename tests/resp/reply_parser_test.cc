#include "resp/reply_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace slotcache::resp {
namespace {

Reply ParseAll(std::string_view bytes) {
  Reply reply;
  size_t consumed = 0;
  EXPECT_EQ(ParseReply(bytes, &reply, &consumed), ReplyStatus::kComplete) << bytes;
  EXPECT_EQ(consumed, bytes.size());
  return reply;
}

TEST(ReplyParserTest, ScalarTypes) {
  EXPECT_EQ(ParseAll("+PONG\r\n").text, "PONG");
  Reply error = ParseAll("-ERR no\r\n");
  EXPECT_EQ(error.type, Reply::Type::kError);
  EXPECT_EQ(error.text, "ERR no");
  EXPECT_EQ(ParseAll(":-42\r\n").integer, -42);
  EXPECT_EQ(ParseAll("$-1\r\n").type, Reply::Type::kNull);
  EXPECT_EQ(ParseAll("_\r\n").type, Reply::Type::kNull);
  EXPECT_EQ(ParseAll("$5\r\na\r\nb!\r\n").text, "a\r\nb!");
  EXPECT_EQ(ParseAll("=8\r\ntxt:abcd\r\n").text, "abcd");
}

TEST(ReplyParserTest, NestedAggregatesAndMaps) {
  Reply r = ParseAll("*2\r\n*1\r\n:1\r\n%1\r\n+k\r\n$1\r\nv\r\n");
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_EQ(r.elements[0].elements[0].integer, 1);
  ASSERT_EQ(r.elements[1].elements.size(), 2u);
  EXPECT_EQ(r.elements[1].elements[1].text, "v");
}

TEST(ReplyParserTest, EveryPrefixIsIncomplete) {
  std::string bytes = "*3\r\n$3\r\nfoo\r\n:7\r\n*1\r\n+x\r\n";
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    Reply reply;
    size_t consumed = 0;
    EXPECT_EQ(ParseReply(std::string_view(bytes).substr(0, cut), &reply, &consumed),
              ReplyStatus::kIncomplete)
        << cut;
  }
}

TEST(ReplyParserTest, GarbageAndHostileInputAreErrors) {
  Reply reply;
  size_t consumed = 0;
  EXPECT_EQ(ParseReply("?\r\n", &reply, &consumed), ReplyStatus::kError);
  EXPECT_EQ(ParseReply(":x\r\n", &reply, &consumed), ReplyStatus::kError);
  EXPECT_EQ(ParseReply("*99999999999\r\n", &reply, &consumed), ReplyStatus::kError);
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "*1\r\n";
  EXPECT_EQ(ParseReply(deep + ":1\r\n", &reply, &consumed), ReplyStatus::kError);
}

}  // namespace
}  // namespace slotcache::resp
