// A command's description: its handler, arity, flags and key positions, and the COMMAND DOCS
// fields. The table of every command is core/command_table.cc; this header only defines the row.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace slotcache::server {

class CommandContext;
using Handler = void (*)(CommandContext&);

// Redis's command flags (COMMAND shows them by these names, in this order).
enum CommandFlag : uint32_t {
  kWrite = 1 << 0,           // "write": changes data; propagated; refused on read-only replicas
  kRead = 1 << 1,            // "readonly"
  kDenyOom = 1 << 2,         // "denyoom": refused when over maxmemory
  kAdmin = 1 << 3,           // "admin"
  kPubSub = 1 << 4,          // "pubsub"
  kNoScript = 1 << 5,        // "noscript"
  kBlocking = 1 << 6,        // "blocking"
  kLoading = 1 << 7,         // "loading": allowed while loading data
  kStale = 1 << 8,           // "stale": allowed on a replica with a broken link
  kSkipMonitor = 1 << 9,     // "skip_monitor"
  kSkipSlowlog = 1 << 10,    // "skip_slowlog"
  kFast = 1 << 11,           // "fast"
  kNoAuth = 1 << 12,         // "no_auth": allowed before AUTH
  kMayReplicate = 1 << 13,   // "may_replicate"
  kNoMulti = 1 << 14,        // "no_multi": refused inside MULTI
  kAllowBusy = 1 << 15,      // "allow_busy"
  kTxControl = 1 << 17,      // internal: runs at once inside MULTI instead of being queued
  kTxBegin = 1 << 18,        // internal (MULTI): opens a transaction
  kTxExec = 1 << 19,         // internal (EXEC): runs the queue; a gate rejecting it discards it
  kDenyInCluster = 1 << 20,  // internal: refused in cluster mode (one database only)
  // Internal: ACL categories Redis's command definitions name explicitly, which no flag or group
  // implies (COMMAND INFO and COMMAND LIST FILTERBY ACLCAT show them).
  kAclDangerous = 1 << 21,   // @dangerous without being admin (KEYS, FLUSHALL, INFO...)
  kAclConnection = 1 << 22,  // @connection outside the connection group (COMMAND, READONLY...)
  kAclAdmin = 1 << 23,       // @admin without the admin flag (LASTSAVE)
};

// Key positions like Redis's legacy (first, last, step): last -1 = the last argument. COMMAND
// INFO derives Redis's key specs from them: a range that runs to the end (MSET, DEL) is one spec,
// keys at fixed positions (RENAME's source and destination) one spec each.
struct KeySpec {
  int first = 0;
  int last = 0;
  int step = 0;
  // Redis's key-spec flags of each spec, '|' between specs ("RW access delete|OW update"); a
  // spec may end with " # notes", Redis's note on why it has those flags.
  std::string_view flags = {};
};

struct CommandSpec {
  std::string_view name;  // lower case; subcommands are "container|sub"
  Handler handler;
  int arity;  // N: exactly N arguments (name included); -N: at least N
  uint32_t flags;
  KeySpec keys;
  std::string_view group;    // COMMAND DOCS group: string, generic, connection, server, ...
  std::string_view since;    // Redis version that introduced it
  std::string_view summary;  // one line, Redis's wording
  std::span<const CommandSpec> subcommands = {};
  // COMMAND DOCS extras. Rows may leave them out; a missing field is left out of the reply.
  std::string_view complexity = {};
  std::string_view syntax = {};  // the arguments, in server/commands/command_syntax.h's notation
  // "version text" entries, one a line: what changed in which Redis version.
  std::string_view history = {};
  // "version replacement": deprecated since that version in favour of the replacement.
  std::string_view deprecated = {};
  // COMMAND INFO's tips, space-separated ("request_policy:all_shards nondeterministic_output").
  std::string_view tips = {};

  bool is_write() const { return flags & kWrite; }
  // The part after '|' for subcommands, else the name.
  std::string_view short_name() const;
};

// Calls `visit(key)` for each key of `args`, a request of `spec`, in order, until it returns
// false. The one reading of the table's key positions: CommandKeys (the cluster gate, snapshots,
// WATCH flags, COMMAND GETKEYS) and the batch prefetch use it. Inline: it runs per request.
template <typename Visit>
void ForEachKey(const CommandSpec& spec, std::span<const std::string_view> args, Visit&& visit) {
  if (spec.keys.first <= 0) return;
  int argc = static_cast<int>(args.size());
  int last = spec.keys.last < 0 ? argc + spec.keys.last : spec.keys.last;
  int step = spec.keys.step > 0 ? spec.keys.step : 1;
  for (int i = spec.keys.first; i <= last && i < argc; i += step) {
    if (!visit(args[i])) return;
  }
}

// The keys of `args` for `spec` (views into args). Empty for keyless commands.
void CommandKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<std::string_view>* keys);

}  // namespace slotcache::server
