// Primary side of replication: the replicas attached to this node (connections that sent PSYNC
// or SYNC), their full syncs (a KeyspaceSnapshot streamed between "$EOF:<mark>" framing, then
// the writes made meanwhile), the live stream, their ACKs and WAIT. It is the propagation sink
// for the backlog. Writes into client sessions' output only; the server owns the sockets.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/client_session.h"
#include "server/core/propagation.h"
#include "server/keyspace/snapshot.h"

namespace slotcache::server {

class ServerState;

class ReplicationPrimary : public PropagationSink, public ClientListener {
 public:
  explicit ReplicationPrimary(ServerState& state);
  ~ReplicationPrimary() override;

  struct Replica {
    ClientSession* client;
    bool online = false;  // false: the full sync's image is still being sent
    std::unique_ptr<KeyspaceSnapshot> snapshot;
    std::string mark;     // the full sync payload ends with these 40 bytes
    std::string pending;  // stream emitted during the full sync, sent after the image
    int stream_db = -1;   // on a replica: the database `pending` starts in
    uint64_t ack_offset = 0;
    int64_t ack_ms = 0;
    int64_t soft_limit_since_ms = -1;  // over the soft output limit since then
  };

  // PSYNC <replid> <offset> (psync) or SYNC: makes `client` a replica. Replies +CONTINUE and
  // the backlog from `offset` when this node's history has it, else +FULLRESYNC and a full sync.
  void Attach(ClientSession& client, std::string_view replid, int64_t offset, bool psync,
              int64_t now_ms);
  // REPLCONF ACK from an attached replica.
  void Ack(ClientSession& client, uint64_t offset, int64_t now_ms);
  // WAIT: replies now (true) or blocks `client` until enough replicas acknowledged its last
  // write or `timeout_ms` (0: never) passed.
  bool Wait(ClientSession& client, int64_t numreplicas, int64_t timeout_ms, int64_t now_ms);
  // Replicas whose ACK covers `offset`.
  int64_t CountAcked(uint64_t offset) const;

  // The funnel's output (ignored on a replica, whose stream is its primary's bytes).
  void Append(std::string_view resp) override;
  // Appends stream bytes to the backlog and every replica's stream.
  void FeedRaw(std::string_view bytes);
  // Starts the backlog (first replica, or a replica's own link) and joins the funnel if primary.
  void ActivateBacklog();
  // Role changed: the funnel feeds the backlog only on a primary.
  void UpdateSink();

  // From the loop: sends more of each full sync's image while its connection keeps up.
  void Pump();
  bool syncing() const;
  // Every 100 ms: PINGs replicas, drops dead or overflowing ones, times out WAITs, frees the
  // backlog of a primary without replicas for repl-backlog-ttl seconds.
  void Cron(int64_t now_ms);
  // Detaches every replica (they reconnect); their connections are to be closed.
  void DropAll();
  // Client ids whose connections the server must close now.
  std::vector<uint64_t> TakeDrops() { return std::move(drops_); }
  // A client disconnected: forget it as a replica or a WAITer.
  void ClientRemoved(ClientSession& client) override;

  const std::vector<std::unique_ptr<Replica>>& replicas() const { return replicas_; }

 private:
  struct Waiter {
    ClientSession* client;
    int64_t numreplicas;
    uint64_t offset;
    int64_t deadline_ms;  // 0: none
  };
  void StartFullSync(Replica& replica, bool psync, int64_t now_ms);
  void FinishFullSync(Replica& replica);
  void Drop(ClientSession& client, std::string_view why);
  void ReleaseWaiters(int64_t now_ms, bool timed_out_only);
  size_t BufferedBytes(const Replica& replica) const;
  bool OverLimit(Replica& replica, int64_t now_ms);
  void FreeIdleBacklog(int64_t now_ms);
  void WarnIfBacklogShort();

  ServerState& state_;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::vector<Waiter> waiters_;
  std::vector<uint64_t> drops_;
  bool sink_attached_ = false;
  bool get_ack_ = false;  // a WAIT blocked: ask replicas for an ACK at the next Pump
  int64_t last_ping_ms_ = 0;
  int64_t no_replicas_since_ms_ = -1;  // the last Cron with replicas or as a replica (-1: none)
  uint64_t logged_backlog_failures_ = 0;
};

}  // namespace slotcache::server
