#!/usr/bin/env python3
"""redis-benchmark against redis-server and slotcache-server, interleaved (A B A B ...) so that
machine drift cancels; medians over rounds. Servers run on CPU 0, the load generator on CPU 1.
Usage: bench/throughput.py [--rounds 3] [--requests 200000]"""
import argparse
import csv
import io
import statistics
import subprocess

import common

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
    args = parser.parse_args()
    binary = args.binary or common.build_release()
    servers = {"redis": common.start_redis(cpu=0), "slotcache": common.start_slotcache(binary, cpu=0)}
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
    print(f"redis-benchmark, 64-byte values, 1M random keys, median of {args.rounds} interleaved rounds")
    print(f"{'test':<6}{'shape':<13}{'redis rps':>12}{'slotcache rps':>15}{'ratio':>7}"
          f"{'redis p50/p99 ms':>19}{'slotcache p50/p99 ms':>23}")
    for label, _, _ in SHAPES:
        for test in TESTS:
            r = [statistics.median(v) for v in zip(*samples[("redis", label, test)])]
            s = [statistics.median(v) for v in zip(*samples[("slotcache", label, test)])]
            print(f"{test:<6}{label:<13}{r[0]:>12.0f}{s[0]:>15.0f}{s[0] / r[0]:>7.2f}"
                  f"{r[1]:>10.3f}/{r[2]:<8.3f}{s[1]:>13.3f}/{s[2]:<8.3f}")


if __name__ == "__main__":
    main()
