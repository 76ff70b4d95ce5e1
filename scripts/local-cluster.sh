#!/usr/bin/env bash
# Starts the local cluster: 3 primaries (7000-7002) + 3 replicas (7003-7005) on 127.0.0.1, data
# and logs under run/cluster/<port>/. Foreground: Ctrl-C stops all six.
# Usage: bash scripts/local-cluster.sh [path/to/slotcache-server]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/slotcache-server}
root=$PWD/run/cluster
pids=()

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

for port in 7000 7001 7002 7003 7004 7005; do
  mkdir -p "$root/$port"
  "$binary" "conf/cluster/$port.conf" --dir "$root/$port" --logfile "$root/$port/node.log" &
  pids+=($!)
done

echo "local cluster: waiting for cluster_state:ok ..."
for _ in $(seq 1 150); do
  info=$(redis-cli -p 7000 cluster info 2>/dev/null || true)
  if grep -q '^cluster_state:ok' <<<"$info" && grep -q '^cluster_known_nodes:6' <<<"$info"; then
    redis-cli -p 7000 cluster nodes
    echo
    echo "slotcache cluster is up: redis-cli -c -p 7000   (logs: $root/<port>/node.log; Ctrl-C stops it)"
    wait
    exit 0
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a node exited; see $root/*/node.log" >&2; exit 1; }
  done
  sleep 0.2
done
echo "the cluster did not reach cluster_state:ok in 30 s; see $root/*/node.log" >&2
exit 1
