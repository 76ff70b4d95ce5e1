// What a command handler gets: its arguments, its client, the server state, a reply writer and
// the loop's clock reading. Handlers parse args, call the keyspace, reply, and Propagate().
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "resp/reply_writer.h"
#include "server/core/client_session.h"
#include "server/core/command_spec.h"
#include "server/core/server_state.h"
#include "server/keyspace/database.h"

namespace slotcache::server {

class CommandContext {
 public:
  CommandContext(ServerState& server, ClientSession& client, const CommandSpec& spec,
                 std::span<const std::string_view> args, resp::ReplyWriter& reply, int64_t now_ms)
      : server_(server),
        client_(client),
        spec_(spec),
        args_(args),
        reply_(reply),
        now_ms_(now_ms) {}

  std::string_view arg(size_t i) const { return args_[i]; }
  size_t argc() const { return args_.size(); }
  std::span<const std::string_view> args() const { return args_; }
  const CommandSpec& spec() const { return spec_; }
  resp::ReplyWriter& reply() { return reply_; }
  ClientSession& client() { return client_; }
  ServerState& server() { return server_; }
  Database& db() { return server_.keyspace().db(client_.db); }
  int64_t now_ms() const { return now_ms_; }

  // The command changed data: count it as a write and send it, as given, down the write funnel
  // (AOF, replicas). WATCHers of its keys are flagged by the dispatcher. Call once.
  void Propagate() { PropagateAs(args_); }
  // The same, but what is logged and replicated is `effect`: the command's deterministic form
  // (an absolute PXAT for a relative TTL, the resulting value for INCRBYFLOAT...), so that
  // replaying it later, or on a replica, gives the same data.
  void PropagateAs(std::span<const std::string_view> effect) {
    ++server_.stats().dirty;
    propagated_ = true;
    server_.propagator().Emit(client_.db, effect);
  }
  void PropagateAs(std::initializer_list<std::string_view> effect) {
    PropagateAs(std::span<const std::string_view>(effect.begin(), effect.size()));
  }
  bool propagated() const { return propagated_; }

 private:
  ServerState& server_;
  ClientSession& client_;
  const CommandSpec& spec_;
  std::span<const std::string_view> args_;
  resp::ReplyWriter& reply_;
  int64_t now_ms_;
  bool propagated_ = false;
};

}  // namespace slotcache::server
