#include "server/stats/process_stats.h"

#include <limits.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "server/base/memory_counter.h"

namespace slotcache::server {

uint64_t UsedMemoryBytes() {
  return CountedBytes();
}

uint64_t ResidentMemoryBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  int fields = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (fields != 2) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

uint64_t TotalSystemMemoryBytes() {
  return static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) *
         static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

std::string BytesToHuman(uint64_t n) {
  static constexpr const char* kUnits[] = {"K", "M", "G", "T", "P"};
  if (n < 1024) return fmt::format("{}B", n);
  double scale = 1024;
  for (const char* unit : kUnits) {
    if (static_cast<double>(n) < scale * 1024) {
      return fmt::format("{:.2f}{}", static_cast<double>(n) / scale, unit);
    }
    scale *= 1024;
  }
  return fmt::format("{}B", n);
}

CpuTimes CpuUsage(CpuScope scope) {
  int who = scope == CpuScope::kProcess    ? RUSAGE_SELF
            : scope == CpuScope::kChildren ? RUSAGE_CHILDREN
                                           : RUSAGE_THREAD;
  rusage usage{};
  getrusage(who, &usage);
  auto micros = [](const timeval& tv) {
    return static_cast<int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec;
  };
  return {micros(usage.ru_stime), micros(usage.ru_utime)};
}

std::string OsDescription() {
  utsname name{};
  if (uname(&name) != 0) return "";
  return fmt::format("{} {} {}", name.sysname, name.release, name.machine);
}

std::string ExecutablePath() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
  return n > 0 ? std::string(path, static_cast<size_t>(n)) : "";
}

}  // namespace slotcache::server
