#!/usr/bin/env python3
"""redis-benchmark --cluster against slotcache's 6-node cluster (3 seed primaries + 3 replicas,
placement by consistent hashing, configuration on Raft) and a real Redis Cluster of the same shape
(`redis-cli --cluster create --cluster-replicas 1`), both on free ports, interleaved over rounds so
machine drift cancels; medians and slotcache/redis ratios. With 2+ CPUs, every server runs on CPU 0
and the load generator on CPU 1. Stops only the processes it started, by PID.
Usage: bench/cluster.py [--rounds 3] [--requests 200000] [--pipelined-requests N]
                        [--binary build/slotcache-server]"""
import argparse
import csv
import io
import os
import random
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

import common

NODES, PRIMARIES = 6, 3
TESTS = ["SET", "GET"]
PIPELINES = [1, 16]


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def ephemeral_low():
    """The first port the kernel hands out for outgoing connections: ports picked below it (and
    their bus ports) cannot be taken by a node's own outgoing connections between pick and bind."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def cluster_ports(count, taken):
    """`count` ports p with p and the cluster bus port p+10000 free, clear of `taken`."""
    ports = []
    while len(ports) < count:
        p = random.randint(10000, ephemeral_low() - 10001)
        near = any(q in (p, p + 10000, p - 10000) for q in ports + taken)
        if not near and port_free(p) and port_free(p + 10000):
            ports.append(p)
    return ports


def cluster_info(port):
    """CLUSTER INFO fields of one node ({} if it does not answer)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"*2\r\n$7\r\nCLUSTER\r\n$4\r\nINFO\r\n")
            data = b""
            while not data.endswith(b"\r\n\r\n") and len(data) < 65536:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return {}
    text = data.decode(errors="replace")
    return dict(line.split(":", 1) for line in text.split("\r\n") if ":" in line)


def wait_cluster_ok(ports, timeout=60.0):
    """Every node: cluster_state:ok and all NODES members known, at one current epoch."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        infos = [cluster_info(p) for p in ports]
        if all(i.get("cluster_state") == "ok" and i.get("cluster_known_nodes") == str(NODES)
               for i in infos) and len({i.get("cluster_current_epoch") for i in infos}) == 1:
            return
        time.sleep(0.1)
    raise RuntimeError(f"cluster on {ports} did not reach cluster_state:ok in {timeout} s")


class Node(common.Server):
    """A common.Server that registers itself before starting, so a node that never answers PING
    is still stopped by its PID."""

    def __init__(self, registry, name, argv, port, cpu):
        registry.append(self)
        super().__init__(name, argv, port, cpu)


class Cluster:
    """Six server processes, each in its own temp dir; stopped by PID."""

    def __init__(self, name):
        self.name, self.servers, self.dirs, self.ports = name, [], [], []

    def add(self, argv, port, cpu):
        d = tempfile.mkdtemp(prefix=f"bench-{self.name}-{port}-")
        self.dirs.append(d)
        Node(self.servers, self.name, argv + ["--dir", d], port, cpu)

    def stop(self):
        for server in self.servers:
            if hasattr(server, "proc"):
                server.stop()
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)


def start_slotcache_cluster(cluster, binary, ports, cpu):
    cluster.ports = ports
    seeds = [f"127.0.0.1:{p}" for p in ports[:PRIMARIES]]
    for i, port in enumerate(ports):
        argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-seeds"] + seeds
        if i >= PRIMARIES:
            argv += ["--replicaof", "127.0.0.1", str(ports[i - PRIMARIES])]
        cluster.add(argv, port, cpu)
    wait_cluster_ok(ports)


def start_redis_cluster(cluster, ports, cpu):
    cluster.ports = ports
    for port in ports:
        cluster.add(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                     "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                     "--save", "", "--appendonly", "no"], port, cpu)
    subprocess.run(["redis-cli", "--cluster", "create"] + [f"127.0.0.1:{p}" for p in ports] +
                   ["--cluster-replicas", "1", "--cluster-yes"], check=True,
                   stdout=subprocess.DEVNULL, timeout=60)
    wait_cluster_ok(ports)


def run_benchmark(port, pipeline, requests, cpu):
    argv = ["redis-benchmark", "--cluster", "-p", str(port), "-t", ",".join(TESTS).lower(),
            "-n", str(requests), "-q", "-P", str(pipeline), "--csv"]
    if cpu is not None:
        argv = ["taskset", "-c", str(cpu)] + argv
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or "rror" in done.stderr:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    # In cluster mode redis-benchmark first lists the primaries it found: the CSV starts after.
    table = done.stdout[done.stdout.find('"test"'):]
    rows = {row["test"].split(" ")[0]: float(row["rps"])
            for row in csv.DictReader(io.StringIO(table))}
    if sorted(rows) != sorted(TESTS):
        raise RuntimeError(f"unexpected redis-benchmark output:\n{done.stdout}\n{done.stderr}")
    return rows


def print_table(samples, rounds):
    print(f"redis-benchmark --cluster (3 primaries + 3 replicas), default 50 clients, "
          f"median rps of {rounds} interleaved rounds (min-max)")
    print(f"{'test':<6}{'-P':>4}{'redis rps':>26}{'slotcache rps':>26}{'ratio s/r':>11}")
    for pipeline in PIPELINES:
        for test in TESTS:
            r, s = samples[("redis", pipeline, test)], samples[("slotcache", pipeline, test)]
            print(f"{test:<6}{pipeline:>4}{spread(r):>26}{spread(s):>26}"
                  f"{statistics.median(s) / statistics.median(r):>11.2f}")


def spread(values):
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200000)
    # redis-benchmark --cluster runs threads whose end it notices in steps of about 250 ms, so a
    # -P 16 run of 200000 requests (well under a second) reports bucketed rates; more requests
    # give real ones.
    parser.add_argument("--pipelined-requests", type=int, default=None,
                        help="-n for -P 16 (default: --requests)")
    parser.add_argument("--binary", default=None, help="slotcache-server (default: Release build)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary) if args.binary else common.build_release()
    server_cpu, client_cpu = (0, 1) if (os.cpu_count() or 1) >= 2 else (None, None)
    ports = cluster_ports(2 * NODES, [])
    clusters = {"slotcache": Cluster("slotcache"), "redis": Cluster("redis")}
    try:
        start_slotcache_cluster(clusters["slotcache"], binary, ports[:NODES], server_cpu)
        start_redis_cluster(clusters["redis"], ports[NODES:], server_cpu)
        samples = {}
        for round_no in range(args.rounds):
            order = ["redis", "slotcache"] if round_no % 2 == 0 else ["slotcache", "redis"]
            for pipeline in PIPELINES:
                for name in order:
                    n = args.requests
                    if pipeline > 1 and args.pipelined_requests:
                        n = args.pipelined_requests
                    rows = run_benchmark(clusters[name].ports[0], pipeline, n, client_cpu)
                    for test in TESTS:
                        samples.setdefault((name, pipeline, test), []).append(rows[test])
    finally:
        for cluster in clusters.values():
            cluster.stop()
    print_table(samples, args.rounds)


if __name__ == "__main__":
    main()
