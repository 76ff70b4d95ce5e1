// slotcache-check-aof [--fix] <file.aof|file.manifest>: reports whether an AOF is valid and, with
// --fix, truncates it to its last whole command (like redis-check-aof, without the prompt).
#include <cstdio>
#include <string>
#include <string_view>

#include "server/aof/aof_check.h"

int main(int argc, char** argv) {
  bool fix = false;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--fix") {
      fix = true;
    } else if (path.empty()) {
      path = arg;
    } else {
      path.clear();
      break;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "Usage: %s [--fix] <file.aof|file.manifest>\n", argv[0]);
    return 1;
  }
  std::string report;
  int code = slotcache::server::RunCheckAof(path, fix, &report);
  std::fputs(report.c_str(), stdout);
  return code;
}
