// Helpers for the request parser tests: run ParseRequest and copy out everything it returned, so
// assertions do not depend on the lifetime of the views.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "resp/request_parser.h"

namespace slotcache::resp {

struct Parsed {
  ParseStatus status = ParseStatus::kIncomplete;
  size_t consumed = 0;
  size_t wanted = 0;
  std::string error;
  std::vector<std::string> args;
};

inline Parsed Parse(std::string_view input, const ParseLimits& limits = ParseLimits()) {
  ArgList args;
  std::string scratch;
  ParseResult r = ParseRequest(input, limits, &args, &scratch);
  Parsed out{r.status, r.consumed, r.wanted, std::string(r.error), {}};
  for (std::string_view a : args)
    out.args.emplace_back(a);
  return out;
}

// Parses `input` like a connection would: request after request until nothing is complete.
// Returns the argument lists; `rest` gets the unconsumed tail, `last` the final status.
inline std::vector<std::vector<std::string>> ParseAll(std::string_view input, std::string* rest,
                                                      Parsed* last,
                                                      const ParseLimits& limits = ParseLimits()) {
  std::vector<std::vector<std::string>> requests;
  while (true) {
    *last = Parse(input, limits);
    if (last->status != ParseStatus::kComplete) break;
    if (!last->args.empty()) requests.push_back(last->args);
    input.remove_prefix(last->consumed);
  }
  *rest = std::string(input);
  return requests;
}

inline std::string Multibulk(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const std::string& a : args)
    out += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return out;
}

}  // namespace slotcache::resp
