// ioredis 6 Cluster against a real 6-node slotcache cluster (3 primaries, 3 replicas, free ports):
// topology discovery (CLUSTER SLOTS, the CLUSTER INFO ready check), 10k SET/GET over every
// primary, MSET/MGET with hash tags, multi-slot MGET/MSET split by slot, pipelines, CLUSTER
// KEYSLOT/COUNTKEYSINSLOT per slot, and scaleReads: 'slave' (READONLY replica connections).
//
// Run from this directory after `npm ci`: `node --test test_ioredis_cluster.js`. The server
// binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server.
"use strict";

const assert = require("node:assert/strict");
const { after, before, beforeEach, describe, it } = require("node:test");

const { Cluster } = require("ioredis");
const calculateSlot = require("cluster-key-slot");
const { LocalCluster, PRIMARIES } = require("./local_cluster");

const TEST_OPTIONS = { timeout: 60000 };
const CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

let cluster;
const clients = [];

// A Cluster client that reports (instead of retrying forever) when it cannot connect.
async function connectCluster(options = {}) {
  const client = new Cluster(cluster.startupNodes(), {
    clusterRetryStrategy: () => null,
    slotsRefreshTimeout: 5000,
    redisOptions: { connectTimeout: 5000, commandTimeout: 10000 },
    lazyConnect: true,
    ...options,
  });
  clients.push(client);
  await client.connect();
  return client;
}

async function flushAll(client) {
  await Promise.all(client.nodes("master").map((node) => node.flushall()));
}

// "host:port" of one of the client's node connections, as in its slot map.
const nodeName = (node) => `${node.options.host}:${node.options.port}`;

// The node serving `slot` as a "host:port" string, from the client's slot map.
function primaryOf(client, slot) {
  return client.slots[slot][0];
}

// Records the name of every command the client sends through each of `nodes` (its per-node
// connections): where a command ran, including any MOVED it had to follow.
function recordCommands(nodes) {
  const sent = new Map(nodes.map((node) => [node, []]));
  for (const node of nodes) {
    const send = node.sendCommand.bind(node);
    node.sendCommand = (command, stream) => {
      sent.get(node).push(command.name);
      return send(command, stream);
    };
  }
  const count = (group, name) =>
    group.reduce((n, node) => n + sent.get(node).filter((c) => c === name).length, 0);
  return count;
}

before(async () => {
  cluster = await new LocalCluster().start();
});

after(async () => {
  for (const client of clients) client.disconnect();
  if (cluster) await cluster.cleanup();
});

describe("ioredis Cluster", () => {
  let rc;
  beforeEach(async () => {
    if (!rc) rc = await connectCluster();
    await flushAll(rc);
  });

  it("discovers 3 primaries and 3 replicas covering every slot", TEST_OPTIONS, async () => {
    assert.equal(rc.nodes("master").length, PRIMARIES);
    assert.equal(rc.nodes("slave").length, 3);
    assert.equal(rc.slots.length, 16384);
    for (let slot = 0; slot < 16384; slot++) assert.equal(rc.slots[slot].length, 2, `slot ${slot}`);
  });

  it("10k SET/GET over every primary", TEST_OPTIONS, async () => {
    const keys = Array.from({ length: 10000 }, (_, i) => `key:${i}`);
    for (let i = 0; i < keys.length; i++) assert.equal(await rc.set(keys[i], `value-${i}`), "OK");
    for (let i = 0; i < keys.length; i++) assert.equal(await rc.get(keys[i]), `value-${i}`);
    const perPrimary = new Map();
    for (const key of keys) {
      const node = primaryOf(rc, calculateSlot(key));
      perPrimary.set(node, (perPrimary.get(node) || 0) + 1);
    }
    assert.equal(perPrimary.size, PRIMARIES);
    for (const node of rc.nodes("master")) {
      const name = nodeName(node);
      assert.ok(perPrimary.get(name) > 2500, `${name} holds about a third of the keys`);
      assert.equal(await node.dbsize(), perPrimary.get(name), name);
    }
  });

  it("MSET/MGET with hash tags", TEST_OPTIONS, async () => {
    for (const tag of ["user1", "user2"]) {
      const fields = ["a", "b", "c", "d"];
      assert.equal(await rc.mset(...fields.flatMap((f) => [`{${tag}}:${f}`, `${tag}-${f}`])), "OK");
      const got = await rc.mget(...fields.map((f) => `{${tag}}:${f}`), `{${tag}}:missing`);
      assert.deepEqual(got, [...fields.map((f) => `${tag}-${f}`), null]);
    }
    assert.equal(await rc.del("{user1}:a", "{user1}:b"), 2);
    assert.equal(await rc.exists("{user1}:a", "{user1}:c"), 1);
  });

  it("cross-slot MSET gets the server's CROSSSLOT error", TEST_OPTIONS, async () => {
    // ioredis routes a multi-key command by its first key; the server rejects the other slot.
    await assert.rejects(rc.mset("a", "1", "b", "2"), { message: CROSSSLOT });
  });

  it("multi-slot MGET/MSET split by slot (non-atomic)", TEST_OPTIONS, async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `spread:${i}`);
    const bySlot = new Map();
    for (const key of keys) {
      const slot = calculateSlot(key);
      bySlot.set(slot, [...(bySlot.get(slot) || []), key]);
    }
    assert.ok(bySlot.size > 250);
    await Promise.all([...bySlot.values()].map((ks) => rc.mset(...ks.flatMap((k) => [k, k]))));
    const values = new Map();
    await Promise.all(
      [...bySlot.values()].map(async (ks) => {
        (await rc.mget(...ks)).forEach((v, i) => values.set(ks[i], v));
      }),
    );
    for (const key of keys) assert.equal(values.get(key), key);
  });

  it("pipelines on one slot and on one node's slots", TEST_OPTIONS, async () => {
    const pipe = rc.pipeline();
    for (let i = 0; i < 200; i++) pipe.set(`{pipe}:${i}`, i).incr("{pipe}:counter");
    for (let i = 0; i < 200; i++) pipe.get(`{pipe}:${i}`);
    const results = await pipe.exec();
    for (let i = 0; i < 200; i++) {
      assert.deepEqual(results[2 * i], [null, "OK"]);
      assert.deepEqual(results[2 * i + 1], [null, i + 1]);
      assert.deepEqual(results[400 + i], [null, String(i)]);
    }
    // Keys in different slots served by the same primary may share a pipeline.
    const node = primaryOf(rc, calculateSlot("{pipe}:0"));
    const sameNode = Array.from({ length: 2000 }, (_, i) => `n:${i}`)
      .filter((k) => primaryOf(rc, calculateSlot(k)) === node)
      .slice(0, 100);
    const setAll = rc.pipeline();
    for (const k of sameNode) setAll.set(k, `v-${k}`).get(k);
    for (const [i, [err, value]] of (await setAll.exec()).entries()) {
      assert.equal(err, null);
      assert.equal(value, i % 2 ? `v-${sameNode[(i - 1) / 2]}` : "OK");
    }
  });

  it("errors inside a pipeline stay in place", TEST_OPTIONS, async () => {
    await rc.set("{e}:text", "abc");
    const results = await rc.pipeline().set("{e}:n", 1).incr("{e}:text").get("{e}:n").exec();
    assert.deepEqual(results[0], [null, "OK"]);
    assert.equal(results[1][0].message, "ERR value is not an integer or out of range");
    assert.deepEqual(results[2], [null, "1"]);
  });

  it("CLUSTER KEYSLOT matches the client, COUNTKEYSINSLOT the writes", TEST_OPTIONS, async () => {
    const samples = ["", "a", "foo", "{user1}:a", "{}x", "{a}{b}", "a{b}c", "été",
      "x".repeat(300)];
    for (const key of samples) {
      assert.equal(await rc.cluster("KEYSLOT", key), calculateSlot(key), JSON.stringify(key));
    }
    const keys = [
      ...Array.from({ length: 1000 }, (_, i) => `count:${i}`),
      ...Array.from({ length: 40 }, (_, i) => `{hot}:${i}`),
    ];
    const expected = new Map();
    for (const key of keys) {
      const slot = calculateSlot(key);
      expected.set(slot, (expected.get(slot) || 0) + 1);
    }
    await Promise.all(keys.map((k) => rc.set(k, "v")));
    // COUNTKEYSINSLOT carries no key: ask the primary serving the slot directly.
    const byName = new Map(rc.nodes("master").map((n) => [nodeName(n), n]));
    const count = (slot) => byName.get(primaryOf(rc, slot)).cluster("COUNTKEYSINSLOT", slot);
    for (const [slot, n] of expected) assert.equal(await count(slot), n, `slot ${slot}`);
    for (let slot = 0; slot < 16384; slot += 97) {
      if (!expected.has(slot)) assert.equal(await count(slot), 0, `slot ${slot}`);
    }
    assert.ok(expected.get(calculateSlot("hot")) >= 40);
  });
});

// ioredis opens READONLY connections to the replicas; reads go to them and are served there with
// the primary's data once replication delivered it (no MOVED back to the primary); writes go to
// primaries.
describe("ioredis Cluster with scaleReads: 'slave'", () => {
  it("connects with READONLY replica connections that serve the reads", TEST_OPTIONS, async () => {
    const rc = await connectCluster({ scaleReads: "slave" });
    await flushAll(rc);
    const replicas = rc.nodes("slave");
    const primaries = rc.nodes("master");
    assert.equal(replicas.length, 3);
    for (const replica of replicas) assert.equal(replica.options.readOnly, true);
    const count = recordCommands([...replicas, ...primaries]);
    assert.equal(await rc.set("scale:key", "v"), "OK");
    // Replication is asynchronous: the replica has the value within moments of the write.
    let polls = 0;
    while ((await rc.get("scale:key")) !== "v" && polls < 100) {
      polls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let i = 0; i < 10; i++) assert.equal(await rc.get("scale:key"), "v");
    // A replica without READONLY would answer MOVED and the GET would be re-sent to the primary.
    assert.equal(count(replicas, "get"), polls + 11, "reads ran on replicas");
    assert.equal(count(primaries, "get"), 0, "no read was redirected to a primary");
    assert.equal(count(primaries, "set"), 1, "the write ran on the primary");
    assert.equal(count(replicas, "set"), 0, "no write ran on a replica");
  });

  it("a replica connection redirects writes to its primary", TEST_OPTIONS, async () => {
    const rc = await connectCluster({ scaleReads: "slave" });
    const slot = calculateSlot("scale:key");
    const [primary, replicaName] = rc.slots[slot];
    const replica = rc.nodes("slave").find((n) => nodeName(n) === replicaName);
    const value = await replica.get("scale:key");
    assert.ok(value === null || value === "v", `unexpected ${value}`);
    await assert.rejects(replica.set("scale:key", "v"), { message: `MOVED ${slot} ${primary}` });
  });
});
