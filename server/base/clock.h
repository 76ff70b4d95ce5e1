// The two clocks the server reads: wall time (what Redis reports: TIME, INFO, CLUSTER NODES,
// expiry) and monotonic time (durations and time budgets, immune to clock steps).
#pragma once

#include <time.h>

#include <cstdint>

namespace slotcache::server {

inline int64_t WallClockMs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

inline int64_t MonotonicUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

}  // namespace slotcache::server
