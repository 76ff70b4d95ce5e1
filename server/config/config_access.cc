#include "server/config/config_access.h"

#include <algorithm>
#include <climits>
#include <fstream>
#include <sstream>

#include "resp/numbers.h"
#include "resp/request_parser.h"
#include "server/base/errors.h"
#include "server/base/glob.h"
#include "server/base/str_util.h"
#include "server/config/config_directives.h"

namespace slotcache::server {
namespace {

std::string FatalReport(int line_number, std::string_view line, std::string_view reason) {
  return fmt::format(
      "\n*** FATAL CONFIG FILE ERROR (slotcache) ***\nReading the configuration file, at line "
      "{}\n>>> '{}'\n{}",
      line_number, line, reason);
}

bool HasGlobChars(std::string_view pattern) {
  return pattern.find_first_of("[*?") != std::string_view::npos;
}

// CONFIG SET's first pass, like Redis: names only (unknown, immutable, protected, duplicate);
// the first problem in argument order is reported, before any value is looked at.
absl::Status CheckNames(std::span<const std::string_view> pairs,
                        std::vector<const Directive*>* directives) {
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const Directive* d = FindDirective(pairs[i]);
    if (d == nullptr) {
      return absl::InvalidArgumentError(fmt::format(fmt::runtime(kErrConfigSetUnknown), pairs[i]));
    }
    if (d->access != DirectiveAccess::kMutable) {
      return absl::InvalidArgumentError(ConfigSetFailedError(
          pairs[i], d->access == DirectiveAccess::kImmutable ? "can't set immutable config"
                                                             : "can't set protected config"));
    }
    for (const Directive* seen : *directives) {
      if (seen == d)
        return absl::InvalidArgumentError(ConfigSetFailedError(pairs[i], "duplicate parameter"));
    }
    directives->push_back(d);
  }
  return absl::OkStatus();
}

// CONFIG SET passes multi-argument values as one string; Redis splits them on single spaces
// (so "a  b" has an empty word in the middle and "" has no words).
std::vector<std::string> ValueWords(const Directive& d, std::string_view value) {
  std::vector<std::string> words;
  if (!d.multi_arg) {
    words.emplace_back(value);
  } else if (!value.empty()) {
    for (std::string_view w : Split(value, ' '))
      words.emplace_back(w);
  }
  return words;
}

}  // namespace

absl::Status ApplyConfigText(std::string_view text, Config* config) {
  int line_number = 0;
  for (std::string_view raw : Split(text, '\n')) {
    ++line_number;
    std::string_view line = StripWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> words;
    if (!resp::SplitWords(line, &words)) {
      return absl::InvalidArgumentError(
          FatalReport(line_number, line, "Unbalanced quotes in configuration line"));
    }
    if (words.empty()) continue;
    const Directive* d = FindDirective(words[0]);
    if (d == nullptr) {
      return absl::InvalidArgumentError(
          FatalReport(line_number, line, "Bad directive or wrong number of arguments"));
    }
    // Like Redis, a multi-argument directive given as one quoted word ("normal 0 0 0", which is
    // what `--client-output-buffer-limit "normal 0 0 0"` produces) is split on spaces.
    if (d->multi_arg && words.size() == 2)
      words = ValueWords(*d, words[1]);
    else
      words.erase(words.begin());
    std::string reason = d->set(*config, words);
    if (!reason.empty()) return absl::InvalidArgumentError(FatalReport(line_number, line, reason));
  }
  return absl::OkStatus();
}

absl::StatusOr<Config> ConfigFromArgs(std::span<char* const> argv) {
  Config config;
  std::string text;
  size_t i = 1;
  if (i < argv.size() && std::string_view(argv[i]).substr(0, 2) != "--") {
    std::ifstream file(argv[i]);
    if (!file) {
      return absl::NotFoundError(fmt::format("Fatal error, can't open config file '{}'", argv[i]));
    }
    std::stringstream contents;
    contents << file.rdbuf();
    text = contents.str();
    char resolved[PATH_MAX];
    config.config_file = realpath(argv[i], resolved) ? resolved : argv[i];
    ++i;
  }
  // Like redis-server: each --name starts a new config line, later words are its arguments,
  // quoted so that spaces and empty strings survive.
  std::string options;
  for (; i < argv.size(); ++i) {
    std::string_view word = argv[i];
    if (word.substr(0, 2) == "--" && word.size() > 2) {
      if (!options.empty()) options += '\n';
      options += word.substr(2);
    } else {
      options += " \"";
      for (char c : word) {
        if (c == '"' || c == '\\') options += '\\';
        options += c;
      }
      options += '"';
    }
  }
  if (!options.empty()) text += "\n" + options + "\n";
  absl::Status status = ApplyConfigText(text, &config);
  if (!status.ok()) return status;
  return config;
}

std::vector<std::pair<std::string, std::string>> ConfigGet(
    const Config& config, std::span<const std::string_view> patterns) {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<const Directive*> seen;
  auto add = [&](const Directive& d, std::string_view shown_name) {
    if (std::find(seen.begin(), seen.end(), &d) != seen.end()) return;
    seen.push_back(&d);
    out.emplace_back(shown_name, d.get(config));
  };
  for (std::string_view pattern : patterns) {
    // Like Redis, a plain name is looked up and echoed as the client spelled it.
    if (!HasGlobChars(pattern)) {
      if (const Directive* d = FindDirective(pattern)) add(*d, pattern);
      continue;
    }
    for (const Directive& d : Directives()) {
      if (GlobMatch(pattern, d.name, /*nocase=*/true)) add(d, d.name);
    }
  }
  return out;
}

absl::Status ConfigSet(Config* config, std::span<const std::string_view> pairs,
                       const std::function<void(std::string_view)>& on_change) {
  std::vector<const Directive*> directives;
  absl::Status names = CheckNames(pairs, &directives);
  if (!names.ok()) return names;
  Config next = *config;
  for (size_t i = 0; i < directives.size(); ++i) {
    std::vector<std::string> words = ValueWords(*directives[i], pairs[2 * i + 1]);
    std::string reason = directives[i]->set(next, words);
    if (!reason.empty())
      return absl::InvalidArgumentError(ConfigSetFailedError(directives[i]->name, reason));
  }
  *config = std::move(next);
  for (const Directive* d : directives)
    on_change(d->name);
  return absl::OkStatus();
}

}  // namespace slotcache::server
