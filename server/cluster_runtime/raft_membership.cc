// RaftNode's membership changes: a FIFO of add/remove ops run one at a time, because libraft
// accepts a single configuration change in flight (RAFT_CANTCHANGE otherwise).
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "server/cluster_runtime/raft_node.h"

namespace slotcache::server {

// Heap-allocated per op: libraft keeps the raft_change pointer until OnChanged runs.
struct RaftNode::ChangeRequest {
  raft_change change{};
  RaftNode* node = nullptr;
  ChangeOp op;
};

void RaftNode::AddMember(RaftPeer peer, std::function<void(absl::Status)> done) {
  changes_.push_back({false, std::move(peer), std::move(done)});
  RunNextChange();
}

void RaftNode::RemoveMember(uint64_t raft_id, std::function<void(absl::Status)> done) {
  changes_.push_back({true, RaftPeer{raft_id, "", false}, std::move(done)});
  RunNextChange();
}

void RaftNode::RunNextChange() {
  while (!change_running_ && !changes_.empty()) {
    auto* req = new ChangeRequest{{}, this, std::move(changes_.front())};
    changes_.pop_front();
    req->change.data = req;
    change_running_ = true;
    if (std::optional<absl::Status> finished = StepChange(req)) {
      FinishChange(req, *std::move(finished));
    }
  }
}

// Compares the wanted membership with the current configuration and submits the one libraft call
// that gets closer: raft_add (the member arrives as RAFT_SPARE), then raft_assign for its role, or
// raft_remove. Returns nullopt while a call is in flight (OnChanged follows), else the op's result.
std::optional<absl::Status> RaftNode::StepChange(ChangeRequest* req) {
  if (phase_ != Phase::kRunning) {
    return absl::CancelledError("raft node not running");
  }
  if (!IsLeader()) {
    return absl::FailedPreconditionError("not the raft leader");
  }
  const RaftPeer& peer = req->op.peer;
  const raft_server* current = FindServer(peer.raft_id);
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
    return RaftError(rv, "raft membership change");
  }
  return std::nullopt;
}

// Runs when the configuration entry is committed (libraft has already cleared its pending
// change, so the next step may be submitted from here), or fails it.
void RaftNode::OnChanged(raft_change* change, int status) {
  auto* req = static_cast<ChangeRequest*>(change->data);
  RaftNode* node = req->node;
  if (status != 0) {
    node->FinishChange(req, node->RaftError(status, "raft membership change"));
  } else if (req->op.remove) {
    node->FinishChange(req, absl::OkStatus());
  } else if (std::optional<absl::Status> finished = node->StepChange(req)) {
    node->FinishChange(req, *std::move(finished));
  }
  node->RunNextChange();
}

void RaftNode::FinishChange(ChangeRequest* req, absl::Status status) {
  std::function<void(absl::Status)> done = std::move(req->op.done);
  delete req;
  change_running_ = false;
  done(std::move(status));
}

}  // namespace slotcache::server
