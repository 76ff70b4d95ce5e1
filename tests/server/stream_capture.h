// Test helpers for the write funnel: a sink that keeps the stream, and the stream split back
// into commands.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "resp/request_parser.h"
#include "server/core/propagation.h"

namespace slotcache::server {

class CapturingSink : public PropagationSink {
 public:
  void Append(std::string_view resp) override { bytes.append(resp); }
  std::string bytes;
};

// The commands of a RESP stream, each as its list of arguments (a test failure if malformed).
inline std::vector<std::vector<std::string>> SplitStream(std::string_view stream) {
  std::vector<std::vector<std::string>> commands;
  resp::ArgList args;
  std::string scratch;
  while (!stream.empty()) {
    resp::ParseResult r = resp::ParseRequest(stream, {}, &args, &scratch);
    EXPECT_EQ(r.status, resp::ParseStatus::kComplete);
    if (r.status != resp::ParseStatus::kComplete) break;
    commands.emplace_back(args.begin(), args.end());
    stream.remove_prefix(r.consumed);
  }
  return commands;
}

}  // namespace slotcache::server
