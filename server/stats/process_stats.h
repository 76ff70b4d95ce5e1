// What INFO reports about the process and the machine: memory, CPU time, OS. Reads the kernel
// and the allocator directly (INFO is a reporting command); nothing else should call these.
#pragma once

#include <cstdint>
#include <string>

namespace slotcache::server {

// used_memory: the bytes the server allocated and has not freed (see memory_counter.h).
uint64_t UsedMemoryBytes();
// Resident set size from /proc/self/statm; 0 if unreadable.
uint64_t ResidentMemoryBytes();
// Physical memory of the machine.
uint64_t TotalSystemMemoryBytes();
// Redis's bytesToHuman: "512B", "895.05K", "6.66M", "1.50G"...
std::string BytesToHuman(uint64_t bytes);

// CPU time in microseconds.
struct CpuTimes {
  int64_t sys_us = 0;
  int64_t user_us = 0;
};
enum class CpuScope { kProcess, kChildren, kThread };
CpuTimes CpuUsage(CpuScope scope);

// "Linux 6.1.0 x86_64", as uname reports it.
std::string OsDescription();
// Absolute path of the running binary, "" if unknown.
std::string ExecutablePath();

}  // namespace slotcache::server
