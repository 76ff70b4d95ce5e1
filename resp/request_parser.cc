#include "resp/request_parser.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "resp/numbers.h"

namespace slotcache::resp {
namespace {

constexpr std::string_view kErrMultibulkLen = "Protocol error: invalid multibulk length";
constexpr std::string_view kErrBulkLen = "Protocol error: invalid bulk length";
constexpr std::string_view kErrBigMultibulk = "Protocol error: too big mbulk count string";
constexpr std::string_view kErrBigBulk = "Protocol error: too big bulk count string";
constexpr std::string_view kErrBigInline = "Protocol error: too big inline request";
constexpr std::string_view kErrQuotes = "Protocol error: unbalanced quotes in request";

ParseResult Error(std::string_view text) {
  return {ParseStatus::kError, 0, 0, text};
}

// Finds `terminator` at or after `pos`; npos when absent. Redis scans its query buffer with
// strchr(), which stops at a NUL byte, so a line holding a NUL before its end never completes
// (the request waits for more bytes until the size limit turns it into an error).
size_t FindLineEnd(std::string_view input, size_t pos, char terminator) {
  size_t end = input.find(terminator, pos);
  if (end == std::string_view::npos) return end;
  bool has_nul = std::memchr(input.data() + pos, '\0', end - pos) != nullptr;
  return has_nul ? std::string_view::npos : end;
}

ParseResult ExpectedDollarError(char got) {
  // Redis: "Protocol error: expected '$', got '%c'" (the text must outlive this call).
  static thread_local char buf[48];
  std::snprintf(buf, sizeof(buf), "Protocol error: expected '$', got '%c'", got);
  return Error(buf);
}

ParseResult ParseMultibulk(std::string_view input, const ParseLimits& limits, ArgList* args) {
  size_t cr = FindLineEnd(input, 1, '\r');
  if (cr == std::string_view::npos) {
    if (input.size() > limits.max_inline_len) return Error(kErrBigMultibulk);
    return {};
  }
  if (cr + 1 >= input.size()) return {};  // need the '\n' too
  int64_t count = 0;
  if (!ParseInt64(input.substr(1, cr - 1), &count) || count > limits.max_multibulk_len) {
    return Error(kErrMultibulkLen);
  }
  size_t pos = cr + 2;
  if (count <= 0) return {ParseStatus::kComplete, pos, 0, {}};
  for (int64_t i = 0; i < count; ++i) {
    if (pos >= input.size()) return {};
    // Like Redis, the '$' is checked only once the whole header line has arrived.
    cr = FindLineEnd(input, pos, '\r');
    if (cr == std::string_view::npos) {
      if (input.size() - pos > limits.max_inline_len) return Error(kErrBigBulk);
      return {};
    }
    if (cr + 1 >= input.size()) return {};
    if (input[pos] != '$') return ExpectedDollarError(input[pos]);
    int64_t len = 0;
    if (!ParseInt64(input.substr(pos + 1, cr - pos - 1), &len) || len < 0 ||
        len > limits.max_bulk_len) {
      return Error(kErrBulkLen);
    }
    pos = cr + 2;
    // Like Redis, the two bytes after the payload are skipped, not checked.
    size_t end = pos + static_cast<size_t>(len) + 2;
    if (end > input.size()) {
      ParseResult more;
      // Only the current bulk's size is known; that is enough to size the buffer for big values.
      more.wanted = end;
      return more;
    }
    args->push_back(input.substr(pos, static_cast<size_t>(len)));
    pos = end;
  }
  return {ParseStatus::kComplete, pos, 0, {}};
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char Unescape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'a':
      return '\a';
    default:
      return c;
  }
}

// Redis's sdssplitargs: whitespace-separated words, "double quotes" with escapes, 'single quotes'.
// Words are written to `scratch` (one after another) and viewed from there.
bool SplitInline(std::string_view line, ArgList* args, std::string* scratch) {
  // sdssplitargs reads a C string: a NUL ends the line.
  line = line.substr(0, line.find('\0'));
  scratch->clear();
  scratch->reserve(line.size());  // no reallocation below: views into scratch stay valid
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    while (i < n && std::isspace(static_cast<unsigned char>(line[i])))
      ++i;
    if (i >= n) return true;
    size_t start = scratch->size();
    bool in_double = false, in_single = false, done = false;
    while (!done) {
      if (in_double) {
        if (i >= n) return false;
        if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && HexValue(line[i + 2]) >= 0 &&
            HexValue(line[i + 3]) >= 0) {
          scratch->push_back(static_cast<char>(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3])));
          i += 3;
        } else if (line[i] == '\\' && i + 1 < n) {
          scratch->push_back(Unescape(line[++i]));
        } else if (line[i] == '"') {
          if (i + 1 < n && !std::isspace(static_cast<unsigned char>(line[i + 1]))) return false;
          done = true;
        } else {
          scratch->push_back(line[i]);
        }
      } else if (in_single) {
        if (i >= n) return false;
        if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
          scratch->push_back('\'');
          ++i;
        } else if (line[i] == '\'') {
          if (i + 1 < n && !std::isspace(static_cast<unsigned char>(line[i + 1]))) return false;
          done = true;
        } else {
          scratch->push_back(line[i]);
        }
      } else if (i >= n) {
        done = true;
      } else if (line[i] == ' ' || line[i] == '\n' || line[i] == '\r' || line[i] == '\t' ||
                 line[i] == '\0') {
        done = true;
      } else if (line[i] == '"') {
        in_double = true;
      } else if (line[i] == '\'') {
        in_single = true;
      } else {
        scratch->push_back(line[i]);
      }
      if (i < n) ++i;
    }
    args->push_back(std::string_view(scratch->data() + start, scratch->size() - start));
  }
}

ParseResult ParseInline(std::string_view input, const ParseLimits& limits, ArgList* args,
                        std::string* scratch) {
  size_t nl = FindLineEnd(input, 0, '\n');
  if (nl == std::string_view::npos) {
    if (input.size() > limits.max_inline_len) return Error(kErrBigInline);
    return {};
  }
  std::string_view line = input.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!SplitInline(line, args, scratch)) {
    args->clear();
    return Error(kErrQuotes);
  }
  return {ParseStatus::kComplete, nl + 1, 0, {}};
}

}  // namespace

bool SplitWords(std::string_view line, std::vector<std::string>* words) {
  ArgList args;
  std::string scratch;
  if (!SplitInline(line, &args, &scratch)) return false;
  words->assign(args.begin(), args.end());
  return true;
}

ParseResult ParseRequest(std::string_view input, const ParseLimits& limits, ArgList* args,
                         std::string* scratch) {
  args->clear();
  if (input.empty()) return {};
  ParseResult result = input[0] == '*' ? ParseMultibulk(input, limits, args)
                                       : ParseInline(input, limits, args, scratch);
  if (result.status != ParseStatus::kComplete) args->clear();
  return result;
}

}  // namespace slotcache::resp
