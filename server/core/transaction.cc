#include "server/core/transaction.h"

#include "server/core/watch_registry.h"

namespace slotcache::server {

void DiscardTransaction(ServerState& server, ClientSession& client) {
  client.queued.clear();
  client.in_multi = false;
  client.multi_error = false;
  server.watches().UnwatchAll(client);
}

}  // namespace slotcache::server
