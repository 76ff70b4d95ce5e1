// Runs client requests: looks the command up in the table, applies the gates in a fixed order
// (unknown → arity → auth → cluster route → READONLY replica → OOM → MISCONF → MULTI queueing),
// then Execute (core/execute.h) runs the handler and does the bookkeeping after.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "server/core/client_session.h"
#include "server/core/server_state.h"

namespace slotcache::server {

// Runs one request from `client`; its reply is appended to client.output.
void Dispatch(ServerState& server, ClientSession& client, std::span<const std::string_view> args,
              int64_t now_ms);

}  // namespace slotcache::server
