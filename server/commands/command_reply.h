// How COMMAND describes a command table row: Redis 7.0's COMMAND INFO entry (flags, ACL
// categories, key specs, subcommands) and COMMAND DOCS map. Derived from the row, never stored.
#pragma once

#include <string_view>

#include "resp/reply_writer.h"
#include "server/core/command_table.h"

namespace slotcache::server {

// Writes the 10-element COMMAND INFO entry of `spec` (subcommands nested).
void WriteCommandInfo(resp::ReplyWriter& reply, const CommandSpec& spec);
// Writes the COMMAND DOCS map of `spec`: summary, since, group, then complexity, deprecation,
// history and arguments (parsed from the row's syntax) when the row has them, and subcommands.
void WriteCommandDocs(resp::ReplyWriter& reply, const CommandSpec& spec);
// True if `spec` is in the ACL category `name` ("string", any case; no "@", as in Redis).
bool InAclCategory(const CommandSpec& spec, std::string_view name);

}  // namespace slotcache::server
