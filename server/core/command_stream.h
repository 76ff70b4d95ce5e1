// Runs a RESP command stream — an AOF being loaded, a primary's replication stream — against the
// data set, as an internal client: no replies, none of the client gates (auth, cluster routing,
// read-only replica, OOM), and each MULTI ... EXEC block applied at once, so no reader ever sees
// half a transaction. Bytes in, data changes out; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/core/client_session.h"
#include "server/core/server_state.h"

namespace slotcache::server {

class CommandStreamApplier {
 public:
  explicit CommandStreamApplier(ServerState& server) : server_(server) {}

  struct Result {
    size_t consumed = 0;  // bytes of whole commands (whole transactions) applied
    size_t commands = 0;  // commands applied
    // Set when the stream is corrupt at offset `consumed`: a protocol error, an unknown
    // command, wrong arity, or a command inside MULTI that may not be there. Nothing after it
    // was applied.
    std::string error;
  };

  // Applies every whole command at the front of `bytes`; an incomplete command or an open
  // MULTI block at the end is left for the next call, with more bytes. The selected database
  // carries over between calls, like a connection's.
  Result Apply(std::string_view bytes, int64_t now_ms);

  int db() const { return session_.db; }
  void Reset() { session_ = ClientSession(); }

 private:
  // The end of the MULTI block starting at `bytes`' front (just past its EXEC), 0 when the EXEC
  // hasn't arrived yet; `error` when the block is corrupt.
  size_t TransactionEnd(std::string_view bytes, std::string* error) const;
  // Runs one parsed command; false (and `error`) if the stream can't contain it.
  bool Run(std::span<const std::string_view> args, int64_t now_ms, std::string* error);

  ServerState& server_;
  ClientSession session_;
};

}  // namespace slotcache::server
