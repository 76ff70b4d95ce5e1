"""A real 6-node slotcache cluster for the cluster-client tests: 3 seed primaries and 3 replicas
(node i+3 replicates node i) on free loopback ports p whose cluster bus port p+10000 is free too,
each node in its own temp dir (its cwd, holding its log, node id and Raft data).

Every node is started and stopped by its own PID (SIGTERM, then SIGKILL after a grace period);
every wait is bounded. The binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from server_process import server_binary

NODES = 6
PRIMARIES = 3
NODE_TIMEOUT_MS = 1000


def _port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
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


def pick_cluster_ports(count):
    """`count` ports p with p and p+10000 free, none colliding with another's bus port."""
    ports = []
    while len(ports) < count:
        p = random.randint(10000, ephemeral_low() - 10001)
        taken = any(q in (p, p + 10000, p - 10000) for q in ports)
        if not taken and _port_free(p) and _port_free(p + 10000):
            ports.append(p)
    return ports


def _command(port, *args, timeout=1.0):
    """One RESP command on a fresh connection; the raw reply bytes (b"" on any failure)."""
    payload = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        payload += b"$%d\r\n%s\r\n" % (len(a), a)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(payload)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return data
                data += chunk
                if _complete(data):
                    return data
    except OSError:
        return b""


def _complete(data):
    """True once `data` holds a whole simple reply or a whole bulk string."""
    if not data.endswith(b"\r\n"):
        return False
    if data[:1] != b"$":
        return True
    header, _, rest = data.partition(b"\r\n")
    length = int(header[1:])
    return length < 0 or len(rest) >= length + 2


def cluster_info(port):
    """CLUSTER INFO as a dict of fields ({} when the node does not answer)."""
    reply = _command(port, "CLUSTER", "INFO")
    if not reply.startswith(b"$"):
        return {}
    body = reply.partition(b"\r\n")[2].decode(errors="replace")
    return dict(line.split(":", 1) for line in body.split("\r\n") if ":" in line)


class LocalCluster:
    """Use as a context manager, or call start() / stop() yourself."""

    def __init__(self, binary=None):
        self.binary = binary or server_binary()
        self.ports = []
        self.procs = []
        self.dirs = []

    def node_args(self, i):
        args = ["--port", str(self.ports[i]), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-node-timeout", str(NODE_TIMEOUT_MS), "--cluster-seeds"]
        args += [f"127.0.0.1:{p}" for p in self.ports[:PRIMARIES]]
        if i >= PRIMARIES:
            args += ["--replicaof", "127.0.0.1", str(self.ports[i - PRIMARIES])]
        return args

    def start(self, converge_timeout=30.0):
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"server binary {self.binary} is missing; build first "
                               "or set SLOTCACHE_SERVER_BIN")
        self.ports = pick_cluster_ports(NODES)
        for i in range(NODES):
            d = tempfile.mkdtemp(prefix=f"slotcache-pycluster-{i}-")
            self.dirs.append(d)
            with open(os.path.join(d, "server.log"), "ab") as log:
                self.procs.append(subprocess.Popen(
                    [self.binary] + self.node_args(i), stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, cwd=d))
        if not self.wait_for_convergence(converge_timeout):
            logs = self.logs()
            self.cleanup()
            raise RuntimeError(f"cluster did not converge in {converge_timeout} s\n{logs}")
        return self

    def wait_for_convergence(self, timeout):
        """Every node: cluster_state:ok, all NODES members known, one cluster_current_epoch."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.procs):
                return False
            infos = [cluster_info(port) for port in self.ports]
            if all(i.get("cluster_state") == "ok" and i.get("cluster_known_nodes") == str(NODES)
                   for i in infos) and len({i.get("cluster_current_epoch") for i in infos}) == 1:
                return True
            time.sleep(0.1)
        return False

    def startup_nodes(self):
        return [("127.0.0.1", p) for p in self.ports]

    def stop(self, grace=10.0):
        for proc in self.procs:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()

    def logs(self, tail=3000):
        out = []
        for port, d in zip(self.ports, self.dirs):
            try:
                with open(os.path.join(d, "server.log"), errors="replace") as f:
                    text = f.read()[-tail:]
            except OSError:
                text = ""
            out.append(f"---- node {port} ----\n{text}")
        return "\n".join(out)

    def cleanup(self):
        self.stop()
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()
        return False
