#!/usr/bin/env python3
"""Primary SET throughput with two replicas attached versus none, for slotcache and for
redis-server (two redis-server replicas), in one run; interleaved rounds, medians. Also checks
that the replicas caught up (equal offsets) and reports the sync time of a 1M-key full sync.
Primaries run on CPU 0, replicas and redis-benchmark share CPU 1 (2-core machine).
Usage: bench/replication.py [--rounds 3] [--requests 300000] [--keys 1000000]"""
import argparse
import statistics
import subprocess
import time

import common


def info(port, field):
    out = subprocess.run(["redis-cli", "-p", str(port), "info", "replication"], capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def set_rps(port, requests, pipeline):
    argv = ["taskset", "-c", "1", "redis-benchmark", "-p", str(port), "-t", "set", "-n",
            str(requests), "-r", "1000000", "-d", "64", "-c", "50", "-P", str(pipeline), "--csv"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1].split(",")[1].strip('"'))


def start(kind, binary, cpu, primary_port=None):
    port = common.free_port()
    if kind == "redis":
        argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0"]
    else:
        argv = [binary, "--port", str(port), "--bind", "127.0.0.1"]
    if primary_port is not None:
        argv += ["--replicaof", "127.0.0.1", str(primary_port)]
    return common.Server(kind, argv, port, cpu)


def wait_caught_up(primary, replicas, timeout=600):
    deadline = time.time() + timeout
    start = time.time()
    while time.time() < deadline:
        target = info(primary.port, "master_repl_offset")
        if all(info(r.port, "master_link_status") == "up" and
               info(r.port, "slave_repl_offset") == target for r in replicas):
            return time.time() - start
        time.sleep(0.05)
    raise RuntimeError("replicas did not catch up")


def full_sync_seconds(kind, binary, keys):
    primary = start(kind, binary, 0)
    try:
        # The same fill for both (slotcache has no DEBUG POPULATE).
        subprocess.run(["taskset", "-c", "1", "redis-benchmark", "-p", str(primary.port), "-t",
                        "set", "-n", str(keys * 3), "-r", str(keys), "-d", "16", "-P", "64", "-q"],
                       capture_output=True, check=True)
        replica = start(kind, binary, 1, primary.port)
        try:
            return wait_caught_up(primary, [replica])
        finally:
            replica.stop()
    finally:
        primary.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300000)
    parser.add_argument("--keys", type=int, default=1000000)
    parser.add_argument("--binary", default=None)
    args = parser.parse_args()
    binary = args.binary or common.build_release()
    samples = {}
    for _ in range(args.rounds):
        for kind in ("redis", "slotcache"):
            for n_replicas in (0, 2):
                primary = start(kind, binary, 0)
                replicas = [start(kind, binary, 1, primary.port) for _ in range(n_replicas)]
                try:
                    if replicas:
                        wait_caught_up(primary, replicas)
                    for pipeline in (1, 16):
                        rps = set_rps(primary.port, args.requests, pipeline)
                        samples.setdefault((kind, n_replicas, pipeline), []).append(rps)
                    if replicas:
                        wait_caught_up(primary, replicas)
                finally:
                    for server in replicas + [primary]:
                        server.stop()
    print("| server | pipeline | SET rps, no replica | SET rps, 2 replicas | ratio |")
    print("|---|---|---|---|---|")
    for kind in ("redis", "slotcache"):
        for pipeline in (1, 16):
            none = statistics.median(samples[(kind, 0, pipeline)])
            two = statistics.median(samples[(kind, 2, pipeline)])
            print(f"| {kind} | {pipeline} | {none:,.0f} | {two:,.0f} | {two / none:.2f} |")
    for kind in ("redis", "slotcache"):
        print(f"{kind}: full sync of ~{args.keys} keys (16-byte values) + catch-up: "
              f"{full_sync_seconds(kind, binary, args.keys):.2f} s")


if __name__ == "__main__":
    main()
