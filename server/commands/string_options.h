// The option grammar SET and GETEX share (NX XX GET KEEPTTL PERSIST EX PX EXAT PXAT) and Redis's
// TTL arithmetic for it. Pure: parses arguments and computes times, never touches the keyspace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace slotcache::server {

enum class OptionGrammar { kSet, kGetEx };
enum class ExpireKind { kNone, kEx, kPx, kExAt, kPxAt };

struct StringOptions {
  bool nx = false;
  bool xx = false;
  bool get = false;
  bool keep_ttl = false;
  bool persist = false;
  ExpireKind expire = ExpireKind::kNone;
  std::string_view expire_arg;  // the number after EX/PX/EXAT/PXAT (a view into the args)
};

// Parses args[first..] like Redis's parseExtendedStringArgumentsOrReply: an option of the other
// grammar, a conflicting pair (NX+XX, two different expiry kinds, KEEPTTL/PERSIST with an
// expiry) or an expiry without its number is a syntax error (false). A repeated option is
// allowed and the last expiry wins.
bool ParseStringOptions(std::span<const std::string_view> args, size_t first, OptionGrammar grammar,
                        StringOptions* out);

enum class ExpireStatus { kOk, kNotInteger, kInvalid };

// Redis's getExpireMillisecondsOrReply: the absolute expiry in ms for `text` read as `kind`
// (relative kinds add now_ms). kInvalid for a value <= 0 or one whose ms value overflows.
ExpireStatus ExpireAtMs(std::string_view text, ExpireKind kind, int64_t now_ms, int64_t* at_ms);

inline bool IsAbsolute(ExpireKind kind) {
  return kind == ExpireKind::kExAt || kind == ExpireKind::kPxAt;
}

}  // namespace slotcache::server
