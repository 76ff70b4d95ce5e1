#include "redis-tests/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace slotcache::blackbox {
namespace {

std::vector<char*> CArgv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& arg : argv)
    out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// In the child: never returns.
[[noreturn]] void Exec(const std::vector<std::string>& argv, const std::string& cwd) {
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
  std::vector<char*> args = CArgv(argv);
  execvp(args[0], args.data());
  std::fprintf(stderr, "exec %s failed\n", args[0]);
  _exit(127);
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// Feeds `input` and drains the output pipe until the child closes it or the deadline passes.
// Closes both descriptors.
bool Pump(int in_fd, int out_fd, const std::string& input, int64_t deadline, std::string* output) {
  size_t written = 0;
  if (input.empty()) CloseFd(&in_fd);
  while (out_fd >= 0) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
    int remaining = static_cast<int>(deadline - NowMs());
    if (remaining <= 0) break;
    if (poll(fds, in_fd >= 0 ? 2 : 1, remaining) < 0 && errno != EINTR) break;
    if (in_fd >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if ((n < 0 && errno != EAGAIN) || written == input.size()) CloseFd(&in_fd);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[65536];
      ssize_t n = read(out_fd, buf, sizeof(buf));
      if (n > 0) output->append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) CloseFd(&out_fd);
    }
  }
  bool finished = out_fd < 0;
  CloseFd(&in_fd);
  CloseFd(&out_fd);
  return finished;
}

}  // namespace

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input,
                         int timeout_ms, const std::string& cwd) {
  ProcessResult result;
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return result;
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return result;
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(out_pipe[1], 2);
    Exec(argv, cwd);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (pid < 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    return result;
  }
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);  // a tool that exits early must not kill the test binary
  int64_t deadline = NowMs() + timeout_ms;
  bool done = Pump(in_pipe[1], out_pipe[0], input, deadline, &result.output);
  int status = 0;
  // The output closed: the tool is exiting; give it a moment, but never past the deadline + 1 s.
  if (done && WaitForExit(pid, static_cast<int>(deadline - NowMs()) + 1000, &status)) {
    result.exit_code = ExitCode(status);
    return result;
  }
  result.timed_out = true;
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return result;
}

pid_t SpawnProcess(const std::vector<std::string>& argv, const std::string& log_path,
                   const std::string& cwd) {
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    Exec(argv, cwd);
  }
  close(log_fd);
  return pid;
}

bool WaitForExit(pid_t pid, int timeout_ms, int* status) {
  int64_t deadline = NowMs() + timeout_ms;
  while (true) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return false;
    if (NowMs() >= deadline) return false;
    usleep(5000);
  }
}

}  // namespace slotcache::blackbox
