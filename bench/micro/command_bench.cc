// End-to-end command execution through the real dispatcher (table lookup, gates, handler,
// reply encoding), driven in-process like tests/server/command_harness.h: one ServerState, one
// client, a fixed clock, over 1M keys of 16 bytes with 64-byte values and 1M counters.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/bench_keys.h"
#include "server/core/client_session.h"
#include "server/config/config.h"
#include "server/dispatcher.h"
#include "server/keyspace/entry.h"
#include "server/net/request_batch.h"
#include "server/core/server_state.h"

namespace slotcache::bench {
namespace {

using server::ClientSession;
using server::ServerState;

// Built once per process and shared; the benchmarks only overwrite values and bump counters,
// so the key count stays the same whichever runs first.
struct LoadedServer {
  KeySet keys{"key:", kKeyCount};
  KeySet counters{"ctr:", kKeyCount};
  std::vector<uint32_t> order = RandomOrder(kKeyCount);
  std::string value = Value64();
  ServerState state{server::Config()};
  ClientSession client;

  LoadedServer() {
    client.id = state.NextClientId();
    state.AddClient(&client);
    server::Database& db = state.keyspace().db(0);
    for (size_t i = 0; i < kKeyCount; ++i) {
      db.Set(keys[i], value, server::kNoExpire);
      db.Set(counters[i], "100", server::kNoExpire);
    }
  }

  // Runs one request; aborts unless the reply starts with `type` (so an error reply, which
  // starts with '-', cannot pass for a fast command).
  void Run(std::span<const std::string_view> args, char type) {
    client.output.clear();
    server::Dispatch(state, client, args, kNow);
    if (client.output.empty() || client.output[0] != type) std::abort();
  }
};

LoadedServer& Loaded() {
  static LoadedServer* loaded = new LoadedServer();  // never freed: teardown only costs time
  return *loaded;
}

// Arg: how many distinct keys are read (see BM_FindHit): 1M is memory-bound, 1024 shows the
// dispatcher's and handler's own cost.
void BM_CommandGet(benchmark::State& state) {
  LoadedServer& s = Loaded();
  const size_t hot_mask = static_cast<size_t>(state.range(0)) - 1;
  size_t i = 0;
  for (auto _ : state) {
    std::array<std::string_view, 2> args{"GET", s.keys[s.order[i++ & kMask] & hot_mask]};
    s.Run(args, '$');
    benchmark::DoNotOptimize(s.client.output.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandGet)->ArgName("keys")->Arg(kKeyCount)->Arg(1024);

void BM_CommandSet(benchmark::State& state) {
  LoadedServer& s = Loaded();
  size_t i = 0;
  for (auto _ : state) {
    std::array<std::string_view, 3> args{"SET", s.keys[s.order[i++ & kMask]], s.value};
    s.Run(args, '+');
    benchmark::DoNotOptimize(s.client.output.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandSet);

void BM_CommandIncr(benchmark::State& state) {
  LoadedServer& s = Loaded();
  size_t i = 0;
  for (auto _ : state) {
    std::array<std::string_view, 2> args{"INCR", s.counters[s.order[i++ & kMask]]};
    s.Run(args, ':');
    benchmark::DoNotOptimize(s.client.output.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandIncr);

// MSET of 10 keys (redis-benchmark's MSET test); items are commands, not keys.
void BM_CommandMSet10(benchmark::State& state) {
  LoadedServer& s = Loaded();
  constexpr size_t kPairs = 10;
  std::array<std::string_view, 1 + 2 * kPairs> args;
  args[0] = "MSET";
  size_t i = 0;
  for (auto _ : state) {
    for (size_t p = 0; p < kPairs; ++p) {
      args[1 + 2 * p] = s.keys[s.order[i++ & kMask]];
      args[2 + 2 * p] = s.value;
    }
    s.Run(args, '+');
    benchmark::DoNotOptimize(s.client.output.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandMSet10);

// 16 pipelined GETs as a connection runs them: parsed as one RequestBatch, then dispatched in
// order. Arg 1 prefetches the batch's keys first (what Connection does), 0 does not: the
// difference is what the prefetching buys over 1M keys. Items are requests.
void BM_PipelineGet16(benchmark::State& state) {
  LoadedServer& s = Loaded();
  const bool prefetch = state.range(0) != 0;
  constexpr size_t kDepth = server::RequestBatch::kMaxRequests;
  size_t i = 0;
  std::string input;
  server::RequestBatch batch;
  for (auto _ : state) {
    state.PauseTiming();
    input.clear();
    for (size_t r = 0; r < kDepth; ++r) {
      std::string_view key = s.keys[s.order[i++ & kMask]];
      input += "*2\r\n$3\r\nGET\r\n$" + std::to_string(key.size()) + "\r\n";
      input.append(key).append("\r\n");
    }
    s.client.output.clear();
    state.ResumeTiming();
    batch.Parse(input, resp::ParseLimits());
    if (batch.size() != kDepth) std::abort();
    if (prefetch) batch.PrefetchKeys(s.state.keyspace().db(0));
    for (size_t r = 0; r < kDepth; ++r)
      server::Dispatch(s.state, s.client, batch[r].args, kNow);
    if (s.client.output[0] != '$') std::abort();
    benchmark::DoNotOptimize(s.client.output.data());
  }
  state.SetItemsProcessed(state.iterations() * kDepth);
}
BENCHMARK(BM_PipelineGet16)->ArgName("prefetch")->Arg(0)->Arg(1);

}  // namespace
}  // namespace slotcache::bench
