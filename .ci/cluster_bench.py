#!/usr/bin/env python3
"""Cluster benchmark: what one game on three nodes costs in Redis and PostgreSQL, how fast players move when a node
dies or drains, and whether a node in a cluster holds as many players as a single server.

Usage (from the repository root, after `swift build -c release`; redis-server, haproxy and PostgreSQL installed):

  python3 .ci/cluster_bench.py                   # 2,000 bots; starts its own PostgreSQL under a temporary directory
  python3 .ci/cluster_bench.py --bots 1000 --measure 20
  WIREQUEST_TEST_POSTGRES=postgresql://… python3 .ci/cluster_bench.py   # an existing PostgreSQL (a fresh database)

What it does: redis-server (own port), a fresh database, three `serve --cluster --database` nodes (enough worlds of
200 for a third of the bots each, and some room), HAProxy with the shipped configuration (.ci/proxy.sh), and
--bots bots in two `wirequest bots` processes through the proxy. Once they are in and settled, for --measure s:

  Redis ops, in/out bytes   per player per second (INFO stats: total_commands_processed, total_net_input_bytes,
                            total_net_output_bytes), and per second for the whole cluster; the busiest commands
  PostgreSQL                transactions, rows updated and inserted per player per second (pg_stat_database of
                            the game's database)
  each node                 players, tick p99 (worst world, /metrics), server CPU and CPU per player (/proc)

Then: 20 scripted clients on node2, kill -9 of node2: time until each plays again elsewhere through the proxy
(p50, max); node2 restarted; `admin drain` on node1: time until node1 has no player. Last, for comparison, one plain
server (SQLite, no cluster) alone with as many bots as the busiest node held in the cluster: its tick p99 and CPU
per player. Prints a Markdown table. Not in CI (a couple of minutes, and it loads both cores).

Everything runs on this one box: during the cluster's window the nodes share the cores with the bots, HAProxy,
Redis and PostgreSQL, so a node's tick p99 includes time waiting for a core; its tick CPU p99 and its CPU per player
are the figures to compare with the single server's (which runs with only its bots beside it).
"""
import argparse
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from capacity import per_world, scrape, total  # noqa: E402
from cluster_checks import MAP, REPO, Database, Node, Redis, wait_until  # noqa: E402
from cluster_clients import Player  # noqa: E402
from wsclient import cpu_seconds, free_port, wait_for_port  # noqa: E402


class BenchNode(Node):
    """A cluster node (or a plain server) with room for `worlds` worlds of 200 and quiet logs."""

    def __init__(self, binary, out, index, cluster_args, worlds):
        super().__init__(binary, out, index, cluster_args)
        self.worlds = worlds

    def start(self):
        log = open(os.path.join(self.out, f"{self.name}.log"), "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--map", MAP,
             "--worlds", str(self.worlds), "--admin-socket", self.socket, "--no-console", "--log-level", "notice",
             "--trusted-proxy", "127.0.0.1/32", "--max-connections-per-address", "0", "--upgrades-per-address", "0",
             *self.cluster_args],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        return wait_for_port(self.port, self.process, 20)

    def metrics(self):
        try:
            return scrape(self.port)
        except OSError:
            return {}


def redis_info(port, section):
    """`INFO section` of the redis-server on 127.0.0.1:port as {field: text}."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"*2\r\n$4\r\nINFO\r\n${len(section)}\r\n{section}\r\n".encode())
        data = b""
        while True:
            data += s.recv(65536)
            head, _, rest = data.partition(b"\r\n")
            if head.startswith(b"$") and len(rest) >= int(head[1:]):
                break
    fields = {}
    for line in rest.decode().splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key] = value
    return fields


def command_calls(port):
    """{command: calls} from INFO commandstats."""
    calls = {}
    for key, value in redis_info(port, "commandstats").items():
        match = re.match(r"calls=(\d+)", value)
        if key.startswith("cmdstat_") and match:
            calls[key[len("cmdstat_"):]] = int(match.group(1))
    return calls


def pg_stats(database):
    ok, text = database.run(
        "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database "
        f"WHERE datname = '{database.name}'")
    if not ok:
        raise RuntimeError(f"pg_stat_database: {text}")
    return [int(v) for v in text.split("|")]


def start_bots(binary, url, count, prefix, out, ramp, seed):
    line_buffered = ["stdbuf", "-oL"] if shutil.which("stdbuf") else []
    return subprocess.Popen(
        [*line_buffered, binary, "bots", "--url", url, "--count", str(count), "--duration", "3600", "--ramp",
         str(ramp), "--behavior", "wander", "--map", MAP, "--name-prefix", prefix, "--seed", str(seed),
         "--warmup", "0"],
        stdin=subprocess.DEVNULL, stdout=open(os.path.join(out, f"bots-{prefix}.log"), "ab"),
        stderr=subprocess.STDOUT, cwd=REPO)


def stop_process(process):
    if process and process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def node_window(nodes, seconds):
    """Each node's players, worst tick p99 and CPU over `seconds` (scraping /metrics every ≤10 s)."""
    cpu0 = {n.name: cpu_seconds(n.process.pid) for n in nodes}
    p99s = {n.name: [] for n in nodes}
    cpu99s = {n.name: [] for n in nodes}
    players = {n.name: [] for n in nodes}
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        time.sleep(min(10, seconds - (time.monotonic() - started)))
        for n in nodes:
            samples = n.metrics()
            p99s[n.name] += per_world(samples, "wirequest_tick_seconds", quantile="0.99").values()
            cpu99s[n.name] += per_world(samples, "wirequest_tick_cpu_seconds", quantile="0.99").values()
            players[n.name].append(total(samples, "wirequest_players"))
    elapsed = time.monotonic() - started
    result = {}
    for n in nodes:
        cpu = (cpu_seconds(n.process.pid) - cpu0[n.name]) / elapsed
        held = statistics.mean(players[n.name]) if players[n.name] else 0
        result[n.name] = {"players": held, "tickP99Ms": max(p99s[n.name], default=0) * 1000,
                          "tickCPUP99Ms": max(cpu99s[n.name], default=0) * 1000, "cpu": cpu,
                          "cpuPerPlayer": cpu / max(1, held)}
    return result, elapsed


def box_cpu():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def steady(args, nodes, bots, redis_port, database):
    stats0, calls0, pg0 = redis_info(redis_port, "stats"), command_calls(redis_port), pg_stats(database)
    box0, bots0 = box_cpu(), sum(cpu_seconds(b.pid) for b in bots)
    per_node, seconds = node_window(nodes, args.measure)
    box1, bots1 = box_cpu(), sum(cpu_seconds(b.pid) for b in bots)
    stats1, calls1, pg1 = redis_info(redis_port, "stats"), command_calls(redis_port), pg_stats(database)
    players = sum(v["players"] for v in per_node.values())

    def rate(key):
        return (int(stats1[key]) - int(stats0[key])) / seconds

    busiest = sorted(((calls1[c] - calls0.get(c, 0)) / seconds, c) for c in calls1)[::-1][:5]
    commits, inserted, updated, deleted = [(b - a) / seconds for a, b in zip(pg0, pg1)]
    return {"players": players, "seconds": seconds, "perNode": per_node, "botsCPU": (bots1 - bots0) / seconds,
            "boxBusy": (box1[0] - box0[0]) / max(1, box1[1] - box0[1]),
            "redisOps": rate("total_commands_processed"), "redisIn": rate("total_net_input_bytes"),
            "redisOut": rate("total_net_output_bytes"), "redisBusiest": busiest,
            "pgCommits": commits, "pgInserted": inserted, "pgUpdated": updated, "pgDeleted": deleted}


def kill_and_back(nodes, http_port, clients):
    node = nodes[1]
    players = [Player(f"K{i}x{secrets.token_hex(2)}", secrets.token_hex(16)) for i in range(clients)]
    ready = [p for p in players if p.join(node.port, seconds=10) is not None]
    time.sleep(1.5)
    for p in ready:
        p.follow(http_port)
    node.process.send_signal(signal.SIGKILL)
    node.process.wait(10)
    deadline = time.monotonic() + 14
    while time.monotonic() < deadline and not all(p.rejoined.is_set() for p in ready):
        time.sleep(0.1)
    times = sorted(p.report()["back_after"] for p in ready if p.report()["back_after"] is not None)
    for p in players:
        p.close()
    restarted = node.start()
    return {"clients": len(ready), "back": len(times), "p50": statistics.median(times) if times else None,
            "max": times[-1] if times else None, "restarted": restarted}


def drain_time(nodes):
    node = nodes[0]
    before = node.players()
    started = time.monotonic()
    rc, text = node.admin("drain")
    emptied = wait_until(lambda: node.players() == 0, 30, poll=0.05)
    took = time.monotonic() - started
    node.admin("drain", "off")
    return {"players": before, "seconds": took if emptied else None, "rc": rc, "text": text[:120]}


def single_server(args, count, out):
    """One plain server (SQLite, no cluster) alone with `count` bots: its tick p99 and CPU per player."""
    node = BenchNode(args.binary, out, 9, ["--data", os.path.join(out, "single.sqlite")],
                     math.ceil(count / 200) + 1)
    bots = None
    try:
        if not node.start():
            raise RuntimeError("the single server did not start")
        bots = start_bots(args.binary, f"ws://127.0.0.1:{node.port}/", count, "solo", out, args.ramp, 3)
        wait_until(lambda: (node.players() or 0) >= count, count / args.ramp + 30, poll=0.5)
        time.sleep(args.settle)
        result, _ = node_window([node], args.measure)
        return result[node.name]
    finally:
        stop_process(bots)
        node.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/wirequest")
    parser.add_argument("--bots", type=int, default=2000)
    parser.add_argument("--bot-processes", type=int, default=2)
    parser.add_argument("--ramp", type=int, default=100, help="new connections per second, per bot process")
    parser.add_argument("--settle", type=int, default=5)
    parser.add_argument("--measure", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20, help="scripted clients on the killed node")
    parser.add_argument("--out", help="logs (default: a temporary directory)")
    parser.add_argument("--no-single", action="store_true", help="skip the single-server comparison")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: {args.binary} not found; build it with `swift build -c release`")
    args.binary = os.path.abspath(args.binary)
    out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="wq-cluster-bench-"))
    os.makedirs(out, exist_ok=True)
    print(f"{os.cpu_count()} CPUs; logs in {out}", flush=True)
    pg_dir, database, redis, nodes, bots = None, None, None, [], []
    result = killed = drained = alive_bots = None
    proxy_dir = os.path.join(out, "proxy")
    http_port, tls_port = free_port(), free_port()
    try:
        url = os.environ.get("WIREQUEST_TEST_POSTGRES")
        if not url:
            pg_dir = tempfile.mkdtemp(prefix="wq-bench-pg-")
            done = subprocess.run(["bash", os.path.join(REPO, ".ci", "postgres.sh"), "start", pg_dir,
                                   str(free_port())], capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                sys.exit(f"PostgreSQL did not start: {done.stderr[-500:]}")
            url = done.stdout.strip()
        database = Database(url)
        ok, text = database.create()
        if not ok:
            sys.exit(f"cannot create the database: {text}")
        redis = Redis(out)
        if not redis.start():
            sys.exit("redis-server did not start")
        cluster_args = ["--cluster", f"redis://127.0.0.1:{redis.port}", "--database", database.url]
        worlds = math.ceil(args.bots / 3 / 200) + 2  # a third of the bots each, and room for a dead node's
        for i in (1, 2, 3):
            nodes.append(BenchNode(args.binary, out, i, [*cluster_args, "--node", f"node{i}"], worlds))
        if not all(n.start() for n in nodes):
            sys.exit(f"a node did not start (logs in {out})")
        done = subprocess.run(["bash", os.path.join(REPO, ".ci", "proxy.sh"), "start", proxy_dir, str(http_port),
                               str(tls_port), *[f"127.0.0.1:{n.port}" for n in nodes], "/ready"],
                              capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            sys.exit(f"HAProxy did not start: {(done.stdout + done.stderr)[-300:]}")
        time.sleep(1.5)
        share = [args.bots // args.bot_processes + (i < args.bots % args.bot_processes)
                 for i in range(args.bot_processes)]
        bots = [start_bots(args.binary, f"ws://127.0.0.1:{http_port}/", n, f"b{chr(97 + i)}", out, args.ramp, 1)
                for i, n in enumerate(share)]
        ramp = args.bots / (args.ramp * args.bot_processes)
        started = time.monotonic()
        wait_until(lambda: sum(n.players() or 0 for n in nodes) >= args.bots * 0.98, ramp + 60, poll=0.5)
        print(f"{sum(n.players() or 0 for n in nodes)} players after {time.monotonic() - started:.1f} s "
              f"(ramp {ramp:.0f} s); per node {[n.players() for n in nodes]}", flush=True)
        time.sleep(args.settle)
        load = os.getloadavg()
        result = steady(args, nodes, bots, redis.port, database)
        print(f"steady window done; load average before it {load[0]:.2f}", flush=True)
        killed = kill_and_back(nodes, http_port, args.clients)
        print(f"kill -9: {killed}", flush=True)
        time.sleep(3)
        drained = drain_time(nodes)
        print(f"drain: {drained}", flush=True)
        alive_bots = [b.poll() is None for b in bots]
    finally:
        for b in bots:
            stop_process(b)
        subprocess.run(["bash", os.path.join(REPO, ".ci", "proxy.sh"), "stop", proxy_dir], capture_output=True)
        for n in nodes:
            n.stop()
        if redis:
            redis.stop()
        if database:
            database.drop()
        if pg_dir:
            subprocess.run(["bash", os.path.join(REPO, ".ci", "postgres.sh"), "stop", pg_dir], capture_output=True)
    if result is None or killed is None or drained is None:
        sys.exit(f"the cluster part did not finish (logs in {out})")
    busiest_node = max(result["perNode"].values(), key=lambda v: v["players"])
    single = None if args.no_single else single_server(args, round(busiest_node["players"]), out)
    report(args, result, killed, drained, busiest_node, single, alive_bots)


def report(args, r, killed, drained, busiest, single, alive_bots):
    players = max(1, r["players"])
    print()
    print(f"{args.bots:,} bots ({args.bot_processes} processes, wander) through HAProxy on 3 nodes, "
          f"{os.cpu_count()} CPUs, measured {r['seconds']:.0f} s; bot processes alive at the end: {alive_bots}")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| players (sum of the nodes) | {r['players']:,.0f} |")
    print(f"| the box | {r['boxBusy'] * 100:.0f} % of all CPUs busy; the bot processes {r['botsCPU'] * 100:.0f} % "
          "of one core |")
    print(f"| Redis commands | {r['redisOps']:,.0f}/s, {r['redisOps'] / players:.3f} per player per s |")
    print(f"| Redis bytes in / out | {r['redisIn'] / players:,.1f} / {r['redisOut'] / players:,.1f} B per player per s "
          f"({r['redisIn'] / 1024:,.1f} / {r['redisOut'] / 1024:,.1f} KiB/s) |")
    print("| Redis busiest commands | " + ", ".join(f"{c} {v:,.1f}/s" for v, c in r["redisBusiest"]) + " |")
    print(f"| PostgreSQL transactions | {r['pgCommits']:,.0f}/s, {r['pgCommits'] / players:.3f} per player per s |")
    print(f"| PostgreSQL rows updated / inserted / deleted | {r['pgUpdated'] / players:.3f} / "
          f"{r['pgInserted'] / players:.3f} / {r['pgDeleted'] / players:.3f} per player per s "
          f"({r['pgUpdated']:,.0f} / {r['pgInserted']:,.0f} / {r['pgDeleted']:,.0f} per s) |")
    for name, v in r["perNode"].items():
        print(f"| {name} | {v['players']:,.0f} players, tick p99 {v['tickP99Ms']:.2f} ms "
              f"(its CPU {v['tickCPUP99Ms']:.2f} ms), CPU {v['cpu'] * 100:.0f} %, "
              f"{v['cpuPerPlayer'] * 1e6:,.0f} µs CPU per player per s |")
    if killed["p50"] is not None:
        print(f"| kill -9 of node2 → its {killed['clients']} scripted clients play elsewhere | p50 "
              f"{killed['p50']:.2f} s, max {killed['max']:.2f} s ({killed['back']}/{killed['clients']} back) |")
    else:
        print(f"| kill -9 of node2 | no client came back ({killed}) |")
    seconds = drained["seconds"]
    print(f"| drain of node1 ({drained['players']} players) → empty | "
          + (f"{seconds:.2f} s |" if seconds is not None else f"not empty after 30 s ({drained['text']}) |"))
    if single:
        print(f"| single server alone, {single['players']:,.0f} bots | tick p99 {single['tickP99Ms']:.2f} ms "
              f"(its CPU {single['tickCPUP99Ms']:.2f} ms), CPU {single['cpu'] * 100:.0f} %, "
              f"{single['cpuPerPlayer'] * 1e6:,.0f} µs CPU per player per s |")
        print(f"| cluster node with {busiest['players']:,.0f} players | tick p99 {busiest['tickP99Ms']:.2f} ms "
              f"(its CPU {busiest['tickCPUP99Ms']:.2f} ms), "
              f"{busiest['cpuPerPlayer'] * 1e6:,.0f} µs CPU per player per s "
              f"({busiest['cpuPerPlayer'] / max(1e-9, single['cpuPerPlayer']):.2f}× the single server's) |")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
