#!/usr/bin/env python3
"""Bytes of RSS per key after loading N keys (16-byte keys, 32-byte values) into redis-server
and slotcache-server, side by side in one run. Usage: bench/memory.py [--keys N]"""
import argparse
import subprocess
import sys

import common


def load(server, keys):
    # RESP SET commands, piped through redis-cli --pipe like a real mass insertion.
    def commands():
        for i in range(keys):
            key = b"key:%012d" % i            # 16 bytes
            value = b"v" * 22 + b"%010d" % i  # 32 bytes
            yield b"*3\r\n$3\r\nSET\r\n$16\r\n%s\r\n$32\r\n%s\r\n" % (key, value)
    payload = b"".join(commands())
    result = subprocess.run(["redis-cli", "-p", str(server.port), "--pipe"], input=payload,
                            capture_output=True)
    if result.returncode != 0 or b"errors: 0" not in result.stdout:
        sys.exit(f"{server.name}: mass insertion failed: {result.stdout[-300:]!r}")


def measure(server, keys):
    before = server.rss_bytes()
    load(server, keys)
    after = server.rss_bytes()
    return (after - before) / keys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--binary", default=None, help="slotcache-server (default: Release build)")
    args = parser.parse_args()
    binary = args.binary or common.build_release()
    results = {}
    for name, start in (("redis", common.start_redis),
                        ("slotcache", lambda: common.start_slotcache(binary))):
        server = start()
        try:
            results[name] = measure(server, args.keys)
        finally:
            server.stop()
    print(f"RSS per key, {args.keys} keys (16-byte keys, 32-byte values)")
    print(f"{'server':<12}{'bytes/key':>12}")
    for name, value in results.items():
        print(f"{name:<12}{value:>12.1f}")
    print(f"ratio slotcache/redis: {results['slotcache'] / results['redis']:.2f}")


if __name__ == "__main__":
    main()
