#include "server/net/peer_caller.h"

#include <fmt/format.h>

#include "resp/reply_writer.h"

namespace slotcache::server {

struct PeerCaller::PendingCall {
  PeerCaller* owner;
  uv_tcp_t socket;
  uv_connect_t connect;
  uv_write_t write;
  uv_timer_t timer;
  std::string request;
  std::string response;
  Done done;
  int open_handles = 2;  // socket + timer; freed when both are closed
  bool finished = false;
};

namespace {

using Call = PeerCaller;

std::string EncodeCommand(const std::vector<std::string>& args) {
  std::string out;
  resp::ReplyWriter writer(&out);
  writer.ArrayHeader(args.size());
  for (const std::string& arg : args)
    writer.Bulk(arg);
  return out;
}

}  // namespace

PeerCaller::~PeerCaller() {
  CancelAll();
}

void PeerCaller::Call(const std::string& ip, int port, std::vector<std::string> args,
                      int64_t timeout_ms, Done done) {
  sockaddr_storage addr{};
  bool ipv6 = ip.find(':') != std::string::npos;
  int rc = ipv6 ? uv_ip6_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in6*>(&addr))
                : uv_ip4_addr(ip.c_str(), port, reinterpret_cast<sockaddr_in*>(&addr));
  if (rc != 0) return done(absl::InvalidArgumentError(fmt::format("bad address {}:{}", ip, port)));
  auto* call = new PendingCall{this, {}, {}, {}, {}, EncodeCommand(args), {}, std::move(done)};
  calls_.insert(call);
  uv_tcp_init(loop_, &call->socket);
  uv_timer_init(loop_, &call->timer);
  call->socket.data = call->connect.data = call->write.data = call->timer.data = call;
  uv_timer_start(
      &call->timer,
      [](uv_timer_t* t) {
        auto* c = static_cast<PendingCall*>(t->data);
        c->owner->Finish(c, absl::DeadlineExceededError("peer did not answer in time"));
      },
      static_cast<uint64_t>(timeout_ms), 0);
  rc = uv_tcp_connect(
      &call->connect, &call->socket, reinterpret_cast<sockaddr*>(&addr),
      [](uv_connect_t* req, int status) {
        auto* c = static_cast<PendingCall*>(req->data);
        if (c->finished) return;
        if (status < 0) return c->owner->Finish(c, absl::UnavailableError(uv_strerror(status)));
        uv_buf_t buf = uv_buf_init(c->request.data(), static_cast<unsigned>(c->request.size()));
        uv_write(&c->write, reinterpret_cast<uv_stream_t*>(&c->socket), &buf, 1,
                 [](uv_write_t* w, int st) {
                   auto* cw = static_cast<PendingCall*>(w->data);
                   if (st < 0 && !cw->finished)
                     cw->owner->Finish(cw, absl::UnavailableError(uv_strerror(st)));
                 });
        uv_read_start(
            reinterpret_cast<uv_stream_t*>(&c->socket),
            [](uv_handle_t* h, size_t, uv_buf_t* b) {
              auto* ch = static_cast<PendingCall*>(h->data);
              size_t old = ch->response.size();
              ch->response.resize(old + 16384);
              *b = uv_buf_init(ch->response.data() + old, 16384);
            },
            [](uv_stream_t* s, ssize_t n, const uv_buf_t*) {
              auto* cr = static_cast<PendingCall*>(s->data);
              if (n < 0) {
                cr->response.resize(cr->response.size() - 16384);
                return cr->owner->Finish(cr, absl::UnavailableError("connection closed by peer"));
              }
              cr->response.resize(cr->response.size() - 16384 + static_cast<size_t>(n));
              resp::Reply reply;
              size_t consumed = 0;
              resp::ReplyStatus status = resp::ParseReply(cr->response, &reply, &consumed);
              if (status == resp::ReplyStatus::kComplete)
                return cr->owner->Finish(cr, std::move(reply));
              if (status == resp::ReplyStatus::kError) {
                cr->owner->Finish(cr, absl::DataLossError("malformed reply from peer"));
              }
            });
      });
  if (rc != 0) Finish(call, absl::UnavailableError(uv_strerror(rc)));
}

// Runs `done` once and closes the handles; the call is freed when libuv lets go of both.
void PeerCaller::Finish(PendingCall* call, absl::StatusOr<resp::Reply> result) {
  if (call->finished) return;
  call->finished = true;
  calls_.erase(call);
  uv_timer_stop(&call->timer);
  auto on_close = [](uv_handle_t* h) {
    auto* c = static_cast<PendingCall*>(h->data);
    if (--c->open_handles == 0) delete c;
  };
  uv_close(reinterpret_cast<uv_handle_t*>(&call->socket), on_close);
  uv_close(reinterpret_cast<uv_handle_t*>(&call->timer), on_close);
  Done done = std::move(call->done);
  done(std::move(result));
}

void PeerCaller::CancelAll() {
  std::vector<PendingCall*> calls(calls_.begin(), calls_.end());
  for (PendingCall* call : calls)
    Finish(call, absl::CancelledError("peer call cancelled"));
}

}  // namespace slotcache::server
