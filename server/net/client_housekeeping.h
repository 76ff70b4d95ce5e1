// The server's duties toward its clients as a whole, run from the loop: CLIENT KILL requests,
// the idle `timeout`, and the normal class's client-output-buffer-limit. Closes connections; never
// reads or writes their sockets itself.
#pragma once

#include <cstdint>

#include "absl/container/flat_hash_set.h"
#include "server/core/server_state.h"
#include "server/net/connection.h"

namespace slotcache::server {

class ClientHousekeeping {
 public:
  // `connections`: the open connections, owned by the server; read at each call.
  ClientHousekeeping(ServerState& state, const absl::flat_hash_set<Connection*>& connections)
      : state_(state), connections_(connections) {}

  // CLIENT KILL: each client asked for is closed once its pending replies are written.
  void ApplyCloseRequests();
  // Closes clients idle for longer than `timeout` (never replicas or clients blocked in WAIT).
  void CloseIdleClients(int64_t now_ms);
  // Closes normal clients over the hard output limit, or over the soft one for too long.
  void EnforceOutputLimits(int64_t now_ms);

 private:
  ServerState& state_;
  const absl::flat_hash_set<Connection*>& connections_;
};

}  // namespace slotcache::server
