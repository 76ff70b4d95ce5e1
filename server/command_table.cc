#include "server/command_table.h"

#include <cctype>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "server/commands/commands.h"

namespace slotcache::server {
namespace {

// Flag sets Redis gives whole families of commands.
constexpr uint32_t kConn = kNoScript | kLoading | kStale;  // CLIENT/CONFIG subcommands
constexpr uint32_t kAnyState = kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy;
constexpr uint32_t kTx = kNoScript | kLoading | kStale | kAllowBusy | kTxControl;

constexpr KeySpec kNoKeys{0, 0, 0};
constexpr KeySpec kKey1{1, 1, 1};
constexpr KeySpec kAllKeys{1, -1, 1};
constexpr KeySpec kKeyValuePairs{1, -1, 2};
constexpr KeySpec kTwoKeys{1, 2, 1};

// clang-format off
constexpr CommandSpec kClientSubcommands[] = {
  {"client|id",       CmdClientId,      2, kConn,          kNoKeys, "connection", "5.0.0", "Returns the client ID for the current connection"},
  {"client|setname",  CmdClientSetName, 3, kConn,          kNoKeys, "connection", "2.6.9", "Set the current connection name"},
  {"client|getname",  CmdClientGetName, 2, kConn,          kNoKeys, "connection", "2.6.9", "Get the current connection name"},
  {"client|setinfo",  CmdClientSetInfo, 4, kConn,          kNoKeys, "connection", "7.2.0", "Set client or connection specific info"},
  {"client|list",     CmdClientList,   -2, kAdmin | kConn, kNoKeys, "connection", "2.4.0", "Get the list of client connections"},
  {"client|info",     CmdClientInfo,    2, kConn,          kNoKeys, "connection", "6.2.0", "Returns information about the current client connection."},
  {"client|kill",     CmdClientKill,   -3, kAdmin | kConn, kNoKeys, "connection", "2.4.0", "Kill the connection of a client"},
  {"client|no-evict", CmdClientNoEvict, 3, kAdmin | kConn, kNoKeys, "connection", "7.0.0", "Set client eviction mode for the current connection"},
  {"client|no-touch", CmdClientNoTouch, 3, kConn,          kNoKeys, "connection", "7.2.0", "Controls whether commands sent by the client will alter the LRU/LFU of the keys they access."},
  {"client|reply",    CmdClientReply,   3, kConn,          kNoKeys, "connection", "3.2.0", "Instruct the server whether to reply to commands"},
  {"client|help",     CmdClientHelp,    2, kLoading | kStale, kNoKeys, "connection", "5.0.0", "Show helpful text about the different subcommands"},
};

constexpr CommandSpec kConfigSubcommands[] = {
  {"config|get",       CmdConfigGet,       -3, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Get the values of configuration parameters"},
  {"config|set",       CmdConfigSet,       -4, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Set configuration parameters to the given values"},
  {"config|resetstat", CmdConfigResetStat,  2, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Reset the stats returned by INFO"},
  {"config|help",      CmdConfigHelp,       2, kLoading | kStale, kNoKeys, "server", "5.0.0", "Show helpful text about the different subcommands"},
};

constexpr CommandSpec kCommandSubcommands[] = {
  {"command|count",   CmdCommandCount,    2, kLoading | kStale, kNoKeys, "server", "2.8.13", "Get total number of Redis commands"},
  {"command|info",    CmdCommandInfo,    -2, kLoading | kStale, kNoKeys, "server", "2.8.13", "Get array of specific Redis command details, or all when no argument is given."},
  {"command|docs",    CmdCommandDocs,    -2, kLoading | kStale, kNoKeys, "server", "7.0.0", "Get array of specific Redis command documentation"},
  {"command|list",    CmdCommandList,    -2, kLoading | kStale, kNoKeys, "server", "7.0.0", "Get an array of Redis command names"},
  {"command|getkeys", CmdCommandGetKeys, -4, kLoading | kStale, kNoKeys, "server", "2.8.13", "Extract keys given a full Redis command"},
  {"command|help",    CmdCommandHelp,     2, kLoading | kStale, kNoKeys, "server", "5.0.0", "Show helpful text about the different subcommands"},
};

//  name           handler         arity  flags                      keys            group          since    summary
constexpr CommandSpec kCommands[] = {
  // Strings
  {"get",          CmdGet,          2, kRead | kFast,              kKey1,          "string", "1.0.0", "Get the value of a key"},
  {"set",          CmdSet,         -3, kWrite | kDenyOom,          kKey1,          "string", "1.0.0", "Set the string value of a key"},
  {"setnx",        CmdSetNx,        3, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Set the value of a key, only if the key does not exist"},
  {"setex",        CmdSetEx,        4, kWrite | kDenyOom,          kKey1,          "string", "2.0.0", "Set the value and expiration of a key"},
  {"psetex",       CmdPSetEx,       4, kWrite | kDenyOom,          kKey1,          "string", "2.6.0", "Set the value and expiration in milliseconds of a key"},
  {"getset",       CmdGetSet,       3, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Set the string value of a key and return its old value"},
  {"getdel",       CmdGetDel,       2, kWrite | kFast,             kKey1,          "string", "6.2.0", "Get the value of a key and delete the key"},
  {"getex",        CmdGetEx,       -2, kWrite | kFast,             kKey1,          "string", "6.2.0", "Get the value of a key and optionally set its expiration"},
  {"mget",         CmdMGet,        -2, kRead | kFast,              kAllKeys,       "string", "1.0.0", "Get the values of all the given keys"},
  {"mset",         CmdMSet,        -3, kWrite | kDenyOom,          kKeyValuePairs, "string", "1.0.1", "Set multiple keys to multiple values"},
  {"msetnx",       CmdMSetNx,      -3, kWrite | kDenyOom,          kKeyValuePairs, "string", "1.0.1", "Set multiple keys to multiple values, only if none of the keys exist"},
  {"append",       CmdAppend,       3, kWrite | kDenyOom | kFast,  kKey1,          "string", "2.0.0", "Append a value to a key"},
  {"strlen",       CmdStrlen,       2, kRead | kFast,              kKey1,          "string", "2.2.0", "Get the length of the value stored in a key"},
  {"getrange",     CmdGetRange,     4, kRead,                      kKey1,          "string", "2.4.0", "Get a substring of the string stored at a key"},
  {"substr",       CmdGetRange,     4, kRead,                      kKey1,          "string", "1.0.0", "Get a substring of the string stored at a key"},
  {"setrange",     CmdSetRange,     4, kWrite | kDenyOom,          kKey1,          "string", "2.2.0", "Overwrite part of a string at key starting at the specified offset"},
  {"incr",         CmdIncr,         2, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Increment the integer value of a key by one"},
  {"incrby",       CmdIncrBy,       3, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Increment the integer value of a key by the given amount"},
  {"decr",         CmdDecr,         2, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Decrement the integer value of a key by one"},
  {"decrby",       CmdDecrBy,       3, kWrite | kDenyOom | kFast,  kKey1,          "string", "1.0.0", "Decrement the integer value of a key by the given number"},
  {"incrbyfloat",  CmdIncrByFloat,  3, kWrite | kDenyOom | kFast,  kKey1,          "string", "2.6.0", "Increment the float value of a key by the given amount"},
  // Keys
  {"del",          CmdDel,         -2, kWrite,                     kAllKeys,       "generic", "1.0.0", "Delete a key"},
  {"unlink",       CmdDel,         -2, kWrite | kFast,             kAllKeys,       "generic", "4.0.0", "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking."},
  {"exists",       CmdExists,      -2, kRead | kFast,              kAllKeys,       "generic", "1.0.0", "Determine if a key exists"},
  {"type",         CmdType,         2, kRead | kFast,              kKey1,          "generic", "1.0.0", "Determine the type stored at key"},
  {"expire",       CmdExpire,      -3, kWrite | kFast,             kKey1,          "generic", "1.0.0", "Set a key's time to live in seconds"},
  {"pexpire",      CmdPExpire,     -3, kWrite | kFast,             kKey1,          "generic", "2.6.0", "Set a key's time to live in milliseconds"},
  {"expireat",     CmdExpireAt,    -3, kWrite | kFast,             kKey1,          "generic", "1.2.0", "Set the expiration for a key as a UNIX timestamp"},
  {"pexpireat",    CmdPExpireAt,   -3, kWrite | kFast,             kKey1,          "generic", "2.6.0", "Set the expiration for a key as a UNIX timestamp specified in milliseconds"},
  {"ttl",          CmdTtl,          2, kRead | kFast,              kKey1,          "generic", "1.0.0", "Get the time to live for a key in seconds"},
  {"pttl",         CmdPTtl,         2, kRead | kFast,              kKey1,          "generic", "2.6.0", "Get the time to live for a key in milliseconds"},
  {"expiretime",   CmdExpireTime,   2, kRead | kFast,              kKey1,          "generic", "7.0.0", "Get the expiration Unix timestamp for a key"},
  {"pexpiretime",  CmdPExpireTime,  2, kRead | kFast,              kKey1,          "generic", "7.0.0", "Get the expiration Unix timestamp for a key in milliseconds"},
  {"persist",      CmdPersist,      2, kWrite | kFast,             kKey1,          "generic", "2.2.0", "Remove the expiration from a key"},
  {"rename",       CmdRename,       3, kWrite,                     kTwoKeys,       "generic", "1.0.0", "Rename a key"},
  {"renamenx",     CmdRenameNx,     3, kWrite | kFast,             kTwoKeys,       "generic", "1.0.0", "Rename a key, only if the new key does not exist"},
  {"copy",         CmdCopy,        -3, kWrite | kDenyOom,          kTwoKeys,       "generic", "6.2.0", "Copy a key"},
  {"move",         CmdMove,         3, kWrite | kFast,             kKey1,          "generic", "1.0.0", "Move a key to another database"},
  {"keys",         CmdKeys,         2, kRead,                      kNoKeys,        "generic", "1.0.0", "Find all keys matching the given pattern"},
  {"scan",         CmdScan,        -2, kRead,                      kNoKeys,        "generic", "2.8.0", "Incrementally iterate the keys space"},
  {"randomkey",    CmdRandomKey,    1, kRead,                      kNoKeys,        "generic", "1.0.0", "Return a random key from the keyspace"},
  {"touch",        CmdTouch,       -2, kRead | kFast,              kAllKeys,       "generic", "3.2.1", "Alters the last access time of a key(s). Returns the number of existing keys specified."},
  {"dbsize",       CmdDbSize,       1, kRead | kFast,              kNoKeys,        "server", "1.0.0", "Return the number of keys in the selected database"},
  {"flushdb",      CmdFlushDb,     -1, kWrite,                     kNoKeys,        "server", "1.0.0", "Remove all keys from the current database"},
  {"flushall",     CmdFlushAll,    -1, kWrite,                     kNoKeys,        "server", "1.0.0", "Remove all keys from all databases"},
  {"select",       CmdSelect,       2, kLoading | kStale | kFast,  kNoKeys,        "connection", "1.0.0", "Change the selected database for the current connection"},
  {"swapdb",       CmdSwapDb,       3, kWrite | kFast,             kNoKeys,        "server", "4.0.0", "Swaps two Redis databases"},
  // Connection
  {"ping",         CmdPing,        -1, kFast,                      kNoKeys,        "connection", "1.0.0", "Ping the server"},
  {"echo",         CmdEcho,         2, kLoading | kStale | kFast,  kNoKeys,        "connection", "1.0.0", "Echo the given string"},
  {"quit",         CmdQuit,        -1, kAnyState | kTxControl,     kNoKeys,        "connection", "1.0.0", "Close the connection"},
  {"reset",        CmdReset,        1, kAnyState | kTxControl,     kNoKeys,        "connection", "6.2.0", "Reset the connection"},
  {"hello",        CmdHello,       -1, kAnyState,                  kNoKeys,        "connection", "6.0.0", "Handshake with Redis"},
  {"auth",         CmdAuth,        -2, kAnyState,                  kNoKeys,        "connection", "1.0.0", "Authenticate to the server"},
  {"client",       nullptr,        -2, 0,                          kNoKeys,        "connection", "2.4.0", "A container for client connection commands", kClientSubcommands},
  // Server
  {"info",         CmdInfo,        -1, kLoading | kStale,          kNoKeys,        "server", "1.0.0", "Get information and statistics about the server"},
  {"config",       nullptr,        -2, 0,                          kNoKeys,        "server", "2.0.0", "A container for server configuration commands", kConfigSubcommands},
  {"time",         CmdTime,         1, kLoading | kStale | kFast,  kNoKeys,        "server", "2.6.0", "Return the current server time"},
  {"shutdown",     CmdShutdown,    -1, kAdmin | kConn | kNoMulti | kAllowBusy, kNoKeys, "server", "1.0.0", "Synchronously save the dataset to disk and then shut down the server"},
  {"command",      CmdCommand,     -1, kLoading | kStale,          kNoKeys,        "server", "2.8.13", "Get array of Redis command details", kCommandSubcommands},
  // Transactions
  {"multi",        CmdMulti,        1, kTx | kFast,                kNoKeys,        "transactions", "1.2.0", "Mark the start of a transaction block"},
  {"exec",         CmdExec,         1, (kTx & ~kAllowBusy) | kSkipSlowlog | kExecAbortOnReject, kNoKeys,  "transactions", "1.2.0", "Execute all commands issued after MULTI"},
  {"discard",      CmdDiscard,      1, kTx | kFast,                kNoKeys,        "transactions", "2.0.0", "Discard all commands issued after MULTI"},
  {"watch",        CmdWatch,       -2, kTx | kFast,                kAllKeys,       "transactions", "2.2.0", "Watch the given keys to determine execution of the MULTI/EXEC block"},
  {"unwatch",      CmdUnwatch,      1, kNoScript | kLoading | kStale | kFast | kAllowBusy, kNoKeys, "transactions", "2.2.0", "Forget about all watched keys"},
};
// clang-format on

// Commands are looked up on every request: lower-case into a stack buffer, then one hash probe.
bool LowerInto(std::string_view name, char* buf, size_t cap, std::string_view* out) {
  if (name.size() > cap) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  }
  *out = std::string_view(buf, name.size());
  return true;
}

const absl::flat_hash_map<std::string_view, const CommandSpec*>& Index() {
  static const auto* index = [] {
    auto* map = new absl::flat_hash_map<std::string_view, const CommandSpec*>();
    for (const CommandSpec& spec : kCommands)
      (*map)[spec.name] = &spec;
    return map;
  }();
  return *index;
}

}  // namespace

std::string_view CommandSpec::short_name() const {
  size_t bar = name.find('|');
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

const CommandSpec* FindCommand(std::string_view name) {
  char buf[32];
  std::string_view lower;
  if (!LowerInto(name, buf, sizeof(buf), &lower)) return nullptr;
  auto it = Index().find(lower);
  return it == Index().end() ? nullptr : it->second;
}

const CommandSpec* FindSubcommand(const CommandSpec& container, std::string_view sub) {
  char buf[32];
  std::string_view lower;
  if (!LowerInto(sub, buf, sizeof(buf), &lower)) return nullptr;
  for (const CommandSpec& spec : container.subcommands) {
    if (spec.short_name() == lower) return &spec;
  }
  return nullptr;
}

std::span<const CommandSpec> AllCommands() {
  return kCommands;
}

void CommandKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<std::string_view>* keys) {
  keys->clear();
  if (spec.keys.first <= 0) return;
  int argc = static_cast<int>(args.size());
  int last = spec.keys.last < 0 ? argc + spec.keys.last : spec.keys.last;
  for (int i = spec.keys.first; i <= last && i < argc; i += spec.keys.step) {
    keys->push_back(args[i]);
  }
}

}  // namespace slotcache::server
