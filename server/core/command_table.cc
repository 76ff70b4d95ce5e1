#include "server/core/command_table.h"

#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/base/errors.h"
#include "server/core/command_context.h"
#include "server/core/command_handlers.h"
#include "server/core/command_table_rows.h"

namespace slotcache::server {
namespace {

// Flag sets Redis gives whole families of commands.
constexpr uint32_t kConn = kNoScript | kLoading | kStale;  // CLIENT/CONFIG subcommands
constexpr uint32_t kAnyState = kNoScript | kLoading | kStale | kFast | kNoAuth | kAllowBusy;
constexpr uint32_t kTx = kNoScript | kLoading | kStale | kAllowBusy | kTxControl;

constexpr KeySpec kNoKeys{0, 0, 0};

// Each row: name, handler, arity, flags, keys ({first, last, step, "key-spec flags"}), then
// COMMAND DOCS's group, since and summary, the subcommands ({} for none), and optionally
// complexity, argument syntax (the notation of server/commands/command_syntax.h), history,
// deprecation and COMMAND INFO's tips (formats in command_table.h).
// clang-format off
constexpr CommandSpec kClientSubcommands[] = {
  {"client|id",       CmdClientId,      2, kConn,          kNoKeys, "connection", "5.0.0", "Returns the client ID for the current connection", {}, "O(1)"},
  {"client|setname",  CmdClientSetName, 3, kConn,          kNoKeys, "connection", "2.6.9", "Set the current connection name", {}, "O(1)", "connection-name"},
  {"client|getname",  CmdClientGetName, 2, kConn,          kNoKeys, "connection", "2.6.9", "Get the current connection name", {}, "O(1)"},
  {"client|setinfo",  CmdClientSetInfo, 4, kConn,          kNoKeys, "connection", "7.2.0", "Set client or connection specific info"},
  {"client|list",     CmdClientList,   -2, kAdmin | kConn, kNoKeys, "connection", "2.4.0", "Get the list of client connections", {},
   "O(N) where N is the number of client connections",
   "[TYPE <normal_master_replica_pubsub: NORMAL | MASTER | REPLICA | PUBSUB>]{@5.0.0} [id: ID client-id{integer} [client-id ...]]{@6.2.0}",
   "2.8.12 Added unique client `id` field.\n"
     "5.0.0 Added optional `TYPE` filter.\n"
     "6.0.0 Added `user` field.\n"
     "6.2.0 Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.\n"
     "7.0.0 Added `resp`, `multi-mem`, `rbs` and `rbp` fields.\n"
     "7.0.3 Added `ssub` field.", "", "nondeterministic_output"},
  {"client|info",     CmdClientInfo,    2, kConn,          kNoKeys, "connection", "6.2.0", "Returns information about the current client connection.", {}, "O(1)", "", "", "", "nondeterministic_output"},
  {"client|kill",     CmdClientKill,   -3, kAdmin | kConn, kNoKeys, "connection", "2.4.0", "Kill the connection of a client", {},
   "O(N) where N is the number of client connections",
   "<filter: ip:port{deprecated@2.8.12} | <new-format: [ID client-id{integer @2.8.12}] | [TYPE <normal_master_slave_pubsub: NORMAL | MASTER{@3.2.0} | SLAVE | REPLICA{@5.0.0} | PUBSUB>]{@2.8.12} | [USER username] | [ADDR ip:port] | [LADDR ip:port{@6.2.0}] | [SKIPME yes/no]> [[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no] ...]>",
   "2.8.12 Added new filter format.\n"
     "2.8.12 `ID` option.\n"
     "3.2.0 Added `master` type in for `TYPE` option.\n"
     "5.0.0 Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.\n"
     "6.2.0 `LADDR` option."},
  {"client|no-evict", CmdClientNoEvict, 3, kAdmin | kConn, kNoKeys, "connection", "7.0.0", "Set client eviction mode for the current connection", {}, "O(1)", "<enabled: ON | OFF>"},
  {"client|no-touch", CmdClientNoTouch, 3, kConn,          kNoKeys, "connection", "7.2.0", "Controls whether commands sent by the client will alter the LRU/LFU of the keys they access."},
  {"client|reply",    CmdClientReply,   3, kConn,          kNoKeys, "connection", "3.2.0", "Instruct the server whether to reply to commands", {}, "O(1)", "<on_off_skip: ON | OFF | SKIP>"},
  {"client|help",     CmdClientHelp,    2, kLoading | kStale, kNoKeys, "connection", "5.0.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

constexpr CommandSpec kConfigSubcommands[] = {
  {"config|get",       CmdConfigGet,       -3, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Get the values of configuration parameters", {},
   "O(N) when N is the number of configuration parameters provided",
   "<parameter: parameter> [parameter ...]",
   "7.0.0 Added the ability to pass multiple pattern parameters in one call"},
  {"config|set",       CmdConfigSet,       -4, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Set configuration parameters to the given values", {},
   "O(N) when N is the number of configuration parameters provided",
   "<parameter_value: parameter value> [parameter value ...]",
   "7.0.0 Added the ability to set multiple parameters in one call.", "", "request_policy:all_nodes response_policy:all_succeeded"},
  {"config|resetstat", CmdConfigResetStat,  2, kAdmin | kConn, kNoKeys, "server", "2.0.0", "Reset the stats returned by INFO", {}, "O(1)"},
  {"config|help",      CmdConfigHelp,       2, kLoading | kStale, kNoKeys, "server", "5.0.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

constexpr CommandSpec kCommandSubcommands[] = {
  {"command|count",   CmdCommandCount,    2, kLoading | kStale | kAclConnection, kNoKeys, "server", "2.8.13", "Get total number of Redis commands", {}, "O(1)"},
  {"command|info",    CmdCommandInfo,    -2, kLoading | kStale | kAclConnection, kNoKeys, "server", "2.8.13", "Get array of specific Redis command details, or all when no argument is given.", {},
   "O(N) where N is the number of commands to look up",
   "[command-name [command-name ...]]",
   "7.0.0 Allowed to be called with no argument to get info on all commands.", "", "nondeterministic_output_order"},
  {"command|docs",    CmdCommandDocs,    -2, kLoading | kStale | kAclConnection, kNoKeys, "server", "7.0.0", "Get array of specific Redis command documentation", {},
   "O(N) where N is the number of commands to look up",
   "[command-name [command-name ...]]", "", "", "nondeterministic_output_order"},
  {"command|list",    CmdCommandList,    -2, kLoading | kStale | kAclConnection, kNoKeys, "server", "7.0.0", "Get an array of Redis command names", {},
   "O(N) where N is the total number of Redis commands",
   "[FILTERBY <filterby: MODULE module-name | ACLCAT category | PATTERN pattern{pattern}>]", "", "", "nondeterministic_output_order"},
  {"command|getkeys", CmdCommandGetKeys, -4, kLoading | kStale | kAclConnection, kNoKeys, "server", "2.8.13", "Extract keys given a full Redis command", {}, "O(N) where N is the number of arguments to the command"},
  {"command|help",    CmdCommandHelp,     2, kLoading | kStale | kAclConnection, kNoKeys, "server", "5.0.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

constexpr CommandSpec kClusterSubcommands[] = {
  {"cluster|info",            CmdClusterInfo,            2, kStale,          kNoKeys, "cluster", "3.0.0", "Provides info about Redis Cluster node state", {}, "O(1)", "", "", "", "nondeterministic_output"},
  {"cluster|nodes",           CmdClusterNodes,           2, kStale,          kNoKeys, "cluster", "3.0.0", "Get Cluster config for the node", {}, "O(N) where N is the total number of Cluster nodes", "", "", "", "nondeterministic_output"},
  {"cluster|slots",           CmdClusterSlots,           2, kStale,          kNoKeys, "cluster", "3.0.0", "Get array of Cluster slot to node mappings", {}, "O(N) where N is the total number of Cluster nodes", "", "4.0.0 Added node IDs.\n7.0.0 Added additional networking metadata field.", "7.0.0 `CLUSTER SHARDS`", "nondeterministic_output"},
  {"cluster|shards",          CmdClusterShards,          2, kStale,          kNoKeys, "cluster", "7.0.0", "Get array of cluster slots to node mappings", {}, "O(N) where N is the total number of cluster nodes", "", "", "", "nondeterministic_output"},
  {"cluster|links",           CmdClusterLinks,           2, kStale,          kNoKeys, "cluster", "7.0.0", "Returns a list of all TCP links to and from peer nodes in cluster", {}, "O(N) where N is the total number of Cluster nodes", "", "", "", "nondeterministic_output"},
  {"cluster|myid",            CmdClusterMyId,            2, kStale,          kNoKeys, "cluster", "3.0.0", "Return the node id", {}, "O(1)"},
  {"cluster|myshardid",       CmdClusterMyShardId,       2, kStale,          kNoKeys, "cluster", "7.2.0", "Return the node shard id"},
  {"cluster|keyslot",         CmdClusterKeySlot,         3, kStale,          kNoKeys, "cluster", "3.0.0", "Returns the hash slot of the specified key", {}, "O(N) where N is the number of bytes in the key", "key"},
  {"cluster|countkeysinslot", CmdClusterCountKeysInSlot, 3, kStale,          kNoKeys, "cluster", "3.0.0", "Return the number of local keys in the specified hash slot", {}, "O(1)", "slot{integer}"},
  {"cluster|getkeysinslot",   CmdClusterGetKeysInSlot,   4, kStale,          kNoKeys, "cluster", "3.0.0", "Return local key names in the specified hash slot", {}, "O(log(N)) where N is the number of requested keys", "slot{integer} count{integer}", "", "", "nondeterministic_output"},
  {"cluster|replicas",        CmdClusterReplicas,        3, kAdmin | kStale, kNoKeys, "cluster", "5.0.0", "List replica nodes of the specified master node", {}, "O(1)", "node-id", "", "", "nondeterministic_output"},
  {"cluster|slaves",          CmdClusterReplicas,        3, kAdmin | kStale, kNoKeys, "cluster", "3.0.0", "List replica nodes of the specified master node", {}, "O(1)", "node-id", "", "5.0.0 `CLUSTER REPLICAS`", "nondeterministic_output"},
  {"cluster|join",            CmdClusterJoin,           -7, kAdmin | kStale, kNoKeys, "cluster", "0.1.0", "slotcache internal: ask the configuration leader to add a node"},
  {"cluster|help",            CmdClusterHelp,            2, kLoading | kStale, kNoKeys, "cluster", "5.0.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

constexpr CommandSpec kObjectSubcommands[] = {
  {"object|encoding", CmdObjectEncoding, 3, kRead,            {2, 2, 1, "RO"}, "generic", "2.2.3", "Inspect the internal encoding of a Redis object", {}, "O(1)", "key{key}", "", "", "nondeterministic_output"},
  {"object|freq",     CmdObjectFreq,     3, kRead,            {2, 2, 1, "RO"}, "generic", "4.0.0", "Get the logarithmic access frequency counter of a Redis object", {}, "O(1)", "key{key}", "", "", "nondeterministic_output"},
  {"object|idletime", CmdObjectIdleTime, 3, kRead,            {2, 2, 1, "RO"}, "generic", "2.2.3", "Get the time since a Redis object was last accessed", {}, "O(1)", "key{key}", "", "", "nondeterministic_output"},
  {"object|refcount", CmdObjectRefCount, 3, kRead,            {2, 2, 1, "RO"}, "generic", "2.2.3", "Get the number of references to the value of the key", {}, "O(1)", "key{key}", "", "", "nondeterministic_output"},
  {"object|help",     CmdObjectHelp,     2, kLoading | kStale, kNoKeys,        "generic", "6.2.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

constexpr CommandSpec kMemorySubcommands[] = {
  {"memory|usage",        CmdMemoryUsage,       -3, kRead,            {2, 2, 1, "RO"}, "server", "4.0.0", "Estimate the memory usage of a key", {}, "O(N) where N is the number of samples.", "key{key} [SAMPLES count{integer}]"},
  {"memory|purge",        CmdMemoryPurge,        2, 0,                kNoKeys,         "server", "4.0.0", "Ask the allocator to release memory", {}, "Depends on how much memory is allocated, could be slow", "", "", "", "request_policy:all_shards response_policy:all_succeeded"},
  {"memory|malloc-stats", CmdMemoryMallocStats,  2, 0,                kNoKeys,         "server", "4.0.0", "Show allocator internal stats", {}, "Depends on how much memory is allocated, could be slow", "", "", "", "nondeterministic_output request_policy:all_shards response_policy:special"},
  {"memory|stats",        CmdMemoryStats,        2, 0,                kNoKeys,         "server", "4.0.0", "Show memory usage details", {}, "O(1)", "", "", "", "nondeterministic_output request_policy:all_shards response_policy:special"},
  {"memory|doctor",       CmdMemoryDoctor,       2, 0,                kNoKeys,         "server", "4.0.0", "Outputs memory problems report", {}, "O(1)", "", "", "", "nondeterministic_output request_policy:all_shards response_policy:special"},
  {"memory|help",         CmdMemoryHelp,         2, kLoading | kStale, kNoKeys,        "server", "4.0.0", "Show helpful text about the different subcommands", {}, "O(1)"},
};

//  name           handler         arity  flags                      keys            group          since    summary   subcommands  complexity  syntax  history  deprecated  tips
constexpr CommandSpec kCommands[] = {
  // Strings
  {"get",          CmdGet,          2, kRead | kFast,              {1, 1, 1, "RO access"}, "string", "1.0.0", "Get the value of a key", {}, "O(1)", "key{key}"},
  {"set",          CmdSet,         -3, kWrite | kDenyOom,          {1, 1, 1, "RW access update variable_flags # RW and ACCESS due to the optional `GET` argument"}, "string", "1.0.0", "Set the string value of a key", {},
   "O(1)",
   "key{key} value [condition: NX | XX]{@2.6.12} [GET{@6.2.0}] [expiration: EX seconds{integer @2.6.12} | PX milliseconds{integer @2.6.12} | EXAT unix-time-seconds{unix-time @6.2.0} | PXAT unix-time-milliseconds{unix-time @6.2.0} | KEEPTTL{@6.0.0}]",
   "2.6.12 Added the `EX`, `PX`, `NX` and `XX` options.\n"
     "6.0.0 Added the `KEEPTTL` option.\n"
     "6.2.0 Added the `GET`, `EXAT` and `PXAT` option.\n"
     "7.0.0 Allowed the `NX` and `GET` options to be used together."},
  {"setnx",        CmdSetNx,        3, kWrite | kDenyOom | kFast,  {1, 1, 1, "OW insert"}, "string", "1.0.0", "Set the value of a key, only if the key does not exist", {}, "O(1)", "key{key} value"},
  {"setex",        CmdSetEx,        4, kWrite | kDenyOom,          {1, 1, 1, "OW update"}, "string", "2.0.0", "Set the value and expiration of a key", {}, "O(1)", "key{key} seconds{integer} value"},
  {"psetex",       CmdPSetEx,       4, kWrite | kDenyOom,          {1, 1, 1, "OW update"}, "string", "2.6.0", "Set the value and expiration in milliseconds of a key", {}, "O(1)", "key{key} milliseconds{integer} value"},
  {"getset",       CmdGetSet,       3, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "1.0.0", "Set the string value of a key and return its old value", {}, "O(1)", "key{key} value", "", "6.2.0 `SET` with the `!GET` argument"},
  {"getdel",       CmdGetDel,       2, kWrite | kFast,             {1, 1, 1, "RW access delete"}, "string", "6.2.0", "Get the value of a key and delete the key", {}, "O(1)", "key{key}"},
  {"getex",        CmdGetEx,       -2, kWrite | kFast,             {1, 1, 1, "RW access update # RW and UPDATE because it changes the TTL"}, "string", "6.2.0", "Get the value of a key and optionally set its expiration", {},
   "O(1)",
   "key{key} [expiration: EX seconds{integer} | PX milliseconds{integer} | EXAT unix-time-seconds{unix-time} | PXAT unix-time-milliseconds{unix-time} | PERSIST]"},
  {"mget",         CmdMGet,        -2, kRead | kFast,              {1, -1, 1, "RO access"}, "string", "1.0.0", "Get the values of all the given keys", {}, "O(N) where N is the number of keys to retrieve.", "key{key} [key ...]", "", "", "request_policy:multi_shard"},
  {"mset",         CmdMSet,        -3, kWrite | kDenyOom,          {1, -1, 2, "OW update"}, "string", "1.0.1", "Set multiple keys to multiple values", {},
   "O(N) where N is the number of keys to set.",
   "<key_value: key{key} value> [key value ...]", "", "", "request_policy:multi_shard response_policy:all_succeeded"},
  {"msetnx",       CmdMSetNx,      -3, kWrite | kDenyOom,          {1, -1, 2, "OW insert"}, "string", "1.0.1", "Set multiple keys to multiple values, only if none of the keys exist", {},
   "O(N) where N is the number of keys to set.",
   "<key_value: key{key} value> [key value ...]", "", "", "request_policy:multi_shard response_policy:agg_min"},
  {"append",       CmdAppend,       3, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW insert"}, "string", "2.0.0", "Append a value to a key", {},
   "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
   "key{key} value"},
  {"strlen",       CmdStrlen,       2, kRead | kFast,              {1, 1, 1, "RO"}, "string", "2.2.0", "Get the length of the value stored in a key", {}, "O(1)", "key{key}"},
  {"getrange",     CmdGetRange,     4, kRead,                      {1, 1, 1, "RO access"}, "string", "2.4.0", "Get a substring of the string stored at a key", {},
   "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
   "key{key} start{integer} end{integer}"},
  {"substr",       CmdGetRange,     4, kRead,                      {1, 1, 1, "RO access"}, "string", "1.0.0", "Get a substring of the string stored at a key", {},
   "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
   "key{key} start{integer} end{integer}",
   "",
   "2.0.0 `GETRANGE`"},
  {"setrange",     CmdSetRange,     4, kWrite | kDenyOom,          {1, 1, 1, "RW update"}, "string", "2.2.0", "Overwrite part of a string at key starting at the specified offset", {},
   "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
   "key{key} offset{integer} value"},
  {"incr",         CmdIncr,         2, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "1.0.0", "Increment the integer value of a key by one", {}, "O(1)", "key{key}"},
  {"incrby",       CmdIncrBy,       3, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "1.0.0", "Increment the integer value of a key by the given amount", {}, "O(1)", "key{key} increment{integer}"},
  {"decr",         CmdDecr,         2, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "1.0.0", "Decrement the integer value of a key by one", {}, "O(1)", "key{key}"},
  {"decrby",       CmdDecrBy,       3, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "1.0.0", "Decrement the integer value of a key by the given number", {}, "O(1)", "key{key} decrement{integer}"},
  {"incrbyfloat",  CmdIncrByFloat,  3, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "string", "2.6.0", "Increment the float value of a key by the given amount", {}, "O(1)", "key{key} increment{double}"},
  // Keys
  {"del",          CmdDel,         -2, kWrite,                     {1, -1, 1, "RM delete"}, "generic", "1.0.0", "Delete a key", {},
   "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
   "key{key} [key ...]", "", "", "request_policy:multi_shard response_policy:agg_sum"},
  {"unlink",       CmdUnlink,      -2, kWrite | kFast,             {1, -1, 1, "RM delete"}, "generic", "4.0.0", "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", {},
   "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
   "key{key} [key ...]", "", "", "request_policy:multi_shard response_policy:agg_sum"},
  {"exists",       CmdExists,      -2, kRead | kFast,              {1, -1, 1, "RO"}, "generic", "1.0.0", "Determine if a key exists", {},
   "O(N) where N is the number of keys to check.",
   "key{key} [key ...]",
   "3.0.3 Accepts multiple `key` arguments.", "", "request_policy:multi_shard response_policy:agg_sum"},
  {"type",         CmdType,         2, kRead | kFast,              {1, 1, 1, "RO"}, "generic", "1.0.0", "Determine the type stored at key", {}, "O(1)", "key{key}"},
  {"expire",       CmdExpire,      -3, kWrite | kFast,             {1, 1, 1, "RW update"}, "generic", "1.0.0", "Set a key's time to live in seconds", {},
   "O(1)",
   "key{key} seconds{integer} [condition: NX | XX | GT | LT]{@7.0.0}",
   "7.0.0 Added options: `NX`, `XX`, `GT` and `LT`."},
  {"pexpire",      CmdPExpire,     -3, kWrite | kFast,             {1, 1, 1, "RW update"}, "generic", "2.6.0", "Set a key's time to live in milliseconds", {},
   "O(1)",
   "key{key} milliseconds{integer} [condition: NX | XX | GT | LT]{@7.0.0}",
   "7.0.0 Added options: `NX`, `XX`, `GT` and `LT`."},
  {"expireat",     CmdExpireAt,    -3, kWrite | kFast,             {1, 1, 1, "RW update"}, "generic", "1.2.0", "Set the expiration for a key as a UNIX timestamp", {},
   "O(1)",
   "key{key} unix-time-seconds{unix-time} [condition: NX | XX | GT | LT]{@7.0.0}",
   "7.0.0 Added options: `NX`, `XX`, `GT` and `LT`."},
  {"pexpireat",    CmdPExpireAt,   -3, kWrite | kFast,             {1, 1, 1, "RW update"}, "generic", "2.6.0", "Set the expiration for a key as a UNIX timestamp specified in milliseconds", {},
   "O(1)",
   "key{key} unix-time-milliseconds{unix-time} [condition: NX | XX | GT | LT]{@7.0.0}",
   "7.0.0 Added options: `NX`, `XX`, `GT` and `LT`."},
  {"ttl",          CmdTtl,          2, kRead | kFast,              {1, 1, 1, "RO access"}, "generic", "1.0.0", "Get the time to live for a key in seconds", {}, "O(1)", "key{key}", "2.8.0 Added the -2 reply.", "", "nondeterministic_output"},
  {"pttl",         CmdPTtl,         2, kRead | kFast,              {1, 1, 1, "RO access"}, "generic", "2.6.0", "Get the time to live for a key in milliseconds", {}, "O(1)", "key{key}", "2.8.0 Added the -2 reply.", "", "nondeterministic_output"},
  {"expiretime",   CmdExpireTime,   2, kRead | kFast,              {1, 1, 1, "RO access"}, "generic", "7.0.0", "Get the expiration Unix timestamp for a key", {}, "O(1)", "key{key}"},
  {"pexpiretime",  CmdPExpireTime,  2, kRead | kFast,              {1, 1, 1, "RO access"}, "generic", "7.0.0", "Get the expiration Unix timestamp for a key in milliseconds", {}, "O(1)", "key{key}"},
  {"persist",      CmdPersist,      2, kWrite | kFast,             {1, 1, 1, "RW update"}, "generic", "2.2.0", "Remove the expiration from a key", {}, "O(1)", "key{key}"},
  {"rename",       CmdRename,       3, kWrite,                     {1, 2, 1, "RW access delete|OW update"}, "generic", "1.0.0", "Rename a key", {}, "O(1)", "key{key} newkey{key}"},
  {"renamenx",     CmdRenameNx,     3, kWrite | kFast,             {1, 2, 1, "RW access delete|OW insert"}, "generic", "1.0.0", "Rename a key, only if the new key does not exist", {},
   "O(1)",
   "key{key} newkey{key}",
   "3.2.0 The command no longer returns an error when source and destination names are the same."},
  {"copy",         CmdCopy,        -3, kWrite | kDenyOom,          {1, 2, 1, "RO access|OW update"}, "generic", "6.2.0", "Copy a key", {},
   "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
   "source{key} destination{key} [DB destination-db{integer}] [REPLACE]"},
  {"move",         CmdMove,         3, kWrite | kFast | kDenyInCluster,             {1, 1, 1, "RW access update"}, "generic", "1.0.0", "Move a key to another database", {}, "O(1)", "key{key} db{integer}"},
  {"keys",         CmdKeys,         2, kRead | kAclDangerous,                      kNoKeys,        "generic", "1.0.0", "Find all keys matching the given pattern", {},
   "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
   "pattern{pattern}", "", "", "request_policy:all_shards nondeterministic_output_order"},
  {"scan",         CmdScan,        -2, kRead,                      kNoKeys,        "generic", "2.8.0", "Incrementally iterate the keys space", {},
   "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
   "cursor{integer} [MATCH pattern{pattern}] [COUNT count{integer}] [TYPE type{@6.0.0}]",
   "6.0.0 Added the `TYPE` subcommand.", "", "nondeterministic_output request_policy:special"},
  {"randomkey",    CmdRandomKey,    1, kRead,                      kNoKeys,        "generic", "1.0.0", "Return a random key from the keyspace", {}, "O(1)", "", "", "", "request_policy:all_shards nondeterministic_output"},
  {"touch",        CmdTouch,       -2, kRead | kFast,              {1, -1, 1, "RO"}, "generic", "3.2.1", "Alters the last access time of a key(s). Returns the number of existing keys specified.", {}, "O(N) where N is the number of keys that will be touched.", "key{key} [key ...]", "", "", "request_policy:multi_shard response_policy:agg_sum"},
  {"object",       nullptr,        -2, 0,                          kNoKeys,        "generic", "2.2.3", "A container for object introspection commands", kObjectSubcommands, "Depends on subcommand."},
  {"dbsize",       CmdDbSize,       1, kRead | kFast,              kNoKeys,        "server", "1.0.0", "Return the number of keys in the selected database", {}, "O(1)", "", "", "", "request_policy:all_shards response_policy:agg_sum"},
  {"flushdb",      CmdFlushDb,     -1, kWrite | kAclDangerous,                     kNoKeys,        "server", "1.0.0", "Remove all keys from the current database", {},
   "O(N) where N is the number of keys in the selected database",
   "[async: ASYNC{@4.0.0} | SYNC{@6.2.0}]",
   "4.0.0 Added the `ASYNC` flushing mode modifier.\n"
     "6.2.0 Added the `SYNC` flushing mode modifier.", "", "request_policy:all_shards response_policy:all_succeeded"},
  {"flushall",     CmdFlushAll,    -1, kWrite | kAclDangerous,                     kNoKeys,        "server", "1.0.0", "Remove all keys from all databases", {},
   "O(N) where N is the total number of keys in all databases",
   "[async: ASYNC{@4.0.0} | SYNC{@6.2.0}]",
   "4.0.0 Added the `ASYNC` flushing mode modifier.\n"
     "6.2.0 Added the `SYNC` flushing mode modifier.", "", "request_policy:all_shards response_policy:all_succeeded"},
  {"select",       CmdSelect,       2, kLoading | kStale | kFast,  kNoKeys,        "connection", "1.0.0", "Change the selected database for the current connection", {}, "O(1)", "index{integer}"},
  {"swapdb",       CmdSwapDb,       3, kWrite | kFast | kAclDangerous | kDenyInCluster,             kNoKeys,        "server", "4.0.0", "Swaps two Redis databases", {},
   "O(N) where N is the count of clients watching or blocking on keys from both databases.",
   "index1{integer} index2{integer}"},
  // Connection
  {"ping",         CmdPing,        -1, kFast,                      kNoKeys,        "connection", "1.0.0", "Ping the server", {}, "O(1)", "[message]", "", "", "request_policy:all_shards response_policy:all_succeeded"},
  {"echo",         CmdEcho,         2, kLoading | kStale | kFast,  kNoKeys,        "connection", "1.0.0", "Echo the given string", {}, "O(1)", "message"},
  {"quit",         CmdQuit,        -1, kAnyState | kTxControl,     kNoKeys,        "connection", "1.0.0", "Close the connection", {}, "O(1)"},
  {"reset",        CmdReset,        1, kAnyState | kTxControl,     kNoKeys,        "connection", "6.2.0", "Reset the connection", {}, "O(1)"},
  {"hello",        CmdHello,       -1, kAnyState,                  kNoKeys,        "connection", "6.0.0", "Handshake with Redis", {},
   "O(1)",
   "[arguments: protover{integer} [username_password: AUTH username password] [SETNAME clientname]]",
   "6.2.0 `protover` made optional; when called without arguments the command reports the current connection's context."},
  {"auth",         CmdAuth,        -2, kAnyState,                  kNoKeys,        "connection", "1.0.0", "Authenticate to the server", {},
   "O(N) where N is the number of passwords defined for the user",
   "[username{@6.0.0}] password",
   "6.0.0 Added ACL style (username and password)."},
  {"client",       nullptr,        -2, 0,                          kNoKeys,        "connection", "2.4.0", "A container for client connection commands", kClientSubcommands, "Depends on subcommand."},
  // Server
  {"info",         CmdInfo,        -1, kLoading | kStale | kAclDangerous,          kNoKeys,        "server", "1.0.0", "Get information and statistics about the server", {},
   "O(1)",
   "[section [section ...]]",
   "7.0.0 Added support for taking multiple section arguments.", "", "nondeterministic_output request_policy:all_shards response_policy:special"},
  {"config",       nullptr,        -2, 0,                          kNoKeys,        "server", "2.0.0", "A container for server configuration commands", kConfigSubcommands, "Depends on subcommand."},
  {"time",         CmdTime,         1, kLoading | kStale | kFast,  kNoKeys,        "server", "2.6.0", "Return the current server time", {}, "O(1)", "", "", "", "nondeterministic_output"},
  {"debug",        CmdDebug,       -2, kAdmin | kNoScript | kLoading | kStale, kNoKeys, "server", "1.0.0", "A container for debugging commands", {}, "Depends on subcommand."},
  {"bgrewriteaof", CmdBgRewriteAof, 1, kAdmin | kNoScript,       kNoKeys,        "server", "1.0.0", "Asynchronously rewrite the append-only file", {}, "O(1)"},
  {"bgsave",       CmdBgSave,      -1, kAdmin | kNoScript,         kNoKeys,        "server", "1.0.0", "Asynchronously save the dataset to disk", {}, "O(1)", "[SCHEDULE{@3.2.2}]", "3.2.2 Added the `SCHEDULE` option."},
  {"save",         CmdSave,         1, kAdmin | kNoScript | kNoMulti, kNoKeys,     "server", "1.0.0", "Synchronously save the dataset to disk", {}, "O(N) where N is the total number of keys in all databases"},
  {"lastsave",     CmdLastSave,     1, kLoading | kStale | kFast | kAclAdmin | kAclDangerous,  kNoKeys,        "server", "1.0.0", "Get the UNIX time stamp of the last successful save to disk", {}, "O(1)", "", "", "", "nondeterministic_output"},
  {"shutdown",     CmdShutdown,    -1, kAdmin | kConn | kNoMulti | kAllowBusy, kNoKeys, "server", "1.0.0", "Synchronously save the dataset to disk and then shut down the server", {},
   "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
   "[nosave_save: NOSAVE | SAVE] [NOW{@7.0.0}] [FORCE{@7.0.0}] [ABORT{@7.0.0}]",
   "7.0.0 Added the `NOW`, `FORCE` and `ABORT` modifiers."},
  {"memory",       nullptr,        -2, 0,                          kNoKeys,        "server", "4.0.0", "A container for memory diagnostics commands", kMemorySubcommands, "Depends on subcommand."},
  {"command",      CmdCommand,     -1, kLoading | kStale | kAclConnection,          kNoKeys,        "server", "2.8.13", "Get array of Redis command details", kCommandSubcommands, "O(N) where N is the total number of Redis commands", "", "", "", "nondeterministic_output_order"},
  // Replication
  {"replicaof",    CmdReplicaOf,    3, kAdmin | kNoScript | kStale, kNoKeys,       "server", "5.0.0", "Make the server a replica of another instance, or promote it as master.", {}, "O(1)"},
  {"slaveof",      CmdReplicaOf,    3, kAdmin | kNoScript | kStale, kNoKeys,       "server", "1.0.0", "Make the server a replica of another instance, or promote it as master.", {}, "O(1)", "", "", "5.0.0 `REPLICAOF`"},
  {"replconf",     CmdReplConf,    -1, kAdmin | kNoScript | kLoading | kStale | kAllowBusy, kNoKeys, "server", "3.0.0", "An internal command for configuring the replication stream", {}, "O(1)"},
  {"psync",        CmdPSync,       -3, kAdmin | kNoScript | kNoMulti, kNoKeys,     "server", "2.8.0", "Internal command used for replication", {}, "", "replicationid offset{integer}"},
  {"sync",         CmdSync,         1, kAdmin | kNoScript | kNoMulti, kNoKeys,     "server", "1.0.0", "Internal command used for replication"},
  {"wait",         CmdWait,         3, kNoScript,                  kNoKeys,        "generic", "3.0.0", "Wait for the synchronous replication of all the write commands sent in the context of the current connection", {}, "O(1)", "numreplicas{integer} timeout{integer}", "", "", "request_policy:all_shards response_policy:agg_min"},
  {"role",         CmdRole,         1, kNoScript | kLoading | kStale | kFast, kNoKeys, "server", "2.8.12", "Return the role of the instance in the context of replication", {}, "O(1)"},
  // Cluster
  {"cluster",      nullptr,        -2, 0,                          kNoKeys,        "cluster", "3.0.0", "A container for cluster commands", kClusterSubcommands, "Depends on subcommand."},
  {"readonly",     CmdReadOnly,     1, kLoading | kStale | kFast | kAclConnection,  kNoKeys,        "cluster", "3.0.0", "Enables read queries for a connection to a cluster replica node", {}, "O(1)"},
  {"readwrite",    CmdReadWrite,    1, kLoading | kStale | kFast | kAclConnection,  kNoKeys,        "cluster", "3.0.0", "Disables read queries for a connection to a cluster replica node", {}, "O(1)"},
  {"asking",       CmdAsking,       1, kFast | kAclConnection,                      kNoKeys,        "cluster", "3.0.0", "Sent by cluster clients after an -ASK redirect", {}, "O(1)"},
  // Transactions
  {"multi",        CmdMulti,        1, kTx | kFast | kTxBegin,     kNoKeys,        "transactions", "1.2.0", "Mark the start of a transaction block", {}, "O(1)"},
  {"exec",         CmdExec,         1, (kTx & ~kAllowBusy) | kSkipSlowlog | kTxExec, kNoKeys,  "transactions", "1.2.0", "Execute all commands issued after MULTI", {}, "Depends on commands in the transaction"},
  {"discard",      CmdDiscard,      1, kTx | kFast,                kNoKeys,        "transactions", "2.0.0", "Discard all commands issued after MULTI", {}, "O(N), when N is the number of queued commands"},
  {"watch",        CmdWatch,       -2, kTx | kFast,                {1, -1, 1, "RO"}, "transactions", "2.2.0", "Watch the given keys to determine execution of the MULTI/EXEC block", {}, "O(1) for every key.", "key{key} [key ...]"},
  {"unwatch",      CmdUnwatch,      1, kNoScript | kLoading | kStale | kFast | kAllowBusy, kNoKeys, "transactions", "2.2.0", "Forget about all watched keys", {}, "O(1)"},
};
// clang-format on

// Commands are looked up on every request: lower-case into a stack buffer, then one hash probe.
bool LowerInto(std::string_view name, char* buf, size_t cap, std::string_view* out) {
  if (name.size() > cap) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];  // ASCII only, without a locale-aware call per byte
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c;
  }
  *out = std::string_view(buf, name.size());
  return true;
}

// The one table: this file's rows, then each family's (command_table_rows.h), built once.
const std::vector<CommandSpec>& Table() {
  static const auto* table = [] {
    auto* all = new std::vector<CommandSpec>(std::begin(kCommands), std::end(kCommands));
    for (std::span<const CommandSpec> family : {HashCommandRows()})
      all->insert(all->end(), family.begin(), family.end());
    return all;
  }();
  return *table;
}

const absl::flat_hash_map<std::string_view, const CommandSpec*>& Index() {
  static const auto* index = [] {
    auto* map = new absl::flat_hash_map<std::string_view, const CommandSpec*>();
    for (const CommandSpec& spec : Table())
      (*map)[spec.name] = &spec;
    return map;
  }();
  return *index;
}

}  // namespace

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
  return Table();
}

const CommandSpec* LookupCommand(std::span<const std::string_view> args, std::string* error) {
  const CommandSpec* spec = FindCommand(args[0]);
  if (spec == nullptr) {
    *error = UnknownCommandError(args[0], args.subspan(1));
    return nullptr;
  }
  if (!spec->subcommands.empty() && args.size() >= 2) {
    const CommandSpec* sub = FindSubcommand(*spec, args[1]);
    if (sub == nullptr) {
      *error = UnknownSubcommandError(args[1], spec->name);
      return nullptr;
    }
    spec = sub;
  }
  return spec;
}

const CommandSpec* ResolveCommand(std::span<const std::string_view> args, std::string* error) {
  const CommandSpec* spec = LookupCommand(args, error);
  if (spec != nullptr && !ArityOk(spec->arity, args.size())) {
    *error = ArityError(spec->name);
    return nullptr;
  }
  return spec;
}

bool IsTxMarker(std::span<const std::string_view> args, uint32_t flag) {
  if (args.size() != 1) return false;
  const CommandSpec* spec = FindCommand(args[0]);
  return spec != nullptr && (spec->flags & flag);
}

bool ArityOk(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

}  // namespace slotcache::server
