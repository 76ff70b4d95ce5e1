// The hash family's rows of the command table (command_table.cc joins every family's rows
// into the one table; a row's format is described there).
#include "server/core/command_table_rows.h"

#include "server/core/command_handlers.h"

namespace slotcache::server {
namespace {

// clang-format off
constexpr CommandSpec kHashRows[] = {
  {"hset",         CmdHSet,        -4, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW update"}, "hash", "2.0.0", "Set the string value of a hash field", {},
   "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
   "key{key} <field_value: field value> [field value ...]",
   "4.0.0 Accepts multiple `field` and `value` arguments."},
  {"hsetnx",       CmdHSetNx,       4, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW insert"}, "hash", "2.0.0", "Set the value of a hash field, only if the field does not exist", {}, "O(1)", "key{key} field value"},
  {"hget",         CmdHGet,         3, kRead | kFast,              {1, 1, 1, "RO access"}, "hash", "2.0.0", "Get the value of a hash field", {}, "O(1)", "key{key} field"},
  {"hmget",        CmdHMGet,       -3, kRead | kFast,              {1, 1, 1, "RO access"}, "hash", "2.0.0", "Get the values of all the given hash fields", {}, "O(N) where N is the number of fields being requested.", "key{key} field [field ...]"},
  {"hmset",        CmdHMSet,       -4, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW update"}, "hash", "2.0.0", "Set multiple hash fields to multiple values", {},
   "O(N) where N is the number of fields being set.",
   "key{key} <field_value: field value> [field value ...]", "", "4.0.0 `HSET` with multiple field-value pairs"},
  {"hdel",         CmdHDel,        -3, kWrite | kFast,             {1, 1, 1, "RW delete"}, "hash", "2.0.0", "Delete one or more hash fields", {},
   "O(N) where N is the number of fields to be removed.",
   "key{key} field [field ...]",
   "2.4.0 Accepts multiple `field` arguments."},
  {"hexists",      CmdHExists,      3, kRead | kFast,              {1, 1, 1, "RO"}, "hash", "2.0.0", "Determine if a hash field exists", {}, "O(1)", "key{key} field"},
  {"hlen",         CmdHLen,         2, kRead | kFast,              {1, 1, 1, "RO"}, "hash", "2.0.0", "Get the number of fields in a hash", {}, "O(1)", "key{key}"},
  {"hstrlen",      CmdHStrlen,      3, kRead | kFast,              {1, 1, 1, "RO"}, "hash", "3.2.0", "Get the length of the value of a hash field", {}, "O(1)", "key{key} field"},
  {"hkeys",        CmdHKeys,        2, kRead,                      {1, 1, 1, "RO access"}, "hash", "2.0.0", "Get all the fields in a hash", {}, "O(N) where N is the size of the hash.", "key{key}", "", "", "nondeterministic_output_order"},
  {"hvals",        CmdHVals,        2, kRead,                      {1, 1, 1, "RO access"}, "hash", "2.0.0", "Get all the values in a hash", {}, "O(N) where N is the size of the hash.", "key{key}", "", "", "nondeterministic_output_order"},
  {"hgetall",      CmdHGetAll,      2, kRead,                      {1, 1, 1, "RO access"}, "hash", "2.0.0", "Get all the fields and values in a hash", {}, "O(N) where N is the size of the hash.", "key{key}", "", "", "nondeterministic_output_order"},
  {"hincrby",      CmdHIncrBy,      4, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "hash", "2.0.0", "Increment the integer value of a hash field by the given number", {}, "O(1)", "key{key} field increment{integer}"},
  {"hincrbyfloat", CmdHIncrByFloat, 4, kWrite | kDenyOom | kFast,  {1, 1, 1, "RW access update"}, "hash", "2.6.0", "Increment the float value of a hash field by the given amount", {}, "O(1)", "key{key} field increment{double}"},
  {"hrandfield",   CmdHRandField,  -2, kRead,                      {1, 1, 1, "RO access"}, "hash", "6.2.0", "Get one or multiple random fields from a hash", {}, "O(N) where N is the number of fields returned", "key{key} [options: count{integer} [WITHVALUES]]", "", "", "nondeterministic_output"},
  {"hscan",        CmdHScan,       -3, kRead,                      {1, 1, 1, "RO access"}, "hash", "2.8.0", "Incrementally iterate hash fields and associated values", {},
   "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
   "key{key} cursor{integer} [MATCH pattern{pattern}] [COUNT count{integer}]", "", "", "nondeterministic_output"},
};
// clang-format on

}  // namespace

std::span<const CommandSpec> HashCommandRows() {
  return kHashRows;
}

}  // namespace slotcache::server
