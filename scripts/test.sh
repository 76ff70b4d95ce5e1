#!/usr/bin/env bash
# The whole test run, as CI does it: dependencies, the layering check (scripts/check_layers.py:
# include order of server/README.md's folders, no include cycles, file sizes), then
#   (a) optimised build in build/: unit tests, a micro-benchmark smoke run, black-box tests, then
#       real clients against its server: redis-py, ioredis (installed by npm ci), interactive
#       redis-cli and redis-benchmark,
#   (b) ASan+UBSan build in build-asan/: unit tests + black-box tests against the sanitized server,
#   (c) clang libFuzzer build in build-fuzz/: the request parser fuzzer for FUZZ_SECONDS.
# Every stage runs even if an earlier one failed (except when dependencies or a build fail, which
# skips what depends on them). Ends with "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
passed=0
failed=0
failures=()

# stage NAME COMMAND...: runs one stage and records its result.
stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo
  echo "==== ${name}"
  if "$@"; then
    passed=$((passed + 1))
    echo "==== ${name}: passed ($((SECONDS - start)) s)"
    return 0
  fi
  failed=$((failed + 1))
  failures+=("$name")
  echo "==== ${name}: FAILED ($((SECONDS - start)) s)"
  return 1
}

summary() {
  echo
  if ((failed > 0)); then
    local joined
    joined=$(printf '%s; ' "${failures[@]}")
    echo "failed stages: ${joined%; }"
  fi
  echo "${passed} passed, ${failed} failed"
  ((failed == 0))
}

configure_and_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" && ninja -C "$dir" -j "$JOBS"
}

unit_tests() {
  ctest --test-dir "$1" -LE blackbox -j "$JOBS" --output-on-failure
}

blackbox_tests() {
  ctest --test-dir "$1" -L blackbox --output-on-failure
}

# The client-library and tool stages run against the optimised build's server (not exported:
# the ASan black-box stage must keep its own). Each is bounded by `timeout`; unittest and
# `node --test` end with their own summaries.
CLIENT_SERVER_BIN=${SLOTCACHE_SERVER_BIN:-$PWD/build/slotcache-server}
CLIENT_TEST_TIMEOUT=${CLIENT_TEST_TIMEOUT:-300}

# Debian's redis-py lives in /usr/lib/python3/dist-packages: use Debian's interpreter, not
# whatever python3 comes first in PATH.
# Each file runs under its own time bound; both run even if the first fails.
python_client_tests() {
  local status=0
  for file in test_redis_py.py test_redis_cluster.py; do
    SLOTCACHE_SERVER_BIN=$CLIENT_SERVER_BIN timeout "$CLIENT_TEST_TIMEOUT" \
      /usr/bin/python3 "redis-tests/python/$file" || status=1
  done
  return $status
}

cli_benchmark_tests() {
  SLOTCACHE_SERVER_BIN=$CLIENT_SERVER_BIN timeout "$CLIENT_TEST_TIMEOUT" \
    /usr/bin/python3 redis-tests/python/test_cli_tools.py
}

ioredis_tests() {
  (
    cd redis-tests/node &&
      timeout "$CLIENT_TEST_TIMEOUT" npm ci --no-audit --no-fund --loglevel=error &&
      SLOTCACHE_SERVER_BIN=$CLIENT_SERVER_BIN timeout "$CLIENT_TEST_TIMEOUT" \
        node --test test_ioredis.js test_ioredis_cluster.js
  )
}

# Proves the micro-benchmarks build and run (a few seconds with this min_time, given in plain
# seconds as Debian 12's libbenchmark 1.7.1 expects); asserts nothing about speed.
micro_bench_smoke() {
  timeout 60 build/bench/micro/slotcache_micro_bench --benchmark_min_time=0.01
}

run_fuzzer() {
  local corpus=build-fuzz/corpus-run
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp tests/fuzz/corpus/* "$corpus"/
  build-fuzz/tests/fuzz/request_parser_fuzz -dict=tests/fuzz/resp.dict \
    -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/ -print_final_stats=1 "$corpus"
}

if ! stage "install-deps" bash scripts/install-deps.sh; then
  summary
  exit 1
fi

stage "layering (includes, cycles, sizes)" python3 scripts/check_layers.py

if stage "build (RelWithDebInfo)" configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
  stage "unit tests" unit_tests build
  stage "micro-benchmark smoke" micro_bench_smoke
  stage "blackbox tests" blackbox_tests build
  stage "python client tests" python_client_tests
  stage "ioredis tests" ioredis_tests
  stage "cli/benchmark tests" cli_benchmark_tests
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if stage "build (ASan+UBSan)" configure_and_build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSLOTCACHE_SANITIZE=ON; then
  stage "unit tests (ASan+UBSan)" unit_tests build-asan
  stage "blackbox tests (ASan+UBSan)" blackbox_tests build-asan
fi

build_fuzzer() {
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSLOTCACHE_FUZZ=ON -DSLOTCACHE_TESTS=OFF && ninja -C build-fuzz -j "$JOBS" request_parser_fuzz
}

if stage "build (fuzz)" build_fuzzer; then
  stage "fuzz request parser (${FUZZ_SECONDS} s)" run_fuzzer
fi

summary
