#!/usr/bin/env python3
"""The side-by-side benchmark: redis-benchmark against redis-server and slotcache-server,
interleaved (A B A B ...) so that machine drift cancels, medians over rounds; servers on CPU 0,
the load generator on CPU 1. Then RSS per key of each after loading 1M keys (bench/memory.py).
Prints one table. Usage: bench/throughput.py [--rounds 3] [--requests 200000] [--binary PATH]
[--baseline PATH]: with --baseline, another slotcache binary (say, a build of the commit before a
refactor) takes redis-server's place, so the ratios are after/before."""
import argparse
import csv
import io
import os
import platform
import statistics
import subprocess

import common
import memory

TESTS = ["SET", "GET", "INCR", "MSET"]
# (label, clients, pipeline)
SHAPES = [("-c 50 -P 1", 50, 1), ("-c 50 -P 16", 50, 16), ("-c 1 -P 1", 1, 1)]


def run_benchmark(port, clients, pipeline, requests):
    n = requests if clients > 1 else requests // 10
    argv = ["taskset", "-c", "1", "redis-benchmark", "-p", str(port), "-t", ",".join(TESTS).lower(),
            "-c", str(clients), "-P", str(pipeline), "-n", str(n), "-d", "64", "-r", "1000000",
            "--csv"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rows = {}
    for row in csv.DictReader(io.StringIO(out)):
        name = row["test"].split(" ")[0]
        rows[name] = (float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"]))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200000)
    parser.add_argument("--binary", default=None)
    parser.add_argument("--baseline", default=None, help="a slotcache binary instead of redis")
    args = parser.parse_args()
    binary = args.binary or common.build_release()
    if args.baseline:
        start_rival = lambda cpu=None: common.start_slotcache(args.baseline, cpu=cpu)
    else:
        start_rival = common.start_redis
    rival = "baseline" if args.baseline else "redis"
    servers = {"redis": start_rival(cpu=0), "slotcache": common.start_slotcache(binary, cpu=0)}
    samples = {}  # (server, shape, test) -> list of (rps, p50, p99)
    try:
        for _ in range(args.rounds):
            for label, clients, pipeline in SHAPES:
                for name in ("redis", "slotcache"):
                    rows = run_benchmark(servers[name].port, clients, pipeline, args.requests)
                    for test, value in rows.items():
                        samples.setdefault((name, label, test), []).append(value)
    finally:
        for server in servers.values():
            server.stop()
    rss = {}
    for name, start in (("redis", start_rival),
                        ("slotcache", lambda: common.start_slotcache(binary))):
        server = start()
        try:
            rss[name] = memory.measure(server, 1_000_000)
        finally:
            server.stop()
    print_table(samples, rss, args.rounds, rival)


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    version = subprocess.run(["redis-server", "--version"], capture_output=True,
                             text=True).stdout.split()[2]
    return f"{os.cpu_count()} x {model}, {platform.system()} {platform.release()}, redis {version}"


def print_table(samples, rss, rounds, rival):
    print(f"redis-benchmark, 64-byte values, 1M random keys, median of {rounds} interleaved rounds;"
          f" servers on CPU 0, load generator on CPU 1; {machine()}")
    print(f"| test | shape | {rival} rps | slotcache rps | ratio | {rival} p50/p99 ms |"
          f" slotcache p50/p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- |")
    for label, _, _ in SHAPES:
        for test in TESTS:
            r = [statistics.median(v) for v in zip(*samples[("redis", label, test)])]
            s = [statistics.median(v) for v in zip(*samples[("slotcache", label, test)])]
            print(f"| {test} | {label} | {r[0]:.0f} | {s[0]:.0f} | {s[0] / r[0]:.2f} |"
                  f" {r[1]:.3f}/{r[2]:.3f} | {s[1]:.3f}/{s[2]:.3f} |")
    print(f"| RSS bytes/key | 1M keys, 16 B + 32 B | {rss['redis']:.1f} | {rss['slotcache']:.1f} |"
          f" {rss['slotcache'] / rss['redis']:.2f} | | |")

if __name__ == "__main__":
    main()
