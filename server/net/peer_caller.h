// Requests to other nodes: each call opens a TCP connection, sends one RESP command, reads one
// reply and closes, within a timeout. Used for cluster joins and health checks.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "resp/reply_parser.h"

namespace slotcache::server {

class PeerCaller {
 public:
  using Done = std::function<void(absl::StatusOr<resp::Reply>)>;

  explicit PeerCaller(uv_loop_t* loop) : loop_(loop) {}
  ~PeerCaller();
  PeerCaller(const PeerCaller&) = delete;
  PeerCaller& operator=(const PeerCaller&) = delete;

  // Sends `args` to ip:port; `done` runs exactly once, on the loop: with the reply (an error
  // reply is still a reply), or an error status on connect/IO failure, a malformed reply or
  // the timeout.
  void Call(const std::string& ip, int port, std::vector<std::string> args, int64_t timeout_ms,
            Done done);
  // Fails every call in flight (their `done` gets a cancelled status) and closes their sockets.
  void CancelAll();
  size_t in_flight() const { return calls_.size(); }

 private:
  struct PendingCall;
  void Finish(PendingCall* call, absl::StatusOr<resp::Reply> result);

  uv_loop_t* loop_;
  absl::flat_hash_set<PendingCall*> calls_;
};

}  // namespace slotcache::server
