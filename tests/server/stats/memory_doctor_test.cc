// MEMORY DOCTOR: the verdicts on injected breakdowns, and the reply's shape through the
// dispatcher.
#include "server/stats/memory_doctor.h"

#include <gtest/gtest.h>

#include <string>

#include "server/base/memory_counter.h"
#include "tests/server/command_harness.h"

namespace slotcache::server {
namespace {

constexpr uint64_t kMb = 1 << 20;

TEST(MemoryDoctorTest, VerdictsInRedisOrder) {
  MemoryOverhead mh;
  mh.total_allocated = mh.peak_allocated = 4 * kMb;
  EXPECT_EQ(MemoryDoctorReport(mh).substr(0, 47),
            "Hi Sam, this instance is empty or is using very");
  mh.total_allocated = mh.peak_allocated = 100 * kMb;
  mh.normal_clients = 1;
  EXPECT_EQ(MemoryDoctorReport(mh),
            "Hi Sam, I can't find any memory issue in your instance. I can only account for what "
            "occurs on this base.\n");
  mh.peak_allocated = 151 * kMb;
  mh.clients_normal = 300 * 1024;
  mh.total_frag = 1.5f;
  mh.total_frag_bytes = 50 * kMb;
  std::string report = MemoryDoctorReport(mh);
  EXPECT_EQ(report.find("Sam, I detected a few issues in this Redis instance memory implants:\n\n"
                        " * Peak memory:"),
            0u);
  size_t frag = report.find(" * High total RSS:");
  size_t clients = report.find(" * Big client buffers:");
  ASSERT_NE(frag, std::string::npos);
  ASSERT_NE(clients, std::string::npos);
  EXPECT_LT(frag, clients);
  EXPECT_NE(report.find("Note: The currently used allocator is \"libc\".\n\n"), std::string::npos);
  EXPECT_EQ(report.find(" * High allocator fragmentation"), std::string::npos);
  EXPECT_TRUE(report.ends_with("\n\nI'm here to keep you safe, Sam. I want to help you.\n"));
}

TEST(MemoryCommandsTest, DoctorIsVerbatimTextInResp3) {
  CommandHarness h;
  std::string empty = MemoryDoctorReport(MemoryOverhead{});
  // Unit tests run in a small process: used_memory is under the doctor's 5 MB floor.
  ASSERT_LT(CountedBytes(), 5 * kMb);
  EXPECT_EQ(h.Run({"memory", "doctor"}),
            "$" + std::to_string(empty.size()) + "\r\n" + empty + "\r\n");
  h.Run({"hello", "3"});
  EXPECT_EQ(h.Run({"memory", "doctor"}),
            "=" + std::to_string(empty.size() + 4) + "\r\ntxt:" + empty + "\r\n");
  EXPECT_EQ(h.Run({"memory", "doctor", "x"}),
            "-ERR wrong number of arguments for 'memory|doctor' command\r\n");
}

}  // namespace
}  // namespace slotcache::server
