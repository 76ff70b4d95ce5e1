// Expected bytes were checked against redis-server 7.0.15.
#include <gtest/gtest.h>

#include "tests/server/command_harness.h"
#include "tests/server/string_test_util.h"

namespace slotcache::server {
namespace {

const char* const kOverflow = "-ERR increment or decrement would overflow\r\n";
const char* const kNotFloat = "-ERR value is not a valid float\r\n";
const char* const kNanOrInf = "-ERR increment would produce NaN or Infinity\r\n";

TEST(CounterCommandsTest, IncrDecr) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"incr", "i"}), ":1\r\n");
  EXPECT_EQ(h.Run({"incrby", "i", "10"}), ":11\r\n");
  EXPECT_EQ(h.Run({"decr", "i"}), ":10\r\n");
  EXPECT_EQ(h.Run({"decrby", "i", "5"}), ":5\r\n");
  EXPECT_EQ(h.Run({"decrby", "i", "-5"}), ":10\r\n");
  EXPECT_EQ(h.Run({"incrby", "i", "-20"}), ":-10\r\n");
  EXPECT_EQ(h.Run({"get", "i"}), Bulk("-10"));
  EXPECT_EQ(h.Run({"decr", "j"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"incr"}), "-ERR wrong number of arguments for 'incr' command\r\n");
  EXPECT_EQ(h.Run({"incrby", "i"}), "-ERR wrong number of arguments for 'incrby' command\r\n");
}

TEST(CounterCommandsTest, IncrementMustBeAStrictInteger) {
  CommandHarness h;
  for (const char* bad : {"-0", "+1", " 1", "1 ", "01", "1.5", "", "abc", "9223372036854775808",
                          "-9223372036854775809"}) {
    EXPECT_EQ(h.Run({"incrby", "i", bad}), kNotInt) << bad;
    EXPECT_EQ(h.Run({"decrby", "i", bad}), kNotInt) << bad;
  }
  EXPECT_EQ(h.Run({"get", "i"}), kNull);
}

TEST(CounterCommandsTest, StoredValueMustBeAStrictInteger) {
  CommandHarness h;
  for (const char* bad : {"-0", "+1", " 1", "abc", "1.0", "", "9223372036854775808"}) {
    EXPECT_EQ(h.Run({"set", "i", bad}), kOk);
    EXPECT_EQ(h.Run({"incr", "i"}), kNotInt) << bad;
    EXPECT_EQ(h.Run({"decrby", "i", "1"}), kNotInt) << bad;
    EXPECT_EQ(h.Run({"get", "i"}), Bulk(bad));
  }
}

TEST(CounterCommandsTest, Overflow) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "i", "9223372036854775807"}), kOk);
  EXPECT_EQ(h.Run({"incr", "i"}), kOverflow);
  EXPECT_EQ(h.Run({"incrby", "i", "-1"}), ":9223372036854775806\r\n");
  EXPECT_EQ(h.Run({"set", "i", "-9223372036854775808"}), kOk);
  EXPECT_EQ(h.Run({"decr", "i"}), kOverflow);
  EXPECT_EQ(h.Run({"decrby", "i", "9223372036854775807"}), kOverflow);
  EXPECT_EQ(h.Run({"incrby", "i", "9223372036854775807"}), ":-1\r\n");
  EXPECT_EQ(h.Run({"decrby", "i", "-9223372036854775808"}), "-ERR decrement would overflow\r\n");
  EXPECT_EQ(h.Run({"decrby", "i", "-9223372036854775807"}), ":9223372036854775806\r\n");
  EXPECT_EQ(h.Run({"get", "i"}), Bulk("9223372036854775806"));
}

TEST(CounterCommandsTest, CountersKeepTheTtl) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"setex", "i", "100", "10"}), kOk);
  EXPECT_EQ(h.Run({"incr", "i"}), ":11\r\n");
  EXPECT_EQ(ExpireAt(h, "i"), h.now_ms() + 100000);
  EXPECT_EQ(h.Run({"incrbyfloat", "i", "0.5"}), Bulk("11.5"));
  EXPECT_EQ(ExpireAt(h, "i"), h.now_ms() + 100000);
}

TEST(CounterCommandsTest, IncrByFloat) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1"}), Bulk("1"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "0.1"}), Bulk("1.1"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "-1.1"}), Bulk("0"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1.23456789012345678901"}), Bulk("1.23456789012345679"));
  EXPECT_EQ(h.Run({"get", "f"}), Bulk("1.23456789012345679"));
  EXPECT_EQ(h.Run({"set", "f", "1e10"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "0"}), Bulk("10000000000"));
  EXPECT_EQ(h.Run({"set", "f", "3.0e3"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1.5"}), Bulk("3001.5"));
  EXPECT_EQ(h.Run({"set", "f", "1.5"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "-1.5"}), Bulk("0"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1e-20"}), Bulk("0"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "-0.0"}), Bulk("0"));
}

TEST(CounterCommandsTest, IncrByFloatAcceptsWhatStrtoldAccepts) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "0x10"}), Bulk("16"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", ".5"}), Bulk("16.5"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "5."}), Bulk("21.5"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "+1"}), Bulk("22.5"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "0e0"}), Bulk("22.5"));
}

TEST(CounterCommandsTest, IncrByFloatErrors) {
  CommandHarness h;
  EXPECT_EQ(h.Run({"set", "f", "1"}), kOk);
  for (const char* bad : {"abc", " 1", "1 ", "", "nan", "1e5000", "1e-5000", "1_0"}) {
    EXPECT_EQ(h.Run({"incrbyfloat", "f", bad}), kNotFloat) << bad;
  }
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "inf"}), kNanOrInf);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "-infinity"}), kNanOrInf);
  EXPECT_EQ(h.Run({"set", "f", "1e4932"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1e4932"}), kNanOrInf);
  EXPECT_EQ(h.Run({"set", "f", "abc"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1"}), kNotFloat);
  EXPECT_EQ(h.Run({"set", "f", "infinity"}), kOk);
  EXPECT_EQ(h.Run({"incrbyfloat", "f", "1"}), kNanOrInf);
  EXPECT_EQ(h.Run({"get", "f"}), Bulk("infinity"));
  EXPECT_EQ(h.Run({"incrbyfloat", "f"}),
            "-ERR wrong number of arguments for 'incrbyfloat' command\r\n");
}

TEST(CounterCommandsTest, PropagatesOnlyOnSuccess) {
  CommandHarness h;
  uint64_t dirty = Dirty(h);
  h.Run({"incrby", "i", "x"});
  h.Run({"incrbyfloat", "i", "x"});
  h.Run({"decrby", "i", "-9223372036854775808"});
  EXPECT_EQ(Dirty(h), dirty);
  h.Run({"incr", "i"});
  h.Run({"incrbyfloat", "i", "1"});
  EXPECT_EQ(Dirty(h), dirty + 2);
}

}  // namespace
}  // namespace slotcache::server
