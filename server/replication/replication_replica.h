// Replica side of replication: the link from this node to its primary. Connects, handshakes
// (PING, REPLCONF listening-port/capa, PSYNC <replid> <offset+1>), loads a full sync's image or
// continues from its offset, then applies the primary's stream through CommandStreamApplier,
// ACKs its offset every second and reconnects (partial resync when possible) when the link
// drops. Must not answer clients or expire keys: the primary's DELs arrive in the stream.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "server/core/command_stream.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class ReplicaLink {
 public:
  // Connects to state.replication()'s primary at the next Cron. `clock` reads the wall clock.
  ReplicaLink(uv_loop_t* loop, ServerState& state, std::function<int64_t()> clock);
  ~ReplicaLink();  // closes the socket (libuv finishes closing it on the loop)
  ReplicaLink(const ReplicaLink&) = delete;
  ReplicaLink& operator=(const ReplicaLink&) = delete;

  // Every 100 ms: connects or reconnects, sends the periodic ACK, detects a silent primary.
  void Cron(int64_t now_ms);

 private:
  struct Socket;
  enum class Expect { kPong, kAuth, kReplconf, kPsync };
  // What a reading step did: needs more bytes, made progress (run again), or failed the link.
  enum class Step { kWait, kAgain, kStop };

  void Connect(int64_t now_ms);
  void OnConnected(int status);
  void OnData(std::string_view bytes);
  void Send(std::string bytes);
  void SendCommand(std::initializer_list<std::string_view> args);
  void SendAck();
  void Fail(std::string_view why);
  void CloseSocket();
  Step HandleHandshake();
  Step HandlePsyncReply(std::string_view line);
  Step ReadSyncHeader();
  Step LoadImage();
  Step ApplyStream();
  void BeginFullSync(std::string replid, uint64_t offset);
  void Continue(std::string_view replid);
  std::string_view Unread() const { return std::string_view(input_).substr(pos_); }

  uv_loop_t* loop_;
  ServerState& state_;
  std::function<int64_t()> clock_;
  ReplicationState& repl_;
  CommandStreamApplier applier_;
  Socket* socket_ = nullptr;
  std::vector<Expect> expected_;  // replies still due for the handshake, in order
  std::string input_;
  size_t pos_ = 0;
  std::string mark_;  // end of the full sync image
  std::string sync_replid_;
  uint64_t sync_offset_ = 0;
  int64_t next_attempt_ms_ = 0;
  int64_t last_ack_ms_ = 0;
};

}  // namespace slotcache::server
