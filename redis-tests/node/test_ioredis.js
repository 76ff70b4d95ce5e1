// ioredis 6 against slotcache-server: the RESP3 handshake (HELLO 3, CLIENT SETINFO, the INFO
// ready check), plain commands, binary Buffers, pipelines, MULTI/EXEC, WATCH, error replies,
// AUTH and SELECT through the connection options, and the RESP2 fallback option.
//
// Run from this directory after `npm ci`: `node --test test_ioredis.js`. The server binary is
// $SLOTCACHE_SERVER_BIN, else build/slotcache-server; a real redis-server checks the tests.
"use strict";

const assert = require("node:assert/strict");
const net = require("node:net");
const path = require("node:path");
const { after, before, describe, it } = require("node:test");

const Redis = require("ioredis");
const { ReplyError } = require("ioredis");
const { ServerProcess, serverBinary } = require("./server_process");

// Every byte value, plus the separators a RESP parser could trip over.
const BINARY_VALUE = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from("\r\n\0\r\n$-1\r\n*2\r\n_\r\n", "latin1"),
]);

const TEST_OPTIONS = { timeout: 30000 };

const isRealRedis = () => path.basename(serverBinary()).startsWith("redis-server");

// A client that reports (instead of retrying forever) when it cannot connect.
function connect(port, options = {}) {
  return new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
    commandTimeout: 10000,
    ...options,
  });
}

async function connected(port, options = {}) {
  const client = connect(port, options);
  await client.connect();
  return client;
}

// The INFO text as ioredis returns it (a string for bulk and verbatim replies), as fields.
function parseInfo(text) {
  const fields = {};
  for (const line of String(text).split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0 && !line.startsWith("#")) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

async function errorReplies(client) {
  return Number(parseInfo(await client.info("stats")).total_error_replies);
}

// A TCP relay that records what the client sends, to see the handshake on the wire.
async function startRecordingProxy(targetPort) {
  const sent = [];
  const sockets = new Set();
  const proxy = net.createServer((downstream) => {
    const upstream = net.connect({ port: targetPort, host: "127.0.0.1" });
    sockets.add(downstream).add(upstream);
    downstream.on("data", (chunk) => {
      sent.push(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => downstream.write(chunk));
    downstream.on("close", () => upstream.destroy());
    upstream.on("close", () => downstream.destroy());
    downstream.on("error", () => upstream.destroy());
    upstream.on("error", () => downstream.destroy());
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    port: proxy.address().port,
    sentText: () => Buffer.concat(sent).toString("latin1"),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.close(resolve);
      }),
  };
}

describe("ioredis against slotcache", { timeout: 120000 }, () => {
  const server = new ServerProcess();
  let r;

  before(async () => {
    await server.start();
    r = await connected(server.port);
  });

  after(async () => {
    if (r) r.disconnect();
    await server.cleanup();
  });

  it("connects with HELLO 3, passes the INFO ready check, gets no error replies", TEST_OPTIONS,
     async () => {
    const errorsBefore = await errorReplies(r);
    const proxy = await startRecordingProxy(server.port);
    const client = connect(proxy.port, { connectionName: "node-test" });
    try {
      const ready = new Promise((resolve) => client.once("ready", resolve));
      await client.connect();
      await ready;
      assert.equal(client.status, "ready");
      const sent = proxy.sentText();
      const hello3 = "*2\r\n$5\r\nhello\r\n$1\r\n3\r\n";
      assert.ok(sent.startsWith(hello3), JSON.stringify(sent.slice(0, 80)));
      assert.match(sent, /\r\n\$4\r\ninfo\r\n/);
      assert.match(sent, /\$7\r\nsetname\r\n\$9\r\nnode-test\r\n/);
      const info = await client.client("INFO");
      assert.match(String(info), / resp=3\s/);
      assert.match(String(info), / name=node-test /);
      // Redis 7.0 has no CLIENT SETINFO (7.2+): its two errors, ignored by ioredis, are expected
      // only when these tests run against a real redis-server 7.0.
      const expectedErrors = isRealRedis() ? 2 : 0;
      assert.equal(await errorReplies(client) - errorsBefore, expectedErrors,
                   "error replies during the handshake");
    } finally {
      client.disconnect();
      await proxy.close();
    }
  });

  it("hello reports protocol 3", TEST_OPTIONS, async () => {
    const hello = await r.hello();
    // The legacy reply mapping flattens the RESP3 map into [key, value, ...].
    const fields = Object.fromEntries(
      Array.from({ length: hello.length / 2 }, (_, i) => [String(hello[2 * i]), hello[2 * i + 1]]),
    );
    assert.equal(fields.proto, 3);
    assert.equal(fields.mode, "standalone");
    assert.equal(fields.role, "master");
  });

  it("runs string commands", TEST_OPTIONS, async () => {
    await r.flushdb();
    assert.equal(await r.set("k", "v"), "OK");
    assert.equal(await r.get("k"), "v");
    assert.equal(await r.get("missing"), null);
    assert.equal(await r.set("k", "w", "NX"), null);
    assert.equal(await r.set("k", "w", "GET"), "v");
    assert.equal(await r.incr("n"), 1);
    assert.equal(await r.incrby("n", 41), 42);
    assert.equal(await r.decr("n"), 41);
    assert.equal(await r.incrbyfloat("f", "1.5"), "1.5");
    assert.equal(await r.mset("a", "1", "b", "2"), "OK");
    assert.deepEqual(await r.mget("a", "missing", "b"), ["1", null, "2"]);
    assert.equal(await r.msetnx({ a: "x", c: "3" }), 0);
    assert.equal(await r.append("a", "23"), 3);
    assert.equal(await r.strlen("a"), 3);
    assert.equal(await r.expire("a", 100), 1);
    const ttl = await r.ttl("a");
    assert.ok(ttl > 90 && ttl <= 100, String(ttl));
    assert.equal(await r.ttl("missing"), -2);
    assert.equal(await r.exists("a", "b", "missing"), 2);
    assert.equal(await r.type("a"), "string");
    assert.equal(await r.del("a", "b"), 2);
    assert.deepEqual((await r.keys("*")).sort(), ["f", "k", "n"]);
    assert.equal(await r.dbsize(), 3);
  });

  it("round-trips binary Buffers", TEST_OPTIONS, async () => {
    const key = Buffer.from("bin\0key\r\n", "latin1");
    assert.equal(await r.set(key, BINARY_VALUE), "OK");
    assert.deepEqual(await r.getBuffer(key), BINARY_VALUE);
    assert.equal(await r.strlen(key), BINARY_VALUE.length);
    assert.deepEqual(await r.mgetBuffer(key, "missing"), [BINARY_VALUE, null]);
    assert.deepEqual(await r.getrangeBuffer(key, 0, 2), Buffer.from([0, 1, 2]));
    const big = Buffer.alloc(1 << 20, 0xab);
    await r.set("big", big);
    assert.deepEqual(await r.getBuffer("big"), big);
  });

  it("pipelines commands and reports per-command errors", TEST_OPTIONS, async () => {
    await r.flushdb();
    const results = await r
      .pipeline()
      .set("p", "1")
      .incr("p")
      .get("p")
      .set("s", "abc")
      .incr("s")
      .mget("p", "s")
      .exec();
    assert.deepEqual(results.slice(0, 4), [[null, "OK"], [null, 2], [null, "2"], [null, "OK"]]);
    assert.ok(results[4][0] instanceof ReplyError);
    assert.equal(results[4][0].message, "ERR value is not an integer or out of range");
    assert.deepEqual(results[5], [null, ["2", "abc"]]);
  });

  it("sends a deep pipeline", TEST_OPTIONS, async () => {
    await r.del("counter");
    const pipeline = r.pipeline();
    for (let i = 0; i < 20000; i++) pipeline.incr("counter");
    const results = await pipeline.exec();
    assert.equal(results.length, 20000);
    assert.deepEqual(results[19999], [null, 20000]);
  });

  it("auto-pipelines concurrent commands", TEST_OPTIONS, async () => {
    const client = await connected(server.port, { enableAutoPipelining: true });
    try {
      const replies = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => client.set(`auto:${i}`, String(i))),
      );
      assert.ok(replies.every((reply) => reply === "OK"));
      assert.equal(await client.get("auto:999"), "999");
    } finally {
      client.disconnect();
    }
  });

  it("runs MULTI/EXEC transactions", TEST_OPTIONS, async () => {
    await r.flushdb();
    const results = await r.multi().set("t", "1").incr("t").get("t").exec();
    assert.deepEqual(results, [[null, "OK"], [null, 2], [null, "2"]]);
    // A runtime error inside EXEC does not abort the others.
    await r.set("s", "abc");
    const mixed = await r.multi().incr("s").incr("t").exec();
    assert.ok(mixed[0][0] instanceof ReplyError);
    assert.deepEqual(mixed[1], [null, 3]);
  });

  it("rejects EXEC after a queueing error with EXECABORT", TEST_OPTIONS, async () => {
    await r.del("t2");
    const transaction = r.multi().set("t2", "1").call("get").set("t2", "2");
    await assert.rejects(transaction.exec(), (err) => {
      assert.equal(err.message, "EXECABORT Transaction discarded because of previous errors.");
      assert.equal(err.previousErrors.length, 1);
      assert.equal(err.previousErrors[0].message,
                   "ERR wrong number of arguments for 'get' command");
      return true;
    });
    assert.equal(await r.exists("t2"), 0);
  });

  it("aborts a watched transaction after a concurrent write", TEST_OPTIONS, async () => {
    const watcher = await connected(server.port);
    try {
      await r.set("balance", "100");
      assert.equal(await watcher.watch("balance"), "OK");
      const current = Number(await watcher.get("balance"));
      await r.set("balance", "0");
      assert.equal(await watcher.multi().set("balance", String(current - 10)).exec(), null);
      assert.equal(await r.get("balance"), "0");
      // Without a conflicting write the same flow commits.
      await watcher.watch("balance");
      assert.deepEqual(await watcher.multi().set("balance", "5").exec(), [[null, "OK"]]);
      assert.equal(await r.get("balance"), "5");
    } finally {
      watcher.disconnect();
    }
  });

  it("maps error replies", TEST_OPTIONS, async () => {
    await r.set("s", "abc");
    const cases = [
      [() => r.incr("s"), "ERR value is not an integer or out of range"],
      [() => r.call("get"), "ERR wrong number of arguments for 'get' command"],
      [() => r.call("nosuch", "a"), "ERR unknown command 'nosuch', with args beginning with: 'a' "],
      [() => r.set("k", "v", "EX", 0), "ERR invalid expire time in 'set' command"],
      [() => r.select(99), "ERR DB index is out of range"],
      [() => r.call("exec"), "ERR EXEC without MULTI"],
      [() => r.call("hello", "4"), "NOPROTO unsupported protocol version"],
    ];
    for (const [run, message] of cases) {
      await assert.rejects(run(), (err) => {
        assert.ok(err instanceof ReplyError, String(err));
        assert.equal(err.message, message);
        return true;
      });
    }
    assert.equal(await r.ping(), "PONG");
  });

  it("iterates keys with scanStream", TEST_OPTIONS, async () => {
    await r.flushdb();
    const pipeline = r.pipeline();
    for (let i = 0; i < 1500; i++) pipeline.set(`scan:${i}`, "v");
    pipeline.set("other", "v");
    await pipeline.exec();
    const seen = new Set();
    for await (const batch of r.scanStream({ match: "scan:*", count: 100 })) {
      for (const key of batch) seen.add(key);
    }
    assert.equal(seen.size, 1500);
    assert.ok(!seen.has("other"));
  });

  it("selects a database through the db option", TEST_OPTIONS, async () => {
    const db3 = await connected(server.port, { db: 3 });
    try {
      await db3.set("only-in-3", "yes");
      assert.equal(await r.get("only-in-3"), null);
      assert.equal(await db3.get("only-in-3"), "yes");
    } finally {
      db3.disconnect();
    }
  });

  it("speaks RESP2 when asked with protocol: 2", TEST_OPTIONS, async () => {
    const client = await connected(server.port, { protocol: 2 });
    try {
      assert.match(String(await client.client("INFO")), / resp=2\s/);
      assert.equal(await client.set("r2", "v"), "OK");
      assert.deepEqual(await client.mget("r2", "missing"), ["v", null]);
      assert.deepEqual(await client.multi().incr("r2n").exec(), [[null, 1]]);
    } finally {
      client.disconnect();
    }
  });

  it("maps RESP3 maps to objects with replyMapping resp3", TEST_OPTIONS, async () => {
    const client = await connected(server.port, { replyMapping: "resp3" });
    try {
      const config = await client.config("GET", "maxclients");
      const entries = config instanceof Map ? Object.fromEntries(config) : config;
      assert.deepEqual(entries, { maxclients: "10000" });
    } finally {
      client.disconnect();
    }
  });
});

describe("ioredis against slotcache with requirepass", { timeout: 60000 }, () => {
  const server = new ServerProcess(["--requirepass", "s3cret"]);

  before(async () => {
    await server.start();
  });

  after(async () => {
    await server.cleanup();
  });

  it("authenticates inside HELLO 3", TEST_OPTIONS, async () => {
    const client = await connected(server.port, { password: "s3cret" });
    try {
      assert.equal(await client.set("k", "v"), "OK");
      assert.equal(await client.get("k"), "v");
    } finally {
      client.disconnect();
    }
  });

  it("authenticates with AUTH over RESP2", TEST_OPTIONS, async () => {
    const client = await connected(server.port, { password: "s3cret", protocol: 2, db: 2 });
    try {
      assert.equal(await client.set("k2", "v"), "OK");
      assert.equal(await client.dbsize(), 1);
    } finally {
      client.disconnect();
    }
  });

  it("fails the connection on a wrong password", TEST_OPTIONS, async () => {
    const client = connect(server.port, { password: "wrong" });
    const failure = new Promise((resolve) => client.once("error", resolve));
    client.connect().catch(() => {});
    const err = await failure;
    client.disconnect();
    assert.equal(err.message, "WRONGPASS invalid username-password pair or user is disabled.");
  });

  it("fails HELLO 3 without a password", TEST_OPTIONS, async () => {
    const client = connect(server.port);
    const failure = new Promise((resolve) => client.once("error", resolve));
    client.connect().catch(() => {});
    const err = await failure;
    client.disconnect();
    assert.equal(
      err.message,
      "NOAUTH HELLO must be called with the client already authenticated, otherwise the " +
        "HELLO AUTH <user> <pass> option can be used to authenticate the client and " +
        "select the RESP protocol version at the same time",
    );
  });

  it("fails commands over RESP2 without a password", TEST_OPTIONS, async () => {
    const client = connect(server.port, { protocol: 2, enableReadyCheck: false });
    try {
      await client.connect();
      await assert.rejects(client.get("k"), /^ReplyError: NOAUTH Authentication required\.$/);
    } finally {
      client.disconnect();
    }
  });
});
