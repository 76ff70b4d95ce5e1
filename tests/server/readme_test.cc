// The README's command list is generated from the command table, so it cannot go stale: this
// test fails when they differ, and SLOTCACHE_WRITE_README=1 rewrites the README section instead
// (see scripts/readme-commands.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "server/base/str_util.h"
#include "server/core/command_table.h"

namespace slotcache::server {
namespace {

constexpr std::string_view kBegin = "<!-- commands:begin -->\n";
constexpr std::string_view kEnd = "<!-- commands:end -->";

std::string CommandName(const CommandSpec& spec) {
  std::string name = AsciiUpper(spec.name);
  if (spec.subcommands.empty()) return name;
  std::vector<std::string> subs;
  for (const CommandSpec& sub : spec.subcommands)
    subs.push_back(AsciiUpper(sub.short_name()));
  std::sort(subs.begin(), subs.end());
  return name + " (" + Join(subs, ", ") + ")";
}

// One line per command group, commands in alphabetical order.
std::string ExpectedSection() {
  std::map<std::string, std::vector<std::string>> groups;
  for (const CommandSpec& spec : AllCommands())
    groups[std::string(spec.group)].push_back(CommandName(spec));
  std::string out = "| group | commands |\n| --- | --- |\n";
  for (auto& [group, names] : groups) {
    std::sort(names.begin(), names.end());
    out += "| " + group + " | " + Join(names, ", ") + " |\n";
  }
  return out;
}

TEST(ReadmeTest, CommandListMatchesTheCommandTable) {
  std::string path = std::string(SLOTCACHE_SOURCE_DIR) + "/README.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string readme = buffer.str();
  size_t begin = readme.find(kBegin);
  size_t end = readme.find(kEnd);
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  begin += kBegin.size();
  std::string expected = ExpectedSection();
  if (std::getenv("SLOTCACHE_WRITE_README") != nullptr) {
    readme.replace(begin, end - begin, expected);
    std::ofstream(path) << readme;
    return;
  }
  EXPECT_EQ(readme.substr(begin, end - begin), expected)
      << "README's command list is stale: run scripts/readme-commands.sh";
}

}  // namespace
}  // namespace slotcache::server
