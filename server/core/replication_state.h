// What the node knows about replication, shared by the primary side (replicas attached here),
// the replica side (the link to our primary), the commands (ROLE, WAIT, INFO) and the READONLY
// gate: role, replication ids, the stream offset and the backlog. Plain data, no I/O.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>

#include "cluster/replication_backlog.h"

namespace slotcache::server {

// The replica side's link to its primary, as ROLE and INFO name its states.
enum class LinkState { kNone, kConnect, kConnecting, kHandshake, kSync, kConnected };

struct ReplicationState {
  static constexpr char kNoReplid[] = "0000000000000000000000000000000000000000";

  // Role: a replica has a primary address (REPLICAOF host port, or replicaof in the config).
  bool replica() const { return !primary_host.empty(); }
  std::string primary_host;
  int primary_port = 0;

  // The history this node's data belongs to (Redis's PSYNC2 ids): a replica takes its
  // primary's; a promotion starts a new one and keeps the old as replid2, valid up to
  // second_offset, so former siblings can still continue from it.
  std::string replid;
  std::string replid2 = kNoReplid;
  int64_t second_offset = -1;
  // The stream: offset() is master_repl_offset. Fed once the first replica attaches (or, on a
  // replica, by the bytes it applied from its primary), as Redis creates its backlog: a node
  // without replicas must not pay for it. Its memory then grows with the stream, up to
  // repl-backlog-size, and a primary frees it after repl-backlog-ttl seconds without replicas.
  cluster::ReplicationBacklog backlog{1};
  bool backlog_active = false;
  uint64_t offset() const { return backlog.offset(); }

  // Replica side, for INFO/ROLE.
  LinkState link = LinkState::kNone;
  int64_t last_io_ms = 0;          // last bytes from the primary
  int64_t link_down_since_ms = 0;  // when the link last went down (0: never up)
  uint64_t sync_bytes_read = 0;    // full sync payload received so far
  bool ack_requested = false;      // REPLCONF GETACK arrived in the stream
  int stream_db = 0;               // the database the primary's stream has selected so far

  // Primary side counters (INFO stats).
  uint64_t sync_full = 0;
  uint64_t sync_partial_ok = 0;
  uint64_t sync_partial_err = 0;

  // Set by the server: REPLICAOF changed the role or the primary; start or stop the link.
  std::function<void()> on_primary_change = [] {};

  // A fresh 40-hex replication id.
  static std::string NewReplid(std::mt19937_64& rng) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 40; ++i)
      id.push_back(kHex[rng() % 16]);
    return id;
  }
  // Promotion (REPLICAOF NO ONE): a new history that continues the old one's bytes.
  void ShiftReplid(std::mt19937_64& rng) {
    replid2 = replid;
    second_offset = static_cast<int64_t>(offset()) + 1;
    replid = NewReplid(rng);
  }
};

}  // namespace slotcache::server
