// One member of a Raft group (Debian's libraft 0.15) running on the caller's libuv loop: it
// replicates opaque byte entries and feeds committed ones, in log order, to the caller's callbacks.
// It must not know what the entries mean (cluster/ decodes them) and never owns the loop.
// The process must ignore SIGPIPE (main.cc does): libraft writes to peers that may hang up.
#pragma once

#include <uv.h>

// libraft 0.15's headers have no extern "C" guards of their own.
extern "C" {
#include <raft.h>
#include <raft/uv.h>
}

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "server/cluster_runtime/raft_membership.h"
#include "server/cluster_runtime/raft_transport.h"

namespace slotcache::server {

struct RaftOptions {
  // Election timeout = node_timeout_ms / 5 clamped to [100, 3000] ms (libraft randomizes it to
  // 1x..2x); heartbeat = election / 10 (at least 10 ms). A leader cut off from its quorum steps
  // down after one election timeout, failing its pending Propose/membership calls (Aborted).
  uint32_t node_timeout_ms = 15000;
  // The config log is small and rarely written: snapshot every 256 entries, keep 64 behind the
  // snapshot so a briefly lagging follower gets entries rather than a snapshot.
  unsigned snapshot_threshold = 256;
  unsigned snapshot_trailing = 64;
  // Where the bus socket binds when it differs from the announced address (NAT), e.g.
  // "0.0.0.0:17000" for a node announcing 203.0.113.5:27000. Empty: bind `address`.
  std::string bind_address;
};

class RaftNode final : private MembershipChanges::Owner {
 public:
  // All callbacks run on the loop thread. Views passed in live only during the call.
  struct Callbacks {
    // A committed entry, in log order, on every member (also replayed after a restart).
    std::function<void(std::string_view entry)> apply;
    // Serializes the whole state machine (as of the last applied entry).
    std::function<std::string()> snapshot;
    // Replaces the whole state machine with a snapshot made by `snapshot`.
    std::function<absl::Status(std::string_view data)> restore;
  };

  // Nothing happens until Start. `dir` must exist; it holds the log, metadata and snapshots.
  RaftNode(uv_loop_t* loop, uint64_t raft_id, std::string address, std::string dir, Callbacks cb,
           RaftOptions options = {});
  // Aborts unless the node was never started or Stop's `done` has run.
  ~RaftNode();
  RaftNode(const RaftNode&) = delete;
  RaftNode& operator=(const RaftNode&) = delete;

  // A pristine `dir` is bootstrapped with `bootstrap_peers` (every seed passes the same list, which
  // must contain this node); empty peers start a node that waits to be added by the leader. A dir
  // that already holds Raft state resumes from it and ignores the peers. Either way the state
  // machine must be empty: the last snapshot is restored and later committed entries re-applied.
  // After Start was called, even when it failed, call Stop before destroying the node.
  absl::Status Start(std::span<const RaftPeer> bootstrap_peers);
  // Closes libraft asynchronously (after pending log writes reach the disk); `done` runs on the
  // loop once no callback can come any more, and may destroy the node. Queued membership changes
  // fail inside this call; a pending Propose/change completes or fails before `done`. Entries
  // committed meanwhile are still applied. Safe to call from any callback of this node. Never
  // started: `done` runs inside this call.
  void Stop(std::function<void()> done);

  uint64_t id() const { return raft_id_; }
  bool IsLeader() const override;
  // The leader this member knows of (itself included), if any.
  std::optional<RaftPeer> Leader() const;
  // The current (possibly uncommitted) Raft configuration; a member still being added may show
  // up as a non-voter briefly.
  std::vector<RaftPeer> Members() const;
  // Index of the last entry applied here (0 before Start); for tests and INFO.
  uint64_t last_applied() const;
  // The transport connections open right now (empty unless running).
  std::vector<RaftLink> Links();

  // Leader only. Appends `entry` (any bytes, may be empty); `done(status)` runs once it is
  // committed and applied here, or with an error: FailedPrecondition when this member is not the
  // leader (inside this call), Aborted when leadership is lost, Cancelled when the node stops.
  void Propose(std::string entry, std::function<void(absl::Status)> done);
  // Leader only. Makes `peer` a member with its role (voter, else standby): adds it, then assigns
  // the role; an existing member with the same address only gets its role changed, so retrying is
  // safe. Membership changes are queued and run one at a time (libraft allows one in flight).
  void AddMember(RaftPeer peer, std::function<void(absl::Status)> done) {
    changes_.Add(std::move(peer), std::move(done));
  }
  // Leader only. Removes a member; NotFound when it is not one.
  void RemoveMember(uint64_t raft_id, std::function<void(absl::Status)> done) {
    changes_.Remove(raft_id, std::move(done));
  }

 private:
  enum class Phase { kIdle, kInitialized, kRunning, kStopping, kStopped };
  struct ApplyRequest;

  static int FsmApply(raft_fsm* fsm, const raft_buffer* buf, void** result);
  static int FsmSnapshot(raft_fsm* fsm, raft_buffer* bufs[], unsigned* n_bufs);
  static int FsmRestore(raft_fsm* fsm, raft_buffer* buf);
  static void OnApplied(struct raft_apply* req, int status, void* result);
  static void OnClosed(raft* r);
  static void OnDrainTick(uv_timer_t* timer);

  absl::Status InitIo();
  absl::Status Bootstrap(std::span<const RaftPeer> peers);
  void ConfigureTimeouts();
  bool IoIdle() const;
  // MembershipChanges::Owner (IsLeader is public).
  bool IsRunning() const override { return phase_ == Phase::kRunning; }
  absl::Status RaftError(int rv, std::string_view what) const override;

  uv_loop_t* loop_;
  uint64_t raft_id_;
  std::string address_;
  std::string dir_;
  Callbacks cb_;
  RaftOptions options_;
  Phase phase_ = Phase::kIdle;
  std::function<void()> stop_done_;
  uv_timer_t drain_timer_{};  // Stop waits on it for pending disk writes (see IoIdle)
  uint64_t drain_start_ms_ = 0;
  RaftTransport transport_;
  raft_io io_{};
  raft_fsm fsm_{};
  raft raft_{};
  MembershipChanges changes_{raft_, *this};
};

}  // namespace slotcache::server
