#include "server/net/connection.h"

#include <spdlog/spdlog.h>

#include "resp/reply_writer.h"
#include "server/base/errors.h"

namespace slotcache::server {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Above this much unsent output a client is not read from until it catches up, so a client
// that pipelines without reading cannot make the server buffer unbounded replies.
constexpr size_t kOutputPauseBytes = 1 << 20;
constexpr size_t kIdleInputKeep = 64 * 1024;

std::string PeerName(const uv_tcp_t* handle, bool local) {
  sockaddr_storage addr{};
  int len = sizeof(addr);
  int rc = local ? uv_tcp_getsockname(handle, reinterpret_cast<sockaddr*>(&addr), &len)
                 : uv_tcp_getpeername(handle, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return "?:0";
  char ip[INET6_ADDRSTRLEN] = {0};
  int port = 0;
  if (addr.ss_family == AF_INET6) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&addr);
    uv_ip6_name(a6, ip, sizeof(ip));
    port = ntohs(a6->sin6_port);
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&addr);
    uv_ip4_name(a4, ip, sizeof(ip));
    port = ntohs(a4->sin_port);
  }
  return std::string(ip) + ":" + std::to_string(port);
}

}  // namespace

Connection::Connection(ConnectionOwner& owner) : owner_(owner) {
  uv_tcp_init(owner_.loop(), &handle_);
  handle_.data = this;
  write_req_.data = this;
}

Connection::~Connection() = default;

void Connection::Start(int64_t now_ms) {
  session_.id = owner_.state().NextClientId();
  session_.created_ms = session_.last_interaction_ms = now_ms;
  session_.addr = PeerName(&handle_, false);
  session_.laddr = PeerName(&handle_, true);
  uv_os_fd_t fd;
  if (uv_fileno(reinterpret_cast<uv_handle_t*>(&handle_), &fd) == 0) session_.fd = fd;
  uv_tcp_nodelay(&handle_, 1);
  if (owner_.state().config().tcp_keepalive > 0) {
    uv_tcp_keepalive(&handle_, 1, static_cast<unsigned>(owner_.state().config().tcp_keepalive));
  }
  session_.wake = [this] { Wake(); };
  owner_.state().AddClient(&session_);
  ResumeReading();
}

void Connection::OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  size_t want = kReadChunk;
  size_t have = self->input_.size();
  if (self->wanted_ > have && self->wanted_ - have > want) want = self->wanted_ - have;
  buf->base = self->input_.Reserve(want);
  buf->len = self->input_.writable();
}

void Connection::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t*) {
  auto* self = static_cast<Connection*>(stream->data);
  if (nread < 0) {
    if (nread != UV_EOF)
      spdlog::debug("client {} read error: {}", self->session_.addr, uv_strerror(nread));
    self->Close();
    return;
  }
  if (nread == 0) return;
  self->input_.Commit(static_cast<size_t>(nread));
  self->owner_.state().stats().total_net_input_bytes += static_cast<uint64_t>(nread);
  self->ProcessInput();
}

void Connection::ProcessInput() {
  int64_t now_ms = owner_.Now();
  session_.last_interaction_ms = now_ms;
  while (RunBatch(now_ms)) {
  }
  session_.query_buffer_bytes = input_.size();
  session_.query_buffer_free = input_.writable();
  if (input_.size() == 0) input_.ShrinkIfIdle(kIdleInputKeep);
  if (!session_.output.empty() || session_.close_after_reply) QueueFlush();
}

bool Connection::ReadyForRequest() {
  // A client blocked in WAIT runs nothing more until it is answered.
  if (closing_ || session_.close_after_reply || session_.blocked) return false;
  // A replica's link is never paused: its output is the stream, bounded by the replica output
  // limit, and its input carries the ACKs.
  if (!session_.replica_link && pending_output() > kOutputPauseBytes) {
    PauseReading();
    return false;
  }
  return true;
}

// Parses the next pipelined requests, prefetches their keys, then runs them in order; a request
// left unrun (the client got blocked or backed up) stays in the input and is parsed again later.
// True if it ran the whole batch and more input may follow.
bool Connection::RunBatch(int64_t now_ms) {
  if (!ReadyForRequest() || input_.size() == 0) return false;
  ServerState& state = owner_.state();
  batch_.Parse(input_.readable(), owner_.parse_limits());
  if (batch_.size() > 1) batch_.PrefetchKeys(state.keyspace().db(session_.db));
  for (size_t i = 0; i < batch_.size(); ++i) {
    if (i > 0 && !ReadyForRequest()) return false;
    RequestBatch::Request& request = batch_[i];
    if (!request.args.empty()) owner_.RunRequest(session_, request.args, now_ms);
    input_.Consume(request.consumed);
  }
  const resp::ParseResult& end = batch_.parse_end();
  wanted_ = end.status == resp::ParseStatus::kIncomplete ? end.wanted : 0;
  if (end.status == resp::ParseStatus::kError && ReadyForRequest()) {
    spdlog::debug("protocol error from client {}: {}", session_.addr, end.error);
    resp::ReplyWriter(&session_.output, session_.protocol).Error(ProtocolError(end.error));
    session_.close_after_reply = true;
  }
  return end.status == resp::ParseStatus::kComplete;
}

void Connection::Wake() {
  if (input_.size() > 0) resume_input_ = true;
  if (!closing_) QueueFlush();
}

void Connection::QueueFlush() {
  if (flush_queued_) return;
  flush_queued_ = true;
  owner_.QueueFlush(this);
}

void Connection::Flush() {
  flush_queued_ = false;
  if (closing_) return;
  if (resume_input_ && !session_.blocked) {
    resume_input_ = false;
    ProcessInput();
  }
  if (inflight_.empty() && !session_.output.empty()) StartWrite();
  if (closing_) return;
  if (session_.close_after_reply && inflight_.empty() && session_.output.empty()) return Close();
  ResumeIfDrained();
}

void Connection::WriteLastWords(std::string_view bytes) {
  session_.output.clear();
  if (closing_ || !inflight_.empty()) return;  // a uv_write is under way: bytes would interleave
  uv_buf_t buf = uv_buf_init(const_cast<char*>(bytes.data()), static_cast<unsigned>(bytes.size()));
  uv_try_write(reinterpret_cast<uv_stream_t*>(&handle_), &buf, 1);
}

// A paused client is read again once its replies drained, whether they left through
// uv_try_write right away or through a uv_write callback.
void Connection::ResumeIfDrained() {
  if (!paused_ || closing_ || pending_output() > kOutputPauseBytes) return;
  ResumeReading();
  ProcessInput();  // requests already buffered while paused
}

void Connection::StartWrite() {
  std::string& out = session_.output;
  uv_buf_t buf = uv_buf_init(out.data(), static_cast<unsigned>(out.size()));
  int written = uv_try_write(reinterpret_cast<uv_stream_t*>(&handle_), &buf, 1);
  if (written == UV_EAGAIN) written = 0;
  if (written < 0) {
    Close();
    return;
  }
  owner_.state().stats().total_net_output_bytes += static_cast<uint64_t>(written);
  if (static_cast<size_t>(written) == out.size()) {
    if (out.capacity() > kReplyBufferKeep)
      std::string().swap(out);
    else
      out.clear();
    session_.output_list_bytes = 0;
    return;
  }
  out.erase(0, static_cast<size_t>(written));
  inflight_.swap(out);
  session_.output_list_bytes = inflight_.size();
  buf = uv_buf_init(inflight_.data(), static_cast<unsigned>(inflight_.size()));
  uv_write(&write_req_, reinterpret_cast<uv_stream_t*>(&handle_), &buf, 1, OnWrite);
}

void Connection::OnWrite(uv_write_t* req, int status) {
  auto* self = static_cast<Connection*>(req->data);
  if (status == 0) self->owner_.state().stats().total_net_output_bytes += self->inflight_.size();
  std::string().swap(self->inflight_);
  self->session_.output_list_bytes = 0;
  if (status < 0 || self->closing_) {
    self->Close();
    return;
  }
  if (!self->session_.output.empty()) {
    self->StartWrite();
  } else if (self->session_.close_after_reply) {
    self->Close();
    return;
  }
  self->ResumeIfDrained();
}

void Connection::PauseReading() {
  paused_ = true;
  if (reading_) uv_read_stop(reinterpret_cast<uv_stream_t*>(&handle_));
  reading_ = false;
}

void Connection::ResumeReading() {
  paused_ = false;
  if (reading_ || closing_) return;
  if (uv_read_start(reinterpret_cast<uv_stream_t*>(&handle_), OnAlloc, OnRead) == 0)
    reading_ = true;
}

void Connection::Close() {
  if (closing_) return;
  closing_ = true;
  owner_.state().RemoveClient(&session_);
  owner_.Forget(this);
  uv_close(reinterpret_cast<uv_handle_t*>(&handle_), OnClose);
}

void Connection::OnClose(uv_handle_t* handle) {
  delete static_cast<Connection*>(handle->data);
}

}  // namespace slotcache::server
