#include "server/base/glob.h"

#include <cctype>
#include <utility>

namespace slotcache::server {
namespace {

// Redis compares pattern bytes as (signed) chars, which matters for [a-z] ranges; tolower
// only changes A-Z in the C locale.
int Fold(char c, bool nocase) {
  int v = static_cast<signed char>(c);
  return nocase && v >= 0 ? std::tolower(v) : v;
}

// Matches one [...] class against `c`; `p` starts just past the '[' and is left on the class's
// last byte (its ']', or the pattern's last byte if unterminated), as in Redis.
bool MatchClass(std::string_view& p, char c, bool nocase) {
  bool negate = !p.empty() && p[0] == '^';
  if (negate) p.remove_prefix(1);
  bool match = false;
  while (true) {
    if (p.size() >= 2 && p[0] == '\\') {
      p.remove_prefix(1);
      if (p[0] == c) match = true;  // escaped bytes compare exactly, even with nocase
    } else if (!p.empty() && p[0] == ']') {
      break;
    } else if (p.empty()) {
      break;
    } else if (p.size() >= 3 && p[1] == '-') {
      int start = Fold(p[0], nocase), end = Fold(p[2], nocase), x = Fold(c, nocase);
      if (start > end) std::swap(start, end);
      if (x >= start && x <= end) match = true;
      p.remove_prefix(2);
    } else if (Fold(p[0], nocase) == Fold(c, nocase)) {
      match = true;
    }
    p.remove_prefix(1);
  }
  return negate ? !match : match;
}

// Port of Redis's stringmatchlen_impl. `skip_longer` stops the '*' backtracking once the rest
// of the pattern failed at every later position (keeps hostile patterns linear-ish); the
// nesting limit bounds recursion like Redis.
bool Match(std::string_view p, std::string_view s, bool nocase, bool* skip_longer, int nesting) {
  if (nesting > 1000) return false;
  while (!p.empty() && !s.empty()) {
    switch (p[0]) {
      case '*':
        while (p.size() > 1 && p[1] == '*')
          p.remove_prefix(1);
        if (p.size() == 1) return true;
        for (; !s.empty(); s.remove_prefix(1)) {
          if (Match(p.substr(1), s, nocase, skip_longer, nesting + 1)) return true;
          if (*skip_longer) return false;
        }
        *skip_longer = true;
        return false;
      case '?':
        s.remove_prefix(1);
        break;
      case '[':
        p.remove_prefix(1);
        if (!MatchClass(p, s[0], nocase)) return false;
        s.remove_prefix(1);
        if (p.empty()) return s.empty();  // unterminated class consumed the whole pattern
        break;
      case '\\':
        if (p.size() >= 2) p.remove_prefix(1);
        [[fallthrough]];
      default:
        if (Fold(p[0], nocase) != Fold(s[0], nocase)) return false;
        s.remove_prefix(1);
        break;
    }
    p.remove_prefix(1);
    if (s.empty()) {
      while (!p.empty() && p[0] == '*')
        p.remove_prefix(1);
      break;
    }
  }
  return p.empty() && s.empty();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  bool skip_longer = false;
  return Match(pattern, text, nocase, &skip_longer, 0);
}

}  // namespace slotcache::server
