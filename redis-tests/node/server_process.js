// One server under test for the ioredis tests: slotcache-server (or a real redis-server, to check
// the tests themselves) on a free loopback port, in its own temp dir with its log. The binary is
// $SLOTCACHE_SERVER_BIN, else build/slotcache-server of this checkout. Stops only the process it
// started, by PID: SIGTERM, then SIGKILL after a grace period.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DEFAULT_BINARY = path.join(REPO_ROOT, "build", "slotcache-server");

function serverBinary() {
  return process.env.SLOTCACHE_SERVER_BIN || DEFAULT_BINARY;
}

// A loopback port nobody listens on right now (listen on port 0, read it, close).
function pickFreePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Resolves true if a fresh connection gets +PONG (or -NOAUTH: the server is up either way).
function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let reply = "";
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("*1\r\n$4\r\nPING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ServerProcess {
  constructor(extraArgs = []) {
    this.binary = serverBinary();
    this.extraArgs = extraArgs;
    this.port = null;
    this.child = null;
    this.exited = null;
    this.dir = null;
    this.logPath = null;
  }

  async start(readyTimeoutMs = 10000) {
    fs.accessSync(this.binary, fs.constants.X_OK);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "slotcache-nodetest-"));
    this.logPath = path.join(this.dir, "server.log");
    // A port picked here may be taken by someone else before the server binds it: retry.
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await pickFreePort();
      const argv = ["--port", String(this.port), "--bind", "127.0.0.1"];
      if (path.basename(this.binary).startsWith("redis-server")) {
        argv.push("--save", "", "--appendonly", "no");
      }
      argv.push(...this.extraArgs);
      const log = fs.openSync(this.logPath, "a");
      this.child = spawn(this.binary, argv, { cwd: this.dir, stdio: ["ignore", log, log] });
      fs.closeSync(log);
      this.exited = new Promise((resolve) => this.child.once("exit", resolve));
      if (await this.waitReady(readyTimeoutMs)) return this;
      await this.stop();
    }
    throw new Error(`server did not answer PING; log:\n${this.log()}`);
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return false;
      if (await ping(this.port)) return true;
      await sleep(20);
    }
    return false;
  }

  // SIGTERM, then SIGKILL after graceMs.
  async stop(graceMs = 10000) {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(this.child.pid, "SIGTERM");
    const timer = setTimeout(() => process.kill(this.child.pid, "SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  log() {
    try {
      return fs.readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  async cleanup() {
    await this.stop();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

module.exports = { ServerProcess, serverBinary };
