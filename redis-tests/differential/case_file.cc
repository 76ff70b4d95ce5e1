#include "redis-tests/differential/case_file.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace slotcache::blackbox {
namespace {

int HexDigit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// One escape inside double quotes at line[*i] (just after the backslash), as sdssplitargs does.
void AppendEscape(std::string_view line, size_t* i, std::string* out) {
  char ch = line[*i];
  if (ch == 'x' && *i + 2 < line.size() && HexDigit(line[*i + 1]) >= 0 &&
      HexDigit(line[*i + 2]) >= 0) {
    out->push_back(static_cast<char>(HexDigit(line[*i + 1]) * 16 + HexDigit(line[*i + 2])));
    *i += 2;
    return;
  }
  switch (ch) {
    case 'n':
      out->push_back('\n');
      break;
    case 'r':
      out->push_back('\r');
      break;
    case 't':
      out->push_back('\t');
      break;
    case 'b':
      out->push_back('\b');
      break;
    case 'a':
      out->push_back('\a');
      break;
    default:
      out->push_back(ch);
      break;
  }
}

// A quoted argument starting at line[*i] (the quote); false if unbalanced.
bool ReadQuoted(std::string_view line, size_t* i, std::string* out) {
  char quote = line[*i];
  for (++*i; *i < line.size(); ++*i) {
    char ch = line[*i];
    if (ch == quote) {
      ++*i;
      // Like redis-cli: a closing quote must be followed by a space or the end.
      return *i == line.size() || std::isspace(static_cast<unsigned char>(line[*i]));
    }
    if (ch == '\\' && *i + 1 < line.size()) {
      ++*i;
      if (quote == '"') {
        AppendEscape(line, i, out);
      } else {
        out->push_back(line[*i] == '\'' ? '\'' : '\\');
        if (line[*i] != '\'') out->push_back(line[*i]);
      }
      continue;
    }
    out->push_back(ch);
  }
  return false;
}

// "@rep:N:TEXT" expands to TEXT repeated N times (large payloads without huge files).
std::string ExpandRepeat(const std::string& word) {
  if (word.rfind("@rep:", 0) != 0) return word;
  size_t colon = word.find(':', 5);
  if (colon == std::string::npos) return word;
  size_t count = std::strtoull(word.c_str() + 5, nullptr, 10);
  std::string unit = word.substr(colon + 1);
  std::string out;
  out.reserve(count * unit.size());
  for (size_t n = 0; n < count; ++n) {
    out += unit;
  }
  return out;
}

struct Parser {
  CaseFile* file = nullptr;
  std::string* error = nullptr;
  int line_no = 0;
  ReplyCheck pending;  // notes waiting for the next request
  bool in_pipeline = false;
  Step pipeline;

  bool Fail(const std::string& why) {
    *error = file->path + ":" + std::to_string(line_no) + ": " + why;
    return false;
  }
  Case* Current() { return file->cases.empty() ? nullptr : &file->cases.back(); }
  bool Line(std::string_view line);
  bool Note(std::string_view word, std::string_view rest);
  bool Request(std::string_view line);
  // Applies one "@..." prefix word of a request line; @inline and @raw consume the rest.
  bool Modifier(std::string_view word, std::string_view* rest, Step* step, ReplyCheck* check,
                int* replies);
  bool AddStep(Step step);
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// Splits off the first whitespace-separated word of `*line`.
std::string_view NextWord(std::string_view* line) {
  *line = Trim(*line);
  size_t end = 0;
  while (end < line->size() && !std::isspace(static_cast<unsigned char>((*line)[end])))
    ++end;
  std::string_view word = line->substr(0, end);
  *line = Trim(line->substr(end));
  return word;
}

bool Parser::Line(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line[0] == '#') return true;
  if (line.rfind("===", 0) == 0) {
    if (in_pipeline) return Fail("case starts inside @pipeline");
    file->cases.push_back(Case{std::string(Trim(line.substr(3))), line_no, "", {}});
    return true;
  }
  std::string_view rest = line;
  std::string_view word = NextWord(&rest);
  if (word == "@@server") {
    if (Current() != nullptr) return Fail("@@server must come before the first case");
    return SplitArgs(rest, &file->server_args) || Fail("bad quoting");
  }
  if (Current() == nullptr) return Fail("request outside a case (missing '=== name')");
  // A lone @unordered / @any line is a note on the next request, like @mask.
  if (rest.empty() && (word == "@unordered" || word == "@any")) {
    (word == "@any" ? pending.type_only : pending.unordered) = true;
    return true;
  }
  if (word == "@trivia" || word == "@mask" || word == "@range" || word == "@fields" ||
      word == "@pipeline" || word == "@end") {
    return Note(word, rest);
  }
  return Request(line);
}

bool Parser::Note(std::string_view word, std::string_view rest) {
  if (word == "@trivia") {
    Current()->trivia = std::string(rest);
    return !rest.empty() || Fail("@trivia needs a reason");
  }
  if (word == "@mask") {
    pending.masks.emplace_back(rest);
    return !rest.empty() || Fail("@mask needs a regex");
  }
  if (word == "@range") {
    pending.has_range = true;
    pending.range_lo = std::strtoll(std::string(NextWord(&rest)).c_str(), nullptr, 10);
    pending.range_hi = std::strtoll(std::string(NextWord(&rest)).c_str(), nullptr, 10);
    return pending.range_lo <= pending.range_hi || Fail("@range LO HI with LO <= HI");
  }
  if (word == "@fields") {
    while (!rest.empty())
      pending.fields.emplace_back(NextWord(&rest));
    return !pending.fields.empty() || Fail("@fields needs names");
  }
  if (word == "@pipeline") {
    if (in_pipeline) return Fail("nested @pipeline");
    in_pipeline = true;
    pipeline = Step{line_no, 0, "@pipeline", "", {}, false};
    return true;
  }
  if (!in_pipeline) return Fail("@end without @pipeline");
  in_pipeline = false;
  if (pipeline.bytes.empty()) return Fail("empty @pipeline");
  Current()->steps.push_back(std::move(pipeline));
  return true;
}

bool Parser::Modifier(std::string_view word, std::string_view* rest, Step* step, ReplyCheck* check,
                      int* replies) {
  if (word.rfind("@conn", 0) == 0 && word.size() == 6 && std::isdigit(word[5])) {
    step->conn = word[5] - '0';
  } else if (word == "@unordered") {
    check->unordered = true;
  } else if (word == "@any") {
    check->type_only = true;
  } else if (word == "@closes") {
    step->until_close = true;
  } else if (word == "@noreply") {
    *replies = 0;
  } else if (word == "@inline") {
    step->bytes = std::string(*rest) + "\r\n";
    *rest = {};
  } else if (word == "@raw") {
    std::vector<std::string> args;
    if (!SplitArgs(*rest, &args) || args.size() != 2) return Fail("@raw N|close \"bytes\"");
    step->until_close = args[0] == "close";
    *replies = step->until_close ? 0 : std::atoi(args[0].c_str());
    step->bytes = args[1];
    *rest = {};
  } else {
    return Fail("unknown modifier " + std::string(word));
  }
  return true;
}

bool Parser::Request(std::string_view line) {
  Step step{line_no, 1, std::string(line), "", {}, false};
  ReplyCheck check = pending;
  pending = ReplyCheck{};
  int replies = 1;
  std::string_view rest = line;
  while (!rest.empty() && rest[0] == '@') {
    std::string_view word = NextWord(&rest);
    if (!Modifier(word, &rest, &step, &check, &replies)) return false;
  }
  if (!rest.empty()) {
    std::vector<std::string> args;
    if (!SplitArgs(rest, &args) || args.empty()) return Fail("bad quoting");
    step.bytes = EncodeCommand(args);
  }
  if (step.bytes.empty()) return Fail("nothing to send");
  step.replies.assign(static_cast<size_t>(replies), check);
  return AddStep(std::move(step));
}

bool Parser::AddStep(Step step) {
  if (!in_pipeline) {
    Current()->steps.push_back(std::move(step));
    return true;
  }
  if (pipeline.conn != 0 && pipeline.conn != step.conn) {
    return Fail("all requests of a @pipeline use one connection");
  }
  pipeline.conn = step.conn;
  pipeline.text += " | " + step.text;
  pipeline.bytes += step.bytes;
  pipeline.until_close = pipeline.until_close || step.until_close;
  pipeline.replies.insert(pipeline.replies.end(), step.replies.begin(), step.replies.end());
  return true;
}

}  // namespace

bool SplitArgs(std::string_view line, std::vector<std::string>* args) {
  size_t i = 0;
  while (true) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
      ++i;
    if (i == line.size()) return true;
    std::string arg;
    if (line[i] == '"' || line[i] == '\'') {
      if (!ReadQuoted(line, &i, &arg)) return false;
      args->push_back(std::move(arg));
      continue;
    }
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) {
      arg.push_back(line[i++]);
    }
    args->push_back(ExpandRepeat(arg));
  }
}

std::string EncodeCommand(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const std::string& arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  }
  return out;
}

bool ParseCaseText(std::string_view text, CaseFile* out, std::string* error) {
  Parser parser;
  parser.file = out;
  parser.error = error;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    ++parser.line_no;
    if (!parser.Line(line)) return false;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  if (parser.in_pipeline) return parser.Fail("@pipeline without @end");
  for (const Case& c : out->cases) {
    if (c.steps.empty()) {
      parser.line_no = c.line;
      return parser.Fail("case '" + c.name + "' has no requests");
    }
  }
  return true;
}

bool LoadCaseFile(const std::string& path, CaseFile* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::stringstream contents;
  contents << in.rdbuf();
  out->path = path;
  return ParseCaseText(contents.str(), out, error);
}

}  // namespace slotcache::blackbox
