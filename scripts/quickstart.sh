#!/usr/bin/env bash
# Installs what is missing, builds slotcache, and starts a server on 127.0.0.1:6379 in the
# foreground (Ctrl-C stops it). Usage: bash scripts/quickstart.sh [--port N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build slotcache-server
mkdir -p run
echo "slotcache: connect with 'redis-cli -p 6379' (data lives in memory; logs below)"
exec build/slotcache-server conf/slotcache.conf --dir "$PWD/run" "$@"
