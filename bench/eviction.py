#!/usr/bin/env python3
"""Eviction benchmark: a Zipf (s=0.99) GET / SET-on-miss cache workload, cache sized at ~10% of
the key space, under allkeys-lru and allkeys-lfu, slotcache vs redis-server with the same
settings. Interleaved rounds, fresh servers each round; medians of hit ratio and throughput.

Load generator: `--clients` processes (one connection each) pinned to `--client-cpu`, the server
pinned to `--server-cpu`. Each client's key sequence and GET batches are generated before the
clock starts; timed, a client sends a pipelined batch of GETs, parses the replies with offsets
(no re-slicing), then pipelines SETs for that batch's misses. Besides ops/s the table shows the
server's own CPU use (utime + stime from /proc) while timed, and ops per server CPU second: when
the server is below 100% CPU the clients are the bottleneck and ops/CPU-s is the fairer figure.
"""
import argparse
import bisect
import functools
import itertools
import multiprocessing as mp
import os
import random
import socket
import statistics
import time

from common import build_release, start_redis, start_slotcache

CLK_TCK = os.sysconf("SC_CLK_TCK")


@functools.lru_cache(maxsize=2)
def zipf_cdf(n, s):
    return list(itertools.accumulate(1.0 / (i ** s) for i in range(1, n + 1)))


def key_batches(keys, count, seed, batch):
    """Zipf-distributed key numbers, `count` of them, in lists of `batch`, with their GETs."""
    rng = random.Random(seed)
    cdf = zipf_cdf(keys, 0.99)
    total = cdf[-1]
    picks = [bisect.bisect_left(cdf, rng.random() * total) for _ in range(count)]
    out = []
    for begin in range(0, count, batch):
        chunk = picks[begin:begin + batch]
        gets = b"".join(b"*2\r\n$3\r\nGET\r\n$%d\r\nkey:%d\r\n" % (len(b"key:%d" % k), k)
                        for k in chunk)
        out.append((chunk, gets))
    return out


class Replies:
    """Reads replies off a socket with an offset into one buffer (refilled, never re-sliced
    per reply)."""

    def __init__(self, sock):
        self.sock, self.buf, self.pos = sock, b"", 0

    def _fill(self, need):
        # Makes at least `need` bytes available after pos.
        if len(self.buf) - self.pos >= need:
            return
        parts = [self.buf[self.pos:]]
        have = len(parts[0])
        while have < need:
            data = self.sock.recv(1 << 20)
            if not data:
                raise RuntimeError("connection closed")
            parts.append(data)
            have += len(data)
        self.buf, self.pos = b"".join(parts), 0

    def bulk_is_null(self):
        """Consumes one GET reply; True for a null bulk (a miss)."""
        self._fill(5)
        buf, pos = self.buf, self.pos
        if buf[pos] != 0x24:  # '$'
            self._fill(256)
            raise RuntimeError(self.buf[self.pos:self.pos + 200].decode(errors="replace"))
        if buf[pos + 1] == 0x2D:  # "$-1\r\n"
            self.pos = pos + 5
            return True
        nl = buf.find(b"\r\n", pos)
        while nl < 0:
            self._fill(len(self.buf) - self.pos + 1)
            buf, pos = self.buf, self.pos
            nl = buf.find(b"\r\n", pos)
        end = nl + 2 + int(buf[pos + 1:nl]) + 2
        self._fill(end - pos)
        self.pos += end - pos
        return False

    def expect(self, expected):
        self._fill(len(expected))
        got = self.buf[self.pos:self.pos + len(expected)]
        if got != expected:
            raise RuntimeError(got[:200].decode(errors="replace"))
        self.pos += len(expected)


def client(port, batches, value, start_event, results):
    """One connection's run: waits for `start_event`, then plays `batches`; reports (hits,
    misses, end time)."""
    cpu = os.environ.get("EVICTION_CLIENT_CPU")
    if cpu:
        os.sched_setaffinity(0, {int(cpu)})
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    replies = Replies(sock)
    hits = misses = 0
    set_head = b"*3\r\n$3\r\nSET\r\n"
    set_tail = b"$%d\r\n%s\r\n" % (len(value), value)
    start_event.wait()
    for chunk, gets in batches:
        sock.sendall(gets)
        missed = [k for k in chunk if replies.bulk_is_null()]
        hits += len(chunk) - len(missed)
        if missed:
            misses += len(missed)
            sock.sendall(b"".join(set_head + b"$%d\r\nkey:%d\r\n" % (len(b"key:%d" % k), k)
                                  + set_tail for k in missed))
            replies.expect(b"+OK\r\n" * len(missed))
    results.put((hits, misses, time.monotonic()))
    sock.close()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def run_phase(server, per_client_batches, value):
    """Runs every client's batches at once; returns (hit ratio, ops/s, server CPU fraction)."""
    ctx = mp.get_context("fork")
    start_event, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=client, args=(server.port, b, value, start_event, results))
             for b in per_client_batches]
    for p in procs:
        p.start()
    time.sleep(0.3)  # let every client connect before the clock starts
    cpu0 = cpu_seconds(server.proc.pid)
    start = time.monotonic()
    start_event.set()
    rows = [results.get() for _ in procs]
    cpu1 = cpu_seconds(server.proc.pid)
    for p in procs:
        p.join()
    elapsed = max(r[2] for r in rows) - start
    hits, misses = sum(r[0] for r in rows), sum(r[1] for r in rows)
    return hits / (hits + misses), (hits + 2 * misses) / elapsed, (cpu1 - cpu0) / elapsed


def one_round(server, args, value, maxmemory, policy, rnd):
    cfg = socket.create_connection(("127.0.0.1", server.port))
    cfg.sendall(b"CONFIG SET maxmemory %d maxmemory-policy %s\r\n" % (maxmemory, policy.encode()))
    if cfg.recv(100) != b"+OK\r\n":
        raise RuntimeError("CONFIG SET failed")
    cfg.close()
    per = args.requests // args.clients
    warm = [key_batches(args.keys, per // 2, 1000 * rnd + 100 + i, args.batch)
            for i in range(args.clients)]
    timed = [key_batches(args.keys, per, 1000 * rnd + i, args.batch) for i in range(args.clients)]
    run_phase(server, warm, value)
    return run_phase(server, timed, value)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", help="slotcache-server (default: a Release build)")
    ap.add_argument("--keys", type=int, default=200000)
    ap.add_argument("--requests", type=int, default=800000, help="timed GETs, all clients")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--value-size", type=int, default=100)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--batch", type=int, default=200, help="GETs per pipelined batch")
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    args = ap.parse_args()
    binary = args.binary or build_release()
    os.environ["EVICTION_CLIENT_CPU"] = str(args.client_cpu)
    value = b"v" * args.value_size
    # ~10% of the key space: per-key cost ~ key + value + ~70 bytes of overhead, plus a base.
    maxmemory = 1_000_000 + args.keys // 10 * (args.value_size + 80)
    results = {}
    for rnd in range(args.rounds):
        for policy in ("allkeys-lru", "allkeys-lfu"):
            for name in ("slotcache", "redis"):
                server = (start_slotcache(binary, cpu=args.server_cpu) if name == "slotcache"
                          else start_redis(cpu=args.server_cpu))
                try:
                    row = one_round(server, args, value, maxmemory, policy, rnd)
                    results.setdefault((policy, name), []).append(row)
                finally:
                    server.stop()
    print(f"keys={args.keys} value={args.value_size}B maxmemory={maxmemory} "
          f"requests={args.requests} (after {args.requests // 2} warm-up) clients={args.clients} "
          f"batch={args.batch} rounds={args.rounds} server cpu {args.server_cpu}, "
          f"clients cpu {args.client_cpu}")
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
