// libFuzzer target for resp::ParseRequest: feeds the input like a connection would (growing
// prefixes, consuming complete requests) with small limits so the error paths are reachable, and
// checks the parser's contract on every call.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "resp/request_parser.h"

namespace {

using slotcache::resp::ArgList;
using slotcache::resp::ParseLimits;
using slotcache::resp::ParseRequest;
using slotcache::resp::ParseResult;
using slotcache::resp::ParseStatus;

void Check(bool condition) {
  if (!condition) std::abort();
}

ParseLimits SmallLimits() {
  ParseLimits limits;
  limits.max_bulk_len = 64;
  limits.max_multibulk_len = 16;
  limits.max_inline_len = 128;
  return limits;
}

// Every argument must view `input` or `scratch`: touching each byte lets ASan catch dangling views.
void CheckArgs(const ArgList& args, std::string_view input, const std::string& scratch) {
  for (std::string_view arg : args) {
    bool in_input = arg.data() >= input.data() && arg.data() + arg.size() <= input.end();
    bool in_scratch =
        arg.data() >= scratch.data() && arg.data() + arg.size() <= scratch.data() + scratch.size();
    Check(arg.empty() || in_input || in_scratch);
    volatile char sink = 0;
    for (char c : arg)
      sink = sink ^ c;
  }
}

struct Outcome {
  std::vector<std::string> requests;  // each request's args, length-prefixed and concatenated
  bool error = false;
};

// Parses and drops every complete request at the front of `buffer`, like a connection after a
// read. Checks the contract of each result.
void Drain(std::string* buffer, const ParseLimits& limits, Outcome* out) {
  ArgList args;
  std::string scratch;
  while (!out->error && !buffer->empty()) {
    std::string_view input(*buffer);
    ParseResult r = ParseRequest(input, limits, &args, &scratch);
    if (r.status == ParseStatus::kError) {
      Check(!r.error.empty() && args.empty());
      out->error = true;
      return;
    }
    if (r.status == ParseStatus::kIncomplete) {
      Check(args.empty() && r.consumed == 0);
      Check(r.wanted == 0 || r.wanted > input.size());
      return;
    }
    Check(r.consumed > 0 && r.consumed <= input.size());
    CheckArgs(args, input, scratch);
    std::string joined;
    for (std::string_view arg : args)
      joined += std::to_string(arg.size()) + ":" + std::string(arg);
    if (!args.empty()) out->requests.push_back(joined);
    buffer->erase(0, r.consumed);
  }
}

Outcome FeedInChunks(std::string_view input, size_t chunk, const ParseLimits& limits) {
  Outcome out;
  std::string buffer;
  for (size_t pos = 0; pos < input.size() && !out.error; pos += chunk) {
    buffer.append(input.substr(pos, chunk));
    Drain(&buffer, limits, &out);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;  // byte-at-a-time feeding is quadratic
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const ParseLimits& limits : {SmallLimits(), ParseLimits()}) {
    Outcome whole = FeedInChunks(input, input.size() + 1, limits);
    Outcome split = FeedInChunks(input, size % 7 + 1, limits);
    // The parser keeps no state between calls, so chunking cannot change what is parsed; only
    // a size limit can trip earlier on a partial line.
    Check(split.requests.size() <= whole.requests.size());
    for (size_t i = 0; i < split.requests.size(); ++i)
      Check(split.requests[i] == whole.requests[i]);
    if (!split.error) Check(split.requests == whole.requests && !whole.error);
  }
  return 0;
}
