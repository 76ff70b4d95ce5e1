#!/usr/bin/env bash
# The whole test run, as CI does it: dependencies, then
#   (a) optimised build in build/: unit tests + black-box tests,
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

if stage "build (RelWithDebInfo)" configure_and_build build -DCMAKE_BUILD_TYPE=RelWithDebInfo; then
  stage "unit tests" unit_tests build
  stage "blackbox tests" blackbox_tests build
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
