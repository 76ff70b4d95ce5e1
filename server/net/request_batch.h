// Pipelined requests parsed ahead of running them, so that the hash-table memory their keys
// will touch can be prefetched for all of them at once. Why: with a large key space nearly every
// lookup misses the CPU cache three times in a row (slot table, control bytes, entry); issuing
// the loads of a whole pipeline together overlaps those misses instead of paying them one by one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "resp/request_parser.h"

namespace slotcache::server {

class Database;

class RequestBatch {
 public:
  static constexpr size_t kMaxRequests = 16;

  struct Request {
    resp::ArgList args;
    size_t consumed = 0;  // bytes of input it occupied
  };

  // Parses up to kMaxRequests complete requests from the front of `input`. An inline request
  // ends the batch (its words may live in the one scratch buffer). After the requests, `end()`
  // tells why parsing stopped: kComplete (batch full), kIncomplete or kError (see parse_end()).
  void Parse(std::string_view input, const resp::ParseLimits& limits);
  // Prefetches the slot tables, then the table positions, of every request's keys in `db`.
  void PrefetchKeys(const Database& db) const;

  size_t size() const { return size_; }
  Request& operator[](size_t i) { return requests_[i]; }
  const resp::ParseResult& parse_end() const { return end_; }

 private:
  std::vector<Request> requests_;  // grows to kMaxRequests; entries reused across batches
  size_t size_ = 0;
  resp::ParseResult end_;
  std::string scratch_;  // inline command words
};

}  // namespace slotcache::server
