// CLIENT LIST / CLIENT INFO lines and the client types CLIENT LIST/KILL filter on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/core/client_session.h"

namespace slotcache::server {

enum class ClientType { kNormal, kReplica, kPubSub, kMaster };

// Redis's getClientTypeByName: normal, replica (or slave), pubsub, master; any case.
bool ParseClientType(std::string_view name, ClientType* type);
// slotcache has no replica links, primary links or subscriptions yet: every client is normal.
ClientType TypeOf(const ClientSession& client);

// One CLIENT LIST line in Redis 7.0's field order, '\n' included. `argv_bytes`: the argument
// bytes of the command the client is running (0 for a client between commands).
std::string FormatClientInfo(const ClientSession& client, int64_t now_ms, size_t argv_bytes);

}  // namespace slotcache::server
