// RESP codec micro-benchmarks: ParseRequest on the request shapes clients send most, and
// ReplyWriter on the replies the hot commands write, in RESP2 and RESP3.

#include <cstdlib>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include "bench/micro/bench_keys.h"
#include "resp/reply_writer.h"
#include "resp/request_parser.h"

namespace slotcache::bench {
namespace {

// Appends instead of `"$" + std::to_string(...)`, which trips GCC 12's false -Wrestrict.
std::string MultiBulk(std::initializer_list<std::string_view> args) {
  std::string out;
  out.append("*").append(std::to_string(args.size())).append("\r\n");
  for (std::string_view arg : args) {
    out.append("$").append(std::to_string(arg.size())).append("\r\n");
    out.append(arg).append("\r\n");
  }
  return out;
}

// Parses every request in `input` once per iteration; aborts if one is not complete, so a
// parser regression cannot turn into a fast-looking benchmark of an error path.
void ParseAll(benchmark::State& state, const std::string& input, int requests) {
  resp::ParseLimits limits;
  resp::ArgList args;
  std::string scratch;
  for (auto _ : state) {
    std::string_view rest = input;
    while (!rest.empty()) {
      resp::ParseResult result = resp::ParseRequest(rest, limits, &args, &scratch);
      if (result.status != resp::ParseStatus::kComplete) std::abort();
      benchmark::DoNotOptimize(args.data());
      rest.remove_prefix(result.consumed);
    }
  }
  state.SetItemsProcessed(state.iterations() * requests);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(input.size()));
}

void BM_ParseSet64(benchmark::State& state) {
  ParseAll(state, MultiBulk({"SET", "key:000000000042", Value64()}), 1);
}
BENCHMARK(BM_ParseSet64);

void BM_ParsePipelineGet16(benchmark::State& state) {
  KeySet keys("key:", 16);
  std::string input;
  for (size_t i = 0; i < keys.size(); ++i)
    input += MultiBulk({"GET", keys[i]});
  ParseAll(state, input, 16);
}
BENCHMARK(BM_ParsePipelineGet16);

void BM_ParseInline(benchmark::State& state) {
  ParseAll(state, "SET key:000000000042 " + Value64() + "\r\n", 1);
}
BENCHMARK(BM_ParseInline);

void BM_ParseBulk1MB(benchmark::State& state) {
  ParseAll(state, MultiBulk({"SET", "key:000000000042", std::string(1 << 20, 'v')}), 1);
}
BENCHMARK(BM_ParseBulk1MB);

// Writes `per_iteration` replies per iteration into a buffer that keeps its capacity, the way a
// connection's output buffer does between flushes.
template <typename Write>
void WriteReplies(benchmark::State& state, Write write) {
  std::string out;
  resp::ReplyWriter writer(&out, static_cast<int>(state.range(0)));
  constexpr int kPerIteration = 16;
  for (auto _ : state) {
    out.clear();
    for (int i = 0; i < kPerIteration; ++i)
      write(writer, i);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kPerIteration);
}

void BM_ReplyBulk64(benchmark::State& state) {
  const std::string value = Value64();
  WriteReplies(state, [&](resp::ReplyWriter& w, int) { w.Bulk(value); });
}
BENCHMARK(BM_ReplyBulk64)->ArgName("resp")->Arg(2)->Arg(3);

void BM_ReplyInteger(benchmark::State& state) {
  // INCR's replies: counters of a few digits up to the 10-digit ones of a long run.
  int64_t base = 1234567890;
  benchmark::DoNotOptimize(base);  // opaque, so the values cannot be formatted at compile time
  WriteReplies(state, [&](resp::ReplyWriter& w, int i) { w.Integer(base + i * 7919); });
}
BENCHMARK(BM_ReplyInteger)->ArgName("resp")->Arg(2)->Arg(3);

void BM_ReplyArrayHeader(benchmark::State& state) {
  WriteReplies(state, [](resp::ReplyWriter& w, int i) { w.ArrayHeader(10 + i); });
}
BENCHMARK(BM_ReplyArrayHeader)->ArgName("resp")->Arg(2)->Arg(3);

void BM_ReplyNullBulk(benchmark::State& state) {
  WriteReplies(state, [](resp::ReplyWriter& w, int) { w.NullBulk(); });
}
BENCHMARK(BM_ReplyNullBulk)->ArgName("resp")->Arg(2)->Arg(3);

}  // namespace
}  // namespace slotcache::bench
