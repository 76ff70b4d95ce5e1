#include "server/core/command_stream.h"

#include <cstdint>
#include <vector>

#include "resp/request_parser.h"
#include "server/core/command_table.h"
#include "server/core/execute.h"

namespace slotcache::server {
namespace {

// Streams hold whole values, so they are parsed without the client bulk limit.
const resp::ParseLimits kStreamLimits{.max_bulk_len = INT64_MAX};

}  // namespace

CommandStreamApplier::Result CommandStreamApplier::Apply(std::string_view bytes, int64_t now_ms) {
  Result result;
  resp::ArgList args;
  std::string scratch;
  while (result.consumed < bytes.size()) {
    std::string_view rest = bytes.substr(result.consumed);
    resp::ParseResult parsed = resp::ParseRequest(rest, kStreamLimits, &args, &scratch);
    if (parsed.status == resp::ParseStatus::kIncomplete) break;
    if (parsed.status == resp::ParseStatus::kError) {
      result.error = std::string(parsed.error);
      break;
    }
    if (!IsTxMarker(args, kTxBegin)) {
      if (!args.empty() && !Run(args, now_ms, &result.error)) break;
      result.consumed += parsed.consumed;
      result.commands += args.empty() ? 0 : 1;
      continue;
    }
    size_t end = TransactionEnd(rest, &result.error);
    if (end == 0) break;
    // Parse again, this time running the commands between MULTI and EXEC.
    server_.propagator().BeginTransaction();
    size_t at = parsed.consumed;
    while (at < end) {
      resp::ParseResult inner = resp::ParseRequest(rest.substr(at), kStreamLimits, &args, &scratch);
      at += inner.consumed;
      if (args.empty() || IsTxMarker(args, kTxExec)) continue;
      Run(args, now_ms, &result.error);  // validated by TransactionEnd: can't fail
      ++result.commands;
    }
    server_.propagator().EndTransaction();
    result.consumed += end;
  }
  return result;
}

size_t CommandStreamApplier::TransactionEnd(std::string_view bytes, std::string* error) const {
  resp::ArgList args;
  std::string scratch;
  size_t at = resp::ParseRequest(bytes, kStreamLimits, &args, &scratch).consumed;  // the MULTI
  while (at < bytes.size()) {
    resp::ParseResult parsed = resp::ParseRequest(bytes.substr(at), kStreamLimits, &args, &scratch);
    if (parsed.status == resp::ParseStatus::kIncomplete) return 0;
    if (parsed.status == resp::ParseStatus::kError) {
      *error = std::string(parsed.error);
      return 0;
    }
    at += parsed.consumed;
    if (args.empty()) continue;
    if (IsTxMarker(args, kTxExec)) return at;
    const CommandSpec* spec = ResolveCommand(args, error);
    if (spec == nullptr) return 0;
    if (spec->flags & kTxControl) {
      *error = "MULTI, EXEC or DISCARD out of place inside a MULTI block";
      return 0;
    }
  }
  return 0;
}

bool CommandStreamApplier::Run(std::span<const std::string_view> args, int64_t now_ms,
                               std::string* error) {
  const CommandSpec* spec = ResolveCommand(args, error);
  if (spec == nullptr) return false;
  Execute(server_, session_, *spec, args, now_ms);
  session_.output.clear();  // nobody reads the replies
  return true;
}

}  // namespace slotcache::server
