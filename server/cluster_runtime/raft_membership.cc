// RaftNode's membership changes: a FIFO of add/remove ops run one at a time, because libraft
// accepts a single configuration change in flight (RAFT_CANTCHANGE otherwise).
#include "server/cluster_runtime/raft_membership.h"

#include <memory>
#include <utility>

#include <fmt/format.h>

namespace slotcache::server {

// Heap-allocated per op: libraft keeps the raft_change pointer until OnChanged runs.
struct MembershipChanges::Request {
  raft_change change{};
  MembershipChanges* changes = nullptr;
  Op op;
};

const raft_server* FindRaftServer(const raft& r, uint64_t raft_id) {
  for (unsigned i = 0; i < r.configuration.n; ++i) {
    if (r.configuration.servers[i].id == raft_id) {
      return &r.configuration.servers[i];
    }
  }
  return nullptr;
}

void MembershipChanges::Add(RaftPeer peer, Done done) {
  queue_.push_back({false, std::move(peer), std::move(done)});
  RunNext();
}

void MembershipChanges::Remove(uint64_t raft_id, Done done) {
  queue_.push_back({true, RaftPeer{raft_id, "", false}, std::move(done)});
  RunNext();
}

void MembershipChanges::CancelQueued() {
  std::deque<Op> queued = std::move(queue_);
  queue_.clear();
  for (Op& op : queued) {
    op.done(absl::CancelledError("raft node stopping"));
  }
}

void MembershipChanges::RunNext() {
  while (!running_ && !queue_.empty()) {
    auto* req = new Request{{}, this, std::move(queue_.front())};
    queue_.pop_front();
    req->change.data = req;
    running_ = true;
    if (std::optional<absl::Status> finished = Step(req)) {
      Finish(req, *std::move(finished));
    }
  }
}

// Compares the wanted membership with the current configuration and submits the one libraft call
// that gets closer: raft_add (the member arrives as RAFT_SPARE), then raft_assign for its role, or
// raft_remove. Returns nullopt while a call is in flight (OnChanged follows), else the op's result.
std::optional<absl::Status> MembershipChanges::Step(Request* req) {
  if (!owner_.IsRunning()) {
    return absl::CancelledError("raft node not running");
  }
  if (!owner_.IsLeader()) {
    return absl::FailedPreconditionError("not the raft leader");
  }
  const RaftPeer& peer = req->op.peer;
  const raft_server* current = FindRaftServer(raft_, peer.raft_id);
  int rv = 0;
  if (req->op.remove) {
    if (current == nullptr) {
      return absl::NotFoundError(fmt::format("raft member {} not found", peer.raft_id));
    }
    rv = raft_remove(&raft_, &req->change, peer.raft_id, OnChanged);
  } else if (current == nullptr) {
    rv = raft_add(&raft_, &req->change, peer.raft_id, peer.address.c_str(), OnChanged);
  } else if (current->address != peer.address) {
    return absl::InvalidArgumentError(
        fmt::format("raft member {} already has address {}", peer.raft_id, current->address));
  } else {
    int role = peer.voter ? RAFT_VOTER : RAFT_STANDBY;
    if (current->role == role) {
      return absl::OkStatus();
    }
    rv = raft_assign(&raft_, &req->change, peer.raft_id, role, OnChanged);
  }
  if (rv != 0) {
    return owner_.RaftError(rv, "raft membership change");
  }
  return std::nullopt;
}

// Runs when the configuration entry is committed (libraft has already cleared its pending
// change, so the next step may be submitted from here), or fails it.
void MembershipChanges::OnChanged(raft_change* change, int status) {
  auto* req = static_cast<Request*>(change->data);
  MembershipChanges* changes = req->changes;
  if (status != 0) {
    changes->Finish(req, changes->owner_.RaftError(status, "raft membership change"));
  } else if (req->op.remove) {
    changes->Finish(req, absl::OkStatus());
  } else if (std::optional<absl::Status> finished = changes->Step(req)) {
    changes->Finish(req, *std::move(finished));
  }
  changes->RunNext();
}

void MembershipChanges::Finish(Request* req, absl::Status status) {
  Done done = std::move(req->op.done);
  delete req;
  running_ = false;
  done(std::move(status));
}

}  // namespace slotcache::server
