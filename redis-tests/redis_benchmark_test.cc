// redis-benchmark smoke runs: every requested test completes without an error, with and without
// pipelining.
#include <regex>
#include <string>

#include "redis-tests/blackbox_fixture.h"

namespace slotcache::blackbox {
namespace {

class RedisBenchmarkTest : public BlackboxTest {
 protected:
  void RunBenchmark(std::vector<std::string> extra) {
    std::vector<std::string> argv = {
        "redis-benchmark", "-p", std::to_string(port()), "-t", "set,get,incr,mset", "-n",
        "20000",           "-q"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ProcessResult r = RunProcess(argv, "", 300000);
    ASSERT_FALSE(r.timed_out) << r.output;
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find("ERR"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("rror"), std::string::npos) << r.output;  // error / Error
    // -q prints progress lines ended by '\r' and one final line per test.
    for (std::string test : {"SET", "GET", "INCR", "MSET \\(10 keys\\)"}) {
      std::regex line("(^|[\r\n])" + test + ": [0-9.]+ requests per second");
      EXPECT_TRUE(std::regex_search(r.output, line)) << test << " missing in:\n" << r.output;
    }
  }
};

TEST_F(RedisBenchmarkTest, SetGetIncrMset) {
  RunBenchmark({});
}

TEST_F(RedisBenchmarkTest, SetGetIncrMsetPipelined) {
  RunBenchmark({"-P", "16"});
}

}  // namespace
}  // namespace slotcache::blackbox
