// Case files of the differential suite (format: redis-tests/cases/README.md): parsed into steps
// of request bytes plus how to compare each reply. Pure text processing, no sockets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace slotcache::blackbox {

// How one reply is compared; all defaults mean "byte-identical".
struct ReplyCheck {
  bool unordered = false;           // aggregates compared as sets (KEYS, SCAN)
  bool type_only = false;           // only the RESP type byte must match (TIME, RANDOMKEY)
  std::vector<std::string> masks;   // regexes replaced by "<masked>" in the rendering
  std::vector<std::string> fields;  // keep only these name:value / name=value items
  bool has_range = false;           // integer replies within [range_lo, range_hi] on both
  int64_t range_lo = 0;
  int64_t range_hi = 0;
  bool Plain() const {
    return !unordered && !type_only && masks.empty() && fields.empty() && !has_range;
  }
};

// One write on one connection and the replies it must produce.
struct Step {
  int line = 0;
  int conn = 1;
  std::string text;  // as written in the file, for messages
  std::string bytes;
  std::vector<ReplyCheck> replies;
  bool until_close = false;  // compare everything the server sends until it closes
};

struct Case {
  std::string name;
  int line = 0;
  std::string trivia;  // non-empty: a known version-specific difference, reported, not failed
  std::vector<Step> steps;
};

struct CaseFile {
  std::string path;
  std::vector<std::string> server_args;  // from "@@server ...": both servers get them
  std::vector<Case> cases;
};

// Reads and parses `path`; false with `error` naming the line on bad syntax.
bool LoadCaseFile(const std::string& path, CaseFile* out, std::string* error);
bool ParseCaseText(std::string_view text, CaseFile* out, std::string* error);

// Splits a line into arguments like redis-cli: bare words, "double quoted" with \xHH \n \r \t
// \a \b \" \\ escapes, 'single quoted' with \'. "@rep:N:TEXT" is TEXT repeated N times.
bool SplitArgs(std::string_view line, std::vector<std::string>* args);

// The RESP multibulk encoding of `args`.
std::string EncodeCommand(const std::vector<std::string>& args);

}  // namespace slotcache::blackbox
