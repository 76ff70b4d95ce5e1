#!/usr/bin/env python3
"""Eviction benchmark: a Zipf (s=0.99) GET / SET-on-miss cache workload, cache sized at ~10% of
the key space, under allkeys-lru and allkeys-lfu, slotcache vs redis-server with the same
settings. Interleaved rounds, fresh servers each round; medians of hit ratio and throughput.

Load generator: bench/zipf_load.cc (built with the Release server), pinned to `--client-cpu`
with `--clients` connections (one thread each); the server is pinned to `--server-cpu`. Every
connection's key picks and GET batches are generated before the clock starts; timed, a
connection sends a pipelined batch of GETs, parses the replies, then pipelines SETs for that
batch's misses. A warm-up of half as many GETs runs first. Besides ops/s (hits + 2 * misses per
second) the table shows the server's own CPU use (utime + stime from /proc) while timed, and ops
per server CPU second. The C++ clients are meant to keep the server at ~100% of its core, so
ops/s is server-bound; if the CPU column is well below 100%, the clients are the bottleneck and
ops/CPU-s is the fairer figure.
"""
import argparse
import json
import socket
import statistics
import subprocess

from common import build_release, start_redis, start_slotcache, zipf_load_path


def run_load(server, args, seed):
    """Runs the load generator against `server`; returns (hit ratio, ops/s, server CPU
    fraction) of its timed phase."""
    argv = ["taskset", "-c", str(args.client_cpu), zipf_load_path(),
            "--port", str(server.port), "--keys", str(args.keys),
            "--requests", str(args.requests), "--connections", str(args.clients),
            "--batch", str(args.batch), "--value-size", str(args.value_size),
            "--seed", str(seed), "--server-pid", str(server.proc.pid)]
    done = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True)
    r = json.loads(done.stdout)
    hits, misses, seconds = r["hits"], r["misses"], r["seconds"]
    return (hits / (hits + misses), (hits + 2 * misses) / seconds,
            r["server_cpu_seconds"] / seconds)


def one_round(server, args, maxmemory, policy, rnd):
    cfg = socket.create_connection(("127.0.0.1", server.port))
    cfg.sendall(b"CONFIG SET maxmemory %d maxmemory-policy %s\r\n" % (maxmemory, policy.encode()))
    if cfg.recv(100) != b"+OK\r\n":
        raise RuntimeError("CONFIG SET failed")
    cfg.close()
    return run_load(server, args, rnd + 1)  # the same key sequences for both servers per round


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", help="slotcache-server (default: a Release build)")
    ap.add_argument("--keys", type=int, default=200000)
    ap.add_argument("--requests", type=int, default=4000000, help="timed GETs, all clients")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--value-size", type=int, default=100)
    ap.add_argument("--clients", type=int, default=4, help="connections")
    ap.add_argument("--batch", type=int, default=200, help="GETs per pipelined batch")
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    args = ap.parse_args()
    built = build_release()  # the load generator, and the server unless --binary
    binary = args.binary or built
    # ~10% of the key space: per-key cost ~ key + value + ~70 bytes of overhead, plus a base.
    maxmemory = 1_000_000 + args.keys // 10 * (args.value_size + 80)
    results = {}
    for rnd in range(args.rounds):
        for policy in ("allkeys-lru", "allkeys-lfu"):
            for name in ("slotcache", "redis"):
                server = (start_slotcache(binary, cpu=args.server_cpu) if name == "slotcache"
                          else start_redis(cpu=args.server_cpu))
                try:
                    row = one_round(server, args, maxmemory, policy, rnd)
                    results.setdefault((policy, name), []).append(row)
                finally:
                    server.stop()
    print(f"keys={args.keys} value={args.value_size}B maxmemory={maxmemory} "
          f"requests={args.requests} (after {args.requests // 2} warm-up) "
          f"connections={args.clients} batch={args.batch} rounds={args.rounds} "
          f"server cpu {args.server_cpu}, load generator cpu {args.client_cpu}")
    print("| policy | server | hit ratio | ops/s | server CPU | ops per server CPU-s |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for (policy, name), rows in results.items():
        hit = statistics.median(r[0] for r in rows)
        ops = statistics.median(r[1] for r in rows)
        cpu = statistics.median(r[2] for r in rows)
        per_cpu = statistics.median(r[1] / r[2] for r in rows if r[2] > 0)
        print(f"| {policy} | {name} | {hit:.3f} | {ops:,.0f} | {cpu:.0%} | {per_cpu:,.0f} |")


if __name__ == "__main__":
    main()
