// Number parsing and formatting with Redis's strictness: string2ll, string2ld and ld2string in
// human-friendly mode (checked with INCRBY / INCRBYFLOAT against redis-server 7.0.15).
#include "resp/numbers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace slotcache::resp {
namespace {

TEST(ParseInt64Test, AcceptsCanonicalIntegers) {
  struct Case {
    std::string text;
    int64_t value;
  };
  for (const Case& c :
       {Case{"0", 0}, Case{"1", 1}, Case{"-1", -1}, Case{"42", 42},
        Case{"9223372036854775807", INT64_MAX}, Case{"-9223372036854775808", INT64_MIN}}) {
    int64_t v = 7;
    EXPECT_TRUE(ParseInt64(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
  }
}

TEST(ParseInt64Test, RejectsWhatString2llRejects) {
  for (const std::string& text : std::vector<std::string>{"",
                                                          "-",
                                                          "+1",
                                                          " 1",
                                                          "1 ",
                                                          "01",
                                                          "00",
                                                          "-0",
                                                          "-01",
                                                          "1.0",
                                                          "1e3",
                                                          "0x10",
                                                          "abc",
                                                          "1a",
                                                          "9223372036854775808",
                                                          "-9223372036854775809",
                                                          "18446744073709551616",
                                                          "99999999999999999999",
                                                          "000000000000000000001",
                                                          std::string("1\0", 2)}) {
    int64_t v = 7;
    EXPECT_FALSE(ParseInt64(text, &v)) << text;
    EXPECT_EQ(v, 7) << "untouched on failure: " << text;
  }
}

TEST(ParseLongDoubleTest, AcceptsWhatStrtoldAccepts) {
  struct Case {
    std::string text;
    long double value;
  };
  for (const Case& c :
       {Case{"1", 1}, Case{"-1.5", -1.5L}, Case{"+2", 2}, Case{".5", 0.5L}, Case{"5.", 5},
        Case{"1e3", 1000}, Case{"0x10", 16}, Case{"-0", 0}, Case{"1e-4940", 1e-4940L}}) {
    long double v = 0;
    EXPECT_TRUE(ParseLongDouble(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
  }
  long double v = 0;
  EXPECT_TRUE(ParseLongDouble("inf", &v));
  EXPECT_TRUE(std::isinf(v) && v > 0);
  EXPECT_TRUE(ParseLongDouble("-infinity", &v));
  EXPECT_TRUE(std::isinf(v) && v < 0);
}

TEST(ParseLongDoubleTest, RejectsWhatString2ldRejects) {
  for (const std::string& text : std::vector<std::string>{
           "", " 1", "\t1", "1 ", "abc", "1.5x", "nan", "-nan", "1e5000", "-1e5000", "1e-5000",
           std::string("1\0x", 3), "1." + std::string(5118, '0')}) {
    long double v = 7;
    EXPECT_FALSE(ParseLongDouble(text, &v)) << text.substr(0, 20);
    EXPECT_EQ(v, 7);
  }
  long double v = 0;
  EXPECT_TRUE(ParseLongDouble("1." + std::string(5117, '0'), &v));  // MAX_LONG_DOUBLE_CHARS - 1
  EXPECT_EQ(v, 1);
}

TEST(FormatLongDoubleTest, HumanFriendlyLikeIncrbyfloat) {
  EXPECT_EQ(FormatLongDouble(0), "0");
  EXPECT_EQ(FormatLongDouble(-0.0L), "0");
  EXPECT_EQ(FormatLongDouble(10.5L), "10.5");
  EXPECT_EQ(FormatLongDouble(3), "3");
  EXPECT_EQ(FormatLongDouble(-3), "-3");
  EXPECT_EQ(FormatLongDouble(0.1L), "0.1");
  EXPECT_EQ(FormatLongDouble(10.5L + 0.1L), "10.6");
  EXPECT_EQ(FormatLongDouble(5.0e3L), "5000");
  EXPECT_EQ(FormatLongDouble(1e20L), "100000000000000000000");
  EXPECT_EQ(FormatLongDouble(-1e-20L), "0");  // "-0.00000000000000000" trimmed to "-0"
  EXPECT_EQ(FormatLongDouble(std::numeric_limits<long double>::infinity()), "inf");
  EXPECT_EQ(FormatLongDouble(-std::numeric_limits<long double>::infinity()), "-inf");
}

TEST(FormatLongDoubleTest, LargestLongDoubleFitsRedisBuffer) {
  // ld2string has MAX_LONG_DOUBLE_CHARS (5 KB) of room: every finite long double fits.
  EXPECT_EQ(FormatLongDouble(std::numeric_limits<long double>::max()).size(), 4933u);
  EXPECT_EQ(FormatLongDouble(1e4900L).size(), 4901u);
}

}  // namespace
}  // namespace slotcache::resp
