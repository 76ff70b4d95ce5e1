// The rows of the command table's families kept in files of their own (command_table_*.cc).
// Only command_table.cc reads them: it joins them into the one table.
#pragma once

#include <span>

#include "server/core/command_spec.h"

namespace slotcache::server {

std::span<const CommandSpec> HashCommandRows();  // command_table_hash.cc

}  // namespace slotcache::server
