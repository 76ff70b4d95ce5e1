#include "server/replication/replication_replica.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "resp/reply_parser.h"
#include "resp/reply_writer.h"
#include "server/replication/replication_primary.h"

namespace slotcache::server {

struct ReplicaLink::Socket {
  uv_tcp_t tcp;
  uv_connect_t connect;
  ReplicaLink* owner;  // nullptr once the link let go of it
  char buffer[64 * 1024];
};

namespace {

struct WriteRequest {
  uv_write_t req;
  std::string data;
};

constexpr int64_t kRetryMs = 1000;
constexpr int64_t kAckPeriodMs = 1000;

bool ResolveAddress(const std::string& host, int port, sockaddr_storage* addr) {
  std::string ip = host == "localhost" ? "127.0.0.1" : host;
  if (uv_ip4_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in*>(addr)) == 0) return true;
  return uv_ip6_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in6*>(addr)) == 0;
}

}  // namespace

ReplicaLink::ReplicaLink(uv_loop_t* loop, ServerState& state, std::function<int64_t()> clock)
    : loop_(loop),
      state_(state),
      clock_(std::move(clock)),
      repl_(state.replication()),
      applier_(state) {
  repl_.link = LinkState::kConnect;
  repl_.link_down_since_ms = 0;
}

ReplicaLink::~ReplicaLink() {
  CloseSocket();
  repl_.link = LinkState::kNone;
}

void ReplicaLink::CloseSocket() {
  if (socket_ == nullptr) return;
  socket_->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&socket_->tcp),
           [](uv_handle_t* handle) { delete static_cast<Socket*>(handle->data); });
  socket_ = nullptr;
}

void ReplicaLink::Cron(int64_t now_ms) {
  if (repl_.link == LinkState::kConnect) {
    if (now_ms >= next_attempt_ms_) Connect(now_ms);
    return;
  }
  if (now_ms - repl_.last_io_ms > state_.config().repl_timeout * 1000) {
    return Fail(repl_.link == LinkState::kConnected ? "MASTER timeout: no data nor PING received..."
                                                    : "Timeout connecting to the MASTER...");
  }
  if (repl_.link == LinkState::kConnected && now_ms - last_ack_ms_ >= kAckPeriodMs) SendAck();
}

void ReplicaLink::Connect(int64_t now_ms) {
  sockaddr_storage addr{};
  repl_.last_io_ms = now_ms;
  next_attempt_ms_ = now_ms + kRetryMs;
  if (!ResolveAddress(repl_.primary_host, repl_.primary_port, &addr)) {
    spdlog::warn("Unable to connect to MASTER: bad address {}", repl_.primary_host);
    return;
  }
  spdlog::info("Connecting to MASTER {}:{}", repl_.primary_host, repl_.primary_port);
  socket_ = new Socket;
  socket_->owner = this;
  uv_tcp_init(loop_, &socket_->tcp);
  socket_->tcp.data = socket_;
  socket_->connect.data = socket_;
  repl_.link = LinkState::kConnecting;
  int rc = uv_tcp_connect(&socket_->connect, &socket_->tcp, reinterpret_cast<sockaddr*>(&addr),
                          [](uv_connect_t* req, int status) {
                            auto* socket = static_cast<Socket*>(req->data);
                            if (socket->owner != nullptr) socket->owner->OnConnected(status);
                          });
  if (rc != 0) Fail(fmt::format("Unable to connect to MASTER: {}", uv_strerror(rc)));
}

// The handshake is pipelined: our own primaries answer each step in order.
void ReplicaLink::OnConnected(int status) {
  if (status < 0)
    return Fail(fmt::format("Error condition on socket for SYNC: {}", uv_strerror(status)));
  uv_tcp_nodelay(&socket_->tcp, 1);
  uv_read_start(
      reinterpret_cast<uv_stream_t*>(&socket_->tcp),
      [](uv_handle_t* handle, size_t, uv_buf_t* buf) {
        auto* socket = static_cast<Socket*>(handle->data);
        *buf = uv_buf_init(socket->buffer, sizeof(socket->buffer));
      },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
        auto* socket = static_cast<Socket*>(stream->data);
        if (socket->owner == nullptr || nread == 0) return;
        if (nread < 0) return socket->owner->Fail("Connection with master lost.");
        socket->owner->OnData(std::string_view(buf->base, static_cast<size_t>(nread)));
      });
  repl_.link = LinkState::kHandshake;
  input_.clear();
  pos_ = 0;
  expected_.clear();
  if (!state_.config().masterauth.empty()) {
    SendCommand({"AUTH", state_.config().masterauth});
    expected_.push_back(Expect::kAuth);
  }
  std::string port = std::to_string(state_.config().port);
  SendCommand({"PING"});
  SendCommand({"REPLCONF", "listening-port", port});
  SendCommand({"REPLCONF", "capa", "eof", "capa", "psync2"});
  // Without a history of our own (nothing synced yet) ask for a full sync outright.
  std::string offset = std::to_string(repl_.offset() + 1);
  if (repl_.backlog_active) {
    SendCommand({"PSYNC", repl_.replid, offset});
  } else {
    SendCommand({"PSYNC", "?", "-1"});
  }
  expected_.insert(expected_.end(),
                   {Expect::kPong, Expect::kReplconf, Expect::kReplconf, Expect::kPsync});
}

void ReplicaLink::Send(std::string bytes) {
  if (socket_ == nullptr) return;
  auto* request = new WriteRequest{{}, std::move(bytes)};
  uv_buf_t buf = uv_buf_init(request->data.data(), static_cast<unsigned>(request->data.size()));
  uv_write(&request->req, reinterpret_cast<uv_stream_t*>(&socket_->tcp), &buf, 1,
           [](uv_write_t* req, int) { delete reinterpret_cast<WriteRequest*>(req); });
}

void ReplicaLink::SendCommand(std::initializer_list<std::string_view> args) {
  std::string out;
  resp::ReplyWriter writer(&out);
  writer.ArrayHeader(args.size());
  for (std::string_view arg : args)
    writer.Bulk(arg);
  Send(std::move(out));
}

void ReplicaLink::SendAck() {
  last_ack_ms_ = clock_();
  std::string offset = std::to_string(repl_.offset());
  SendCommand({"REPLCONF", "ACK", offset});
}

void ReplicaLink::Fail(std::string_view why) {
  int64_t now_ms = clock_();
  spdlog::warn("{}", why);
  CloseSocket();
  if (repl_.link == LinkState::kConnected || repl_.link_down_since_ms == 0) {
    repl_.link_down_since_ms = now_ms;
  }
  repl_.link = LinkState::kConnect;
  next_attempt_ms_ = now_ms + kRetryMs;
  mark_.clear();
  expected_.clear();
  std::string().swap(input_);
  pos_ = 0;
}

void ReplicaLink::OnData(std::string_view bytes) {
  repl_.last_io_ms = clock_();
  input_.append(bytes);
  Step step = Step::kAgain;
  while (step == Step::kAgain) {
    switch (repl_.link) {
      case LinkState::kHandshake:
        step = HandleHandshake();
        break;
      case LinkState::kSync:
        step = mark_.empty() ? ReadSyncHeader() : LoadImage();
        break;
      case LinkState::kConnected:
        step = ApplyStream();
        break;
      default:
        step = Step::kStop;
    }
  }
  if (step == Step::kStop) return;  // the link failed and its buffers are gone
  // Drop what was used once it is most of the buffer: amortized O(1) per byte.
  if (pos_ > 0 && pos_ * 2 >= input_.size()) {
    input_.erase(0, pos_);
    pos_ = 0;
  }
}

ReplicaLink::Step ReplicaLink::HandleHandshake() {
  while (!expected_.empty()) {
    Expect expect = expected_.front();
    if (expect == Expect::kPsync) {
      size_t eol = Unread().find("\r\n");
      if (eol == std::string_view::npos) return Step::kWait;
      std::string line(Unread().substr(0, eol));
      pos_ += eol + 2;
      expected_.clear();
      return HandlePsyncReply(line);
    }
    resp::Reply reply;
    size_t consumed = 0;
    resp::ReplyStatus status = resp::ParseReply(Unread(), &reply, &consumed);
    if (status == resp::ReplyStatus::kIncomplete) return Step::kWait;
    if (status == resp::ReplyStatus::kError) {
      Fail("Bad protocol from MASTER during the handshake");
      return Step::kStop;
    }
    pos_ += consumed;
    expected_.erase(expected_.begin());
    // Like Redis, an unknown REPLCONF option is not fatal; anything else refused is.
    if (reply.type == resp::Reply::Type::kError && expect != Expect::kReplconf) {
      Fail(fmt::format("MASTER aborted replication with an error: {}", reply.text));
      return Step::kStop;
    }
  }
  return Step::kWait;
}

ReplicaLink::Step ReplicaLink::HandlePsyncReply(std::string_view line) {
  if (line.starts_with("+FULLRESYNC ")) {
    std::string_view rest = line.substr(12);
    size_t space = rest.find(' ');
    uint64_t offset = 0;
    if (space == 40) offset = std::strtoull(std::string(rest.substr(41)).c_str(), nullptr, 10);
    if (space != 40) {
      Fail(fmt::format("Bad reply to PSYNC from MASTER: {}", line));
      return Step::kStop;
    }
    BeginFullSync(std::string(rest.substr(0, 40)), offset);
    return Step::kAgain;
  }
  if (line.starts_with("+CONTINUE")) {
    Continue(line.size() > 10 ? line.substr(10) : std::string_view());
    return Step::kAgain;
  }
  Fail(fmt::format("Unexpected reply to PSYNC from master: {}", line));
  return Step::kStop;
}

// The data set is replaced: flushed now, loaded from the image as it arrives. Until the image
// is complete the data belongs to no history, so a broken transfer can't be continued.
void ReplicaLink::BeginFullSync(std::string replid, uint64_t offset) {
  spdlog::info("Full resync from master: {}:{}", replid, offset);
  sync_replid_ = std::move(replid);
  sync_offset_ = offset;
  state_.replicas().DropAll();
  repl_.backlog_active = false;
  // Its history is gone with the data: free its memory now (as Redis does), not after the image.
  repl_.backlog.Reset(repl_.offset());
  repl_.replid = ReplicationState::NewReplid(state_.rng());
  repl_.replid2 = ReplicationState::kNoReplid;
  repl_.second_offset = -1;
  for (KeyspaceSnapshot* snapshot : state_.snapshots())
    snapshot->BeforeKeyspaceWrite();
  state_.keyspace().FlushAll();
  state_.propagator().Emit(0, {std::string_view("FLUSHALL")});
  applier_.Reset();
  repl_.sync_bytes_read = 0;
  repl_.link = LinkState::kSync;
}

void ReplicaLink::Continue(std::string_view replid) {
  spdlog::info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
  if (!replid.empty() && replid != repl_.replid) {
    // The primary was promoted since: its new history continues ours.
    spdlog::info("Master replication ID changed to {}", replid);
    repl_.replid2 = repl_.replid;
    repl_.second_offset = static_cast<int64_t>(repl_.offset()) + 1;
    repl_.replid = std::string(replid);
    state_.replicas().DropAll();
  }
  state_.replicas().ActivateBacklog();
  repl_.link = LinkState::kConnected;
  SendAck();
}

ReplicaLink::Step ReplicaLink::ReadSyncHeader() {
  // Redis primaries send newlines to keep the link alive while they prepare the payload.
  while (pos_ < input_.size() && input_[pos_] == '\n')
    ++pos_;
  size_t eol = Unread().find("\r\n");
  if (eol == std::string_view::npos) return Step::kWait;
  std::string_view header = Unread().substr(0, eol);
  if (!header.starts_with("$EOF:") || header.size() != 5 + 40) {
    Fail(fmt::format("Bad full sync header from MASTER: {}", header.substr(0, 64)));
    return Step::kStop;
  }
  mark_ = std::string(header.substr(5));
  pos_ += eol + 2;
  return Step::kAgain;
}

ReplicaLink::Step ReplicaLink::LoadImage() {
  std::string_view rest = Unread();
  size_t end = rest.find(mark_);
  std::string_view image = end == std::string_view::npos ? rest : rest.substr(0, end);
  CommandStreamApplier::Result result = applier_.Apply(image, clock_());
  pos_ += result.consumed;
  repl_.sync_bytes_read += result.consumed;
  if (!result.error.empty() || (end != std::string_view::npos && result.consumed != end)) {
    Fail(fmt::format("Corrupt full sync image at byte {}: {}", repl_.sync_bytes_read,
                     result.error.empty() ? "truncated command" : result.error));
    return Step::kStop;
  }
  if (end == std::string_view::npos) return Step::kWait;
  pos_ += mark_.size();
  mark_.clear();
  state_.replicas().ActivateBacklog();
  repl_.backlog.Reset(sync_offset_);
  repl_.replid = sync_replid_;
  repl_.stream_db = applier_.db();
  repl_.link = LinkState::kConnected;
  spdlog::info("MASTER <-> REPLICA sync: Finished with success ({} bytes of image)",
               repl_.sync_bytes_read);
  SendAck();
  return Step::kAgain;
}

ReplicaLink::Step ReplicaLink::ApplyStream() {
  std::string_view rest = Unread();
  if (rest.empty()) return Step::kWait;
  CommandStreamApplier::Result result = applier_.Apply(rest, clock_());
  if (!result.error.empty()) {
    Fail(fmt::format("Corrupt replication stream at offset {}: {}",
                     repl_.offset() + result.consumed + 1, result.error));
    return Step::kStop;
  }
  // The backlog (and our own replicas) get exactly the bytes applied, so offsets stay the
  // primary's.
  repl_.stream_db = applier_.db();
  state_.replicas().FeedRaw(rest.substr(0, result.consumed));
  pos_ += result.consumed;
  if (repl_.ack_requested) {
    repl_.ack_requested = false;
    SendAck();
  }
  return Step::kWait;
}

}  // namespace slotcache::server
