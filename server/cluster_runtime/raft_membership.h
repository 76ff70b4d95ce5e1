// Raft membership changes: a FIFO of add/remove requests, run one at a time because libraft
// accepts a single configuration change in flight. Owned by a RaftNode, whose libraft instance it
// changes; it never starts, stops or reads the log of that instance.
#pragma once

// libraft 0.15's headers have no extern "C" guards of their own.
extern "C" {
#include <raft.h>
}

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace slotcache::server {

// A member of the Raft configuration. `address` is the "ip:port" (IPv4 dotted quad) of its cluster
// bus, where libraft's TCP transport listens. Non-voters follow the log as RAFT_STANDBY.
struct RaftPeer {
  uint64_t raft_id = 0;
  std::string address;
  bool voter = true;

  bool operator==(const RaftPeer&) const = default;
};

// The member `raft_id` of `r`'s current (possibly uncommitted) configuration, or null. Valid until
// that configuration changes.
const raft_server* FindRaftServer(const raft& r, uint64_t raft_id);

class MembershipChanges {
 public:
  using Done = std::function<void(absl::Status)>;

  // What the queue needs of the node that owns it.
  class Owner {
   public:
    // Started and not stopping.
    virtual bool IsRunning() const = 0;
    virtual bool IsLeader() const = 0;
    // libraft's error `rv` from the call `what`, as a status (Cancelled once stopping).
    virtual absl::Status RaftError(int rv, std::string_view what) const = 0;

   protected:
    ~Owner() = default;
  };

  // `r` is `owner`'s libraft instance; both must outlive the queue.
  MembershipChanges(raft& r, Owner& owner) : raft_(r), owner_(owner) {}
  MembershipChanges(const MembershipChanges&) = delete;
  MembershipChanges& operator=(const MembershipChanges&) = delete;

  // RaftNode::AddMember and RemoveMember: see there. `done` runs once, possibly inside the call.
  void Add(RaftPeer peer, Done done);
  void Remove(uint64_t raft_id, Done done);
  // Fails every queued change (Cancelled) inside this call; the one in flight, if any, completes
  // or is failed by libraft.
  void CancelQueued();

 private:
  struct Op {
    bool remove = false;
    RaftPeer peer;  // remove: only raft_id is used
    Done done;
  };
  struct Request;

  static void OnChanged(raft_change* change, int status);
  void RunNext();
  std::optional<absl::Status> Step(Request* req);
  void Finish(Request* req, absl::Status status);

  raft& raft_;
  Owner& owner_;
  bool running_ = false;  // a Request is in flight
  std::deque<Op> queue_;
};

}  // namespace slotcache::server
