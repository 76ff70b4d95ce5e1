// The command table: the one list of commands, which decides everything about each of them
// (dispatch, arity, flags, key positions, COMMAND's replies, ACL categories). Lookups only.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "server/core/command_spec.h"

namespace slotcache::server {

// Case-insensitive lookup of a top-level command. nullptr when unknown.
const CommandSpec* FindCommand(std::string_view name);
// Case-insensitive lookup of `sub` among `container`'s subcommands.
const CommandSpec* FindSubcommand(const CommandSpec& container, std::string_view sub);
// Every top-level command, in table order.
std::span<const CommandSpec> AllCommands();

// Resolves `args` to the command or subcommand that runs them, arity not checked. nullptr when
// unknown, with `error` set to Redis's text (unknown command or subcommand).
const CommandSpec* LookupCommand(std::span<const std::string_view> args, std::string* error);
// LookupCommand, then the arity check: nullptr with Redis's arity error when it fails.
const CommandSpec* ResolveCommand(std::span<const std::string_view> args, std::string* error);
// Whether `args` is a bare MULTI (flag kTxBegin) or EXEC (kTxExec), the markers that frame a
// transaction in a command stream (AOF, replication).
bool IsTxMarker(std::span<const std::string_view> args, uint32_t flag);
// Whether `argc` arguments (the name included) fit `arity`.
bool ArityOk(int arity, size_t argc);

}  // namespace slotcache::server
