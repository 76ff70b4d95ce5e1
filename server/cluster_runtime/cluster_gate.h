// The dispatcher's cluster gate: renders cluster::RouteKeys's verdict for a command as Redis's
// redirection errors (MOVED, CROSSSLOT, CLUSTERDOWN). Key positions come from the command table.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "server/core/client_session.h"
#include "server/core/cluster_view.h"
#include "server/core/command_spec.h"

namespace slotcache::server {

// "" when this node runs the command; else the error to reply (e.g. "MOVED 3999 127.0.0.1:7002").
std::string ClusterGate(const ClusterView& view, const ClientSession& client,
                        const CommandSpec& spec, std::span<const std::string_view> args);

}  // namespace slotcache::server
