// The one write funnel: every change to the data set leaves the server through Propagator::Emit
// as a RESP command, in execution order, to every attached sink (the AOF, the replication
// backlog). What a write turns into (absolute TTLs, INCRBYFLOAT as SET...) is decided by the
// handler that calls CommandContext::PropagateAs; this module only frames and fans out.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace slotcache::server {

// Receives the propagated stream as RESP bytes. Views are valid only during the call.
class PropagationSink {
 public:
  virtual ~PropagationSink() = default;
  virtual void Append(std::string_view resp) = 0;
};

class Propagator {
 public:
  // Sends `argv`, executed against database `db`, to every sink; a SELECT goes first when the
  // stream's current database differs. Does nothing (not even encoding) without sinks.
  void Emit(int db, std::span<const std::string_view> argv);
  void Emit(int db, std::initializer_list<std::string_view> argv) {
    Emit(db, std::span<const std::string_view>(argv.begin(), argv.size()));
  }

  // A sink starts receiving from the next Emit; the stream restates its database first,
  // since the sink never saw the last SELECT.
  void AddSink(PropagationSink* sink);
  void RemoveSink(PropagationSink* sink);
  bool active() const { return !sinks_.empty(); }
  // Forgets the stream's current database, so the next Emit starts with a SELECT.
  void ForgetSelectedDb() { selected_db_ = -1; }

  // EXEC brackets its commands with these: the writes they emit go out wrapped in MULTI/EXEC
  // (MULTI only once something is written, so a read-only transaction emits nothing).
  void BeginTransaction() { in_transaction_ = true; }
  void EndTransaction();

 private:
  void Send(std::span<const std::string_view> argv);

  std::vector<PropagationSink*> sinks_;
  int selected_db_ = -1;
  bool in_transaction_ = false;
  bool multi_emitted_ = false;
  std::string scratch_;  // one encoding, reused, shared by all sinks
};

}  // namespace slotcache::server
