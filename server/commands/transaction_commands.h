// Transaction state changes shared by MULTI/EXEC/DISCARD, RESET and the dispatcher's gates.
#pragma once

#include <string>
#include <string_view>

#include "server/core/client_session.h"
#include "server/core/server_state.h"

namespace slotcache::server {

// Leaves MULTI: drops the queue and the error flag, and unwatches every key (Redis's
// discardTransaction).
void DiscardTransaction(ServerState& server, ClientSession& client);

// A gate rejected EXEC itself with `error`: Redis discards the transaction and answers
// "EXECABORT Transaction discarded because of: <error without its ERR code>".
std::string ExecAbortError(std::string_view error);

}  // namespace slotcache::server
