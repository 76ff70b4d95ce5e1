// libraft's TCP transport, decorated so that the node can see the connections it opens and
// accepts (CLUSTER LINKS): libraft keeps its peer connections private, but every one of them
// passes through the raft_uv_transport interface, whose connect/accept callbacks hand over the
// stream. libraft owns and closes those streams itself, so a recorded stream is reported only
// while it is still a live handle of the loop with the same endpoints (see Links).
#pragma once

#include <uv.h>

extern "C" {
#include <raft.h>
#include <raft/uv.h>
}

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"

namespace slotcache::server {

struct RaftLink {
  bool outbound = false;  // this node connected (libraft sends on it) vs. accepted (it reads)
  uint64_t raft_id = 0;
  std::string address;  // the peer's Raft address
  int64_t create_time_ms = 0;
  bool reading = false;
  size_t send_queue = 0;  // bytes libuv still holds for writing
};

class RaftTransport {
 public:
  explicit RaftTransport(uv_loop_t* loop) : loop_(loop) {}
  RaftTransport(const RaftTransport&) = delete;
  RaftTransport& operator=(const RaftTransport&) = delete;

  // Sets up the TCP transport; `bind_address` ("ip:port", may be empty) is where it listens
  // when that differs from the address peers dial (NAT).
  absl::Status Init(const std::string& bind_address);
  // What raft_uv_init gets.
  raft_uv_transport* transport() { return &outer_; }
  // Releases the TCP transport's memory, after libraft has closed it (or when it never ran).
  void Release();
  // The connections open right now, pruning the records of streams libraft has closed.
  std::vector<RaftLink> Links();

 private:
  struct Record {
    RaftLink link;
    std::string local, peer;  // endpoints at creation, to tell a reused handle address apart
  };
  struct ConnectOp;

  static int OuterInit(raft_uv_transport* t, raft_id id, const char* address);
  static int OuterListen(raft_uv_transport* t, raft_uv_accept_cb cb);
  static int OuterConnect(raft_uv_transport* t, raft_uv_connect* req, raft_id id,
                          const char* address, raft_uv_connect_cb cb);
  static void OuterClose(raft_uv_transport* t, raft_uv_transport_close_cb cb);
  static void InnerAccepted(raft_uv_transport* inner, raft_id id, const char* address,
                            uv_stream_t* stream);
  static void InnerConnected(raft_uv_connect* req, uv_stream_t* stream, int status);
  static void InnerClosed(raft_uv_transport* inner);
  void Track(uv_stream_t* stream, bool outbound, raft_id id, const char* address);
  void Prune();

  uv_loop_t* loop_;
  bool initialized_ = false;
  raft_uv_transport outer_{};
  raft_uv_transport inner_{};
  raft_uv_accept_cb accept_cb_ = nullptr;
  raft_uv_transport_close_cb close_cb_ = nullptr;
  absl::flat_hash_map<uv_stream_t*, Record> records_;
};

}  // namespace slotcache::server
