"""redis-cli in interactive mode (under a pseudo-terminal, so it fetches COMMAND DOCS for its help
and hints) and redis-benchmark with the tests slotcache implements, in RESP2 and RESP3, with
--dbnum and with -a against a server that has requirepass.

redis-cli --pipe mass insertion and plain redis-benchmark runs (with and without -P) are in
redis-tests/redis_cli_test.cc and redis_benchmark_test.cc; they are not repeated here.

    /usr/bin/python3 redis-tests/python/test_cli_tools.py
"""

import os
import pty
import re
import select
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server_process import ServerProcess  # noqa: E402

ANSI_ESCAPE = re.compile(rb"\x1b\[[0-9;]*m")


class RecordingProxy:
    """A loopback TCP relay for one client connection that keeps both directions' bytes."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = bytearray()  # client -> server
        self.received = bytearray()  # server -> client
        self.lock = threading.Lock()
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            downstream, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        self.sockets += [downstream, upstream]
        threading.Thread(target=self._relay, args=(downstream, upstream, self.sent),
                         daemon=True).start()
        self._relay(upstream, downstream, self.received)

    def _relay(self, source, sink, record):
        try:
            while chunk := source.recv(65536):
                with self.lock:
                    record += chunk
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.listener.close()
        for s in self.sockets:
            s.close()


class InteractiveCli:
    """redis-cli on a pseudo-terminal. TERM=dumb keeps linenoise from querying the cursor
    position, so each typed line is echoed and answered as plain text."""

    def __init__(self, port, extra_args=()):
        self.prompt_re = re.compile(rb"127\.0\.0\.1:\d+(\[\d+\])?(\(TX\))?> ")
        master, slave = pty.openpty()
        # No history file: keep the user's ~/.rediscli_history out of it.
        env = dict(os.environ, TERM="dumb", REDISCLI_HISTFILE="/dev/null")
        self.proc = subprocess.Popen(["redis-cli", "-p", str(port), *extra_args], stdin=slave,
                                     stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = b""
        self._read_prompts(1)

    def _read_prompts(self, count, timeout=10.0):
        deadline = time.monotonic() + timeout
        while len(self.prompt_re.findall(self.output)) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no prompt from redis-cli; output so far: {self.output!r}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the other side closed
                    chunk = b""
                if not chunk:
                    raise EOFError(f"redis-cli exited; output: {self.output!r}")
                self.output += chunk

    def run(self, line):
        """Types `line` and returns what redis-cli printed up to its next prompt (colours
        stripped, CR LF as LF, the echoed line left out)."""
        start = len(self.output)
        prompts = len(self.prompt_re.findall(self.output))
        os.write(self.master, line.encode() + b"\r")
        self._read_prompts(prompts + 1)
        text = self.output[start:]
        text = text[:list(self.prompt_re.finditer(text))[-1].start()]
        text = re.sub(rb"\r+\n", b"\n", ANSI_ESCAPE.sub(b"", text))
        echo = line.encode() + b"\n"
        return (text[len(echo):] if text.startswith(echo) else text).decode(errors="replace")

    def last_prompt(self):
        return list(self.prompt_re.finditer(self.output))[-1].group(0).decode()

    def close(self):
        try:
            os.write(self.master, b"quit\r")
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


class RedisCliInteractiveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def setUp(self):
        self.proxy = RecordingProxy(self.server.port)
        self.addCleanup(self.proxy.close)
        self.cli = InteractiveCli(self.proxy.port)
        self.addCleanup(self.cli.close)
        self.cli.run("flushall")

    def test_fetches_command_docs_first(self):
        # An interactive redis-cli asks for COMMAND DOCS before anything else; on an error reply
        # it would silently fall back to its built-in help, so check the reply is a RESP2 array.
        self.assertTrue(self.proxy.sent.startswith(b"*2\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n"),
                        bytes(self.proxy.sent[:60]))
        self.assertTrue(self.proxy.received.startswith(b"*"), bytes(self.proxy.received[:60]))

    def test_commands_and_replies(self):
        cli = self.cli
        self.assertEqual(cli.run("set greeting 'hello world'"), "OK\n")
        self.assertEqual(cli.run("get greeting"), '"hello world"\n')
        self.assertEqual(cli.run("get missing"), "(nil)\n")
        self.assertEqual(cli.run("incr n"), "(integer) 1\n")
        self.assertEqual(cli.run("mset a 1 b \"x\\x00y\""), "OK\n")
        self.assertEqual(cli.run("mget a b missing"), '1) "1"\n2) "x\\x00y"\n3) (nil)\n')
        self.assertEqual(cli.run("incr greeting"),
                         "(error) ERR value is not an integer or out of range\n")
        self.assertEqual(cli.run("get"),
                         "(error) ERR wrong number of arguments for 'get' command\n")
        self.assertEqual(cli.run("expire a 100"), "(integer) 1\n")
        self.assertEqual(cli.run("ttl a"), "(integer) 100\n")
        keys = cli.run("keys *")
        self.assertEqual(sorted(re.findall(r'"([^"]+)"', keys)), ["a", "b", "greeting", "n"])

    def test_select_and_multi_change_the_prompt(self):
        cli = self.cli
        self.assertEqual(cli.run("select 3"), "OK\n")
        self.assertRegex(cli.last_prompt(), r"^127\.0\.0\.1:\d+\[3\]> $")
        self.assertEqual(cli.run("multi"), "OK\n")
        self.assertRegex(cli.last_prompt(), r"^127\.0\.0\.1:\d+\[3\]\(TX\)> $")
        self.assertEqual(cli.run("set k v"), "QUEUED\n")
        self.assertEqual(cli.run("incr k"), "QUEUED\n")
        self.assertEqual(cli.run("exec"),
                         "1) OK\n2) (error) ERR value is not an integer or out of range\n")
        self.assertRegex(cli.last_prompt(), r"^127\.0\.0\.1:\d+\[3\]> $")

    def test_resp3_after_hello(self):
        cli = self.cli
        hello = cli.run("hello 3")
        self.assertRegex(hello, r'^1# "server" => "redis"\n2# "version" => "7\.0\.\d+"\n'
                                r'3# "proto" => \(integer\) 3\n4# "id" => \(integer\) \d+\n'
                                r'5# "mode" => "standalone"\n6# "role" => "master"\n'
                                r'7# "modules" => \(empty array\)\n$')
        self.assertEqual(cli.run("get missing"), "(nil)\n")
        self.assertEqual(cli.run("incrbyfloat f 1.5"), '"1.5"\n')
        self.assertEqual(cli.run("config get maxclients"), '1# "maxclients" => "10000"\n')

    def test_help_uses_command_docs(self):
        # The argument line comes from the "arguments" field of COMMAND DOCS.
        self.assertEqual(
            self.cli.run("help set"),
            "\n  SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
            "PXAT unix-time-milliseconds|KEEPTTL]\n  summary: Set the string value of a key\n"
            "  since: 1.0.0\n  group: string\n\n")
        self.assertEqual(self.cli.run("help incr"),
                         "\n  INCR key\n  summary: Increment the integer value of a key by one\n"
                         "  since: 1.0.0\n  group: string\n\n")

    def test_command_docs_reply(self):
        self.assertEqual(
            self.cli.run("command docs get"),
            '1) "get"\n2)  1) "summary"\n    2) "Get the value of a key"\n    3) "since"\n'
            '    4) "1.0.0"\n    5) "group"\n    6) "string"\n    7) "complexity"\n'
            '    8) "O(1)"\n    9) "arguments"\n   10) 1) 1) "name"\n          2) "key"\n'
            '          3) "type"\n          4) "key"\n          5) "key_spec_index"\n'
            '          6) (integer) 0\n')


class RedisCliAuthTest(unittest.TestCase):
    def test_interactive_with_password(self):
        with ServerProcess(["--requirepass", "s3cret"]) as server:
            cli = InteractiveCli(server.port, ["-a", "s3cret", "--no-auth-warning"])
            try:
                self.assertEqual(cli.run("set k v"), "OK\n")
                self.assertEqual(cli.run("auth wrong"), "(error) WRONGPASS invalid "
                                 "username-password pair or user is disabled.\n")
                self.assertEqual(cli.run("get k"), '"v"\n')
            finally:
                cli.close()


BENCHMARK_TESTS = "ping_inline,ping_mbulk,set,get,incr,mset"
BENCHMARK_TITLES = ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", r"MSET \(10 keys\)"]


class RedisBenchmarkTest(unittest.TestCase):
    def run_benchmark(self, server, *extra, requests=10000):
        argv = ["redis-benchmark", "-p", str(server.port), "-t", BENCHMARK_TESTS,
                "-n", str(requests), "-q", *extra]
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        out = r.stdout.decode(errors="replace")
        self.assertEqual(r.returncode, 0, out)
        self.assertNotIn("rror", out)  # error / Error
        self.assertNotIn("WARNING", out)  # e.g. "Could not fetch server CONFIG"
        for title in BENCHMARK_TITLES:
            self.assertRegex(out, rf"(^|[\r\n]){title}: [0-9.]+ requests per second")
        return out

    def test_resp2_and_resp3(self):
        with ServerProcess() as server:
            self.run_benchmark(server)
            self.run_benchmark(server, "-3")
            self.run_benchmark(server, "-3", "-P", "16")

    def test_dbnum(self):
        with ServerProcess() as server:
            self.run_benchmark(server, "--dbnum", "3")
            self.assertEqual(cli_output(server.port, "-n", "3", "dbsize"), "2\n")
            self.assertEqual(cli_output(server.port, "dbsize"), "0\n")
            self.assertEqual(cli_output(server.port, "-n", "3", "get", "counter:__rand_int__"),
                             "10000\n")

    def test_password(self):
        with ServerProcess(["--requirepass", "s3cret"]) as server:
            self.run_benchmark(server, "-a", "s3cret")
            self.run_benchmark(server, "-a", "s3cret", "-3", "--dbnum", "2")
            # Without the password redis-benchmark stops at its CONFIG GET with NOAUTH.
            r = subprocess.run(["redis-benchmark", "-p", str(server.port), "-t", "ping_mbulk",
                                "-n", "100", "-q"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=60)
            self.assertIn(b"NOAUTH Authentication required.", r.stdout)


def cli_output(port, *args):
    r = subprocess.run(["redis-cli", "-p", str(port), *args], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=30, check=True)
    return r.stdout.decode()


if __name__ == "__main__":
    unittest.main(verbosity=2)
