// Per-client state the commands see: selected db, protocol, auth, MULTI queue, WATCH, names,
// and the pending reply bytes. Independent of sockets so commands can be tested in-process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace slotcache::server {

struct CommandSpec;

enum class ReplyMode { kOn, kOff, kSkipNext, kSkipThis };

// How much reply buffer a client keeps. Once a batch's replies are written the connection keeps
// up to kReplyBufferKeep for the next batch (growing it again costs reallocations on the hot
// path) and frees a burst's bigger buffer, as Redis frees its reply blocks. Under memory pressure
// the evictor shrinks even that, to kReplyBufferKeepUnderPressure, before it evicts any key.
inline constexpr size_t kReplyBufferKeep = 64 * 1024;
inline constexpr size_t kReplyBufferKeepUnderPressure = 16 * 1024;  // PROTO_REPLY_CHUNK_BYTES

struct QueuedCommand {
  std::vector<std::string> args;
};

struct ClientSession {
  uint64_t id = 0;
  std::string name;
  std::string lib_name;
  std::string lib_ver;
  std::string addr;   // "ip:port" of the peer
  std::string laddr;  // "ip:port" of our side
  int fd = -1;
  int db = 0;
  int protocol = 2;
  bool authenticated = false;
  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  ReplyMode reply_mode = ReplyMode::kOn;
  bool no_evict = false;
  bool no_touch = false;
  bool readonly = false;  // READONLY: a cluster replica may serve this client's reads
  bool asking = false;    // ASKING: one-shot permission for an importing slot
  // It ran a write since its replies were last flushed: with appendfsync always, they wait for
  // the AOF's fsync.
  bool awaiting_aof = false;
  bool close_after_reply = false;  // QUIT, CLIENT KILL of itself, protocol error
  bool kill_requested = false;     // CLIENT KILL asked the loop to close it: no longer listed
  const CommandSpec* last_command = nullptr;  // CLIENT LIST cmd=

  // MULTI/EXEC
  bool in_multi = false;
  bool multi_error = false;  // a command failed to queue: EXEC answers EXECABORT
  std::vector<QueuedCommand> queued;
  bool watch_dirty = false;  // a watched key changed: EXEC answers a null array
  std::vector<std::pair<int, std::string>> watched;  // (db, key)

  // Replication. A replica's link to us (after PSYNC/SYNC) receives the stream in `output`.
  bool replica_link = false;
  int listening_port = 0;     // REPLCONF listening-port, shown in INFO/ROLE
  uint64_t write_offset = 0;  // the stream offset after this client's last write (WAIT)
  // WAIT: no further request runs until the reply is written; `wake` then resumes the client.
  bool blocked = false;
  // Set by the connection: queues a flush of `output` and resumes reading buffered requests.
  std::function<void()> wake = [] {};

  // Connection statistics shown by CLIENT LIST / INFO (kept current by the connection).
  size_t query_buffer_bytes = 0;
  size_t query_buffer_free = 0;
  size_t output_list_bytes = 0;

  // Replies not yet written to the socket.
  std::string output;
};

// Told when a client disconnects, so that it drops every pointer to the session (the replication
// primary forgets it as a replica or a WAITer).
class ClientListener {
 public:
  virtual void ClientRemoved(ClientSession& client) = 0;

 protected:
  ~ClientListener() = default;
};

// Where the reply to the request being run goes: client.output, or `discard` while CLIENT REPLY
// OFF/SKIP silences everything the request produces, gate errors included.
inline std::string* ReplyTarget(ClientSession& client, std::string* discard) {
  bool silent = client.reply_mode == ReplyMode::kOff || client.reply_mode == ReplyMode::kSkipThis;
  return silent ? discard : &client.output;
}

}  // namespace slotcache::server
