#include "server/core/propagation.h"

#include <algorithm>

#include "resp/reply_writer.h"

namespace slotcache::server {

void Propagator::Emit(int db, std::span<const std::string_view> argv) {
  if (sinks_.empty()) return;
  if (in_transaction_ && !multi_emitted_) {
    multi_emitted_ = true;
    Send({{std::string_view("MULTI")}});
  }
  if (db != selected_db_) {
    std::string number = std::to_string(db);
    std::string_view select[] = {"SELECT", number};
    Send(select);
    selected_db_ = db;
  }
  Send(argv);
}

void Propagator::EndTransaction() {
  if (multi_emitted_ && !sinks_.empty()) Send({{std::string_view("EXEC")}});
  in_transaction_ = false;
  multi_emitted_ = false;
}

void Propagator::AddSink(PropagationSink* sink) {
  sinks_.push_back(sink);
  ForgetSelectedDb();
}

void Propagator::RemoveSink(PropagationSink* sink) {
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
}

void Propagator::Send(std::span<const std::string_view> argv) {
  scratch_.clear();
  resp::ReplyWriter writer(&scratch_);
  writer.ArrayHeader(argv.size());
  for (std::string_view arg : argv)
    writer.Bulk(arg);
  for (PropagationSink* sink : sinks_)
    sink->Append(scratch_);
}

}  // namespace slotcache::server
