// Shared by the AOF black-box tests: a slotcache-server with the AOF on in its own directory,
// killed with SIGKILL or stopped, and restarted on the same port and directory.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "redis-tests/server_process.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {

class AofTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (ServerProcess::IsRealRedis()) GTEST_SKIP() << "slotcache's AOF files and tools";
  }
  void TearDown() override {
    if (HasFailure()) {
      server_.KeepFiles();
      std::string log = server_.Log();
      if (log.size() > 6000) log = "...\n" + log.substr(log.size() - 6000);
      std::cerr << "---- server log " << server_.log_path() << " ----\n" << log << "----\n";
    }
    server_.Stop();
  }
  std::vector<std::string> Args(const std::string& fsync) {
    std::vector<std::string> args = {"--appendonly",           "yes", "--appendfsync", fsync,
                                     "--enable-debug-command", "yes"};
    args.insert(args.end(), extra_.begin(), extra_.end());
    return args;
  }
  bool Start(const std::string& fsync = "always") {
    fsync_ = fsync;
    std::string error;
    bool started = server_.Start(Args(fsync), &error);
    EXPECT_TRUE(started) << error;
    return started;
  }
  // Same port, same directory (and so the same AOF).
  bool Restart(std::string* error) {
    return server_.StartOnPort(server_.port(), Args(fsync_), error);
  }
  void Kill9() {
    kill(server_.pid(), SIGKILL);
    for (int i = 0; i < 200 && server_.Running(); ++i)
      usleep(10000);
  }
  std::string AofDir() const { return server_.dir() + "/appendonlydir"; }
  // A field of INFO persistence, "" if absent.
  std::string InfoField(redisContext* c, const std::string& name) {
    return blackbox::InfoField(c, "persistence", name);
  }
  bool WaitRewriteDone(redisContext* c, int timeout_ms = 60000) {
    int64_t deadline = NowMs() + timeout_ms;
    while (NowMs() < deadline) {
      if (InfoField(c, "aof_rewrite_in_progress") == "0" &&
          InfoField(c, "aof_rewrite_scheduled") == "0") {
        return true;
      }
      usleep(20000);
    }
    return false;
  }

  // True once everything the server acknowledged is in the AOF file (the buffer written; the
  // page cache survives kill -9), within `timeout_ms`. Each poll is a loop iteration that retries
  // a postponed write.
  bool WaitAofWritten(redisContext* c, int timeout_ms = 10000) {
    int64_t deadline = NowMs() + timeout_ms;
    while (NowMs() < deadline) {
      if (InfoField(c, "aof_buffer_length") == "0") return true;
      usleep(20000);
    }
    return false;
  }

  ServerProcess server_;
  std::string fsync_;
  std::vector<std::string> extra_;
};

}  // namespace slotcache::blackbox
