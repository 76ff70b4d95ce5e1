#include "server/config/config_directives.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "cluster/seed_address.h"
#include "resp/numbers.h"
#include "server/base/str_util.h"

namespace slotcache::server {
namespace {

using Args = Directive::Args;
using Access = DirectiveAccess;

constexpr std::string_view kWrongArgs = "wrong number of arguments";
constexpr std::string_view kNotInteger = "argument couldn't be parsed into an integer";
constexpr std::string_view kNotMemory = "argument must be a memory value";
constexpr std::string_view kNotBool = "argument must be 'yes' or 'no'";

std::string RangeError(int64_t min, int64_t max) {
  return fmt::format("argument must be between {} and {} inclusive", min, max);
}

// An integer directive; `clamp_*` narrow an accepted value silently, as Redis does for hz.
template <typename T>
Directive Integer(std::string_view name, T Config::*field, int64_t min, int64_t max,
                  Access access = Access::kMutable) {
  return {name, access, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            int64_t v;
            if (!resp::ParseInt64(args[0], &v)) return std::string(kNotInteger);
            if (v < min || v > max) return RangeError(min, max);
            c.*field = static_cast<T>(v);
            return "";
          },
          [=](const Config& c) { return fmt::format("{}", c.*field); }};
}

// A size Redis keeps as a long long: memtoull's result read as signed, so a size past LLONG_MAX
// fails the range check as it does in Redis.
Directive Memory(std::string_view name, int64_t Config::*field, int64_t min, int64_t max) {
  return {name, Access::kMutable, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            uint64_t bytes;
            if (!ParseMemory(args[0], &bytes)) return std::string(kNotMemory);
            auto v = static_cast<int64_t>(bytes);
            if (v < min || v > max) return RangeError(min, max);
            c.*field = v;
            return "";
          },
          [=](const Config& c) { return fmt::format("{}", c.*field); }};
}

// A size Redis keeps unsigned (maxmemory): every memtoull result is in range.
Directive UnsignedMemory(std::string_view name, uint64_t Config::*field) {
  return {name, Access::kMutable, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            if (!ParseMemory(args[0], &(c.*field))) return std::string(kNotMemory);
            return "";
          },
          [=](const Config& c) { return fmt::format("{}", c.*field); }};
}

Directive String(std::string_view name, std::string Config::*field,
                 Access access = Access::kMutable) {
  return {name, access, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            c.*field = args[0];
            return "";
          },
          [=](const Config& c) { return c.*field; }};
}

Directive Enum(std::string_view name, std::string Config::*field, std::vector<std::string> choices,
               Access access = Access::kMutable) {
  return {name, access, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            std::string v = AsciiLower(args[0]);
            for (const auto& choice : choices) {
              if (v == choice) return c.*field = v, "";
            }
            return "argument(s) must be one of the following: " + Join(choices, ", ");
          },
          [=](const Config& c) { return c.*field; }};
}

Directive Bool(std::string_view name, bool Config::*field, Access access = Access::kMutable) {
  return {name, access, false,
          [=](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            bool yes = EqualsIgnoreCase(args[0], "yes");
            if (!yes && !EqualsIgnoreCase(args[0], "no")) return std::string(kNotBool);
            c.*field = yes;
            return "";
          },
          [=](const Config& c) { return std::string(c.*field ? "yes" : "no"); }};
}

// cluster-seeds ip:port[@bus-port] ...: the client (and bus) addresses of the initial primaries.
std::string SetClusterSeeds(Config& c, Args args) {
  for (std::string_view seed : args) {
    if (!cluster::ParseSeedAddress(seed)) {
      return fmt::format("Invalid seed '{}': expected ip:port or ip:port@bus-port", seed);
    }
  }
  c.cluster_seeds.assign(args.begin(), args.end());
  return "";
}

// replicaof <host> <port> (or "no one" to clear it).
std::string SetReplicaOf(Config& c, Args args) {
  if (args.size() != 2) return std::string(kWrongArgs);
  if (EqualsIgnoreCase(args[0], "no") && EqualsIgnoreCase(args[1], "one")) {
    c.replicaof.clear();
    return "";
  }
  int64_t port;
  if (!resp::ParseInt64(args[1], &port) || port < 1 || port > 65535) {
    return std::string(kNotInteger);
  }
  c.replicaof = fmt::format("{} {}", args[0], args[1]);
  return "";
}

// A yes/no directive slotcache accepts only at the value it implements (so a stock redis.conf
// line like `appendonly no` works and `appendonly yes` fails loudly instead of being ignored).
Directive FixedBool(std::string_view name, bool value, std::string why,
                    Access access = Access::kMutable) {
  return {name, access, false,
          [=](Config&, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            bool yes = EqualsIgnoreCase(args[0], "yes");
            if (!yes && !EqualsIgnoreCase(args[0], "no")) return std::string(kNotBool);
            return yes == value ? "" : why;
          },
          [=](const Config&) { return std::string(value ? "yes" : "no"); }};
}

// appenddirname / appendfilename: a plain name, fixed once started (Redis: IMMUTABLE_CONFIG).
Directive AofName(std::string_view name, std::string Config::*field) {
  Directive d = String(name, field, Access::kImmutable);
  d.set = [plain = d.set](Config& c, Args args) {
    if (args.size() == 1 && args[0].find('/') != std::string::npos) {
      return std::string("appendfilename can't be a path, just a filename");
    }
    return plain(c, args);
  };
  return d;
}

// maxmemory-policy: one of Redis's eight policies, in its order.
Directive MaxMemoryPolicy() {
  return {"maxmemory-policy", Access::kMutable, false,
          [](Config& c, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            std::vector<std::string> names;
            for (int i = 0; i <= static_cast<int>(EvictionPolicy::kNoEviction); ++i) {
              auto policy = static_cast<EvictionPolicy>(i);
              names.emplace_back(EvictionPolicyName(policy));
              if (EqualsIgnoreCase(args[0], names.back())) return c.maxmemory_policy = policy, "";
            }
            return "argument(s) must be one of the following: " + Join(names, ", ");
          },
          [](const Config& c) { return std::string(EvictionPolicyName(c.maxmemory_policy)); }};
}

// maxmemory-clients: Redis's client eviction; slotcache implements only its default, 0 (off).
Directive MaxMemoryClients() {
  return {"maxmemory-clients", Access::kMutable, false,
          [](Config&, Args args) -> std::string {
            if (args.size() != 1) return std::string(kWrongArgs);
            uint64_t v;
            if (!ParseMemory(args[0], &v)) return std::string(kNotMemory);
            return v == 0 ? "" : "client eviction is not implemented (only 0)";
          },
          [](const Config&) { return std::string("0"); }};
}

// save <seconds> <changes> [...]; "" clears. Parsed like Redis, but slotcache has no RDB, so
// only the empty schedule is accepted.
std::string SetSave(Config&, Args args) {
  if (args.size() == 1 && args[0].empty()) args = {};
  if (args.size() % 2 != 0) return "Invalid save parameters";
  for (size_t i = 0; i < args.size(); ++i) {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(args[i].c_str(), &end, 10);
    if (*end != '\0' || (i % 2 == 0 && v < 1) || (i % 2 == 1 && v < 0)) {
      return "Invalid save parameters";
    }
  }
  if (!args.empty()) return "RDB snapshots are not supported (persistence is the append-only file)";
  return "";
}

// Redis chdirs while reading `dir`, so a missing directory fails at its line; main() does the
// chdir here, after parsing, and this check keeps the error at the right line.
std::string SetDir(Config& c, Args args) {
  if (args.size() != 1) return std::string(kWrongArgs);
  struct stat st;
  if (stat(args[0].c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISDIR(st.st_mode)) return std::strerror(ENOTDIR);
  c.dir = args[0];
  return "";
}

std::string FormatLimit(std::string_view cls, const OutputBufferLimit& l) {
  return fmt::format("{} {} {} {}", cls, l.hard_bytes, l.soft_bytes, l.soft_seconds);
}

OutputBufferLimit* LimitClass(Config& c, std::string_view name) {
  std::string cls = AsciiLower(name);
  if (cls == "normal") return &c.output_limit_normal;
  if (cls == "replica" || cls == "slave") return &c.output_limit_replica;
  if (cls == "pubsub") return &c.output_limit_pubsub;
  return nullptr;
}

// client-output-buffer-limit <class> <hard> <soft> <seconds> [<class> ...]
std::string SetOutputLimits(Config& c, Args args) {
  if (args.size() % 4 != 0) return "Wrong number of arguments in buffer limit configuration.";
  Config next = c;
  for (size_t i = 0; i < args.size(); i += 4) {
    OutputBufferLimit* limit = LimitClass(next, args[i]);
    if (limit == nullptr) return "Invalid client class specified in buffer limit configuration.";
    uint64_t hard, soft;
    int64_t seconds;
    if (!ParseMemory(args[i + 1], &hard) || !ParseMemory(args[i + 2], &soft) ||
        !resp::ParseInt64(args[i + 3], &seconds) || seconds < 0) {
      return "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
    }
    *limit = {hard, soft, seconds};
  }
  c = next;
  return "";
}

std::string GetOutputLimits(const Config& c) {
  return fmt::format("{} {} {}", FormatLimit("normal", c.output_limit_normal),
                     FormatLimit("slave", c.output_limit_replica),
                     FormatLimit("pubsub", c.output_limit_pubsub));
}

// Redis accepts any hz and clamps it to 1..500 (CONFIG GET then shows the clamped value).
Directive Hz() {
  Directive d = Integer("hz", &Config::hz, 0, INT_MAX);
  d.set = [plain = d.set](Config& c, Args args) {
    std::string error = plain(c, args);
    if (error.empty()) c.hz = std::clamp(c.hz, 1, 500);
    return error;
  };
  return d;
}

}  // namespace

const std::vector<Directive>& Directives() {
  static const std::vector<Directive> table = {
      {"bind", Access::kImmutable, true,
       [](Config& c, Args args) -> std::string {
         if (args.empty()) return std::string(kWrongArgs);
         c.bind.assign(args.begin(), args.end());
         return "";
       },
       [](const Config& c) { return Join(c.bind, " "); }},
      Integer("port", &Config::port, 0, 65535, Access::kImmutable),
      {"dir", Access::kProtected, false, SetDir, [](const Config& c) { return c.dir; }},
      String("requirepass", &Config::requirepass),
      Enum("loglevel", &Config::loglevel, {"debug", "verbose", "notice", "warning"}),
      String("logfile", &Config::logfile, Access::kImmutable),
      Integer("databases", &Config::databases, 1, INT_MAX, Access::kImmutable),
      Integer("maxclients", &Config::maxclients, 1, 4294967295LL),
      Integer("timeout", &Config::timeout, 0, INT_MAX),
      Memory("proto-max-bulk-len", &Config::proto_max_bulk_len, 1024 * 1024, LLONG_MAX),
      Hz(),
      Integer("tcp-backlog", &Config::tcp_backlog, 0, INT_MAX, Access::kImmutable),
      Integer("tcp-keepalive", &Config::tcp_keepalive, 0, INT_MAX),
      Integer("busy-poll-us", &Config::busy_poll_us, 0, 1000000),
      {"client-output-buffer-limit", Access::kMutable, true, SetOutputLimits, GetOutputLimits},
      {"save", Access::kMutable, true, SetSave, [](const Config&) { return std::string(); }},
      Bool("appendonly", &Config::appendonly),
      Enum("appendfsync", &Config::appendfsync, {"always", "everysec", "no"}),
      AofName("appenddirname", &Config::appenddirname),
      AofName("appendfilename", &Config::appendfilename),
      Integer("auto-aof-rewrite-percentage", &Config::auto_aof_rewrite_percentage, 0, INT_MAX),
      Memory("auto-aof-rewrite-min-size", &Config::auto_aof_rewrite_min_size, 0, LLONG_MAX),
      Bool("aof-load-truncated", &Config::aof_load_truncated),
      FixedBool("daemonize", false, "slotcache runs in the foreground; use a process supervisor",
                Access::kImmutable),
      Enum("enable-debug-command", &Config::enable_debug_command, {"no", "yes", "local"},
           Access::kProtected),
      UnsignedMemory("maxmemory", &Config::maxmemory),
      MaxMemoryPolicy(),
      Integer("maxmemory-samples", &Config::maxmemory_samples, 1, INT_MAX),
      Integer("maxmemory-eviction-tenacity", &Config::maxmemory_eviction_tenacity, 0, 100),
      MaxMemoryClients(),
      Integer("lfu-log-factor", &Config::lfu_log_factor, 0, INT_MAX),
      Integer("lfu-decay-time", &Config::lfu_decay_time, 0, INT_MAX),
      // Each under Redis 7's name and its pre-7 alias; both set the same value.
      Integer("hash-max-listpack-entries", &Config::hash_max_listpack_entries, 0, LLONG_MAX),
      Integer("hash-max-ziplist-entries", &Config::hash_max_listpack_entries, 0, LLONG_MAX),
      Integer("hash-max-listpack-value", &Config::hash_max_listpack_value, 0, LLONG_MAX),
      Integer("hash-max-ziplist-value", &Config::hash_max_listpack_value, 0, LLONG_MAX),
      Bool("cluster-enabled", &Config::cluster_enabled, Access::kImmutable),
      {"cluster-seeds", Access::kImmutable, true, SetClusterSeeds,
       [](const Config& c) { return Join(c.cluster_seeds, " "); }},
      Integer("cluster-port", &Config::cluster_port, 0, 65535, Access::kImmutable),
      Integer("cluster-node-timeout", &Config::cluster_node_timeout, 0, LLONG_MAX),
      String("cluster-config-file", &Config::cluster_config_file, Access::kImmutable),
      String("cluster-announce-ip", &Config::cluster_announce_ip, Access::kImmutable),
      Integer("cluster-announce-port", &Config::cluster_announce_port, 0, 65535,
              Access::kImmutable),
      Integer("cluster-announce-bus-port", &Config::cluster_announce_bus_port, 0, 65535,
              Access::kImmutable),
      String("cluster-secret", &Config::cluster_secret, Access::kImmutable),
      {"replicaof", Access::kImmutable, true, SetReplicaOf,
       [](const Config& c) { return c.replicaof; }},
      Memory("repl-backlog-size", &Config::repl_backlog_size, 1, LLONG_MAX),
      Integer("repl-backlog-ttl", &Config::repl_backlog_ttl, 0, LLONG_MAX),
      Bool("replica-read-only", &Config::replica_read_only),
      Integer("repl-timeout", &Config::repl_timeout, 1, INT_MAX),
      Integer("repl-ping-replica-period", &Config::repl_ping_replica_period, 1, INT_MAX),
      String("masterauth", &Config::masterauth),
  };
  return table;
}

const Directive* FindDirective(std::string_view name) {
  for (const Directive& d : Directives()) {
    if (EqualsIgnoreCase(d.name, name)) return &d;
  }
  return nullptr;
}

}  // namespace slotcache::server
