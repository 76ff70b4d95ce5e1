// Runs a command that passed the dispatcher's gates, directly or from EXEC's queue or a command
// stream: cuts snapshots before a write, calls the handler, and does the bookkeeping after
// (statistics, WATCH, the AOF and WAIT marks). No gates, no lookup.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "server/core/client_session.h"
#include "server/core/command_spec.h"
#include "server/core/server_state.h"

namespace slotcache::server {

// Runs `spec` with `args`; its reply is appended to client.output (unless CLIENT REPLY silences
// it).
void Execute(ServerState& server, ClientSession& client, const CommandSpec& spec,
             std::span<const std::string_view> args, int64_t now_ms);

}  // namespace slotcache::server
