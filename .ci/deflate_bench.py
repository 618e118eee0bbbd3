#!/usr/bin/env python3
"""What permessage-deflate saves and costs in a crowded zone: the same bots with and without --deflate.

Starts a release `wirequest serve --data none` with one world, ramps `wirequest bots` to --count (they all start in
the same zone), lets them settle, then measures for --measure seconds:

  wire bytes/player/s   bytes the bots read from their sockets (/proc/PID/io rchar: WebSocket frames as sent, so
                        compressed when deflate is on), per player per second
  payload bytes/player/s  the worlds' batch payload before compression (GET /metrics wirequest_bytes_out_total)
  server CPU            % of one core, from /proc/PID/stat, and its cost per player
  server RSS            resident memory at the end of the window

Usage (from the repository root, after `swift build -c release`):

  python3 .ci/deflate_bench.py --count 200 --measure 20
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import cpu_seconds, free_port  # noqa: E402

PAGE = os.sysconf("SC_PAGESIZE")


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def read_bytes(pid):
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("rchar:"):
                return int(line.split()[1])
    return 0


def metric(port, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + "{"))


def run(args, deflate):
    port = free_port()
    server = subprocess.Popen(
        [args.binary, "serve", "--port", str(port), "--host", "127.0.0.1", "--worlds", "1", "--players-per-world",
         str(args.count + 50), "--map", args.map, "--log-level", "warning", "--admin-socket", "none", "--data", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bots = None
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        ramp = args.count / args.ramp
        duration = int(ramp + args.settle + args.measure + 5)
        bots = subprocess.Popen(
            [args.binary, "bots", "--url", f"ws://127.0.0.1:{port}/", "--count", str(args.count), "--ramp",
             str(args.ramp), "--duration", str(duration), "--behavior", args.behavior, "--map", args.map]
            + (["--deflate"] if deflate else []),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(ramp + args.settle)
        start = time.monotonic()
        wire0, cpu0, payload0 = read_bytes(bots.pid), cpu_seconds(server.pid), metric(port, "wirequest_bytes_out_total")
        time.sleep(args.measure)
        seconds = time.monotonic() - start
        wire = read_bytes(bots.pid) - wire0
        cpu = (cpu_seconds(server.pid) - cpu0) / seconds
        payload = metric(port, "wirequest_bytes_out_total") - payload0
        players = metric(port, "wirequest_players")
        return {
            "deflate": deflate, "players": int(players), "wire": wire / seconds / players,
            "payload": payload / seconds / players, "cpu": cpu * 100, "cpuPerPlayer": cpu * 1e6 / players,
            "rss": rss_bytes(server.pid),
        }
    finally:
        if bots is not None:
            bots.kill()
            bots.wait()
        server.terminate()
        server.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/wirequest")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--ramp", type=int, default=100)
    parser.add_argument("--settle", type=int, default=5)
    parser.add_argument("--measure", type=int, default=20)
    parser.add_argument("--behavior", default="mixed")
    parser.add_argument("--map", default="Maps/world.tmj")
    args = parser.parse_args()
    rows = [run(args, False), run(args, True)]
    print("| deflate | players | wire bytes/player/s | payload bytes/player/s | server CPU | CPU µs/player/s | RSS |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {'on' if r['deflate'] else 'off'} | {r['players']} | {r['wire']:.0f} | {r['payload']:.0f} "
              f"| {r['cpu']:.1f} % | {r['cpuPerPlayer']:.0f} | {r['rss'] / 1048576:.1f} MiB |")
    print(f"wire bytes with deflate / without: {rows[1]['wire'] / max(1, rows[0]['wire']):.3f}")


if __name__ == "__main__":
    sys.exit(main())
