"""Debian's python3-redis (redis-py) against slotcache-server: plain commands, binary values,
scan_iter, pipelines with and without MULTI/EXEC, WATCH-based optimistic locking with a concurrent
writer, the mapping of error replies to exceptions, AUTH, SELECT, and RESP3 where redis-py has it.

Run with Debian's interpreter (the package lives in /usr/lib/python3/dist-packages):
    /usr/bin/python3 redis-tests/python/test_redis_py.py
The server binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server; pointing it at a real
redis-server checks the tests themselves.
"""

import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import redis  # noqa: E402
from redis.exceptions import (  # noqa: E402
    AuthenticationError, DataError, ExecAbortError, ResponseError, WatchError)

from server_process import ServerProcess  # noqa: E402

# Every byte value, plus the separators a RESP parser could trip over.
BINARY_VALUE = bytes(range(256)) + b"\r\n\0\r\n$-1\r\n*2\r\n"


def version_tuple(text):
    return tuple(int(part) for part in text.split(".")[:2] if part.isdigit())


REDIS_PY_HAS_RESP3 = version_tuple(redis.__version__) >= (5, 0)


class ServerTestCase(unittest.TestCase):
    """One server per test class; every test starts with an empty keyspace."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess(cls.server_args).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, **kwargs):
        c = redis.Redis(host="127.0.0.1", port=self.server.port, socket_timeout=10, **kwargs)
        self.addCleanup(c.close)
        return c

    def setUp(self):
        self.r = self.client()
        self.r.flushall()


class BasicCommandsTest(ServerTestCase):
    def test_ping_echo(self):
        self.assertTrue(self.r.ping())
        self.assertEqual(self.r.echo("hi"), b"hi")

    def test_set_get(self):
        self.assertTrue(self.r.set("k", "v"))
        self.assertEqual(self.r.get("k"), b"v")
        self.assertIsNone(self.r.get("missing"))
        self.assertIsNone(self.r.set("k", "w", nx=True))
        self.assertEqual(self.r.set("k", "w", get=True), b"v")
        self.assertTrue(self.r.set("k2", "x", xx=False, px=100000, keepttl=False))
        self.assertEqual(self.r.getdel("k2"), b"x")
        self.assertEqual(self.r.exists("k", "k2"), 1)

    def test_decode_responses(self):
        r = self.client(decode_responses=True)
        r.set("grüße", "wörld")
        self.assertEqual(r.get("grüße"), "wörld")
        self.assertEqual(r.strlen("grüße"), len("wörld".encode()))

    def test_incr_family(self):
        self.assertEqual(self.r.incr("n"), 1)
        self.assertEqual(self.r.incr("n", 41), 42)
        self.assertEqual(self.r.decr("n", 2), 40)
        self.assertEqual(self.r.incrbyfloat("n", 0.5), 40.5)
        self.assertEqual(self.r.get("n"), b"40.5")
        self.r.set("big", 2**63 - 1)
        with self.assertRaises(ResponseError) as e:
            self.r.incr("big")
        self.assertEqual(str(e.exception), "increment or decrement would overflow")

    def test_expire_ttl(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.ttl("k"), -1)
        self.assertTrue(self.r.expire("k", 100))
        self.assertTrue(90 <= self.r.ttl("k") <= 100)
        self.assertTrue(90000 <= self.r.pttl("k") <= 100000)
        self.assertTrue(self.r.persist("k"))
        self.assertEqual(self.r.ttl("k"), -1)
        self.assertEqual(self.r.ttl("missing"), -2)
        self.assertFalse(self.r.expire("missing", 10))
        self.r.setex("short", 1, "v")
        self.assertTrue(self.r.pexpire("short", 1))
        # An expired key is gone for the next reader; poll briefly instead of sleeping blindly.
        for _ in range(200):
            if self.r.get("short") is None:
                break
            threading.Event().wait(0.01)
        self.assertIsNone(self.r.get("short"))

    def test_mget_mset(self):
        self.assertTrue(self.r.mset({"a": "1", "b": "2", "c": b"\0"}))
        self.assertEqual(self.r.mget("a", "missing", "b", "c"), [b"1", None, b"2", b"\0"])
        self.assertEqual(self.r.mget(["a", "b"]), [b"1", b"2"])
        self.assertFalse(self.r.msetnx({"a": "x", "new": "y"}))
        self.assertTrue(self.r.msetnx({"new": "y", "new2": "z"}))
        self.assertEqual(self.r.dbsize(), 5)

    def test_binary_values(self):
        self.r.set(b"bin\0key\r\n", BINARY_VALUE)
        self.assertEqual(self.r.get(b"bin\0key\r\n"), BINARY_VALUE)
        self.assertEqual(self.r.strlen(b"bin\0key\r\n"), len(BINARY_VALUE))
        self.assertEqual(self.r.append(b"bin\0key\r\n", b"\xff\0"), len(BINARY_VALUE) + 2)
        self.assertEqual(self.r.getrange(b"bin\0key\r\n", 0, 2), b"\0\x01\x02")
        self.r.setrange(b"bin\0key\r\n", 1, b"\r\n")
        self.assertEqual(self.r.getrange(b"bin\0key\r\n", 0, 3), b"\0\r\n\x03")
        big = os.urandom(1 << 20)
        self.r.set("big", big)
        self.assertEqual(self.r.get("big"), big)

    def test_keyspace_commands(self):
        self.r.mset({"k1": "a", "k2": "b"})
        self.assertEqual(self.r.type("k1"), b"string")
        self.assertEqual(sorted(self.r.keys("k*")), [b"k1", b"k2"])
        self.assertTrue(self.r.rename("k1", "k3"))
        self.assertEqual(self.r.delete("k2", "k3", "missing"), 2)
        self.assertEqual(self.r.dbsize(), 0)

    def test_select_db(self):
        db3 = self.client(db=3)
        db3.set("k", "in-3")
        self.assertIsNone(self.r.get("k"))
        self.assertEqual(db3.get("k"), b"in-3")
        self.assertTrue(self.r.move("missing", 3) is False)
        self.assertTrue(self.r.swapdb(0, 3))
        self.assertEqual(self.r.get("k"), b"in-3")

    def test_client_and_server_commands(self):
        self.assertTrue(self.r.client_setname("py-test"))
        self.assertEqual(self.r.client_getname(), "py-test")
        self.assertIsInstance(self.r.client_id(), int)
        names = [c["name"] for c in self.r.client_list()]
        self.assertIn("py-test", names)
        info = self.r.info()
        self.assertIn("redis_version", info)
        self.assertIn("connected_clients", self.r.info("clients"))
        self.assertEqual(self.r.config_get("maxclients"), {"maxclients": "10000"})
        seconds, micros = self.r.time()
        self.assertGreater(seconds, 1600000000)
        self.assertTrue(0 <= micros < 1000000)


class ScanIterTest(ServerTestCase):
    def test_scan_iter_all_keys_once(self):
        keys = {f"key:{i}".encode() for i in range(2000)}
        with self.r.pipeline(transaction=False) as p:
            for k in keys:
                p.set(k, "v")
            p.execute()
        self.r.set("other", "v")
        seen = list(self.r.scan_iter(match="key:*", count=100))
        self.assertEqual(len(seen), len(set(seen)))  # no rehashing here, so no duplicates
        self.assertEqual(set(seen), keys)
        self.assertEqual(set(self.r.scan_iter()), keys | {b"other"})
        self.assertEqual(list(self.r.scan_iter(match="nothing*")), [])
        self.assertEqual(set(self.r.scan_iter(_type="string", count=1000)), keys | {b"other"})

    def test_scan_cursor_protocol(self):
        self.r.mset({"a": 1, "b": 2, "c": 3})
        cursor, collected = 0, []
        while True:
            cursor, batch = self.r.scan(cursor, count=1)
            collected += batch
            if cursor == 0:
                break
        self.assertEqual(sorted(collected), [b"a", b"b", b"c"])


class PipelineTest(ServerTestCase):
    def test_pipeline_without_transaction(self):
        p = self.r.pipeline(transaction=False)
        p.set("a", 1).incr("a").get("a").mget("a", "b").delete("a")
        self.assertEqual(p.execute(), [True, 2, b"2", [b"2", None], 1])

    def test_pipeline_many_commands(self):
        with self.r.pipeline(transaction=False) as p:
            for i in range(10000):
                p.incr("counter")
            results = p.execute()
        self.assertEqual(results, list(range(1, 10001)))

    def test_pipeline_error_in_the_middle(self):
        self.r.set("s", "abc")
        p = self.r.pipeline(transaction=False)
        p.set("a", 1).incr("s").incr("a")
        results = p.execute(raise_on_error=False)
        self.assertEqual(results[0], True)
        self.assertIsInstance(results[1], ResponseError)
        self.assertEqual(str(results[1]), "value is not an integer or out of range")
        self.assertEqual(results[2], 2)
        p.set("a", 1).incr("s")
        with self.assertRaises(ResponseError):
            p.execute()

    def test_transaction(self):
        p = self.r.pipeline(transaction=True)
        p.set("a", 1).incr("a").get("a").expire("a", 100).ttl("a")
        self.assertEqual(p.execute(), [True, 2, b"2", True, 100])

    def test_transaction_runtime_error_does_not_abort(self):
        self.r.set("s", "abc")
        p = self.r.pipeline(transaction=True)
        p.set("a", 1).incr("s").incr("a")
        results = p.execute(raise_on_error=False)
        self.assertEqual(results[0], True)
        self.assertIsInstance(results[1], ResponseError)
        self.assertEqual(results[2], 2)
        self.assertEqual(self.r.get("a"), b"2")

    def test_transaction_queue_error_aborts(self):
        p = self.r.pipeline(transaction=True)
        p.set("a", 1)
        p.execute_command("GET")  # wrong arity: rejected while queueing, so EXEC aborts
        p.set("b", 2)
        with self.assertRaises(ResponseError) as e:
            p.execute()
        self.assertIn("wrong number of arguments for 'get' command", str(e.exception))
        self.assertEqual(self.r.exists("a", "b"), 0)

    def test_exec_abort_raw(self):
        # The same flow by hand on one connection, to see EXECABORT map to ExecAbortError.
        conn = self.r.connection_pool.get_connection("MULTI")
        try:
            conn.send_command("MULTI")
            self.assertEqual(conn.read_response(), b"OK")
            conn.send_command("NOSUCHCOMMAND")
            with self.assertRaises(ResponseError):
                conn.read_response()
            conn.send_command("EXEC")
            with self.assertRaises(ExecAbortError) as e:
                conn.read_response()
            self.assertEqual(str(e.exception),
                             "Transaction discarded because of previous errors.")
        finally:
            self.r.connection_pool.release(conn)


class WatchTest(ServerTestCase):
    def test_watch_abort_on_concurrent_write(self):
        self.r.set("balance", 100)
        writer = self.client()
        with self.r.pipeline() as p:
            p.watch("balance")
            current = int(p.get("balance"))
            writer.set("balance", 0)  # another connection changes the watched key
            p.multi()
            p.set("balance", current - 10)
            with self.assertRaises(WatchError):
                p.execute()
        self.assertEqual(self.r.get("balance"), b"0")

    def test_watch_without_conflict_commits(self):
        self.r.set("balance", 100)
        with self.r.pipeline() as p:
            p.watch("balance")
            current = int(p.get("balance"))
            p.multi()
            p.set("balance", current - 10)
            self.assertEqual(p.execute(), [True])
        self.assertEqual(self.r.get("balance"), b"90")

    def test_transaction_helper_retries(self):
        self.r.set("k", 1)
        writer = self.client()
        attempts = []

        def update(pipe):
            value = int(pipe.get("k"))
            attempts.append(value)
            if len(attempts) == 1:
                writer.incr("k")  # a concurrent write during the first attempt only
            pipe.multi()
            pipe.set("k", value * 10)

        self.r.transaction(update, "k")
        self.assertEqual(attempts, [1, 2])
        self.assertEqual(self.r.get("k"), b"20")

    def test_optimistic_increments_from_many_threads(self):
        self.r.set("counter", 0)
        threads_count, per_thread = 4, 100
        errors = []

        def worker():
            c = redis.Redis(host="127.0.0.1", port=self.server.port, socket_timeout=10)
            try:
                for _ in range(per_thread):
                    c.transaction(
                        lambda pipe: (lambda v: (pipe.multi(), pipe.set("counter", v + 1)))(
                            int(pipe.get("counter"))), "counter")
            except Exception as e:  # reported below; a thread cannot fail the test itself
                errors.append(e)
            finally:
                c.close()

        threads = [threading.Thread(target=worker) for _ in range(threads_count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(int(self.r.get("counter")), threads_count * per_thread)

    def test_unwatch_and_flush_touch_watched_keys(self):
        self.r.set("k", 1)
        other = self.client()
        with self.r.pipeline() as p:
            p.watch("k")
            p.unwatch()
            other.set("k", 2)
            p.multi()
            p.set("k", 3)
            self.assertEqual(p.execute(), [True])
        with self.r.pipeline() as p:
            p.watch("k")
            other.flushdb()
            p.multi()
            p.set("k", 4)
            with self.assertRaises(WatchError):
                p.execute()


class ErrorMappingTest(ServerTestCase):
    def assertError(self, exc_class, text, fn, *args, **kwargs):
        with self.assertRaises(exc_class) as e:
            fn(*args, **kwargs)
        self.assertEqual(str(e.exception), text)

    def test_response_error_texts(self):
        r = self.r
        r.set("s", "abc")
        self.assertError(ResponseError, "value is not an integer or out of range", r.incr, "s")
        self.assertError(ResponseError, "value is not a valid float", r.incrbyfloat, "s", 1)
        self.assertError(ResponseError, "wrong number of arguments for 'get' command",
                         r.execute_command, "GET")
        self.assertError(ResponseError, "syntax error", r.execute_command, "SET", "k", "v", "XX",
                         "NX")
        self.assertError(ResponseError, "invalid expire time in 'set' command", r.set, "k", "v",
                         ex=0)
        self.assertError(ResponseError, "invalid expire time in 'setex' command", r.setex, "k",
                         -1, "v")
        self.assertError(ResponseError, "DB index is out of range", r.execute_command, "SELECT",
                         99)
        self.assertError(ResponseError, "no such key", r.rename, "missing", "x")
        self.assertError(
            ResponseError,
            "unknown command 'NOSUCH', with args beginning with: 'a' 'b' ",
            r.execute_command, "NOSUCH", "a", "b")
        self.assertError(ResponseError, "EXEC without MULTI", r.execute_command, "EXEC")

    def test_data_error_is_client_side(self):
        with self.assertRaises(DataError):
            self.r.set("k", {"not": "encodable"})

    def test_connection_survives_errors(self):
        for _ in range(3):
            with self.assertRaises(ResponseError):
                self.r.execute_command("NOSUCH")
        self.assertTrue(self.r.ping())


class AuthTest(ServerTestCase):
    server_args = ("--requirepass", "s3cret")

    def setUp(self):
        self.r = self.client(password="s3cret")
        self.r.flushall()

    def test_authenticated_client_works(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.get("k"), b"v")

    def test_missing_password(self):
        r = self.client()
        with self.assertRaises(AuthenticationError) as e:
            r.get("k")
        self.assertEqual(str(e.exception), "Authentication required.")

    def test_wrong_password(self):
        # redis-py 4.3.4 has no class for WRONGPASS: it stays a ResponseError with the prefix.
        r = self.client(password="wrong")
        with self.assertRaises(ResponseError) as e:
            r.ping()
        self.assertEqual(str(e.exception),
                         "WRONGPASS invalid username-password pair or user is disabled.")

    def test_default_user_with_username(self):
        r = self.client(username="default", password="s3cret")
        self.assertTrue(r.ping())


class Resp3Test(ServerTestCase):
    def setUp(self):
        if not REDIS_PY_HAS_RESP3:
            reason = (f"redis-py {redis.__version__} has no RESP3 support "
                      "(the protocol= option arrived in 5.0)")
            print(f"\nskipping RESP3 tests: {reason}", file=sys.stderr)
            self.skipTest(reason)
        self.r = self.client(protocol=3)
        self.r.flushall()

    def test_resp3_commands(self):
        self.r.set("k", "v")
        self.assertEqual(self.r.get("k"), b"v")
        self.assertIsNone(self.r.get("missing"))
        self.assertEqual(self.r.incrbyfloat("f", 1.5), 1.5)
        self.assertEqual(self.r.mget("k", "missing"), [b"v", None])
        self.assertIsInstance(self.r.config_get("maxclients"), dict)
        p = self.r.pipeline(transaction=True)
        p.set("a", 1).incr("a")
        self.assertEqual(p.execute(), [True, 2])


if __name__ == "__main__":
    unittest.main(verbosity=2)
