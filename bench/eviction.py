#!/usr/bin/env python3
"""Eviction benchmark: a Zipf (s=0.99) GET / SET-on-miss cache workload, cache sized at ~10% of
the key space, under allkeys-lru and allkeys-lfu, slotcache vs redis-server with the same
settings. Interleaved rounds, fresh servers each round; medians of hit ratio and throughput.

The load generator is one pipelined raw-socket Python client (the same for both servers), so the
throughput column is client-bound at similar levels; the hit ratio is the point.
"""
import argparse
import bisect
import itertools
import random
import socket
import statistics
import time

from common import build_release, start_redis, start_slotcache


def zipf_cdf(n, s):
    weights = [1.0 / (i ** s) for i in range(1, n + 1)]
    return list(itertools.accumulate(weights))


def read_replies(sock, buf, count):
    """Reads `count` replies; returns (misses, leftover buffer)."""
    misses = 0
    while count > 0:
        nl = buf.find(b"\r\n")
        if nl < 0:
            buf += sock.recv(1 << 20)
            continue
        head = buf[:nl]
        if head[:1] == b"$":
            size = int(head[1:])
            if size < 0:
                misses += 1
                buf = buf[nl + 2:]
            else:
                end = nl + 2 + size + 2
                while len(buf) < end:
                    buf += sock.recv(1 << 20)
                buf = buf[end:]
        elif head[:1] == b"-":
            raise RuntimeError(head.decode())
        else:
            buf = buf[nl + 2:]
        count -= 1
    return misses, buf


def run_workload(port, keys, requests, value, seed, batch=200):
    rng = random.Random(seed)
    cdf = zipf_cdf(keys, 0.99)
    total = cdf[-1]
    sock = socket.create_connection(("127.0.0.1", port))
    buf = b""
    hits = misses = 0
    start = time.time()
    for _ in range(requests // batch):
        picks = [bisect.bisect_left(cdf, rng.random() * total) for _ in range(batch)]
        gets = b"".join(b"*2\r\n$3\r\nGET\r\n$%d\r\nkey:%d\r\n" % (len(b"key:%d" % k), k)
                        for k in picks)
        sock.sendall(gets)
        # One reply per GET; parse them individually to know which keys missed.
        missed = []
        for k in picks:
            m, buf = read_replies(sock, buf, 1)
            if m:
                missed.append(k)
        hits += batch - len(missed)
        misses += len(missed)
        if missed:
            sets = b"".join(b"*3\r\n$3\r\nSET\r\n$%d\r\nkey:%d\r\n$%d\r\n%s\r\n"
                            % (len(b"key:%d" % k), k, len(value), value) for k in missed)
            sock.sendall(sets)
            _, buf = read_replies(sock, buf, len(missed))
    elapsed = time.time() - start
    sock.close()
    ops = hits + 2 * misses
    return hits / (hits + misses), ops / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", help="slotcache-server (default: a Release build)")
    ap.add_argument("--keys", type=int, default=200000)
    ap.add_argument("--requests", type=int, default=400000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--value-size", type=int, default=100)
    args = ap.parse_args()
    binary = args.binary or build_release()
    value = b"v" * args.value_size
    # ~10% of the key space: per-key cost ~ key + value + ~70 bytes of overhead, plus a base.
    maxmemory = 1_000_000 + args.keys // 10 * (args.value_size + 80)
    results = {}
    for rnd in range(args.rounds):
        for policy in ("allkeys-lru", "allkeys-lfu"):
            for name in ("slotcache", "redis"):
                server = start_slotcache(binary) if name == "slotcache" else start_redis()
                try:
                    cfg = socket.create_connection(("127.0.0.1", server.port))
                    cfg.sendall(b"CONFIG SET maxmemory %d maxmemory-policy %s\r\n"
                                % (maxmemory, policy.encode()))
                    cfg.recv(100)
                    run_workload(server.port, args.keys, args.requests // 2, value, 1000 + rnd)
                    hit, ops = run_workload(server.port, args.keys, args.requests, value, rnd)
                    results.setdefault((policy, name), []).append((hit, ops))
                finally:
                    server.stop()
    print(f"keys={args.keys} value={args.value_size}B maxmemory={maxmemory} "
          f"requests={args.requests} (after {args.requests // 2} warm-up) rounds={args.rounds}")
    print("| policy | server | hit ratio | ops/s |")
    print("| --- | --- | --- | --- |")
    for (policy, name), rows in results.items():
        hit = statistics.median(r[0] for r in rows)
        ops = statistics.median(r[1] for r in rows)
        print(f"| {policy} | {name} | {hit:.3f} | {ops:,.0f} |")


if __name__ == "__main__":
    main()
