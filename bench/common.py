"""Shared helpers for slotcache benchmarks: free ports, starting/stopping servers by PID, RSS."""
import os
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(64)[:1] in (b"+", b"-"):  # any reply: the server is serving
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not answer PING")


class Server:
    """A server process this benchmark started; stopped by its own PID only."""

    def __init__(self, name, argv, port, cpu=None):
        self.name, self.port = name, port
        if cpu is not None:
            argv = ["taskset", "-c", str(cpu)] + argv
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{name}-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT)
        wait_ready(port)

    def rss_bytes(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_redis(cpu=None):
    port = free_port()
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no"]
    return Server("redis", argv, port, cpu)


def start_slotcache(binary, cpu=None):
    port = free_port()
    argv = [binary, "--port", str(port), "--bind", "127.0.0.1"]
    return Server("slotcache", argv, port, cpu)


RELEASE_BUILD = os.path.join(ROOT, "build-release")


def build_release():
    """Builds slotcache-server and the load generator (bench/zipf_load.cc) in Release; returns
    the server's path."""
    subprocess.run(["cmake", "-S", ROOT, "-B", RELEASE_BUILD, "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Release", "-DSLOTCACHE_TESTS=OFF", "-DSLOTCACHE_BENCH=ON"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", RELEASE_BUILD, "slotcache-server", "slotcache_zipf_load"],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(RELEASE_BUILD, "slotcache-server")


def zipf_load_path():
    """The load generator build_release() builds."""
    return os.path.join(RELEASE_BUILD, "bench", "slotcache_zipf_load")
