#include "server/commands/command_reply.h"

#include <cstdint>
#include <utility>

#include "server/str_util.h"

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

// Categories Redis's command definitions name explicitly and no flag or group implies.
constexpr std::pair<std::string_view, std::string_view> kExplicitCategories[] = {
    {"keys", "dangerous"},   {"flushdb", "dangerous"}, {"flushall", "dangerous"},
    {"swapdb", "dangerous"}, {"info", "dangerous"},    {"command", "connection"},
};

// Redis's rules: flags imply read/write/admin+dangerous/pubsub/fast/blocking, anything not
// fast is slow; the command group adds the data-type or family category. Containers (no
// handler of their own) only get the implied ones.
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
  if (group == "generic") cats |= Bit("keyspace");
  if (group == "connection") cats |= Bit("connection");
  if (group == "transactions") cats |= Bit("transaction");
  // Server commands that touch data (DBSIZE, FLUSHDB...) are keyspace commands.
  if (group == "server" && (flags & (kRead | kWrite))) cats |= Bit("keyspace");
  std::string_view base = spec.name.substr(0, spec.name.find('|'));
  for (const auto& [name, category] : kExplicitCategories) {
    if (name == base) cats |= Bit(category);
  }
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

void WriteCategories(resp::ReplyWriter& reply, uint32_t cats) {
  reply.SetHeader(static_cast<size_t>(__builtin_popcount(cats)));
  for (size_t i = 0; i < std::size(kCategories); ++i) {
    if (cats & (1u << i)) reply.SimpleString(fmt::format("@{}", kCategories[i]));
  }
}

// One Redis key spec: keys from argument `index`, up to `lastkey` (relative to it, or negative
// = from the end), every `keystep`. Its access flags are only RO or RW: the table doesn't
// record Redis's finer insert/update/delete/access notes.
void WriteKeySpec(resp::ReplyWriter& reply, bool write, int index, int lastkey, int keystep) {
  reply.MapHeader(3);
  reply.Bulk("flags");
  reply.SetHeader(1);
  reply.SimpleString(write ? "RW" : "RO");
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
// range that runs to the end of the arguments (MSET, DEL) is one spec.
void WriteKeySpecs(resp::ReplyWriter& reply, const CommandSpec& spec) {
  const KeySpec& k = spec.keys;
  bool write = spec.flags & kWrite;
  if (k.first <= 0) return reply.SetHeader(0);
  if (k.last < 0) {
    reply.SetHeader(1);
    return WriteKeySpec(reply, write, k.first, k.last, k.step);
  }
  reply.SetHeader(static_cast<size_t>((k.last - k.first) / k.step + 1));
  for (int i = k.first; i <= k.last; i += k.step)
    WriteKeySpec(reply, write, i, 0, 1);
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
  reply.SetHeader(0);  // tips: not recorded in the table
  WriteKeySpecs(reply, spec);
  if (spec.subcommands.empty()) return reply.SetHeader(0);
  reply.ArrayHeader(spec.subcommands.size());
  for (const CommandSpec& sub : spec.subcommands)
    WriteCommandInfo(reply, sub);
}

void WriteCommandDocs(resp::ReplyWriter& reply, const CommandSpec& spec) {
  bool container = !spec.subcommands.empty();
  reply.MapHeader(container ? 4 : 3);
  reply.Bulk("summary");
  reply.Bulk(spec.summary);
  reply.Bulk("since");
  reply.Bulk(spec.since);
  reply.Bulk("group");
  reply.Bulk(spec.group);
  if (!container) return;
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
