#!/usr/bin/env python3
"""AOF costs, slotcache-server vs redis-server side by side in one run.

1. redis-benchmark SET throughput with the AOF off and for each appendfsync policy.
2. A rewrite (BGREWRITEAOF) of N keys under a redis-benchmark SET load: the longest loop stall
   (a client sends PING every 1 ms and records the slowest reply while the rewrite runs) and the
   peak RSS of the server plus any child (redis forks) during the rewrite.

Usage: bench/aof.py [--keys N] [--requests N] [--binary PATH]"""
import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

import common

POLICIES = ("off", "no", "everysec", "always")


def start(name, binary, policy, workdir):
    port = common.free_port()
    d = tempfile.mkdtemp(prefix=f"aof-{name}-", dir=workdir)
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", d]
    if name == "redis":
        argv += ["--save", "", "--aof-use-rdb-preamble", "no"]
    if policy == "off":
        argv += ["--appendonly", "no"]
    else:
        argv += ["--appendonly", "yes", "--appendfsync", policy]
    # Auto rewrites would land in the middle of the throughput runs: off for both.
    argv += ["--auto-aof-rewrite-percentage", "0"]
    return common.Server(name, argv, port)


def benchmark_set(server, requests, clients=50):
    out = subprocess.run(["redis-benchmark", "-p", str(server.port), "-t", "set", "-n",
                          str(requests), "-c", str(clients), "-r", "1000000", "-q"],
                         capture_output=True, text=True, check=True).stdout
    # "SET: 123456.79 requests per second, p50=0.199 msec"
    line = [l for l in out.replace("\r", "\n").split("\n") if l.startswith("SET:")][-1]
    return float(line.split()[1])


def fill(server, keys):
    def commands():
        for i in range(keys):
            yield b"*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$32\r\n%s\r\n" % (
                i, b"v" * 22 + b"%010d" % i)
    result = subprocess.run(["redis-cli", "-p", str(server.port), "--pipe"],
                            input=b"".join(commands()), capture_output=True)
    if result.returncode != 0 or b"errors: 0" not in result.stdout:
        sys.exit(f"{server.name}: mass insertion failed: {result.stdout[-300:]!r}")


def info_field(port, name):
    out = subprocess.run(["redis-cli", "-p", str(port), "info", "persistence"],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def tree_rss(pid):
    """RSS of `pid` and its children (redis's rewrite child), bytes."""
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Pinger(threading.Thread):
    """PING every 1 ms; the slowest round trip while `recording` is set."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.recording = False
        self.stop = False
        self.max_ms = 0.0

    def run(self):
        while not self.stop:
            t0 = time.perf_counter()
            self.sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            reply = b""
            while not reply.endswith(b"\r\n"):
                reply += self.sock.recv(64)
            elapsed = (time.perf_counter() - t0) * 1000
            if self.recording:
                self.max_ms = max(self.max_ms, elapsed)
            time.sleep(0.001)


def rewrite_under_load(server, keys):
    fill(server, keys)
    load = subprocess.Popen(["redis-benchmark", "-p", str(server.port), "-t", "set", "-n",
                             "100000000", "-c", "20", "-r", str(keys), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pinger = Pinger(server.port)
    pinger.start()
    time.sleep(0.5)
    pinger.recording = True  # the same load without a rewrite: the latency floor
    time.sleep(2.0)
    baseline_ms, pinger.max_ms = pinger.max_ms, 0.0
    baseline_rss = tree_rss(server.proc.pid)
    peak = baseline_rss
    t0 = time.time()
    subprocess.run(["redis-cli", "-p", str(server.port), "bgrewriteaof"], capture_output=True)
    time.sleep(0.05)
    while info_field(server.port, "aof_rewrite_in_progress") != "0":
        peak = max(peak, tree_rss(server.proc.pid))
        time.sleep(0.01)
    seconds = time.time() - t0
    pinger.recording = False
    pinger.stop = True
    load.terminate()
    load.wait()
    status = info_field(server.port, "aof_last_bgrewrite_status")
    return {"seconds": seconds, "stall_ms": pinger.max_ms, "baseline_ms": baseline_ms,
            "rss_before": baseline_rss,
            "rss_peak": peak, "status": status}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300_000)
    parser.add_argument("--binary", default=None, help="slotcache-server (default: Release build)")
    parser.add_argument("--rewrite-only", action="store_true", help="skip the throughput table")
    args = parser.parse_args()
    binary = args.binary or common.build_release()
    binaries = {"redis": "redis-server", "slotcache": binary}
    workdir = tempfile.mkdtemp(prefix="bench-aof-")
    try:
        print(f"redis-benchmark -t set -n {args.requests} -c 50 -r 1000000 (requests/s)")
        print(f"{'appendfsync':<12}{'redis':>12}{'slotcache':>12}{'ratio':>8}")
        for policy in POLICIES if not args.rewrite_only else ():
            rps = {}
            for name in ("redis", "slotcache"):
                server = start(name, binaries[name], policy, workdir)
                try:
                    rps[name] = benchmark_set(server, args.requests)
                finally:
                    server.stop()
            print(f"{policy:<12}{rps['redis']:>12.0f}{rps['slotcache']:>12.0f}"
                  f"{rps['slotcache'] / rps['redis']:>8.2f}", flush=True)
        print(f"\nBGREWRITEAOF of {args.keys} keys under a redis-benchmark SET load "
              "(appendfsync everysec)")
        print(f"{'server':<12}{'seconds':>9}{'max PING ms':>13}{'(no rewrite)':>14}"
              f"{'RSS before MB':>15}"
              f"{'peak RSS MB':>13}{'status':>8}")
        for name in ("redis", "slotcache"):
            server = start(name, binaries[name], "everysec", workdir)
            try:
                r = rewrite_under_load(server, args.keys)
            finally:
                server.stop()
            print(f"{name:<12}{r['seconds']:>9.2f}{r['stall_ms']:>13.1f}{r['baseline_ms']:>14.1f}"
                  f"{r['rss_before'] / 2**20:>15.0f}{r['rss_peak'] / 2**20:>13.0f}"
                  f"{r['status']:>8}", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
