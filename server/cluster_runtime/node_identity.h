// A cluster node's identity: a 40-hex-character id created once and kept in the node's
// cluster config file (under `dir`), so it survives restarts like a Redis Cluster node id.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "absl/status/statusor.h"

namespace slotcache::server {

// Reads the id from `path` ("myid <id>" line); creates the file with a fresh random id when it
// does not exist. Fails on an unreadable or malformed file rather than inventing a new id.
absl::StatusOr<std::string> LoadOrCreateNodeId(const std::string& path, std::mt19937_64& rng);

// The Raft member id derived from a node id (its first 16 hex digits, 63 bits; never 0).
uint64_t RaftIdOf(const std::string& node_id);

}  // namespace slotcache::server
