// Leaving a transaction, shared by DISCARD, EXEC, RESET and the dispatcher's gates (a rejected
// EXEC discards the transaction).
#pragma once

#include "server/core/client_session.h"
#include "server/core/server_state.h"

namespace slotcache::server {

// Leaves MULTI: drops the queue and the error flag, and unwatches every key (Redis's
// discardTransaction).
void DiscardTransaction(ServerState& server, ClientSession& client);

}  // namespace slotcache::server
