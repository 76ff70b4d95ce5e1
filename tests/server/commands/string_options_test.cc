#include "server/commands/string_options.h"

#include <gtest/gtest.h>

#include <limits>
#include <string_view>
#include <vector>

namespace slotcache::server {
namespace {

bool Parse(std::vector<std::string_view> args, OptionGrammar grammar, StringOptions* out) {
  size_t first = grammar == OptionGrammar::kSet ? 3 : 2;
  return ParseStringOptions(args, first, grammar, out);
}

TEST(StringOptionsTest, SetOptionsAreCaseInsensitive) {
  StringOptions o;
  ASSERT_TRUE(Parse({"set", "k", "v", "Nx", "GET", "pX", "100"}, OptionGrammar::kSet, &o));
  EXPECT_TRUE(o.nx);
  EXPECT_TRUE(o.get);
  EXPECT_FALSE(o.xx);
  EXPECT_EQ(o.expire, ExpireKind::kPx);
  EXPECT_EQ(o.expire_arg, "100");
}

TEST(StringOptionsTest, ConflictsAreSyntaxErrors) {
  StringOptions o;
  EXPECT_FALSE(Parse({"set", "k", "v", "nx", "xx"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "xx", "nx"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "ex", "1", "px", "1"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "exat", "1", "pxat", "1"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "keepttl", "ex", "1"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "px", "1", "keepttl"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"getex", "k", "persist", "ex", "1"}, OptionGrammar::kGetEx, &o));
  EXPECT_FALSE(Parse({"getex", "k", "exat", "1", "persist"}, OptionGrammar::kGetEx, &o));
}

TEST(StringOptionsTest, RepeatsAreAllowedAndTheLastExpiryWins) {
  StringOptions o;
  ASSERT_TRUE(Parse({"set", "k", "v", "ex", "1", "ex", "2", "nx", "nx", "get", "get"},
                    OptionGrammar::kSet, &o));
  EXPECT_EQ(o.expire_arg, "2");
  ASSERT_TRUE(Parse({"set", "k", "v", "keepttl", "keepttl"}, OptionGrammar::kSet, &o));
  EXPECT_TRUE(o.keep_ttl);
  ASSERT_TRUE(Parse({"getex", "k", "persist", "persist"}, OptionGrammar::kGetEx, &o));
  EXPECT_TRUE(o.persist);
}

TEST(StringOptionsTest, EachGrammarRejectsTheOthersOptions) {
  StringOptions o;
  EXPECT_FALSE(Parse({"set", "k", "v", "persist"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"getex", "k", "nx"}, OptionGrammar::kGetEx, &o));
  EXPECT_FALSE(Parse({"getex", "k", "xx"}, OptionGrammar::kGetEx, &o));
  EXPECT_FALSE(Parse({"getex", "k", "get"}, OptionGrammar::kGetEx, &o));
  EXPECT_FALSE(Parse({"getex", "k", "keepttl"}, OptionGrammar::kGetEx, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "foo"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"set", "k", "v", "nxx"}, OptionGrammar::kSet, &o));
}

TEST(StringOptionsTest, ExpiryWithoutItsNumberIsASyntaxError) {
  StringOptions o;
  EXPECT_FALSE(Parse({"set", "k", "v", "ex"}, OptionGrammar::kSet, &o));
  EXPECT_FALSE(Parse({"getex", "k", "pxat"}, OptionGrammar::kGetEx, &o));
}

TEST(StringOptionsTest, OptionsEndAtAnEmbeddedNulLikeCStrings) {
  StringOptions o;
  using namespace std::string_view_literals;
  ASSERT_TRUE(Parse({"set", "k", "v", "nx\0zz"sv}, OptionGrammar::kSet, &o));
  EXPECT_TRUE(o.nx);
}

TEST(StringOptionsTest, ExpireArithmetic) {
  constexpr int64_t kNow = 1700000000000;
  int64_t at = 0;
  EXPECT_EQ(ExpireAtMs("10", ExpireKind::kEx, kNow, &at), ExpireStatus::kOk);
  EXPECT_EQ(at, kNow + 10000);
  EXPECT_EQ(ExpireAtMs("10", ExpireKind::kPx, kNow, &at), ExpireStatus::kOk);
  EXPECT_EQ(at, kNow + 10);
  EXPECT_EQ(ExpireAtMs("5", ExpireKind::kExAt, kNow, &at), ExpireStatus::kOk);
  EXPECT_EQ(at, 5000);
  EXPECT_EQ(ExpireAtMs("5", ExpireKind::kPxAt, kNow, &at), ExpireStatus::kOk);
  EXPECT_EQ(at, 5);
  EXPECT_EQ(ExpireAtMs("9223372036854775807", ExpireKind::kPxAt, kNow, &at), ExpireStatus::kOk);
  EXPECT_EQ(at, std::numeric_limits<int64_t>::max());
}

TEST(StringOptionsTest, InvalidExpiries) {
  constexpr int64_t kNow = 1700000000000;
  int64_t at = 0;
  EXPECT_EQ(ExpireAtMs("abc", ExpireKind::kEx, kNow, &at), ExpireStatus::kNotInteger);
  EXPECT_EQ(ExpireAtMs("1.5", ExpireKind::kPx, kNow, &at), ExpireStatus::kNotInteger);
  EXPECT_EQ(ExpireAtMs("0", ExpireKind::kEx, kNow, &at), ExpireStatus::kInvalid);
  EXPECT_EQ(ExpireAtMs("-1", ExpireKind::kPxAt, kNow, &at), ExpireStatus::kInvalid);
  // seconds * 1000 overflows.
  EXPECT_EQ(ExpireAtMs("9223372036854776", ExpireKind::kExAt, kNow, &at), ExpireStatus::kInvalid);
  EXPECT_EQ(ExpireAtMs("9223372036854775", ExpireKind::kExAt, kNow, &at), ExpireStatus::kOk);
  // now + ttl overflows.
  EXPECT_EQ(ExpireAtMs("9223372036854775", ExpireKind::kEx, kNow, &at), ExpireStatus::kInvalid);
  EXPECT_EQ(ExpireAtMs("9223372036854775807", ExpireKind::kPx, kNow, &at), ExpireStatus::kInvalid);
  EXPECT_EQ(ExpireAtMs("9223372036854", ExpireKind::kEx, kNow, &at), ExpireStatus::kOk);
}

}  // namespace
}  // namespace slotcache::server
