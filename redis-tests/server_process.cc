#include "redis-tests/server_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "redis-tests/subprocess.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

ServerProcess::ServerProcess(std::string binary) : binary_(std::move(binary)) {
  char pattern[] = "/tmp/slotcache-blackbox-XXXXXX";
  if (mkdtemp(pattern) != nullptr) dir_ = pattern;
  log_path_ = dir_ + "/server.log";
}

ServerProcess::~ServerProcess() {
  Stop();
  if (!keep_files_ && !dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::string ServerProcess::Binary() {
  const char* env = std::getenv("SLOTCACHE_SERVER_BIN");
  if (env != nullptr && *env != '\0') return env;
  return SLOTCACHE_DEFAULT_SERVER_BIN;
}

bool ServerProcess::IsRealRedis() {
  return IsRedisBinary(Binary());
}

bool ServerProcess::IsRedisBinary(const std::string& binary) {
  return std::filesystem::path(binary).filename().string().find("redis") != std::string::npos;
}

bool ServerProcess::Start(const std::vector<std::string>& extra_args, std::string* error,
                          const std::vector<std::string>& leading_args) {
  // A port picked this way can be taken by someone else before the server binds it: retry.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (StartOnPort(PickFreePort(), extra_args, error, leading_args)) return true;
    if (Log().find("in use") == std::string::npos) break;
  }
  return false;
}

bool ServerProcess::StartOnPort(int port, const std::vector<std::string>& extra_args,
                                std::string* error, const std::vector<std::string>& leading_args) {
  port_ = port;
  std::vector<std::string> argv = {binary_};
  argv.insert(argv.end(), leading_args.begin(), leading_args.end());
  std::vector<std::string> fixed = {"--port", std::to_string(port_), "--bind", "127.0.0.1"};
  // The oracle must not write snapshots or an AOF into the test directory.
  if (IsRedisBinary(binary_)) fixed.insert(fixed.end(), {"--save", "", "--appendonly", "no"});
  argv.insert(argv.end(), fixed.begin(), fixed.end());
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  pid_ = SpawnProcess(argv, log_path_, dir_);
  if (pid_ > 0 && WaitUntilReady(10000)) return true;
  Stop(1000);
  *error = "server did not answer PING within 10 s; log " + log_path_ + ":\n" + Log();
  KeepFiles();
  return false;
}

bool ServerProcess::WaitUntilReady(int timeout_ms) {
  int64_t deadline = NowMs() + timeout_ms;
  while (NowMs() < deadline) {
    if (!Running()) return false;
    RawClient probe;
    // Any reply will do: the server is up once it parses and answers a request.
    if (probe.Connect(port_, 200) && probe.Send("*1\r\n$4\r\nPING\r\n") &&
        !probe.ReadLine(1000).empty()) {
      return true;
    }
    usleep(20000);
  }
  return false;
}

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  exit_status_ = status;
  pid_ = -1;
  return false;
}

int ServerProcess::Stop(int grace_ms) {
  if (pid_ <= 0) return exit_status_;
  int status = 0;
  kill(pid_, SIGTERM);
  if (!WaitForExit(pid_, grace_ms, &status)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  exit_status_ = status;
  return status;
}

std::string ServerProcess::Log() const {
  std::ifstream file(log_path_);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

int64_t ServerProcess::StatusKb(const char* field) const {
  if (pid_ <= 0) return -1;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0)
      return std::strtoll(line.c_str() + std::strlen(field), nullptr, 10);
  }
  return -1;
}

namespace {

// The second field of a schedstat file: time spent on a runqueue waiting to run, in ns.
int64_t ReadRunDelayNs(const std::string& path) {
  std::ifstream schedstat(path);
  int64_t run_ns = -1;
  int64_t delay_ns = -1;
  if (!(schedstat >> run_ns >> delay_ns)) return -1;
  return delay_ns;
}

}  // namespace

int64_t ServerProcess::RunDelayNs() const {
  if (pid_ <= 0) return -1;
  std::string pid = std::to_string(pid_);
  return ReadRunDelayNs("/proc/" + pid + "/task/" + pid + "/schedstat");
}

int64_t ThisThreadRunDelayNs() {
  return ReadRunDelayNs("/proc/thread-self/schedstat");
}

}  // namespace slotcache::blackbox
