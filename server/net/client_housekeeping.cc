#include "server/net/client_housekeeping.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace slotcache::server {

void ClientHousekeeping::ApplyCloseRequests() {
  for (uint64_t id : state_.TakeCloseRequests()) {
    for (Connection* connection : connections_) {
      if (connection->session().id != id) continue;
      // A client that kills itself still gets its reply first.
      connection->session().close_after_reply = true;
      connection->QueueFlush();
      break;
    }
  }
}

void ClientHousekeeping::CloseIdleClients(int64_t now_ms) {
  int64_t timeout = state_.config().timeout;
  if (timeout <= 0) return;
  std::vector<Connection*> idle;
  for (Connection* connection : connections_) {
    const ClientSession& session = connection->session();
    if (session.replica_link || session.blocked) continue;  // like Redis
    if (now_ms - session.last_interaction_ms > timeout * 1000) idle.push_back(connection);
  }
  for (Connection* connection : idle) {
    spdlog::debug("Closing idle client {}", connection->session().addr);
    connection->Close();
  }
}

void ClientHousekeeping::EnforceOutputLimits(int64_t now_ms) {
  const OutputBufferLimit& limit = state_.config().output_limit_normal;
  if (limit.hard_bytes == 0 && limit.soft_bytes == 0) return;
  std::vector<Connection*> over;
  for (Connection* connection : connections_) {
    if (connection->session().replica_link) continue;  // the replica class: see ReplicationPrimary
    size_t pending = connection->pending_output();
    bool soft = limit.soft_bytes > 0 && pending > limit.soft_bytes;
    if (!soft)
      connection->soft_limit_since_ms = -1;
    else if (connection->soft_limit_since_ms < 0)
      connection->soft_limit_since_ms = now_ms;
    bool hard = limit.hard_bytes > 0 && pending > limit.hard_bytes;
    bool soft_expired =
        soft && now_ms - connection->soft_limit_since_ms >= limit.soft_seconds * 1000;
    if (hard || soft_expired) over.push_back(connection);
  }
  for (Connection* connection : over) {
    spdlog::warn("Client {} closed for overcoming of output buffer limits.",
                 connection->session().addr);
    ++state_.stats().client_output_limit_disconnections;
    connection->Close();
  }
}

}  // namespace slotcache::server
