#!/usr/bin/env python3
"""Capacity benchmark: how many players one box holds.

For each step (a number of bots) it starts a release `wirequest serve` sized for that many players (worlds of
--players-per-world each, BrowserQuest's 200 by default), ramps `wirequest bots` up to the step, lets it settle,
then measures for --measure seconds:

  tick p50 / p99 / max   worst world, from GET /metrics (each world's last-ten-seconds summary, scraped every 10 s)
  tick CPU p99           the same for the world thread's own CPU time per tick: the gap to tick p99 is time the
                         thread waited for a core, not work
  overruns               ticks that took longer than their 1/tick-rate slot, during the window
  server CPU, bots CPU   % of one core, from /proc/PID/stat during the window (the bots run on the same box)
  CPU/player-s           the server's CPU-seconds per player-second (all its threads), in ms
  CPU/message            the server's CPU time per message the worlds delivered (GET /metrics), in µs
  RSS, RSS/player        the server's resident memory at the end of the window, and its growth over the idle
                         server divided by the players
  bytes/player/s         WebSocket payload bytes the worlds sent, per player per second (GET /metrics)
  latency p50 / p99      the bots' action-to-answer time in the steady phase (chat to its echo, HIT to DAMAGE)
  disconnects, errors    over the whole step, from the bots' --json summary
  storage CPU            % of one core the storage thread used (GET /metrics), and the character rows it wrote
                         per second; --data none runs with characters in memory only, for comparison

Usage (from the repository root, after `swift build -c release`):

  python3 .ci/capacity.py                                   # steps 100, 500, 1000, 2000, 3000, 5000
  python3 .ci/capacity.py --steps 200 --measure 25 --check  # CI's smoke test: fails on errors, disconnects,
                                                            # missing players or tick p99 over budget

The table is printed as Markdown (for README) and, with --json, written for machines.
"""

import argparse
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import cpu_seconds, free_port  # noqa: E402

PAGE = os.sysconf("SC_PAGESIZE")


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def scrape(port):
    """GET /metrics parsed into {(name, labels): value}; labels is a sorted tuple of (key, value)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, value = line.rsplit(" ", 1)
        name, _, labels = key.partition("{")
        pairs = tuple(sorted(tuple(p.split("=", 1)) for p in labels.rstrip("}").split(",") if p))
        samples[(name, tuple((k, v.strip('"')) for k, v in pairs))] = float(value)
    return samples


def total(samples, name):
    return sum(v for (n, _), v in samples.items() if n == name)


def per_world(samples, name, **match):
    out = {}
    for (n, labels), v in samples.items():
        d = dict(labels)
        if n == name and all(d.get(k) == want for k, want in match.items()):
            out[d.get("world")] = v
    return out


def wait_for_port(port, proc, limit=15):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server not listening on port {port} after {limit} s")


def stop(proc, name, limit=10):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(limit)
        except subprocess.TimeoutExpired:
            print(f"warning: {name} still running {limit} s after SIGTERM; killing it", file=sys.stderr)
            proc.kill()
            proc.wait()
    return proc.returncode


def run_step(args, count, log_dir):
    worlds = max(1, math.ceil(count / args.players_per_world))
    port = free_port()
    server_log = open(os.path.join(log_dir, f"server-{count}.log"), "w")
    pin_server = ["taskset", "-c", "0"] if args.pin else []
    pin_bots = ["taskset", "-c", "1"] if args.pin else []
    data = "none"
    if args.data != "none":
        data = os.path.join(log_dir, f"data-{count}.sqlite")  # a fresh database per step
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(data + suffix):
                os.unlink(data + suffix)
    server = subprocess.Popen(
        pin_server + [args.binary, "serve", "--port", str(port), "--host", "127.0.0.1", "--worlds", str(worlds),
         "--players-per-world", str(args.players_per_world), "--map", args.map, "--threads", str(args.server_threads),
         "--log-level", "warning", "--admin-socket", "none", "--data", data,
         # Every bot comes from 127.0.0.1: a load test from one machine, so no per-address limits.
         "--max-connections-per-address", "0", "--upgrades-per-address", "0"] + args.server_args.split(),
        stdout=server_log, stderr=subprocess.STDOUT)
    bots = None
    try:
        wait_for_port(port, server)
        time.sleep(0.5)
        idle_rss = rss_bytes(server.pid)
        ramp_seconds = count / args.ramp
        duration = math.ceil(ramp_seconds + args.settle + args.measure + 2)
        summary_path = os.path.join(log_dir, f"bots-{count}.json")
        bots_log = open(os.path.join(log_dir, f"bots-{count}.log"), "w")
        bots = subprocess.Popen(
            pin_bots + [args.binary, "bots", "--url", f"ws://127.0.0.1:{port}/", "--count", str(count), "--ramp", str(args.ramp),
             "--duration", str(duration), "--behavior", args.behavior, "--seed", str(args.seed), "--map", args.map,
             "--threads", str(args.bot_threads), "--warmup", str(args.settle), "--json", summary_path],
            stdout=bots_log, stderr=subprocess.STDOUT)
        time.sleep(ramp_seconds + args.settle)
        if bots.poll() is not None:
            raise RuntimeError(f"bots exited early with status {bots.returncode}")

        start = time.monotonic()
        before = scrape(port)
        server_cpu0, bots_cpu0 = cpu_seconds(server.pid), cpu_seconds(bots.pid)
        # Tick quantiles cover each world's last ten seconds: scrape once per ten seconds of the window.
        p50s, p99s, maxima, cpu99s = [], [], [], []
        players_seen = []
        elapsed = 0.0
        while elapsed < args.measure:
            time.sleep(min(10, args.measure - elapsed))
            elapsed = time.monotonic() - start
            samples = scrape(port)
            p50s += per_world(samples, "wirequest_tick_seconds", quantile="0.5").values()
            p99s += per_world(samples, "wirequest_tick_seconds", quantile="0.99").values()
            maxima += per_world(samples, "wirequest_tick_seconds", quantile="1.0").values()
            cpu99s += per_world(samples, "wirequest_tick_cpu_seconds", quantile="0.99").values()
            players_seen.append(total(samples, "wirequest_players"))
        after = samples
        seconds = time.monotonic() - start
        server_cpu = (cpu_seconds(server.pid) - server_cpu0) / seconds
        bots_cpu = (cpu_seconds(bots.pid) - bots_cpu0) / seconds
        rss = rss_bytes(server.pid)
        alive = min(players_seen)  # dead players leave the world until they revive
        bytes_out = total(after, "wirequest_bytes_out_total") - total(before, "wirequest_bytes_out_total")
        frames_out = total(after, "wirequest_frames_out_total") - total(before, "wirequest_frames_out_total")
        messages_out = total(after, "wirequest_messages_out_total") - total(before, "wirequest_messages_out_total")
        overruns = total(after, "wirequest_tick_overruns_total") - total(before, "wirequest_tick_overruns_total")
        storage_cpu = (total(after, "wirequest_storage_cpu_seconds_total")
                       - total(before, "wirequest_storage_cpu_seconds_total")) / seconds
        written = (total(after, "wirequest_storage_characters_written_total")
                   - total(before, "wirequest_storage_characters_written_total")) / seconds

        bots.wait(duration + 30)
        with open(summary_path) as f:
            summary = json.load(f)
        players = summary["connectedAtEnd"]
        return {
            "bots": count, "worlds": worlds, "players": players, "minAlive": int(alive),
            "tickP50Ms": max(p50s) * 1000, "tickP99Ms": max(p99s) * 1000, "tickMaxMs": max(maxima) * 1000,
            "tickCPUP99Ms": max(cpu99s, default=0) * 1000,
            "overruns": int(overruns),
            "serverCPUPercent": server_cpu * 100, "botsCPUPercent": bots_cpu * 100,
            "serverRSSBytes": rss, "idleRSSBytes": idle_rss,
            "rssPerPlayerBytes": (rss - idle_rss) / max(1, players),
            "bytesPerPlayerPerSecond": bytes_out / seconds / max(1, players),
            "framesPerPlayerPerSecond": frames_out / seconds / max(1, players),
            "messagesPerPlayerPerSecond": messages_out / seconds / max(1, players),
            # CPU-seconds per player-second, and per message the worlds delivered (all the server's threads).
            "serverCPUPerPlayerSecondMs": server_cpu / max(1, players) * 1000,
            "serverCPUPerMessageUs": server_cpu * seconds / max(1, messages_out) * 1e6,
            "latencyP50Ms": summary["steadyLatencyP50Microseconds"] / 1000,
            "latencyP99Ms": summary["steadyLatencyP99Microseconds"] / 1000,
            "latencySamples": summary["steadyLatencySamples"],
            "peakConnected": summary["peakConnected"],
            "disconnects": summary["disconnects"], "errors": summary["errors"],
            "corrections": summary["corrections"], "measureSeconds": seconds,
            "storageCPUPercent": storage_cpu * 100, "charactersWrittenPerSecond": written,
        }
    finally:
        if bots is not None and bots.poll() is None:
            bots.kill()
            bots.wait()
        status = stop(server, "server")
        if status != 0:
            print(f"warning: server exited with status {status} (log in {log_dir})", file=sys.stderr)


HEADER = ("| bots | worlds | tick p50 | tick p99 | tick max | tick CPU p99 | overruns | server CPU | CPU/player-s "
          "| CPU/message | bots CPU | server RSS "
          "| RSS/player | bytes/player/s | frames/player/s | latency p50 | latency p99 | disconnects | errors "
          "| storage CPU | saves/s |")


def row(r):
    return (f"| {r['bots']:,} | {r['worlds']} | {r['tickP50Ms']:.2f} ms | {r['tickP99Ms']:.2f} ms "
            f"| {r['tickMaxMs']:.1f} ms | {r['tickCPUP99Ms']:.2f} ms | {r['overruns']} | {r['serverCPUPercent']:.0f} % "
            f"| {r['serverCPUPerPlayerSecondMs']:.3f} ms | {r['serverCPUPerMessageUs']:.2f} µs | {r['botsCPUPercent']:.0f} % "
            f"| {r['serverRSSBytes'] / 2**20:.0f} MiB | {r['rssPerPlayerBytes'] / 1024:.1f} KiB "
            f"| {r['bytesPerPlayerPerSecond']:,.0f} | {r['framesPerPlayerPerSecond']:.1f} "
            f"| {r['latencyP50Ms']:.1f} ms | {r['latencyP99Ms']:.1f} ms | {r['disconnects']} | {r['errors']} "
            f"| {r['storageCPUPercent']:.1f} % | {r['charactersWrittenPerSecond']:,.0f} |")


def problems(r, budget_ms):
    found = []
    if r["errors"]:
        found.append(f"{r['errors']} bot errors")
    if r["disconnects"]:
        found.append(f"{r['disconnects']} disconnects")
    if r["players"] < r["bots"]:
        found.append(f"only {r['players']} of {r['bots']} bots connected at the end")
    if r["tickP99Ms"] > budget_ms:
        found.append(f"tick p99 {r['tickP99Ms']:.2f} ms over the {budget_ms:.0f} ms budget")
    if r["latencySamples"] == 0:
        found.append("no latency samples: the bots never got an answer")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/wirequest")
    parser.add_argument("--steps", default="100,500,1000,2000,3000,5000", help="comma-separated bot counts")
    parser.add_argument("--behavior", default="mixed", choices=["wander", "fight", "chat", "mixed"])
    parser.add_argument("--players-per-world", type=int, default=200)
    parser.add_argument("--ramp", type=int, default=250, help="new bot connections per second")
    parser.add_argument("--settle", type=int, default=5, help="seconds between the end of the ramp and measuring")
    parser.add_argument("--measure", type=int, default=20, help="seconds measured per step")
    parser.add_argument("--map", default="Maps/world.tmj")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server-threads", type=int, default=1, help="the server's I/O threads")
    parser.add_argument("--server-args", default="", help="more `wirequest serve` options, e.g. '--flush-rate 50'")
    parser.add_argument("--bot-threads", type=int, default=1, help="the bot process's event loops")
    parser.add_argument("--pin", action="store_true",
                        help="server on CPU 0, bots on CPU 1 (taskset): the server's capacity on one core")
    parser.add_argument("--tick-budget-ms", type=float, default=20.0, help="one tick at 50 Hz")
    parser.add_argument("--check", action="store_true", help="exit 1 if any step misses the smoke criteria")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--data", default="file", choices=["file", "none"],
                        help="file: a fresh SQLite database per step (the default server); none: characters in memory")
    parser.add_argument("--logs", help="directory for server and bot logs (default: a temporary one)")
    args = parser.parse_args()

    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: {args.binary} not found; build it with `swift build -c release`")
    steps = [int(s) for s in args.steps.split(",") if s.strip()]
    log_dir = args.logs or tempfile.mkdtemp(prefix="wq-capacity-")
    os.makedirs(log_dir, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().release}; logs in {log_dir}", flush=True)

    results, failed = [], []
    for count in steps:
        print(f"step {count:,} bots ({args.behavior}, ramp {args.ramp}/s, measure {args.measure} s) ...", flush=True)
        try:
            r = run_step(args, count, log_dir)
        except Exception as e:  # one failed step is reported, the rest still run
            print(f"  step {count} failed: {e}", flush=True)
            failed.append(f"{count}: {e}")
            continue
        results.append(r)
        print("  " + row(r), flush=True)
        for p in problems(r, args.tick_budget_ms):
            failed.append(f"{count}: {p}")

    print()
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    for r in results:
        print(row(r))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"steps": results, "cpus": os.cpu_count(), "args": vars(args)}, f, indent=1)
    if failed:
        print("\n" + "\n".join(f"FAIL {f}" for f in failed))
    if args.check and failed:
        sys.exit(1)
    if args.check:
        print(f"\ncapacity smoke passed: {len(results)} step(s), tick p99 within {args.tick_budget_ms:.0f} ms, "
              "no errors, no disconnects")


if __name__ == "__main__":
    main()
