#!/usr/bin/env bash
# Installs what is missing, builds slotcache, and starts the local cluster in the foreground:
# 3 primaries on 127.0.0.1:7000-7002 and 3 replicas on 7003-7005 (Ctrl-C stops all six).
# Usage: bash scripts/quickstart.sh            (then: redis-cli -c -p 7000)
#        bash scripts/quickstart.sh --single   (one standalone server on 127.0.0.1:6379 instead)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build slotcache-server
if [[ "${1:-}" == "--single" ]]; then
  mkdir -p run
  echo "slotcache: connect with 'redis-cli -p 6379' (Ctrl-C stops it)"
  exec build/slotcache-server conf/slotcache.conf --dir "$PWD/run"
fi
exec bash scripts/local-cluster.sh build/slotcache-server
