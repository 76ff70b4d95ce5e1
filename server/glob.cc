#include "server/glob.h"

#include <cctype>

namespace slotcache::server {
namespace {

char Fold(char c, bool nocase) {
  return nocase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches one [...] class at the front of `p` (just past '['); advances `p` past the ']'.
bool MatchClass(std::string_view& p, char c, bool nocase) {
  bool negate = !p.empty() && p[0] == '^';
  if (negate) p.remove_prefix(1);
  bool match = false;
  while (!p.empty() && p[0] != ']') {
    if (p[0] == '\\' && p.size() >= 2) {
      p.remove_prefix(1);
      if (Fold(p[0], nocase) == Fold(c, nocase)) match = true;
    } else if (p.size() >= 3 && p[1] == '-') {
      char start = Fold(p[0], nocase), end = Fold(p[2], nocase), x = Fold(c, nocase);
      if (start > end) std::swap(start, end);
      if (x >= start && x <= end) match = true;
      p.remove_prefix(2);
    } else if (Fold(p[0], nocase) == Fold(c, nocase)) {
      match = true;
    }
    p.remove_prefix(1);
  }
  if (!p.empty()) p.remove_prefix(1);  // the ']'
  return negate ? !match : match;
}

// Depth-limited like Redis (nesting of '*' backtracking), so hostile patterns stay cheap.
bool Match(std::string_view p, std::string_view s, bool nocase, int depth) {
  if (depth > 1000) return false;
  while (!p.empty()) {
    switch (p[0]) {
      case '*':
        while (p.size() > 1 && p[1] == '*')
          p.remove_prefix(1);
        if (p.size() == 1) return true;
        for (size_t i = 0; i <= s.size(); ++i) {
          if (Match(p.substr(1), s.substr(i), nocase, depth + 1)) return true;
        }
        return false;
      case '?':
        if (s.empty()) return false;
        s.remove_prefix(1);
        p.remove_prefix(1);
        break;
      case '[': {
        if (s.empty()) return false;
        p.remove_prefix(1);
        if (!MatchClass(p, s[0], nocase)) return false;
        s.remove_prefix(1);
        break;
      }
      case '\\':
        if (p.size() >= 2) p.remove_prefix(1);
        [[fallthrough]];
      default:
        if (s.empty() || Fold(p[0], nocase) != Fold(s[0], nocase)) return false;
        s.remove_prefix(1);
        p.remove_prefix(1);
    }
  }
  return s.empty();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  return Match(pattern, text, nocase, 0);
}

}  // namespace slotcache::server
