// What a Connection needs from whoever owns it (the Server): the loop, the state its requests run
// against, the clock, the request runner and the flush queue. An interface, so that net/ sits
// below the server that ties the subsystems together.
#pragma once

#include <uv.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "resp/request_parser.h"
#include "server/core/client_session.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class Connection;

class ConnectionOwner {
 public:
  virtual uv_loop_t* loop() = 0;
  virtual ServerState& state() = 0;
  virtual const resp::ParseLimits& parse_limits() const = 0;
  // The wall clock in ms. A connection reads it once per input callback and runs the whole
  // batch of requests with that one value.
  virtual int64_t Now() = 0;
  // Runs one request of `client` (through the dispatcher's gates); the reply goes to its output.
  virtual void RunRequest(ClientSession& client, std::span<const std::string_view> args,
                          int64_t now_ms) = 0;
  // Writes `connection`'s replies before the loop polls again.
  virtual void QueueFlush(Connection* connection) = 0;
  // `connection` is closing: drop every reference to it.
  virtual void Forget(Connection* connection) = 0;

 protected:
  ~ConnectionOwner() = default;
};

}  // namespace slotcache::server
