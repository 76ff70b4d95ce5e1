// The differential suite: every case file in redis-tests/cases/ runs against a real redis-server
// and slotcache-server side by side, over raw sockets, and their replies must be identical
// (byte for byte unless a note in the case says how they may differ).
#include <gtest/gtest.h>
#include <regex.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "redis-tests/differential/case_file.h"
#include "redis-tests/differential/reply_tree.h"
#include "redis-tests/server_process.h"
#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {
namespace {

constexpr int kReplyTimeoutMs = 5000;
constexpr int kCloseTimeoutMs = 3000;

std::string RedisBinary() {
  const char* env = std::getenv("REDIS_SERVER_BIN");
  return env != nullptr && *env != '\0' ? env : "redis-server";
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(SLOTCACHE_CASES_DIR, ec)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One server of the pair with its numbered client connections (opened on first use).
struct Side {
  const char* label;
  ServerProcess* server;
  std::map<int, std::unique_ptr<RawClient>> conns;

  RawClient* Conn(int n) {
    std::unique_ptr<RawClient>& conn = conns[n];
    if (!conn) {
      conn = std::make_unique<RawClient>();
      if (!conn->Connect(server->port())) conn.reset();
    }
    return conn.get();
  }
};

// What one side answered to one step: its replies, or everything up to the close.
struct Answer {
  std::vector<std::string> replies;
  std::string until_close;
  bool complete = true;
};

Answer Send(Side& side, const Step& step) {
  Answer answer;
  RawClient* conn = side.Conn(step.conn);
  if (conn == nullptr || !conn->Send(step.bytes)) {
    answer.complete = false;
    return answer;
  }
  if (step.until_close) {
    answer.until_close = conn->ReadUntilClose(kCloseTimeoutMs, &answer.complete);
    side.conns.erase(step.conn);  // the next use of this number reconnects
    return answer;
  }
  for (size_t i = 0; i < step.replies.size(); ++i) {
    answer.replies.push_back(ReadReply(*conn, kReplyTimeoutMs));
    if (answer.replies.back().empty()) answer.complete = false;
  }
  return answer;
}

// `text` with every match of `pattern` (POSIX extended, plus \d for a digit) replaced by
// "<masked>". POSIX regex rather than std::regex: its headers warn under the sanitizer build.
std::string MaskAll(const std::string& text, std::string pattern) {
  for (size_t at = pattern.find("\\d"); at != std::string::npos; at = pattern.find("\\d", at)) {
    pattern.replace(at, 2, "[0-9]");
  }
  regex_t re;
  if (regcomp(&re, pattern.c_str(), REG_EXTENDED) != 0) return "<bad @mask " + pattern + ">";
  std::string out;
  size_t pos = 0;
  regmatch_t m;
  while (pos < text.size() &&
         regexec(&re, text.c_str() + pos, 1, &m, pos > 0 ? REG_NOTBOL : 0) == 0) {
    out.append(text, pos, static_cast<size_t>(m.rm_so));
    out += "<masked>";
    size_t advance = static_cast<size_t>(m.rm_eo);
    if (m.rm_eo == m.rm_so) {  // an empty match: keep one character and move on
      out += text[pos + advance];
      ++advance;
    }
    pos += advance;
  }
  if (pos < text.size()) out.append(text, pos);
  regfree(&re);
  return out;
}

// The reply as the check compares it; `raw` unchanged for plain checks.
std::string Normalise(const std::string& raw, const ReplyCheck& check) {
  if (check.Plain()) return raw;
  ReplyNode node;
  if (!ParseReply(raw, &node)) return "<unparsable> " + raw;
  if (check.type_only) return std::string(1, node.type);
  if (check.has_range) {
    if (node.type != ':') return "<not an integer> " + Render(node);
    int64_t value = std::strtoll(node.text.c_str(), nullptr, 10);
    bool inside = value >= check.range_lo && value <= check.range_hi;
    return inside ? "<integer in range>" : "<out of range> " + node.text;
  }
  if (check.unordered) SortUnordered(&node);
  if (!check.fields.empty()) KeepFields(&node, check.fields);
  std::string text = Render(node);
  for (const std::string& mask : check.masks) {
    text = MaskAll(text, mask);
  }
  return text;
}

// Compares one step; returns a description of the differences ("" if none).
std::string Compare(const Step& step, const Answer& redis, const Answer& ours) {
  std::string diff;
  if (!redis.complete) diff += "  redis-server did not answer in time (is the case right?)\n";
  if (!ours.complete) diff += "  slotcache did not answer in time\n";
  if (step.until_close && redis.until_close != ours.until_close) {
    diff += "  redis:     " + Printable(redis.until_close) +
            "\n  slotcache: " + Printable(ours.until_close) + "\n";
  }
  for (size_t i = 0; i < step.replies.size() && i < redis.replies.size() && i < ours.replies.size();
       ++i) {
    std::string want = Normalise(redis.replies[i], step.replies[i]);
    std::string got = Normalise(ours.replies[i], step.replies[i]);
    if (want == got) continue;
    diff += "  reply " + std::to_string(i + 1) + "\n  redis:     " + Printable(want) +
            "\n  slotcache: " + Printable(got) + "\n";
  }
  return diff;
}

class DifferentialTest : public ::testing::TestWithParam<std::string> {
 protected:
  void TearDown() override {
    int status = slotcache_.Stop();
    EXPECT_TRUE(status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "slotcache-server did not exit cleanly on SIGTERM (wait status " << status << ")";
    redis_.Stop();
    if (HasFailure()) {
      slotcache_.KeepFiles();
      std::string log = slotcache_.Log();
      if (log.size() > 4000) log = "...\n" + log.substr(log.size() - 4000);
      std::cerr << "---- slotcache log " << slotcache_.log_path() << " ----\n" << log << "----\n";
    }
  }

  void StartPair(const CaseFile& file) {
    std::string error;
    ASSERT_TRUE(redis_.Start(file.server_args, &error)) << RedisBinary() << ": " << error;
    ASSERT_TRUE(slotcache_.Start(file.server_args, &error)) << error;
    auto pass = std::find(file.server_args.begin(), file.server_args.end(), "--requirepass");
    if (pass != file.server_args.end() && pass + 1 != file.server_args.end()) {
      password_ = *(pass + 1);
    }
  }

  // FLUSHALL on both through a fresh connection, so every case starts from empty databases.
  void Reset() {
    for (ServerProcess* server : {&redis_, &slotcache_}) {
      RawClient control;
      ASSERT_TRUE(control.Connect(server->port()));
      std::string bytes;
      if (!password_.empty()) bytes += EncodeCommand({"AUTH", password_});
      bytes += EncodeCommand({"FLUSHALL"});
      ASSERT_TRUE(control.Send(bytes));
      if (!password_.empty()) {
        ASSERT_EQ(ReadReply(control, kReplyTimeoutMs), "+OK\r\n");
      }
      ASSERT_EQ(ReadReply(control, kReplyTimeoutMs), "+OK\r\n");
    }
  }

  // Runs one case; returns the differences found ("" if none).
  std::string RunCase(const Case& c) {
    Side redis{"redis", &redis_, {}};
    Side ours{"slotcache", &slotcache_, {}};
    std::string diffs;
    for (const Step& step : c.steps) {
      Answer want = Send(redis, step);
      Answer got = Send(ours, step);
      std::string diff = Compare(step, want, got);
      if (!diff.empty()) {
        diffs +=
            " line " + std::to_string(step.line) + ": " + Printable(step.text, 200) + "\n" + diff;
      }
      // A step that failed to answer would shift every later reply: stop the case there.
      if (!want.complete || !got.complete) break;
    }
    return diffs;
  }

  ServerProcess redis_{RedisBinary()};
  ServerProcess slotcache_{ServerProcess::Binary()};
  std::string password_;
};

TEST_P(DifferentialTest, RepliesMatchRedis) {
  CaseFile file;
  std::string error;
  ASSERT_TRUE(LoadCaseFile(GetParam(), &file, &error)) << error;
  ASSERT_NO_FATAL_FAILURE(StartPair(file));
  const char* only = std::getenv("SLOTCACHE_DIFF_CASE");  // run only cases whose name has this
  int ran = 0;
  int trivia = 0;
  for (const Case& c : file.cases) {
    if (only != nullptr && c.name.find(only) == std::string::npos) continue;
    ASSERT_NO_FATAL_FAILURE(Reset());
    ++ran;
    std::string diffs = RunCase(c);
    std::string where = file.path + ":" + std::to_string(c.line) + " '" + c.name + "'";
    if (!c.trivia.empty()) {
      trivia += diffs.empty() ? 0 : 1;
      if (diffs.empty()) std::cout << "trivia case matches now: " << where << "\n";
      continue;
    }
    EXPECT_TRUE(diffs.empty()) << where << "\n" << diffs;
    ASSERT_TRUE(slotcache_.Running()) << "slotcache-server died during " << where;
  }
  std::cout << file.path << ": " << ran << " cases, " << trivia << " known differences (@trivia)\n";
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, DifferentialTest, ::testing::ValuesIn(CaseFiles()), TestName);

}  // namespace
}  // namespace slotcache::blackbox
