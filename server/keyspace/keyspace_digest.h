// DEBUG DIGEST's fingerprint of a data set: equal for two nodes holding the same keys, values and
// expiry times in the same databases, whatever the order they were written in. Used to check
// that a replica, or a node restarted from its AOF, holds exactly the primary's data.
#pragma once

#include <string>

#include "server/keyspace/entry.h"
#include "server/keyspace/keyspace.h"

namespace slotcache::server {

// 40 hex digits; all zeros for an empty data set (like Redis). Expired keys still stored count.
std::string KeyspaceDigest(const Keyspace& keyspace);
// The digest of one stored value and its expiry (DEBUG DIGEST-VALUE), without its key or
// database: a copy or a renamed key digests the same, as in Redis.
std::string EntryDigest(const Entry& entry);

}  // namespace slotcache::server
