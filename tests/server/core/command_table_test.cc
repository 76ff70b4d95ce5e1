// The command table against what is written from it: every command whose arity can be broken has
// a case in redis-tests/cases/arity.txt (the differential suite runs them against redis-server),
// and every such case really breaks the arity of the command it names.
#include "server/core/command_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

struct ArityCase {
  int argc = 0;         // from the heading: "=== arity <name> with <argc> arguments"
  std::string request;  // its first line
};

// Cases by command name ("client|setname").
std::multimap<std::string, ArityCase> ReadArityCases() {
  std::ifstream in(std::string(SLOTCACHE_SOURCE_DIR) + "/redis-tests/cases/arity.txt");
  EXPECT_TRUE(in);
  std::multimap<std::string, ArityCase> cases;
  const std::regex heading(R"(^=== arity (\S+) with (\d+) arguments$)");
  std::string line;
  std::smatch match;
  while (std::getline(in, line)) {
    if (!std::regex_match(line, match, heading)) continue;
    std::string name = match[1];  // `match` views `line`, read again below
    ArityCase arity_case{std::stoi(match[2]), ""};
    // The request is the first line that is not an annotation.
    while (std::getline(in, line) && line.starts_with("@")) {
    }
    arity_case.request = line;
    cases.emplace(name, arity_case);
  }
  return cases;
}

// Whether some argument count breaks `spec`'s arity: not for "any number" (-1, or -2 for a
// subcommand, whose name and container are always there).
bool ArityCanBreak(const CommandSpec& spec, bool subcommand) {
  return spec.arity > 0 || -spec.arity > (subcommand ? 2 : 1);
}

std::vector<std::pair<const CommandSpec*, bool>> RunnableCommands() {
  std::vector<std::pair<const CommandSpec*, bool>> all;
  for (const CommandSpec& spec : AllCommands()) {
    if (spec.handler != nullptr) all.emplace_back(&spec, false);
    for (const CommandSpec& sub : spec.subcommands)
      all.emplace_back(&sub, true);
  }
  return all;
}

TEST(CommandTableTest, EveryCommandWhoseArityCanBreakHasAnArityCase) {
  std::multimap<std::string, ArityCase> cases = ReadArityCases();
  for (const auto& [spec, subcommand] : RunnableCommands()) {
    if (!ArityCanBreak(*spec, subcommand)) continue;
    EXPECT_TRUE(cases.contains(std::string(spec->name)))
        << "redis-tests/cases/arity.txt has no case for " << spec->name;
  }
}

TEST(CommandTableTest, EveryArityCaseBreaksTheArityOfItsCommand) {
  std::multimap<std::string, ArityCase> cases = ReadArityCases();
  ASSERT_FALSE(cases.empty());
  for (const auto& [name, arity_case] : cases) {
    std::vector<std::string_view> words = Split(arity_case.request, ' ', /*skip_empty=*/true);
    EXPECT_EQ(static_cast<int>(words.size()), arity_case.argc)
        << name << ": " << arity_case.request;
    std::string error;
    const CommandSpec* spec = LookupCommand(words, &error);
    ASSERT_NE(spec, nullptr) << name << ": " << error;
    EXPECT_EQ(spec->name, name);
    EXPECT_FALSE(ArityOk(spec->arity, words.size())) << name << " accepts " << arity_case.request;
  }
}

TEST(CommandTableTest, ResolveCommandReportsArityAndUnknownNames) {
  std::string error;
  std::vector<std::string_view> get_without_key = {"GET"};
  EXPECT_EQ(ResolveCommand(get_without_key, &error), nullptr);
  EXPECT_EQ(error, "ERR wrong number of arguments for 'get' command");
  std::vector<std::string_view> sub = {"client", "SETNAME", "x"};
  const CommandSpec* spec = ResolveCommand(sub, &error);
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->name, "client|setname");
  std::vector<std::string_view> multi = {"MULTI"};
  std::vector<std::string_view> exec = {"exec"};
  EXPECT_TRUE(IsTxMarker(multi, kTxBegin));
  EXPECT_TRUE(IsTxMarker(exec, kTxExec));
  EXPECT_FALSE(IsTxMarker(exec, kTxBegin));
}

}  // namespace
}  // namespace slotcache::server
