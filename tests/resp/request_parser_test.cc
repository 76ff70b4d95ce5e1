// RESP multibulk requests: byte-by-byte arrival, pipelining, binary safety and every protocol
// error, with Redis 7.0's exact error texts (checked against redis-server 7.0.15).
#include "resp/request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/resp/parser_test_util.h"

namespace slotcache::resp {
namespace {

using Args = std::vector<std::string>;

struct ValidCase {
  std::string bytes;
  Args args;
};

std::vector<ValidCase> ValidRequests() {
  std::string big(70000, 'v');
  return {
      {"*1\r\n$4\r\nPING\r\n", {"PING"}},
      {"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", {"SET", "key", "value"}},
      {"*2\r\n$3\r\nGET\r\n$0\r\n\r\n", {"GET", ""}},
      {std::string("*2\r\n$4\r\nECHO\r\n$7\r\na\0b\r\nc\n\r\n", 27),
       {"ECHO", std::string("a\0b\r\nc\n", 7)}},
      {"*2\r\n$4\r\nECHO\r\n$4\r\n$4\r\n\r\n", {"ECHO", "$4\r\n"}},
      {Multibulk({"SET", "big", big}), {"SET", "big", big}},
      {"PING\r\n", {"PING"}},
      {"SET a \"b c\"\n", {"SET", "a", "b c"}},
  };
}

TEST(RequestParserTest, EveryPrefixOfAValidRequestIsIncomplete) {
  for (const ValidCase& c : ValidRequests()) {
    for (size_t cut = 0; cut < c.bytes.size(); ++cut) {
      Parsed p = Parse(std::string_view(c.bytes).substr(0, cut));
      ASSERT_EQ(p.status, ParseStatus::kIncomplete) << "cut " << cut << " of " << c.bytes.size();
      ASSERT_EQ(p.consumed, 0u);
      ASSERT_TRUE(p.args.empty());
    }
    Parsed p = Parse(c.bytes);
    ASSERT_EQ(p.status, ParseStatus::kComplete);
    EXPECT_EQ(p.consumed, c.bytes.size());
    EXPECT_EQ(p.args, c.args);
  }
}

TEST(RequestParserTest, FollowingBytesAreNotConsumed) {
  for (const ValidCase& c : ValidRequests()) {
    Parsed p = Parse(c.bytes + "*1\r\n$4\r\nPI");
    ASSERT_EQ(p.status, ParseStatus::kComplete);
    EXPECT_EQ(p.consumed, c.bytes.size());
    EXPECT_EQ(p.args, c.args);
  }
}

TEST(RequestParserTest, ThousandsOfPipelinedCommandsInOneBuffer) {
  std::string buffer;
  for (int i = 0; i < 5000; ++i) {
    buffer += Multibulk({"SET", "key:" + std::to_string(i), std::string(i % 50, 'x')});
    if (i % 7 == 0) buffer += "PING\r\n";
  }
  buffer += "*2\r\n$3\r\nGET";  // a trailing partial request stays in the buffer
  std::string rest;
  Parsed last;
  auto requests = ParseAll(buffer, &rest, &last);
  ASSERT_EQ(requests.size(), 5000u + 715u);
  EXPECT_EQ(last.status, ParseStatus::kIncomplete);
  EXPECT_EQ(rest, "*2\r\n$3\r\nGET");
  size_t n = 0;
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(requests[n++], (Args{"SET", "key:" + std::to_string(i), std::string(i % 50, 'x')}));
    if (i % 7 == 0) {
      EXPECT_EQ(requests[n++], Args{"PING"});
    }
  }
}

TEST(RequestParserTest, EmptyAndNegativeMultibulkAreSkipped) {
  for (std::string bytes : {"*0\r\n", "*-1\r\n", "*-5\r\n"}) {
    Parsed p = Parse(bytes + "PING\r\n");
    EXPECT_EQ(p.status, ParseStatus::kComplete) << bytes;
    EXPECT_EQ(p.consumed, bytes.size());
    EXPECT_TRUE(p.args.empty());
  }
}

TEST(RequestParserTest, TrailingTwoBytesOfABulkAreNotChecked) {
  // Redis skips the two bytes after a payload without looking at them.
  Parsed p = Parse("*1\r\n$4\r\nPINGxx*1\r\n");
  ASSERT_EQ(p.status, ParseStatus::kComplete);
  EXPECT_EQ(p.consumed, 14u);
  EXPECT_EQ(p.args, Args{"PING"});
}

TEST(RequestParserTest, WantedIsTheTotalSizeOfAnIncompleteBigBulk) {
  std::string head = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\n";
  Parsed p = Parse(head + "partial");
  EXPECT_EQ(p.status, ParseStatus::kIncomplete);
  EXPECT_EQ(p.wanted, head.size() + 1000000 + 2);
  // Before the bulk header is known there is no hint.
  EXPECT_EQ(Parse("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100").wanted, 0u);
  EXPECT_EQ(Parse("PIN").wanted, 0u);
}

struct ErrorCase {
  std::string bytes;
  std::string error;
};

TEST(RequestParserTest, ProtocolErrorsUseRedisTexts) {
  const std::string kMbulk = "Protocol error: invalid multibulk length";
  const std::string kBulk = "Protocol error: invalid bulk length";
  std::vector<ErrorCase> cases = {
      {"*abc\r\n", kMbulk},
      {"*\r\n", kMbulk},
      {"*+1\r\n", kMbulk},
      {"*01\r\n", kMbulk},
      {"* 1\r\n", kMbulk},
      {"*1\nPING\r\n", kMbulk},
      {"*99999999999\r\n", kMbulk},
      {"*1048577\r\n", kMbulk},  // over max_multibulk_len (Redis 7.0 itself allows INT_MAX)
      {"*1\r\n$-1\r\n", kBulk},
      {"*1\r\n$\r\n", kBulk},
      {"*1\r\n$04\r\nPING\r\n", kBulk},
      {"*1\r\n$ 4\r\nPING\r\n", kBulk},
      {"*1\r\n$4\nPING\r\n", kBulk},
      {"*1\r\n$536870913\r\n", kBulk},  // one over the default proto-max-bulk-len
      {"*1\r\n$99999999999999999999\r\n", kBulk},
      {"*1\r\nxyz\r\n", "Protocol error: expected '$', got 'x'"},
      {"*2\r\n$4\r\nECHO\r\n:1\r\n", "Protocol error: expected '$', got ':'"},
      {"*1\r\n\r\n", "Protocol error: expected '$', got '\r'"},
  };
  for (const ErrorCase& c : cases) {
    Parsed p = Parse(c.bytes);
    EXPECT_EQ(p.status, ParseStatus::kError) << c.bytes;
    EXPECT_EQ(p.error, c.error) << c.bytes;
    EXPECT_TRUE(p.args.empty());
  }
}

TEST(RequestParserTest, DollarIsCheckedOnlyOnceTheHeaderLineIsComplete) {
  EXPECT_EQ(Parse("*1\r\nx").status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse("*1\r\nxyz\r").status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse("*1\r\nxyz\r\n").status, ParseStatus::kError);
}

TEST(RequestParserTest, LimitsComeFromParseLimits) {
  ParseLimits limits;
  limits.max_bulk_len = 10;
  limits.max_multibulk_len = 3;
  EXPECT_EQ(Parse("*3\r\n$10\r\n0123456789\r\n$0\r\n\r\n$0\r\n\r\n", limits).status,
            ParseStatus::kComplete);
  EXPECT_EQ(Parse("*4\r\n", limits).error, "Protocol error: invalid multibulk length");
  EXPECT_EQ(Parse("*1\r\n$11\r\n", limits).error, "Protocol error: invalid bulk length");
}

TEST(RequestParserTest, HeaderLinesWithoutCrHitTheSizeLimit) {
  ParseLimits limits;
  limits.max_inline_len = 16;
  EXPECT_EQ(Parse("*" + std::string(15, '1'), limits).status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse("*" + std::string(16, '1'), limits).error,
            "Protocol error: too big mbulk count string");
  EXPECT_EQ(Parse("*1\r\n$" + std::string(15, '1'), limits).status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse("*1\r\n$" + std::string(16, '1'), limits).error,
            "Protocol error: too big bulk count string");
  // Not a '$' either, but the line never ended: the size error wins, as in Redis.
  EXPECT_EQ(Parse("*1\r\n" + std::string(17, 'x'), limits).error,
            "Protocol error: too big bulk count string");
  // The default limit is Redis's PROTO_INLINE_MAX_SIZE (64 KB).
  EXPECT_EQ(Parse("*" + std::string(64 * 1024 - 1, '1')).status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse("*" + std::string(64 * 1024, '1')).status, ParseStatus::kError);
}

TEST(RequestParserTest, NulInAHeaderLineKeepsItIncompleteLikeRedisStrchr) {
  ParseLimits limits;
  limits.max_inline_len = 16;
  EXPECT_EQ(Parse(std::string("*1\0\r\n", 5), limits).status, ParseStatus::kIncomplete);
  EXPECT_EQ(Parse(std::string("*1\r\n$4\0\r\n", 9), limits).status, ParseStatus::kIncomplete);
  std::string long_tail = std::string("*1\0\r\n", 5) + std::string(20, 'x');
  EXPECT_EQ(Parse(long_tail, limits).error, "Protocol error: too big mbulk count string");
}

}  // namespace
}  // namespace slotcache::resp
