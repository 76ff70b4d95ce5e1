// Child processes for the black-box tests: run a tool to completion with a time limit, or spawn a
// long-running server. Only ever signals the PIDs it created itself.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace slotcache::blackbox {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  bool timed_out = false;
  std::string output;  // stdout and stderr, interleaved
};

// Runs `argv` (argv[0] looked up in PATH) with `input` on stdin; kills it after `timeout_ms`.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         int timeout_ms = 60000, const std::string& cwd = "");

// Starts `argv` in `cwd` with stdout and stderr appended to `log_path`, stdin from /dev/null.
// Returns the child's PID, or -1.
pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path,
                   const std::string& cwd);

// Reaps `pid` if it exited within `timeout_ms`: true and its wait status in `status`.
bool WaitForExit(pid_t pid, int timeout_ms, int* status);

// Milliseconds on a monotonic clock.
int64_t NowMs();

}  // namespace slotcache::blackbox
