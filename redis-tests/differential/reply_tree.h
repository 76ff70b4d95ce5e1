// Replies of the differential suite as trees: read one RESP2/RESP3 reply off a raw socket, parse
// it, and render it as text that notes (masks, unordered sets, field lists) can normalise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redis-tests/test_clients.h"

namespace slotcache::blackbox {

struct ReplyNode {
  char type = 0;                    // the RESP type byte: + - : $ * _ , # ! = ( % ~ > |
  bool null = false;                // $-1 and *-1 (RESP2 nulls)
  std::string text;                 // the line of simple types; the payload of $ ! =
  std::vector<ReplyNode> children;  // elements; maps and attributes as key, value, key, value
};

// The raw bytes of the next whole reply read from `client`; "" when none arrives within
// `timeout_ms` or the bytes are not RESP.
std::string ReadReply(RawClient& client, int timeout_ms);

// Parses one reply at the front of `input` into `out`; false if it is not exactly one reply.
bool ParseReply(std::string_view input, ReplyNode* out);

// Readable, unambiguous text: strings quoted with escapes, arrays as [..], maps as {k => v}.
std::string Render(const ReplyNode& node);

// Sorts the elements of every aggregate (recursively) by their rendering, so replies whose order
// is unspecified (KEYS, SCAN) compare as sets. Map entries are sorted by key.
void SortUnordered(ReplyNode* node);

// Keeps only the "name:value" / "name=value" lines of every string in `node` whose name is in
// `names` (INFO sections, CLIENT INFO), so fields one server lacks do not count.
void KeepFields(ReplyNode* node, const std::vector<std::string>& names);

// `bytes` with control and non-ASCII bytes escaped, for failure messages.
std::string Printable(std::string_view bytes, size_t max_len = 600);

}  // namespace slotcache::blackbox
