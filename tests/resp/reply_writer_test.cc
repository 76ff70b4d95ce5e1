// ReplyWriter: the exact RESP2 and RESP3 bytes of every method (as redis-server 7.0.15 sends
// them after HELLO 2 / HELLO 3).
#include "resp/reply_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace slotcache::resp {
namespace {

struct Case {
  const char* name;
  std::function<void(ReplyWriter&)> write;
  std::string resp2;
  std::string resp3;
};

std::string Render(const Case& c, int protocol) {
  std::string out;
  ReplyWriter writer(&out, protocol);
  c.write(writer);
  return out;
}

TEST(ReplyWriterTest, Resp2AndResp3BytesOfEveryMethod) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Case> cases = {
      {"simple", [](ReplyWriter& w) { w.SimpleString("PONG"); }, "+PONG\r\n", "+PONG\r\n"},
      {"ok", [](ReplyWriter& w) { w.Ok(); }, "+OK\r\n", "+OK\r\n"},
      {"error", [](ReplyWriter& w) { w.Error("ERR syntax error"); }, "-ERR syntax error\r\n",
       "-ERR syntax error\r\n"},
      {"error code", [](ReplyWriter& w) { w.Error("WRONGTYPE Operation"); },
       "-WRONGTYPE Operation\r\n", "-WRONGTYPE Operation\r\n"},
      {"int", [](ReplyWriter& w) { w.Integer(42); }, ":42\r\n", ":42\r\n"},
      {"int min", [](ReplyWriter& w) { w.Integer(INT64_MIN); }, ":-9223372036854775808\r\n",
       ":-9223372036854775808\r\n"},
      {"int max", [](ReplyWriter& w) { w.Integer(INT64_MAX); }, ":9223372036854775807\r\n",
       ":9223372036854775807\r\n"},
      {"bulk", [](ReplyWriter& w) { w.Bulk("hello"); }, "$5\r\nhello\r\n", "$5\r\nhello\r\n"},
      {"empty bulk", [](ReplyWriter& w) { w.Bulk(""); }, "$0\r\n\r\n", "$0\r\n\r\n"},
      {"binary bulk", [](ReplyWriter& w) { w.Bulk(std::string("a\0\r\n", 4)); },
       std::string("$4\r\na\0\r\n\r\n", 10), std::string("$4\r\na\0\r\n\r\n", 10)},
      {"null bulk", [](ReplyWriter& w) { w.NullBulk(); }, "$-1\r\n", "_\r\n"},
      {"null array", [](ReplyWriter& w) { w.NullArray(); }, "*-1\r\n", "_\r\n"},
      {"array", [](ReplyWriter& w) { w.ArrayHeader(3); }, "*3\r\n", "*3\r\n"},
      {"empty array", [](ReplyWriter& w) { w.ArrayHeader(0); }, "*0\r\n", "*0\r\n"},
      {"map", [](ReplyWriter& w) { w.MapHeader(2); }, "*4\r\n", "%2\r\n"},
      {"empty map", [](ReplyWriter& w) { w.MapHeader(0); }, "*0\r\n", "%0\r\n"},
      {"set", [](ReplyWriter& w) { w.SetHeader(3); }, "*3\r\n", "~3\r\n"},
      {"double", [](ReplyWriter& w) { w.Double(1.5); }, "$3\r\n1.5\r\n", ",1.5\r\n"},
      {"double 0.1", [](ReplyWriter& w) { w.Double(0.1); }, "$19\r\n0.10000000000000001\r\n",
       ",0.10000000000000001\r\n"},
      {"double int", [](ReplyWriter& w) { w.Double(3); }, "$1\r\n3\r\n", ",3\r\n"},
      {"double exp", [](ReplyWriter& w) { w.Double(1e22); }, "$5\r\n1e+22\r\n", ",1e+22\r\n"},
      {"double inf", [=](ReplyWriter& w) { w.Double(inf); }, "$3\r\ninf\r\n", ",inf\r\n"},
      {"double -inf", [=](ReplyWriter& w) { w.Double(-inf); }, "$4\r\n-inf\r\n", ",-inf\r\n"},
      {"true", [](ReplyWriter& w) { w.Bool(true); }, ":1\r\n", "#t\r\n"},
      {"false", [](ReplyWriter& w) { w.Bool(false); }, ":0\r\n", "#f\r\n"},
      {"verbatim", [](ReplyWriter& w) { w.Verbatim("a:1\r\n"); }, "$5\r\na:1\r\n\r\n",
       "=9\r\ntxt:a:1\r\n\r\n"},
      {"raw", [](ReplyWriter& w) { w.Raw("+X\r\n"); }, "+X\r\n", "+X\r\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Render(c, 2), c.resp2) << c.name;
    EXPECT_EQ(Render(c, 3), c.resp3) << c.name;
  }
}

TEST(ReplyWriterTest, ErrorLinesNeverCarryCrOrLf) {
  std::string out;
  ReplyWriter(&out).Error("ERR unknown command 'a\r\nb'");
  EXPECT_EQ(out, "-ERR unknown command 'a  b'\r\n");
}

TEST(ReplyWriterTest, AppendsToTheBufferAndFollowsProtocolChanges) {
  std::string out = "x";
  ReplyWriter writer(&out);
  EXPECT_EQ(writer.protocol(), 2);
  writer.NullBulk();
  writer.set_protocol(3);
  writer.NullBulk();
  EXPECT_EQ(out, "x$-1\r\n_\r\n");
  std::string other;
  writer.set_buffer(&other);
  writer.Integer(1);
  EXPECT_EQ(other, ":1\r\n");
  EXPECT_EQ(writer.buffer(), &other);
}

TEST(ReplyWriterTest, NestedReplyLikeHgetall) {
  std::string out;
  ReplyWriter writer(&out, 3);
  writer.MapHeader(1);
  writer.Bulk("f");
  writer.Bulk("v");
  EXPECT_EQ(out, "%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
}

TEST(FormatDoubleTest, PercentPoint17g) {
  EXPECT_EQ(FormatDouble(0), "0");
  EXPECT_EQ(FormatDouble(-0.0), "-0");
  EXPECT_EQ(FormatDouble(10.5), "10.5");
  EXPECT_EQ(FormatDouble(1.0 / 3), "0.33333333333333331");
  EXPECT_EQ(FormatDouble(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatDouble(std::nan("")), "nan");
}

}  // namespace
}  // namespace slotcache::resp
