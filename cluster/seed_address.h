// A cluster-seeds entry: "ip:port" or "ip:port@bus-port" (CLUSTER NODES' address notation).
// The bus port defaults to port + 10000, like Redis's cluster bus; a seed that announces another
// bus port (cluster-port, cluster-announce-bus-port) must be listed with it, because the seeds
// bootstrap the Raft group from these bus addresses before they can ask each other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slotcache::cluster {

struct SeedAddress {
  std::string ip;
  int port = 0;
  int bus_port = 0;
  bool operator==(const SeedAddress&) const = default;
};

// nullopt when malformed: no colon, empty ip, a port outside 1..65535, or a bus port that is
// given but out of range (port + 10000 past 65535 counts as out of range too).
std::optional<SeedAddress> ParseSeedAddress(std::string_view text);

}  // namespace slotcache::cluster
