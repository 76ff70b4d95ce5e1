"""One server under test for the client-library tests: slotcache-server (or a real redis-server,
for checking the tests themselves) on a free loopback port, in its own temp dir with its log.

The binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server of this checkout. Stops only the
process it started, by PID: SIGTERM, then SIGKILL after a grace period.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BINARY = os.path.join(REPO_ROOT, "build", "slotcache-server")


def server_binary():
    return os.environ.get("SLOTCACHE_SERVER_BIN") or DEFAULT_BINARY


def is_real_redis(binary):
    return os.path.basename(binary).startswith("redis-server")


def pick_free_port():
    """A loopback port nobody listens on right now (bind port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ping(port, password=None, timeout=0.5):
    """True if a fresh connection gets +PONG (or NOAUTH, which also proves the server is up)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            reply = s.recv(64)
            return reply.startswith(b"+PONG") or reply.startswith(b"-NOAUTH")
    except OSError:
        return False


class ServerProcess:
    """Use as a context manager, or call start() / stop() yourself."""

    def __init__(self, extra_args=(), binary=None):
        self.binary = binary or server_binary()
        self.extra_args = list(extra_args)
        self.port = None
        self.proc = None
        self.dir = None
        self.log_path = None

    def start(self, ready_timeout=10.0):
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"server binary {self.binary} is missing; build first "
                               "or set SLOTCACHE_SERVER_BIN")
        self.dir = tempfile.mkdtemp(prefix="slotcache-pytest-")
        self.log_path = os.path.join(self.dir, "server.log")
        # A port picked here may be taken by someone else before the server binds it: retry.
        for _ in range(3):
            self.port = pick_free_port()
            argv = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            if is_real_redis(self.binary):
                argv += ["--save", "", "--appendonly", "no"]
            argv += self.extra_args
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, cwd=self.dir)
            if self._wait_ready(ready_timeout):
                return self
            self.stop()
        raise RuntimeError(f"server did not answer PING; log:\n{self.log()}")

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if _ping(self.port):
                return True
            time.sleep(0.02)
        return False

    def stop(self, grace=10.0):
        """SIGTERM, then SIGKILL after `grace` seconds. Returns the exit code (None if unknown)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        return self.proc.returncode

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return f.read()
        except (OSError, TypeError):
            return ""

    def cleanup(self):
        self.stop()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()
        return False
