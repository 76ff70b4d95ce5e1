// Client-side RESP2/RESP3 reply parser: what a node needs to talk to another node (cluster
// joins, health checks, later replication). Bytes in, a Reply tree out; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace slotcache::resp {

struct Reply {
  enum class Type { kString, kError, kInteger, kNull, kArray };
  Type type = Type::kNull;
  std::string text;  // kString (simple, bulk, verbatim without its "txt:" prefix), kError
  int64_t integer = 0;
  std::vector<Reply> elements;  // kArray (arrays, sets, pushes; maps flattened to key, value)
};

enum class ReplyStatus { kIncomplete, kComplete, kError };

// Parses one reply from the front of `input`. kComplete: `*consumed` bytes form `*reply`.
// kError: the bytes are not RESP (the caller should drop the connection). Nesting deeper than
// 32 levels or counts over 1M are errors, so hostile peers can't make it allocate unboundedly.
ReplyStatus ParseReply(std::string_view input, Reply* reply, size_t* consumed);

}  // namespace slotcache::resp
