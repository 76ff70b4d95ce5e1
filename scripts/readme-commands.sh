#!/usr/bin/env bash
# Regenerates the README's list of supported commands from the command table.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja >/dev/null
ninja -C build slotcache_tests >/dev/null
SLOTCACHE_WRITE_README=1 build/tests/slotcache_tests --gtest_filter='ReadmeTest.*' >/dev/null
echo "README.md: command list regenerated"
