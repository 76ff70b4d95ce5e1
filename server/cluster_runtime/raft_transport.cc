#include "server/cluster_runtime/raft_transport.h"

#include <stdio.h>
#include <time.h>

#include <fmt/format.h>

#include "absl/container/flat_hash_set.h"
#include "server/base/clock.h"

namespace slotcache::server {
namespace {

// "ip:port" of one end of a TCP stream; "" when the socket has none (closed, not connected).
std::string Endpoint(uv_stream_t* stream, bool peer) {
  sockaddr_storage addr{};
  int len = sizeof(addr);
  auto* tcp = reinterpret_cast<uv_tcp_t*>(stream);
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? uv_tcp_getpeername(tcp, sa, &len) : uv_tcp_getsockname(tcp, sa, &len)) != 0) {
    return "";
  }
  char ip[64] = "";
  if (addr.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&addr);
    uv_ip4_name(in, ip, sizeof(ip));
    return fmt::format("{}:{}", ip, ntohs(in->sin_port));
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&addr);
  uv_ip6_name(in6, ip, sizeof(ip));
  return fmt::format("[{}]:{}", ip, ntohs(in6->sin6_port));
}

}  // namespace

// Allocated per connect: libraft's request must stay untouched until its callback has run.
struct RaftTransport::ConnectOp {
  raft_uv_connect inner{};
  raft_uv_connect* outer = nullptr;
  raft_uv_connect_cb cb = nullptr;
  RaftTransport* self = nullptr;
  raft_id id = 0;
  std::string address;
};

absl::Status RaftTransport::Init(const std::string& bind_address) {
  if (int rv = raft_uv_tcp_init(&inner_, loop_); rv != 0) {
    return absl::InternalError(fmt::format("raft transport: {}", raft_strerror(rv)));
  }
  initialized_ = true;
  if (!bind_address.empty()) {
    if (int rv = raft_uv_tcp_set_bind_address(&inner_, bind_address.c_str()); rv != 0) {
      return absl::InvalidArgumentError(
          fmt::format("raft bind address {}: {}", bind_address, raft_strerror(rv)));
    }
  }
  // libraft sets the outer transport's `data` to its own state; the TCP transport calls back
  // with the inner one, whose `data` leads here.
  inner_.data = this;
  outer_.impl = this;
  outer_.init = OuterInit;
  outer_.listen = OuterListen;
  outer_.connect = OuterConnect;
  outer_.close = OuterClose;
  return absl::OkStatus();
}

void RaftTransport::Release() {
  if (initialized_) raft_uv_tcp_close(&inner_);
  initialized_ = false;
  records_.clear();
}

int RaftTransport::OuterInit(raft_uv_transport* t, raft_id id, const char* address) {
  auto* self = static_cast<RaftTransport*>(t->impl);
  int rv = self->inner_.init(&self->inner_, id, address);
  if (rv != 0) snprintf(t->errmsg, sizeof(t->errmsg), "%s", self->inner_.errmsg);
  return rv;
}

int RaftTransport::OuterListen(raft_uv_transport* t, raft_uv_accept_cb cb) {
  auto* self = static_cast<RaftTransport*>(t->impl);
  self->accept_cb_ = cb;
  int rv = self->inner_.listen(&self->inner_, InnerAccepted);
  if (rv != 0) snprintf(t->errmsg, sizeof(t->errmsg), "%s", self->inner_.errmsg);
  return rv;
}

void RaftTransport::InnerAccepted(raft_uv_transport* inner, raft_id id, const char* address,
                                  uv_stream_t* stream) {
  auto* self = static_cast<RaftTransport*>(inner->data);
  self->Track(stream, false, id, address);
  self->accept_cb_(&self->outer_, id, address, stream);
}

int RaftTransport::OuterConnect(raft_uv_transport* t, raft_uv_connect* req, raft_id id,
                                const char* address, raft_uv_connect_cb cb) {
  auto* self = static_cast<RaftTransport*>(t->impl);
  auto* op = new ConnectOp{{}, req, cb, self, id, address};
  op->inner.data = op;
  int rv = self->inner_.connect(&self->inner_, &op->inner, id, address, InnerConnected);
  if (rv != 0) delete op;  // no callback follows a refused request
  return rv;
}

void RaftTransport::InnerConnected(raft_uv_connect* req, uv_stream_t* stream, int status) {
  auto* op = static_cast<ConnectOp*>(req->data);
  // A cancelled connect (the transport closing) must not touch `self`'s records any more.
  if (status == 0) op->self->Track(stream, true, op->id, op->address.c_str());
  raft_uv_connect* outer = op->outer;
  raft_uv_connect_cb cb = op->cb;
  delete op;
  cb(outer, stream, status);
}

void RaftTransport::OuterClose(raft_uv_transport* t, raft_uv_transport_close_cb cb) {
  auto* self = static_cast<RaftTransport*>(t->impl);
  self->close_cb_ = cb;
  self->inner_.close(&self->inner_, InnerClosed);
}

void RaftTransport::InnerClosed(raft_uv_transport* inner) {
  auto* self = static_cast<RaftTransport*>(inner->data);
  self->close_cb_(&self->outer_);
}

void RaftTransport::Track(uv_stream_t* stream, bool outbound, raft_id id, const char* address) {
  // Reconnects to a flapping peer add records; prune the dead ones before the map grows.
  if (records_.size() >= 64) Prune();
  Record record;
  record.link.outbound = outbound;
  record.link.raft_id = id;
  record.link.address = address;
  record.link.create_time_ms = WallClockMs();
  record.local = Endpoint(stream, false);
  record.peer = Endpoint(stream, true);
  records_[stream] = std::move(record);
}

// A record is live while its stream is an open TCP handle of the loop with the endpoints it had
// when recorded: once libraft has closed and freed a stream, its address may be reused by another
// handle, but not with the same local and remote endpoints (client connections use other ports).
void RaftTransport::Prune() {
  absl::flat_hash_set<uv_handle_t*> open;
  uv_walk(
      loop_,
      [](uv_handle_t* handle, void* arg) {
        if (handle->type == UV_TCP && !uv_is_closing(handle)) {
          static_cast<absl::flat_hash_set<uv_handle_t*>*>(arg)->insert(handle);
        }
      },
      &open);
  absl::erase_if(records_, [&](const auto& entry) {
    uv_stream_t* stream = entry.first;
    return !open.contains(reinterpret_cast<uv_handle_t*>(stream)) ||
           Endpoint(stream, false) != entry.second.local ||
           Endpoint(stream, true) != entry.second.peer;
  });
}

std::vector<RaftLink> RaftTransport::Links() {
  Prune();
  std::vector<RaftLink> links;
  for (auto& [stream, record] : records_) {
    RaftLink link = record.link;
    // On Unix a stream handle is active exactly while it is reading (or listening).
    link.reading = uv_is_active(reinterpret_cast<uv_handle_t*>(stream)) != 0;
    link.send_queue = uv_stream_get_write_queue_size(stream);
    links.push_back(std::move(link));
  }
  return links;
}

}  // namespace slotcache::server
