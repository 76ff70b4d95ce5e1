// Key-space hot paths on one Database holding 1M keys of 16 bytes with 64-byte values: lookups
// that hit and miss in a random order, inserts of new keys and overwrites of existing ones.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench/micro/bench_keys.h"
#include "server/keyspace/database.h"
#include "server/keyspace/entry.h"

namespace slotcache::bench {
namespace {

using server::Database;
using server::Entry;
using server::kNoExpire;

// Built once per process (loading 1M keys takes a while) and shared by the benchmarks below,
// each of which leaves the database holding exactly `keys` again.
struct LoadedDb {
  KeySet keys{"key:", kKeyCount};
  KeySet missing{"miss:", kKeyCount};  // same length, never stored
  KeySet fresh{"new:", kKeyCount};     // inserted by BM_SetNew, erased again
  std::vector<uint32_t> order = RandomOrder(kKeyCount);
  std::string value = Value64();
  Database db{0};

  LoadedDb() {
    for (size_t i = 0; i < keys.size(); ++i)
      db.Set(keys[i], value, kNoExpire);
  }
};

LoadedDb& Loaded() {
  static LoadedDb* loaded = new LoadedDb();  // never freed: tearing 1M keys down costs time
  return *loaded;
}

// Arg: how many distinct keys the lookups hit (a power of two up to 1M): all of them measures
// memory latency, 1024 (cache-resident) the lookup's own instructions.
void BM_FindHit(benchmark::State& state) {
  LoadedDb& l = Loaded();
  const size_t hot_mask = static_cast<size_t>(state.range(0)) - 1;
  size_t i = 0;
  for (auto _ : state) {
    Entry* entry = l.db.Find(l.keys[l.order[i++ & kMask] & hot_mask], kNow);
    if (entry == nullptr) std::abort();
    benchmark::DoNotOptimize(entry);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindHit)->ArgName("keys")->Arg(kKeyCount)->Arg(1024);

void BM_FindMiss(benchmark::State& state) {
  LoadedDb& l = Loaded();
  size_t i = 0;
  for (auto _ : state) {
    Entry* entry = l.db.Find(l.missing[l.order[i++ & kMask]], kNow);
    if (entry != nullptr) std::abort();
    benchmark::DoNotOptimize(entry);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FindMiss);

// Overwrites an existing key with a value of the same size (SET on a hot key).
void BM_SetOverwrite(benchmark::State& state) {
  LoadedDb& l = Loaded();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(l.db.Set(l.keys[l.order[i++ & kMask]], l.value, kNoExpire));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SetOverwrite);

void EraseFresh(LoadedDb& l, size_t count) {
  for (size_t i = 0; i < count; ++i)
    l.db.Erase(l.fresh[i]);
}

// Inserts new keys into the 1M-key database (table growth included); every 1M inserts the
// clock stops while they are erased, so the database never holds more than 2M keys.
void BM_SetNew(benchmark::State& state) {
  LoadedDb& l = Loaded();
  size_t next = 0;
  for (auto _ : state) {
    if (next == l.fresh.size()) {
      state.PauseTiming();
      EraseFresh(l, next);
      next = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(l.db.Set(l.fresh[next++], l.value, kNoExpire));
  }
  EraseFresh(l, next);
  if (l.db.size() != kKeyCount) std::abort();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SetNew);

}  // namespace
}  // namespace slotcache::bench
