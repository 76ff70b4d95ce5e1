// What INFO replication and ROLE report about replication, in Redis's field names and order.
// Reads ServerState only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/core/server_state.h"

namespace slotcache::server {

// The "# Replication" section's lines (without the title).
void WriteReplicationInfo(ServerState& state, int64_t now_ms, std::string* out);
// ROLE's name for the replica link's state: connect, connecting, handshake, sync, connected.
std::string_view LinkStateName(LinkState state);
// "ip" of an attached replica (its connection's address without the port).
std::string ReplicaIp(const ClientSession& client);

}  // namespace slotcache::server
