// Drives the dispatcher in-process: a ServerState, fake clients and a fixed clock. Replies come
// back as raw RESP bytes, so tests assert exactly what a client would read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/core/client_session.h"
#include "server/core/server_state.h"
#include "server/dispatcher.h"
#include "server/replication/replication_primary.h"

namespace slotcache::server {

class CommandHarness {
 public:
  explicit CommandHarness(Config config = Config()) : state_(std::move(config)) {
    state_.set_replicas(&replicas_);
    client_ = NewClient();
  }

  // A further connected client (for WATCH, CLIENT LIST, CLIENT KILL...). Owned by the harness.
  ClientSession* NewClient() {
    auto client = std::make_unique<ClientSession>();
    client->id = state_.NextClientId();
    client->addr = "127.0.0.1:" + std::to_string(40000 + client->id);
    client->laddr = "127.0.0.1:6379";
    client->created_ms = client->last_interaction_ms = now_ms_;
    state_.AddClient(client.get());
    clients_.push_back(std::move(client));
    return clients_.back().get();
  }

  // Runs `args` as one request from `client` (default: the first client); returns its reply.
  std::string Run(std::vector<std::string> args, ClientSession* client = nullptr) {
    ClientSession& c = client ? *client : *client_;
    std::vector<std::string_view> views(args.begin(), args.end());
    c.output.clear();
    Dispatch(state_, c, views, now_ms_);
    std::string reply;
    reply.swap(c.output);
    return reply;
  }

  ServerState& state() { return state_; }
  ClientSession& client() { return *client_; }
  int64_t now_ms() const { return now_ms_; }
  void set_now_ms(int64_t now_ms) { now_ms_ = now_ms; }
  void AdvanceMs(int64_t ms) { now_ms_ += ms; }

 private:
  ServerState state_;
  ReplicationPrimary replicas_{state_};  // after state_, as in Server
  int64_t now_ms_ = 1700000000000;       // a fixed wall-clock instant
  std::vector<std::unique_ptr<ClientSession>> clients_;
  ClientSession* client_;
};

}  // namespace slotcache::server
