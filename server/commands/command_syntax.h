// Turns a command table row's argument syntax (Redis's help notation plus small annotations)
// into the `arguments` tree COMMAND DOCS replies with. Pure text processing: no replies, no I/O.
//
// The notation is what redis.io shows, e.g. "key value [NX | XX] [GET]", plus:
//   name{...}     an annotation after a word or a group: a leaf's type (key, string, integer,
//                 double, unix-time, pattern; string when absent), "@7.0.0" (the argument's
//                 `since`), "deprecated@2.8.12" (its `deprecated_since`). Space-separated.
//   [label: ...]  a group's name; oneof and block arguments always have one in Redis.
//   [...] <...>   optional / required group: "a | b" makes a oneof, several items a block.
//   TOKEN x       inside a group, an upper-case word first binds as the token of what follows
//                 (one item: that item's token; several: the block's token). Elsewhere an
//                 upper-case word is a pure-token argument named after it in lower case.
//   x [x ...]     makes x `multiple`; TOKEN x [TOKEN x ...] also `multiple_token`. The repeat
//                 is written without annotations or labels, as Redis's docs show it.
// Key arguments get key_spec_index 0, 1, ... in order of appearance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace slotcache::server {

enum class ArgType {
  kKey,
  kString,
  kInteger,
  kDouble,
  kUnixTime,
  kPattern,
  kPureToken,
  kOneOf,
  kBlock
};

struct CommandArg {
  std::string name;
  ArgType type = ArgType::kString;
  int key_spec_index = -1;  // -1: not a key
  std::string token;        // empty: none
  std::string since;
  std::string deprecated_since;
  bool optional = false;
  bool multiple = false;
  bool multiple_token = false;
  std::vector<CommandArg> args;  // the alternatives of a oneof, the parts of a block
};

// Redis's name of `type` as COMMAND DOCS shows it ("key", "unix-time", "pure-token", ...).
std::string_view ArgTypeName(ArgType type);

// Parses `syntax` (see above). An empty syntax is a command without arguments. Errors name the
// problem and its byte offset.
absl::StatusOr<std::vector<CommandArg>> ParseCommandSyntax(std::string_view syntax);

}  // namespace slotcache::server
