#include "server/commands/command_reply.h"

#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/base/str_util.h"
#include "server/commands/command_syntax.h"

namespace slotcache::server {
namespace {

// COMMAND's flag names in Redis's reply order (internal flags have no name).
constexpr std::pair<uint32_t, std::string_view> kFlagNames[] = {
    {kWrite, "write"},
    {kRead, "readonly"},
    {kDenyOom, "denyoom"},
    {kAdmin, "admin"},
    {kPubSub, "pubsub"},
    {kNoScript, "noscript"},
    {kBlocking, "blocking"},
    {kLoading, "loading"},
    {kStale, "stale"},
    {kSkipMonitor, "skip_monitor"},
    {kSkipSlowlog, "skip_slowlog"},
    {kFast, "fast"},
    {kNoAuth, "no_auth"},
    {kMayReplicate, "may_replicate"},
    {kNoMulti, "no_multi"},
    {kAllowBusy, "allow_busy"},
};

// Redis's ACL categories, in the order COMMAND lists them.
constexpr std::string_view kCategories[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting"};

uint32_t Bit(std::string_view category) {
  for (size_t i = 0; i < std::size(kCategories); ++i) {
    if (kCategories[i] == category) return 1u << i;
  }
  return 0;
}

// Redis's rules: flags imply read/write/admin+dangerous/pubsub/fast/blocking, anything not
// fast is slow; the command group adds the data-type or family category; the table's kAcl*
// flags add what Redis names explicitly. Containers (no handler of their own) only get the
// implied ones.
uint32_t Categories(const CommandSpec& spec) {
  uint32_t flags = spec.flags;
  uint32_t cats = 0;
  if (flags & kWrite) cats |= Bit("write");
  if (flags & kRead) cats |= Bit("read");
  if (flags & kAdmin) cats |= Bit("admin") | Bit("dangerous");
  if (flags & kPubSub) cats |= Bit("pubsub");
  if (flags & kBlocking) cats |= Bit("blocking");
  cats |= (flags & kFast) ? Bit("fast") : Bit("slow");
  if (spec.handler == nullptr) return cats;
  std::string_view group = spec.group;
  if (group == "string") cats |= Bit("string");
  if (group == "hash") cats |= Bit("hash");
  if (group == "generic") cats |= Bit("keyspace");
  if (group == "connection") cats |= Bit("connection");
  if (group == "transactions") cats |= Bit("transaction");
  // Server commands that touch data (DBSIZE, FLUSHDB...) are keyspace commands.
  if (group == "server" && (flags & (kRead | kWrite))) cats |= Bit("keyspace");
  // The categories the table names explicitly.
  if (flags & kAclDangerous) cats |= Bit("dangerous");
  if (flags & kAclConnection) cats |= Bit("connection");
  if (flags & kAclAdmin) cats |= Bit("admin");
  return cats;
}

void WriteFlags(resp::ReplyWriter& reply, uint32_t flags) {
  size_t n = 0;
  for (const auto& [bit, name] : kFlagNames)
    n += (flags & bit) ? 1 : 0;
  reply.SetHeader(n);
  for (const auto& [bit, name] : kFlagNames) {
    if (flags & bit) reply.SimpleString(name);
  }
}

// A set of space-separated words: key-spec flags go out as simple strings, tips as bulk
// strings, like Redis. Empty text is an empty set.
void WriteWords(resp::ReplyWriter& reply, std::string_view words, bool bulk) {
  std::vector<std::string_view> items = Split(words, ' ', /*skip_empty=*/true);
  reply.SetHeader(items.size());
  for (std::string_view item : items) {
    if (bulk) {
      reply.Bulk(item);
    } else {
      reply.SimpleString(item);
    }
  }
}

void WriteCategories(resp::ReplyWriter& reply, uint32_t cats) {
  reply.SetHeader(static_cast<size_t>(__builtin_popcount(cats)));
  for (size_t i = 0; i < std::size(kCategories); ++i) {
    if (cats & (1u << i)) reply.SimpleString(fmt::format("@{}", kCategories[i]));
  }
}

// One Redis key spec: keys from argument `index`, up to `lastkey` (relative to it, or negative
// = from the end), every `keystep`. `flags` is the row's text for this spec: flag words, then
// optionally " # notes" (Redis puts the notes first).
void WriteKeySpec(resp::ReplyWriter& reply, std::string_view flags, int index, int lastkey,
                  int keystep) {
  size_t hash = flags.find(" # ");
  bool has_notes = hash != std::string_view::npos;
  reply.MapHeader(3 + has_notes);
  if (has_notes) {
    reply.Bulk("notes");
    reply.Bulk(flags.substr(hash + 3));
    flags = flags.substr(0, hash);
  }
  reply.Bulk("flags");
  WriteWords(reply, flags, /*bulk=*/false);
  reply.Bulk("begin_search");
  reply.MapHeader(2);
  reply.Bulk("type");
  reply.Bulk("index");
  reply.Bulk("spec");
  reply.MapHeader(1);
  reply.Bulk("index");
  reply.Integer(index);
  reply.Bulk("find_keys");
  reply.MapHeader(2);
  reply.Bulk("type");
  reply.Bulk("range");
  reply.Bulk("spec");
  reply.MapHeader(3);
  reply.Bulk("lastkey");
  reply.Integer(lastkey);
  reply.Bulk("keystep");
  reply.Integer(keystep);
  reply.Bulk("limit");
  reply.Integer(0);
}

// Like Redis: keys at fixed positions (RENAME's source and destination) get one spec each; a
// range that runs to the end of the arguments (MSET, DEL) is one spec. The row's flags text
// has one entry per spec (a unit test checks every row).
void WriteKeySpecs(resp::ReplyWriter& reply, const CommandSpec& spec) {
  const KeySpec& k = spec.keys;
  if (k.first <= 0) return reply.SetHeader(0);
  std::vector<std::string_view> flags = Split(k.flags, '|');
  if (k.last < 0) {
    reply.SetHeader(1);
    return WriteKeySpec(reply, flags[0], k.first, k.last, k.step);
  }
  reply.SetHeader(flags.size());
  for (size_t i = 0; i < flags.size(); ++i)
    WriteKeySpec(reply, flags[i], k.first + static_cast<int>(i) * k.step, 0, 1);
}

// A "name" → value pair of a docs map, left out when the value is empty.
void WriteField(resp::ReplyWriter& reply, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  reply.Bulk(name);
  reply.Bulk(value);
}

// `history` is "version text" lines; Redis replies a set of [version, text] pairs.
void WriteHistory(resp::ReplyWriter& reply, std::string_view history) {
  std::vector<std::string_view> lines = Split(history, '\n');
  reply.SetHeader(lines.size());
  for (std::string_view line : lines) {
    size_t space = line.find(' ');
    reply.ArrayHeader(2);
    reply.Bulk(line.substr(0, space));
    reply.Bulk(space == std::string_view::npos ? "" : line.substr(space + 1));
  }
}

// Redis's addReplyCommandArgList: the same fields in the same order.
void WriteArgs(resp::ReplyWriter& reply, const std::vector<CommandArg>& args) {
  reply.ArrayHeader(args.size());
  for (const CommandArg& arg : args) {
    bool nested = arg.type == ArgType::kOneOf || arg.type == ArgType::kBlock;
    size_t flags = arg.optional + arg.multiple + arg.multiple_token;
    reply.MapHeader(2 + (arg.key_spec_index >= 0) + !arg.token.empty() + !arg.since.empty() +
                    !arg.deprecated_since.empty() + (flags > 0) + nested);
    reply.Bulk("name");
    reply.Bulk(arg.name);
    reply.Bulk("type");
    reply.Bulk(ArgTypeName(arg.type));
    if (arg.key_spec_index >= 0) {
      reply.Bulk("key_spec_index");
      reply.Integer(arg.key_spec_index);
    }
    WriteField(reply, "token", arg.token);
    WriteField(reply, "since", arg.since);
    WriteField(reply, "deprecated_since", arg.deprecated_since);
    if (flags > 0) {
      reply.Bulk("flags");
      reply.SetHeader(flags);
      if (arg.optional) reply.SimpleString("optional");
      if (arg.multiple) reply.SimpleString("multiple");
      if (arg.multiple_token) reply.SimpleString("multiple_token");
    }
    if (nested) {
      reply.Bulk("arguments");
      WriteArgs(reply, arg.args);
    }
  }
}

// The row's syntax parsed. The table is constant and a unit test parses every row, so a
// failure here is a programming error.
std::vector<CommandArg> RowArguments(const CommandSpec& spec) {
  absl::StatusOr<std::vector<CommandArg>> args = ParseCommandSyntax(spec.syntax);
  if (!args.ok()) {
    spdlog::critical("command table: bad syntax of '{}': {}", spec.name,
                     std::string(args.status().message()));
    std::abort();
  }
  return *std::move(args);
}

// `deprecated` is "version replacement" (both present; a unit test checks every row):
// doc_flags, deprecated_since and replaced_by.
void WriteDeprecation(resp::ReplyWriter& reply, std::string_view deprecated) {
  if (deprecated.empty()) return;
  size_t space = deprecated.find(' ');
  reply.Bulk("doc_flags");
  reply.SetHeader(1);
  reply.SimpleString("deprecated");
  reply.Bulk("deprecated_since");
  reply.Bulk(deprecated.substr(0, space));
  reply.Bulk("replaced_by");
  reply.Bulk(space == std::string_view::npos ? "" : deprecated.substr(space + 1));
}

}  // namespace

void WriteCommandInfo(resp::ReplyWriter& reply, const CommandSpec& spec) {
  reply.ArrayHeader(10);
  reply.Bulk(spec.name);
  reply.Integer(spec.arity);
  WriteFlags(reply, spec.flags);
  reply.Integer(spec.keys.first);
  reply.Integer(spec.keys.last);
  reply.Integer(spec.keys.step);
  WriteCategories(reply, Categories(spec));
  WriteWords(reply, spec.tips, /*bulk=*/true);
  WriteKeySpecs(reply, spec);
  if (spec.subcommands.empty()) return reply.SetHeader(0);
  reply.ArrayHeader(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands)
    WriteCommandInfo(reply, sub);
}

void WriteCommandDocs(resp::ReplyWriter& reply, const CommandSpec& spec) {
  std::vector<CommandArg> args = RowArguments(spec);
  // Redis's addReplyCommandDocs: fields in this order, each only when the command has it.
  reply.MapHeader(3 + !spec.complexity.empty() + 3 * !spec.deprecated.empty() +
                  !spec.history.empty() + !args.empty() + !spec.subcommands.empty());
  reply.Bulk("summary");
  reply.Bulk(spec.summary);
  reply.Bulk("since");
  reply.Bulk(spec.since);
  reply.Bulk("group");
  reply.Bulk(spec.group);
  WriteField(reply, "complexity", spec.complexity);
  WriteDeprecation(reply, spec.deprecated);
  if (!spec.history.empty()) {
    reply.Bulk("history");
    WriteHistory(reply, spec.history);
  }
  if (!args.empty()) {
    reply.Bulk("arguments");
    WriteArgs(reply, args);
  }
  if (spec.subcommands.empty()) return;
  reply.Bulk("subcommands");
  reply.MapHeader(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands) {
    reply.Bulk(sub.name);
    WriteCommandDocs(reply, sub);
  }
}

bool InAclCategory(const CommandSpec& spec, std::string_view name) {
  uint32_t bit = Bit(AsciiLower(name));
  return bit != 0 && (Categories(spec) & bit) != 0;
}

}  // namespace slotcache::server
