// MEMORY DOCTOR's report: Redis 7.0's verdicts on a memory breakdown, as text. Reads only the
// breakdown it is given (MEMORY STATS's data); formats no reply and reads no process state.
#pragma once

#include <string>

#include "server/stats/memory_stats.h"

namespace slotcache::server {

// Redis's getMemoryDoctorReport, same thresholds and texts ("libc" as the allocator).
std::string MemoryDoctorReport(const MemoryOverhead& mh);

}  // namespace slotcache::server
