// A real 6-node slotcache cluster for the ioredis Cluster tests: 3 seed primaries and 3 replicas
// (node i+3 replicates node i) on free loopback ports p whose cluster bus port p+10000 is free
// too, each node in its own temp dir (its cwd, holding its log, node id and Raft data). Every node
// is started and stopped by its own PID (SIGTERM, then SIGKILL after a grace period); every wait
// is bounded. The binary is $SLOTCACHE_SERVER_BIN, else build/slotcache-server.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const { serverBinary } = require("./server_process");

const NODES = 6;
const PRIMARIES = 3;
const NODE_TIMEOUT_MS = 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function portFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

// The first port the kernel hands out for outgoing connections: ports picked below it (and their
// bus ports) cannot be taken by a node's own outgoing connections between pick and bind.
function ephemeralLow() {
  try {
    return Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").split(/\s+/)[0]);
  } catch {
    return 32768;
  }
}

// `count` ports p with p and p+10000 free, none colliding with another's bus port.
async function pickClusterPorts(count) {
  const ports = [];
  while (ports.length < count) {
    const p = 10000 + Math.floor(Math.random() * (ephemeralLow() - 20000));
    const taken = ports.some((q) => q === p || q === p + 10000 || q === p - 10000);
    if (!taken && (await portFree(p)) && (await portFree(p + 10000))) ports.push(p);
  }
  return ports;
}

// CLUSTER INFO of the node on `port` as an object of fields ({} when it does not answer).
function clusterInfo(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let reply = Buffer.alloc(0);
    const done = (fields) => {
      socket.destroy();
      resolve(fields);
    };
    socket.setTimeout(1000, () => done({}));
    socket.once("error", () => done({}));
    socket.once("connect", () => socket.write("*2\r\n$7\r\nCLUSTER\r\n$4\r\nINFO\r\n"));
    socket.on("data", (chunk) => {
      reply = Buffer.concat([reply, chunk]);
      const text = reply.toString("latin1");
      const headerEnd = text.indexOf("\r\n");
      if (headerEnd < 0) return;
      if (text[0] !== "$") return done({});
      const length = Number(text.slice(1, headerEnd));
      if (reply.length < headerEnd + 2 + length + 2) return;
      const fields = {};
      for (const line of text.slice(headerEnd + 2, headerEnd + 2 + length).split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
      }
      done(fields);
    });
  });
}

class LocalCluster {
  constructor() {
    this.binary = serverBinary();
    this.ports = [];
    this.nodes = []; // { child, exited, dir }
  }

  nodeArgs(i) {
    const args = ["--port", String(this.ports[i]), "--bind", "127.0.0.1"];
    args.push("--cluster-enabled", "yes", "--cluster-node-timeout", String(NODE_TIMEOUT_MS));
    args.push("--cluster-seeds", ...this.ports.slice(0, PRIMARIES).map((p) => `127.0.0.1:${p}`));
    if (i >= PRIMARIES) args.push("--replicaof", "127.0.0.1", String(this.ports[i - PRIMARIES]));
    return args;
  }

  async start(convergeTimeoutMs = 30000) {
    fs.accessSync(this.binary, fs.constants.X_OK);
    this.ports = await pickClusterPorts(NODES);
    for (let i = 0; i < NODES; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotcache-nodecluster-${i}-`));
      const log = fs.openSync(path.join(dir, "server.log"), "a");
      const child = spawn(this.binary, this.nodeArgs(i), { cwd: dir, stdio: ["ignore", log, log] });
      fs.closeSync(log);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      this.nodes.push({ child, exited, dir });
    }
    if (await this.waitForConvergence(convergeTimeoutMs)) return this;
    const logs = this.logs();
    await this.cleanup();
    throw new Error(`cluster did not converge in ${convergeTimeoutMs} ms\n${logs}`);
  }

  // Every node: cluster_state:ok, all NODES members known, one cluster_current_epoch.
  async waitForConvergence(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.nodes.some(({ child }) => child.exitCode !== null || child.signalCode !== null)) {
        return false;
      }
      const infos = await Promise.all(this.ports.map(clusterInfo));
      const ok = infos.every(
        (i) => i.cluster_state === "ok" && i.cluster_known_nodes === String(NODES),
      );
      if (ok && new Set(infos.map((i) => i.cluster_current_epoch)).size === 1) return true;
      await sleep(100);
    }
    return false;
  }

  startupNodes() {
    return this.ports.map((port) => ({ host: "127.0.0.1", port }));
  }

  async stop(graceMs = 10000) {
    await Promise.all(
      this.nodes.map(async ({ child, exited }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        process.kill(child.pid, "SIGTERM");
        const timer = setTimeout(() => process.kill(child.pid, "SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  logs(tail = 3000) {
    return this.nodes
      .map(({ dir }, i) => {
        let text = "";
        try {
          text = fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-tail);
        } catch {
          // no log yet
        }
        return `---- node ${this.ports[i]} ----\n${text}`;
      })
      .join("\n");
  }

  async cleanup() {
    await this.stop();
    for (const { dir } of this.nodes) fs.rmSync(dir, { recursive: true, force: true });
    this.nodes = [];
  }
}

module.exports = { LocalCluster, NODES, PRIMARIES };
