"""Debian's python3-redis RedisCluster against a real 6-node slotcache cluster (3 primaries, 3
replicas, free ports): topology discovery through CLUSTER SLOTS, 10k SET/GET over every primary,
MSET/MGET with hash tags, mget_nonatomic/mset_nonatomic across slots, cluster pipelines,
CLUSTER KEYSLOT/COUNTKEYSINSLOT per slot, and read_from_replicas (READONLY on every connection).

Run with Debian's interpreter (the package lives in /usr/lib/python3/dist-packages):
    /usr/bin/python3 redis-tests/python/test_redis_cluster.py
The server binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server.
"""

import collections
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from redis.cluster import ClusterNode, RedisCluster  # noqa: E402
from redis.crc import key_slot  # noqa: E402
from redis.exceptions import (  # noqa: E402
    ClusterCrossSlotError, MovedError, RedisClusterException, ResponseError)

from local_cluster import PRIMARIES, LocalCluster  # noqa: E402


class ClusterTestCase(unittest.TestCase):
    """One cluster for the whole module; every test starts with an empty keyspace."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = LocalCluster().start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def client(self, **kwargs):
        nodes = [ClusterNode(h, p) for h, p in self.cluster.startup_nodes()]
        c = RedisCluster(startup_nodes=nodes, socket_timeout=10, **kwargs)
        self.addCleanup(c.close)
        return c

    def setUp(self):
        self.rc = self.client()
        self.rc.flushall(target_nodes=RedisCluster.PRIMARIES)

    def primary_of(self, key):
        return self.rc.nodes_manager.get_node_from_slot(key_slot(key.encode())).name


class TopologyTest(ClusterTestCase):
    def test_discovers_three_primaries_and_three_replicas(self):
        self.assertEqual(len(self.rc.get_primaries()), PRIMARIES)
        self.assertEqual(len(self.rc.get_replicas()), 3)
        ports = sorted(n.port for n in self.rc.get_nodes())
        self.assertEqual(ports, sorted(self.cluster.ports))

    def test_every_slot_covered(self):
        cache = self.rc.nodes_manager.slots_cache
        self.assertEqual(len(cache), 16384)
        for slot, nodes in cache.items():
            self.assertEqual(len(nodes), 2, f"slot {slot}: primary + one replica")


class SetGetTest(ClusterTestCase):
    def test_10k_set_get_over_every_primary(self):
        keys = [f"key:{i}" for i in range(10000)]
        for i, k in enumerate(keys):
            self.assertTrue(self.rc.set(k, f"value-{i}"))
        for i, k in enumerate(keys):
            self.assertEqual(self.rc.get(k), f"value-{i}".encode())
        per_primary = collections.Counter(self.primary_of(k) for k in keys)
        self.assertEqual(len(per_primary), PRIMARIES)
        # Balanced placement: each primary holds about a third of the keys.
        for name, count in per_primary.items():
            self.assertGreater(count, 2500, name)
        self.assertEqual(self.rc.dbsize(target_nodes=RedisCluster.PRIMARIES), 10000)
        for node in self.rc.get_primaries():
            self.assertEqual(self.rc.dbsize(target_nodes=node), per_primary[node.name])


class MultiKeyTest(ClusterTestCase):
    def test_mset_mget_with_hash_tags(self):
        mapping = {f"{{user1}}:{f}": f"u1-{f}" for f in "abcdef"}
        mapping.update({f"{{user2}}:{f}": f"u2-{f}" for f in "abcdef"})
        for tag in ("user1", "user2"):
            part = {k: v for k, v in mapping.items() if k.startswith(f"{{{tag}}}")}
            self.assertTrue(self.rc.mset(part))
            got = self.rc.mget(list(part))
            self.assertEqual(got, [v.encode() for v in part.values()])
        self.assertEqual(self.rc.mget(["{user1}:a", "{user1}:missing"]), [b"u1-a", None])
        self.assertEqual(self.rc.delete("{user1}:a", "{user1}:b"), 2)
        self.assertEqual(self.rc.exists("{user1}:a", "{user1}:c"), 1)

    def test_server_rejects_cross_slot_mset(self):
        # redis-py refuses a cross-slot MSET itself; send it to a node for the server's error.
        with self.assertRaises(RedisClusterException):
            self.rc.mset({"a": "1", "b": "2"})
        node = self.rc.get_primaries()[0]
        # redis-py maps the CROSSSLOT code to its exception class and keeps the rest as message.
        with self.assertRaises(ClusterCrossSlotError) as ctx:
            self.rc.execute_command("MSET", "a", "1", "b", "2", target_nodes=node)
        self.assertEqual(str(ctx.exception), "Keys in request don't hash to the same slot")

    def test_nonatomic_across_slots(self):
        mapping = {f"spread:{i}": str(i) for i in range(300)}
        slots = {key_slot(k.encode()) for k in mapping}
        self.assertGreater(len(slots), 250)
        self.assertTrue(all(self.rc.mset_nonatomic(mapping)))
        keys = list(mapping) + ["spread:missing"]
        got = self.rc.mget_nonatomic(keys)
        self.assertEqual(got, [v.encode() for v in mapping.values()] + [None])


class PipelineTest(ClusterTestCase):
    def test_cluster_pipeline(self):
        pipe = self.rc.pipeline()
        for i in range(500):
            pipe.set(f"p:{i}", i)
            pipe.incr(f"c:{i % 7}")
        for i in range(500):
            pipe.get(f"p:{i}")
        results = pipe.execute()
        self.assertEqual(results[:1000:2], [True] * 500)
        counters = results[1:1000:2]
        for i, v in enumerate(counters):
            self.assertEqual(v, i // 7 + 1)
        self.assertEqual(results[1000:], [str(i).encode() for i in range(500)])

    def test_pipeline_reports_errors_in_place(self):
        self.rc.set("text", "abc")
        pipe = self.rc.pipeline()
        pipe.set("n", 1)
        pipe.incr("text")
        pipe.get("n")
        results = pipe.execute(raise_on_error=False)
        self.assertEqual(results[0], True)
        self.assertIsInstance(results[1], ResponseError)
        self.assertIn("value is not an integer or out of range", str(results[1]))
        self.assertEqual(results[2], b"1")


class SlotCountTest(ClusterTestCase):
    def test_keyslot_matches_client_crc16(self):
        samples = ["", "a", "foo", "{user1}:a", "{}x", "{a}{b}", "a{b}c",
                   "\u00e9t\u00e9", "x" * 300]
        for key in samples:
            self.assertEqual(self.rc.cluster_keyslot(key), key_slot(key.encode()), repr(key))

    def test_countkeysinslot_matches_what_was_written(self):
        keys = [f"count:{i}" for i in range(2000)] + [f"{{hot}}:{i}" for i in range(50)]
        pipe = self.rc.pipeline()
        for k in keys:
            pipe.set(k, "v")
        pipe.execute()
        expected = collections.Counter(key_slot(k.encode()) for k in keys)
        self.assertGreaterEqual(expected[key_slot(b"hot")], 50)
        for slot, count in expected.items():
            self.assertEqual(self.rc.cluster_countkeysinslot(slot), count, f"slot {slot}")
        empty = [s for s in range(0, 16384, 97) if s not in expected]
        for slot in empty:
            self.assertEqual(self.rc.cluster_countkeysinslot(slot), 0, f"slot {slot}")
        hot = key_slot(b"hot")
        node = self.rc.nodes_manager.get_node_from_slot(hot)
        got = self.rc.execute_command("CLUSTER GETKEYSINSLOT", hot, 100, target_nodes=node)
        self.assertEqual(len(got), expected[hot])


class ReadFromReplicasTest(ClusterTestCase):
    """Replicas get no data until replication exists (a later issue), so this checks what is
    meaningful now: the client connects with READONLY on every connection, a replica answers reads
    for its primary's slots itself (an empty data set, no MOVED), and redirects writes."""

    def test_connect_and_read(self):
        rc = self.client(read_from_replicas=True)
        self.assertTrue(rc.ping(target_nodes=RedisCluster.ALL_NODES))
        self.assertTrue(rc.set("rr:key", "v"))
        # Round-robin over primary and replica: the primary has the value, the replica not yet.
        reads = {rc.get("rr:key") for _ in range(4)}
        self.assertLessEqual(reads, {b"v", None})
        print("\nread_from_replicas: replica reads return nil until replication lands "
              f"(issue 6); values seen: {sorted(reads, key=str)}", file=sys.stderr)

    def test_replica_connection_is_readonly(self):
        rc = self.client(read_from_replicas=True)
        slot = key_slot(b"rr:key")
        primary, replica = rc.nodes_manager.slots_cache[slot]
        conn = rc.get_redis_connection(replica)
        self.assertIsNone(conn.get("rr:key"))  # served by the replica: no MovedError
        with self.assertRaises(MovedError) as ctx:
            conn.set("rr:key", "v")
        self.assertEqual(str(ctx.exception), f"{slot} {primary.host}:{primary.port}")

    def test_replica_without_readonly_redirects_reads(self):
        slot = key_slot(b"rr:key")
        primary, replica = self.rc.nodes_manager.slots_cache[slot]
        conn = self.rc.get_redis_connection(replica)
        with self.assertRaises(MovedError) as ctx:
            conn.get("rr:key")
        self.assertEqual(str(ctx.exception), f"{slot} {primary.host}:{primary.port}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
