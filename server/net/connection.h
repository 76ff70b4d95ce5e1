// One client socket: reads bytes, parses requests, runs them, and writes the replies back in as
// few writes as possible. Bounded memory: a client that stops reading stops being read.
#pragma once

#include <uv.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "resp/request_parser.h"
#include "server/core/client_session.h"
#include "server/net/connection_owner.h"
#include "server/net/input_buffer.h"
#include "server/net/request_batch.h"

namespace slotcache::server {

class Connection {
 public:
  // A socket handle on the owner's loop, ready for uv_accept.
  explicit Connection(ConnectionOwner& owner);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  uv_tcp_t* handle() { return &handle_; }
  ClientSession& session() { return session_; }
  // Starts reading; call once after accept.
  void Start(int64_t now_ms);
  // Writes pending replies (called before the loop polls again).
  void Flush();
  // Asks the owner for a Flush before the loop polls again, unless one is queued already.
  void QueueFlush();
  // Just before the process exits: drops the unsent replies and hands `bytes` to the socket in
  // one non-blocking write (lost if the socket's buffer is full or a write is under way).
  void WriteLastWords(std::string_view bytes);
  // Closes the socket; the Connection deletes itself once libuv has let go of it.
  void Close();
  bool closing() const { return closing_; }
  // Output bytes not yet acknowledged by the socket.
  size_t pending_output() const { return session_.output.size() + inflight_.size(); }
  int64_t soft_limit_since_ms = -1;

 private:
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void OnWrite(uv_write_t* req, int status);
  static void OnClose(uv_handle_t* handle);

  // Runs every complete request in the input buffer, unless output backs up.
  void ProcessInput();
  bool RunBatch(int64_t now_ms);
  // False if requests must wait (closing, blocked, or output backed up: then pauses reading).
  bool ReadyForRequest();
  void PauseReading();
  void ResumeReading();
  void ResumeIfDrained();
  // session_.wake: write queued output soon and, after WAIT, run requests that waited.
  void Wake();
  void StartWrite();

  ConnectionOwner& owner_;
  uv_tcp_t handle_;
  uv_write_t write_req_;
  ClientSession session_;
  InputBuffer input_;
  size_t wanted_ = 0;  // bytes the parser said the current request needs
  RequestBatch batch_;
  std::string inflight_;  // bytes handed to uv_write, alive until its callback
  bool reading_ = false;
  bool paused_ = false;  // stopped reading because output backed up
  bool closing_ = false;
  bool flush_queued_ = false;
  bool resume_input_ = false;  // Wake() asked for buffered requests to run at the next Flush
};

}  // namespace slotcache::server
