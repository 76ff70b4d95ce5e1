// slotcache-server [CONFIG-FILE] [--directive value ...]: parse the config, set up logging,
// start the node and run its loop until shutdown.
#include <unistd.h>

#include <cstdio>
#include <span>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "server/config/config_access.h"
#include "server/server.h"

namespace {

spdlog::level::level_enum LogLevel(const std::string& name) {
  if (name == "debug" || name == "verbose") return spdlog::level::debug;
  if (name == "warning") return spdlog::level::warn;
  return spdlog::level::info;
}

bool SetUpLogging(const slotcache::server::Config& config) {
  try {
    auto logger = config.logfile.empty() ? spdlog::stdout_logger_mt("slotcache")
                                         : spdlog::basic_logger_mt("slotcache", config.logfile);
    logger->set_pattern("%P:M %d %b %Y %H:%M:%S.%e %^%L%$ %v");
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    spdlog::set_level(LogLevel(config.loglevel));
  } catch (const spdlog::spdlog_ex& e) {
    std::fprintf(stderr, "Can't open the log file: %s\n", e.what());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::span<char* const> args(argv, static_cast<size_t>(argc));
  if (argc >= 2 &&
      (std::string_view(argv[1]) == "-v" || std::string_view(argv[1]) == "--version")) {
    std::printf("slotcache-server v=7.0.15 (Redis 7.0 compatible)\n");
    return 0;
  }
  absl::StatusOr<slotcache::server::Config> config = slotcache::server::ConfigFromArgs(args);
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  if (!config->dir.empty() && chdir(config->dir.c_str()) != 0) {
    std::fprintf(stderr, "Can't chdir to '%s': %s\n", config->dir.c_str(), std::strerror(errno));
    return 1;
  }
  char cwd[4096];
  if (getcwd(cwd, sizeof(cwd)) != nullptr) config->dir = cwd;
  if (!SetUpLogging(*config)) return 1;
  signal(SIGPIPE, SIG_IGN);
  slotcache::server::Server server(*std::move(config));
  absl::Status started = server.Start();
  if (!started.ok()) {
    spdlog::error("{}", std::string(started.message()));
    spdlog::shutdown();
    std::_Exit(1);  // half-started libuv/Raft handles can't be torn down cleanly; nothing to save
  }
  server.Run();
  return 0;
}
