// MEMORY DOCTOR's report: Redis 7.0's getMemoryDoctorReport, thresholds and texts verbatim.
#include "server/stats/memory_doctor.h"

#include <string>
#include <string_view>
#include <vector>

namespace slotcache::server {
namespace {

constexpr std::string_view kNoIssues =
    "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs "
    "on this base.\n";
constexpr std::string_view kEmpty =
    "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be "
    "used in these conditions. Please, leave for your mission on Earth and fill it with some "
    "data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
constexpr std::string_view kIntro =
    "Sam, I detected a few issues in this Redis instance memory implants:\n\n";
constexpr std::string_view kBigPeak =
    " * Peak memory: In the past this instance used more than 150% the memory that is currently "
    "using. The allocator is normally not able to release memory after a peak, so you can expect "
    "to see a big fragmentation ratio, however this is actually harmless and is only due to the "
    "memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than "
    "expected, the memory will be used as soon as you fill the Redis instance with more data. If "
    "the memory peak was only occasional and you want to try to reclaim memory, please try the "
    "MEMORY PURGE command, otherwise the only other option is to shutdown and restart the "
    "instance.\n\n";
// slotcache's allocator is glibc's, which INFO reports as mem_allocator:libc.
constexpr std::string_view kHighFrag =
    " * High total RSS: This instance has a memory fragmentation and RSS overhead greater than "
    "1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum "
    "of the logical allocations Redis performed). This problem is usually due either to a large "
    "peak memory (check if there is a peak memory entry above in the report) or may result from "
    "a workload that causes the allocator to fragment memory a lot. If the problem is a large "
    "peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc "
    "allocator and not the default libc malloc. Note: The currently used allocator is "
    "\"libc\".\n\n";
constexpr std::string_view kHighAllocFrag =
    " * High allocator fragmentation: This instance has an allocator external fragmentation "
    "greater than 1.1. This problem is usually due either to a large peak memory (check if there "
    "is a peak memory entry above in the report) or may result from a workload that causes the "
    "allocator to fragment memory a lot. You can try enabling 'activedefrag' config option.\n\n";
constexpr std::string_view kHighAllocRss =
    " * High allocator RSS overhead: This instance has an RSS memory overhead is greater than 1.1 "
    "(this means that the Resident Set Size of the allocator is much larger than the sum what "
    "the allocator actually holds). This problem is usually due to a large peak memory (check if "
    "there is a peak memory entry above in the report), you can try the MEMORY PURGE command to "
    "reclaim it.\n\n";
constexpr std::string_view kHighProcRss =
    " * High process RSS overhead: This instance has non-allocator RSS memory overhead is "
    "greater than 1.1 (this means that the Resident Set Size of the Redis process is much larger "
    "than the RSS the allocator holds). This problem may be due to Lua scripts or Modules.\n\n";
constexpr std::string_view kBigReplicaBuf =
    " * Big replica buffers: The replica output buffers in this instance are greater than 10MB "
    "for each replica (on average). This likely means that there is some replica instance that "
    "is struggling receiving data, either because it is too slow or because of networking "
    "issues. As a result, data piles on the master output buffers. Please try to identify what "
    "replica is not receiving data correctly and why. You can use the INFO output in order to "
    "check the replicas delays and the CLIENT LIST command to check the output buffers of each "
    "replica.\n\n";
constexpr std::string_view kBigClientBuf =
    " * Big client buffers: The clients output buffers in this instance are greater than 200K "
    "per client (on average). This may result from different causes, like Pub/Sub clients "
    "subscribed to channels bot not receiving data fast enough, so that data piles on the Redis "
    "instance output buffer, or clients sending commands with large replies or very large "
    "sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to "
    "investigate the issue if it causes problems in your instance, or to understand better why "
    "certain clients are using a big amount of memory.\n\n";
constexpr std::string_view kOutro = "I'm here to keep you safe, Sam. I want to help you.\n";

constexpr uint64_t kTenMb = 10 << 20;

// The issues found, in the report's order (Redis's "many scripts" never applies: no scripting).
std::vector<std::string_view> Issues(const MemoryOverhead& mh) {
  std::vector<std::string_view> issues;
  if (static_cast<float>(mh.peak_allocated) / mh.total_allocated > 1.5f) {
    issues.push_back(kBigPeak);
  }
  if (mh.total_frag > 1.4f && mh.total_frag_bytes > int64_t{kTenMb}) issues.push_back(kHighFrag);
  if (mh.allocator_frag > 1.1f && mh.allocator_frag_bytes > int64_t{kTenMb}) {
    issues.push_back(kHighAllocFrag);
  }
  if (mh.allocator_rss > 1.1f && mh.allocator_rss_bytes > int64_t{kTenMb}) {
    issues.push_back(kHighAllocRss);
  }
  if (mh.rss_extra > 1.1f && mh.rss_extra_bytes > int64_t{kTenMb}) issues.push_back(kHighProcRss);
  if (mh.replica_clients > 0 && mh.clients_slaves / mh.replica_clients > kTenMb) {
    issues.push_back(kBigReplicaBuf);
  }
  if (mh.normal_clients > 0 && mh.clients_normal / mh.normal_clients > 200 * 1024) {
    issues.push_back(kBigClientBuf);
  }
  return issues;
}

}  // namespace

std::string MemoryDoctorReport(const MemoryOverhead& mh) {
  if (mh.total_allocated < 5 * 1024 * 1024) return std::string(kEmpty);
  std::vector<std::string_view> issues = Issues(mh);
  if (issues.empty()) return std::string(kNoIssues);
  std::string report(kIntro);
  for (std::string_view issue : issues)
    report.append(issue);
  report.append(kOutro);
  return report;
}

}  // namespace slotcache::server
