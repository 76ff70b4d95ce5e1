// One server under test: slotcache-server (or redis-server, via SLOTCACHE_SERVER_BIN) on a free
// loopback port, in its own temp dir with its log. Stops only the process it started.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace slotcache::blackbox {

class ServerProcess {
 public:
  ServerProcess() : ServerProcess(Binary()) {}
  // A server run from `binary` instead (e.g. the redis-server oracle next to slotcache).
  explicit ServerProcess(std::string binary);
  ~ServerProcess();  // Stop(), then removes the temp dir unless KeepFiles() was called
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The binary under test: $SLOTCACHE_SERVER_BIN, else the slotcache-server of this build.
  static std::string Binary();
  // True when the binary under test is a real redis-server (the oracle run).
  static bool IsRealRedis();
  // True when `binary` names a redis-server.
  static bool IsRedisBinary(const std::string& binary);

  // Starts the server with `--port P --bind 127.0.0.1` plus `extra_args` (after an optional
  // config file as `leading_args`) and waits up to 10 s until it answers PING. On failure
  // `error` says why (with the log).
  bool Start(const std::vector<std::string>& extra_args, std::string* error,
             const std::vector<std::string>& leading_args = {});
  // SIGTERM, then SIGKILL after `grace_ms`. Returns the wait status (-1 if nothing ran; the
  // earlier status if the server had already exited).
  int Stop(int grace_ms = 10000);
  // Like Start, on a port the caller chose (cluster tests need to know ports up front; a
  // restart reuses the port and the directory).
  bool StartOnPort(int port, const std::vector<std::string>& extra_args, std::string* error,
                   const std::vector<std::string>& leading_args = {});
  bool Running();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  const std::string& log_path() const { return log_path_; }
  std::string Log() const;  // the whole log (stdout + stderr of the server)
  // VmRSS / VmHWM of the server from /proc, in KB; -1 if unreadable.
  int64_t RssKb() const { return StatusKb("VmRSS:"); }
  int64_t PeakRssKb() const { return StatusKb("VmHWM:"); }
  // Nanoseconds the server's main thread has spent runnable but waiting for a CPU (schedstat's
  // run_delay): time the machine's load, not the server, took. -1 if unreadable.
  int64_t RunDelayNs() const;
  void KeepFiles() { keep_files_ = true; }

 private:
  int64_t StatusKb(const char* field) const;
  bool WaitUntilReady(int timeout_ms);

  std::string binary_;
  std::string dir_;
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
  int exit_status_ = -1;
  bool keep_files_ = false;
};

// A loopback port nobody listens on right now (bind port 0, read it, close).
int PickFreePort();

// Like ServerProcess::RunDelayNs, for the calling thread.
int64_t ThisThreadRunDelayNs();

}  // namespace slotcache::blackbox
