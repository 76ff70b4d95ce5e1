#include "server/config.h"

#include <climits>
#include <fstream>
#include <sstream>

#include "resp/numbers.h"
#include "resp/request_parser.h"
#include "server/glob.h"
#include "server/str_util.h"

namespace slotcache::server {
namespace {

using Args = std::span<const std::string>;
// Applies the directive's arguments; returns "" or Redis's reason text.
using Setter = std::function<std::string(Config&, Args)>;
using Getter = std::function<std::string(const Config&)>;

struct Directive {
  std::string_view name;
  bool runtime;  // may CONFIG SET change it
  Setter set;
  Getter get;
};

constexpr std::string_view kNotInteger = "argument couldn't be parsed into an integer";

std::string RangeError(int64_t min, int64_t max) {
  return fmt::format("argument must be between {} and {} inclusive", min, max);
}

template <typename T>
Directive Integer(std::string_view name, T Config::*field, int64_t min, int64_t max,
                  bool runtime = true) {
  return {name, runtime,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return "wrong number of arguments";
            int64_t v;
            if (!resp::ParseInt64(args[0], &v)) return std::string(kNotInteger);
            if (v < min || v > max) return RangeError(min, max);
            c.*field = static_cast<T>(v);
            return "";
          },
          [=](const Config& c) { return fmt::format("{}", c.*field); }};
}

Directive Memory(std::string_view name, int64_t Config::*field, int64_t min, int64_t max) {
  return {name, true,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return "wrong number of arguments";
            int64_t v;
            if (!ParseMemory(args[0], &v)) return "argument must be a memory value";
            if (v < min || v > max) return RangeError(min, max);
            c.*field = v;
            return "";
          },
          [=](const Config& c) { return fmt::format("{}", c.*field); }};
}

Directive String(std::string_view name, std::string Config::*field, bool runtime = true) {
  return {name, runtime,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return "wrong number of arguments";
            c.*field = args[0];
            return "";
          },
          [=](const Config& c) { return c.*field; }};
}

Directive Enum(std::string_view name, std::string Config::*field,
               std::vector<std::string> choices) {
  return {name, true,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return "wrong number of arguments";
            std::string v = AsciiLower(args[0]);
            for (const auto& choice : choices) {
              if (v == choice) return c.*field = v, "";
            }
            return "argument(s) must be one of the following: " + Join(choices, ", ");
          },
          [=](const Config& c) { return c.*field; }};
}

// A directive slotcache accepts only at the value it really implements (so a stock redis.conf
// line like `appendonly no` works, and `appendonly yes` fails loudly instead of being ignored).
Directive Fixed(std::string_view name, std::string value, std::string why) {
  return {name, true,
          [=](Config&, Args args) -> std::string {
            if (Join(args, " ") == value) return "";
            return why;
          },
          [=](const Config&) { return value; }};
}

std::string FormatLimit(std::string_view cls, const OutputBufferLimit& l) {
  return fmt::format("{} {} {} {}", cls, l.hard_bytes, l.soft_bytes, l.soft_seconds);
}

// client-output-buffer-limit <class> <hard> <soft> <seconds> [<class> ...]
std::string SetOutputLimits(Config& c, Args args) {
  if (args.empty() || args.size() % 4 != 0)
    return "Wrong number of arguments in buffer limit configuration.";
  Config next = c;
  for (size_t i = 0; i < args.size(); i += 4) {
    std::string cls = AsciiLower(args[i]);
    OutputBufferLimit* limit = cls == "normal"                        ? &next.output_limit_normal
                               : (cls == "replica" || cls == "slave") ? &next.output_limit_replica
                               : cls == "pubsub"                      ? &next.output_limit_pubsub
                                                                      : nullptr;
    if (limit == nullptr) return "Invalid client class specified in buffer limit configuration.";
    int64_t hard, soft, seconds;
    if (!ParseMemory(args[i + 1], &hard) || !ParseMemory(args[i + 2], &soft) ||
        !resp::ParseInt64(args[i + 3], &seconds) || hard < 0 || soft < 0 || seconds < 0) {
      return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
    }
    *limit = {static_cast<uint64_t>(hard), static_cast<uint64_t>(soft), seconds};
  }
  c = next;
  return "";
}

std::string GetOutputLimits(const Config& c) {
  return fmt::format("{} {} {}", FormatLimit("normal", c.output_limit_normal),
                     FormatLimit("slave", c.output_limit_replica),
                     FormatLimit("pubsub", c.output_limit_pubsub));
}

const std::vector<Directive>& Directives() {
  static const std::vector<Directive> table = {
      {"bind", false,
       [](Config& c, Args args) -> std::string {
         if (args.empty()) return "wrong number of arguments";
         c.bind.assign(args.begin(), args.end());
         return "";
       },
       [](const Config& c) { return Join(c.bind, " "); }},
      Integer("port", &Config::port, 0, 65535, false),
      {"dir", true,
       [](Config& c, Args args) -> std::string {
         if (args.size() != 1) return "wrong number of arguments";
         c.dir = args[0];
         return "";
       },
       [](const Config& c) { return c.dir; }},
      String("requirepass", &Config::requirepass),
      Enum("loglevel", &Config::loglevel, {"debug", "verbose", "notice", "warning"}),
      String("logfile", &Config::logfile, false),
      Integer("databases", &Config::databases, 1, INT_MAX, false),
      Integer("maxclients", &Config::maxclients, 1, 4294967295LL),
      Integer("timeout", &Config::timeout, 0, INT_MAX),
      Memory("proto-max-bulk-len", &Config::proto_max_bulk_len, 1024 * 1024, LLONG_MAX),
      Integer("hz", &Config::hz, 1, 500),
      Integer("tcp-backlog", &Config::tcp_backlog, 0, INT_MAX, false),
      Integer("tcp-keepalive", &Config::tcp_keepalive, 0, INT_MAX),
      {"client-output-buffer-limit", true, SetOutputLimits, GetOutputLimits},
      Fixed("save", "", "RDB snapshots are not supported (persistence is the append-only file)"),
      Fixed("appendonly", "no", "the append-only file is not implemented yet"),
      Fixed("daemonize", "no", "slotcache runs in the foreground; use a process supervisor"),
  };
  return table;
}

const Directive* FindDirective(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (const Directive& d : Directives()) {
    if (d.name == lower) return &d;
  }
  return nullptr;
}

std::string FatalReport(int line_number, std::string_view line, std::string_view reason) {
  return fmt::format(
      "\n*** FATAL CONFIG FILE ERROR (slotcache) ***\nReading the configuration file, at line "
      "{}\n>>> '{}'\n{}",
      line_number, line, reason);
}

}  // namespace

bool ParseMemory(std::string_view text, int64_t* bytes) {
  std::string lower = AsciiLower(text);
  static const std::pair<std::string_view, int64_t> kUnits[] = {
      {"gb", 1LL << 30}, {"mb", 1LL << 20}, {"kb", 1LL << 10}, {"g", 1000000000LL},
      {"m", 1000000LL},  {"k", 1000LL},     {"b", 1}};
  int64_t multiplier = 1;
  std::string_view digits = lower;
  for (const auto& [suffix, mul] : kUnits) {
    if (digits.size() > suffix.size() && digits.ends_with(suffix)) {
      digits.remove_suffix(suffix.size());
      multiplier = mul;
      break;
    }
  }
  int64_t v;
  if (!resp::ParseInt64(digits, &v)) return false;
  if (v != 0 && (v > LLONG_MAX / multiplier || v < LLONG_MIN / multiplier)) return false;
  *bytes = v * multiplier;
  return true;
}

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
    std::string reason = d->set(*config, Args(words).subspan(1));
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
  for (const Directive& d : Directives()) {
    for (std::string_view pattern : patterns) {
      if (GlobMatch(pattern, d.name, /*nocase=*/true)) {
        out.emplace_back(d.name, d.get(config));
        break;
      }
    }
  }
  return out;
}

absl::Status ConfigSet(Config* config, std::span<const std::string_view> pairs,
                       const std::function<void(std::string_view)>& on_change) {
  Config next = *config;
  std::vector<std::string_view> changed;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const Directive* d = FindDirective(pairs[i]);
    if (d == nullptr) {
      return absl::InvalidArgumentError(
          fmt::format("ERR Unknown option or number of arguments for CONFIG SET - '{}'", pairs[i]));
    }
    for (std::string_view seen : changed) {
      if (seen == d->name) {
        return absl::InvalidArgumentError(fmt::format(
            "ERR CONFIG SET failed (possibly related to argument '{}') - duplicate parameter",
            pairs[i]));
      }
    }
    std::string reason;
    if (!d->runtime) {
      reason = "can't set immutable config";
    } else {
      std::vector<std::string> words;
      // Multi-word values (client-output-buffer-limit, bind) are split like a config line.
      if (d->name == "client-output-buffer-limit" || d->name == "bind") {
        for (std::string_view w : Split(pairs[i + 1], ' ', true))
          words.emplace_back(w);
      } else {
        words.emplace_back(pairs[i + 1]);
      }
      reason = d->set(next, words);
    }
    if (!reason.empty()) {
      return absl::InvalidArgumentError(fmt::format(
          "ERR CONFIG SET failed (possibly related to argument '{}') - {}", pairs[i], reason));
    }
    changed.push_back(d->name);
  }
  *config = next;
  for (std::string_view name : changed)
    on_change(name);
  return absl::OkStatus();
}

}  // namespace slotcache::server
