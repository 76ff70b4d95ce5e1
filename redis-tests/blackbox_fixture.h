// Base fixture: every test gets its own freshly started server and, when it fails, the server's
// log. Also checks that the server exits cleanly on SIGTERM (catches sanitizer reports at exit).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "redis-tests/server_process.h"
#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {

class BlackboxTest : public ::testing::Test {
 protected:
  // Extra server arguments for this fixture, e.g. {"--maxclients", "2"}.
  virtual std::vector<std::string> ServerArgs() { return {}; }

  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(ServerArgs(), &error)) << error;
  }

  void TearDown() override {
    bool was_running = server_.Running();
    int status = server_.Stop();
    if (was_running) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "server did not exit cleanly on SIGTERM (wait status " << status << ")";
    }
    if (HasFailure()) {
      server_.KeepFiles();
      std::string log = server_.Log();
      if (log.size() > 8000) log = "...\n" + log.substr(log.size() - 8000);
      std::cerr << "---- server log " << server_.log_path() << " ----\n" << log << "----\n";
    }
  }

  int port() const { return server_.port(); }
  Context Connect() { return ConnectHiredis(port()); }
  // Runs redis-cli against the server with `args` appended.
  ProcessResult Cli(std::vector<std::string> args, const std::string& input = "",
                    int timeout_ms = 60000) {
    std::vector<std::string> argv = {"redis-cli", "-p", std::to_string(port())};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, input, timeout_ms);
  }
  // True if a fresh connection gets +PONG within `timeout_ms`.
  bool AnswersPing(int timeout_ms = 2000) {
    RawClient client;
    return client.Connect(port(), timeout_ms) && client.Send("*1\r\n$4\r\nPING\r\n") &&
           client.ReadLine(timeout_ms) == "+PONG\r\n";
  }

  ServerProcess server_;
};

}  // namespace slotcache::blackbox
