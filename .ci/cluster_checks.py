#!/usr/bin/env python3
"""One game on three `wirequest serve` nodes behind HAProxy (TLS at the proxy), checked by playing through it.

Usage: cluster_checks.py --binary PATH --out DIR [--no-cluster-flags] [--phases 1,2,3,4,5,6,7] [--bots 60]
                         [--browser-python PATH]

Validates the shipped haproxy.cfg and nginx.conf (.ci/proxy.sh check), then starts redis-server (its own port, no
persistence), a fresh database in the PostgreSQL named by the environment's WIREQUEST_TEST_POSTGRES
(postgresql://user:password@host:port/db; dropped at the end), three nodes
(`serve --node nodeN --cluster redis://… --database postgresql://… --trusted-proxy 127.0.0.1/32`, one world each)
and HAProxy with the shipped configuration (.ci/proxy.sh). Then, each phase bounded in time:

  1. --bots bots through the proxy's plain port land on all three nodes (each node's own /metrics), and the
     proxy's /status lists the cluster's three worlds, whose populations add up to the bots.
  2. A character saved on node A loads on node B: a scripted client with a fixed token loots armor on A (the
     operator spawns it next to it), leaves, and plays on B with the same token and name: same HP and gear.
  3. TLS: a WebSocket over wss:// through the proxy's TLS port (the self-signed certificate not verified) gets
     WELCOME.
  4. Drain (`admin drain` on node1's socket): node1's scripted clients (armor looted, walked a few tiles) are closed
     with 1012 and play on another node within 10 s, with the same gear and within 3 tiles of where they were.
     Every bot node1 had plays on another node within 10 s (the other nodes' own player lists), and the bots' own
     next line says all of them are connected, with at least that many more reconnects.
  5. kill -9 of node2: the same for its scripted clients (closed abruptly, 1006) and its bots; node2 restarted.
  6. Redis stopped for 10 s: no node exits, the bots stay connected, a scripted client's walk is seen by another
     on the same node; Redis back: the proxy's /status lists all three worlds again.
  7. Browsers (.ci/cluster_browser.py, run with --browser-python, by default REPO/.venv-selenium/bin/python; the
     phase is skipped, saying why, when that cannot import selenium unless --browser-python was given): two
     headless Chromiums over wss:// through the TLS port, on different nodes, see an operator's `say`; the drain
     of A's node and then the kill -9 of B's node each move them to another node within 10 s with their armor and
     place. The killed node is restarted.
  8. PostgreSQL stopped for about 8 s (.ci/cluster_outage.py; needs WIREQUEST_TEST_POSTGRES_DIR, the data directory
     given to .ci/postgres.sh): players keep moving, a new login gets 1013 "try again later", armor looted during
     the outage is kept by a player who stays and by one who leaves and comes back on another node.
Before the phases, a second process started with node1's id stops with 69 and leaves node1 in the directory.
At the end every bot plays, on exactly one node, and the bots' own line says so.

--no-cluster-flags runs plain nodes (`--data DIR/nodeN.sqlite`, no Redis or PostgreSQL), as before the cluster
exists: phases 1 (spread over the nodes only) and 3; the others need shared characters and are skipped unless
named in --phases. The health check then asks /status (plain nodes are checked the same way).

Standard library only. Prints PASS/FAIL lines with numbers and `N passed, M failed` last; exit 1 on any failure.
"""
import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_clients import BotLog, BotWatch, Player, http_get, tls_hello  # noqa: E402
import cluster_outage  # noqa: E402
from game_checks import blocked_tiles  # noqa: E402
from wsclient import Checks, free_port, wait_for_port  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAP = os.path.join(REPO, "Maps", "world.tmj")
BOT_PREFIX = "cbot"
BACK_WITHIN = 10  # seconds for a player of a node that went away to play on another
check = Checks()


def psql_binary():
    found = shutil.which("psql")
    if found:
        return found
    for version in ("17", "16", "15", "14", "13"):
        path = f"/usr/lib/postgresql/{version}/bin/psql"
        if os.path.exists(path):
            return path
    return None


class Database:
    """A database of its own in the PostgreSQL of WIREQUEST_TEST_POSTGRES, made at start and dropped at the end."""

    def __init__(self, admin_url):
        self.admin_url = admin_url
        self.name = f"wq_cluster_{os.getpid()}_{secrets.token_hex(3)}"
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + self.name, parts.query, ""))
        self.psql = psql_binary()

    def run(self, sql):
        if not self.psql:
            return False, "psql not found"
        done = subprocess.run([self.psql, self.admin_url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                              capture_output=True, text=True, timeout=30)
        return done.returncode == 0, (done.stdout + done.stderr).strip()

    def create(self):
        return self.run(f"CREATE DATABASE {self.name}")

    def drop(self):
        return self.run(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


class Redis:
    def __init__(self, out):
        self.port = free_port()
        self.out = out
        self.process = None

    def start(self):
        log = open(os.path.join(self.out, "redis.log"), "ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        return wait_for_port(self.port, self.process, 10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Node:
    def __init__(self, binary, out, index, cluster_args):
        self.binary, self.out, self.name = binary, out, f"node{index}"
        self.port = free_port()
        self.socket = os.path.join(out, f"{self.name}.sock")
        self.cluster = cluster_args is not None
        self.cluster_args = cluster_args or ["--data", os.path.join(out, f"{self.name}.sqlite")]
        self.process = None

    def start(self):
        log = open(os.path.join(self.out, f"{self.name}.log"), "ab")
        # One world per node: the cluster's /status then has one entry per node, in node order. Every player comes
        # from 127.0.0.1 (the PROXY header says so): no per-address limits.
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--map", MAP, "--worlds", "1",
             "--admin-socket", self.socket, "--no-console", "--trusted-proxy", "127.0.0.1/32",
             "--max-connections-per-address", "0", "--upgrades-per-address", "0", *self.cluster_args],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        return wait_for_port(self.port, self.process, 15)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def metric(self, pattern):
        """The sum of every sample of this node's own /metrics (node-local, unlike /status in a cluster) that
        `pattern` (bytes, one group: the value) matches; None when the node does not answer or has none."""
        try:
            status, body = http_get(self.port, "/metrics")
        except OSError:
            return None
        found = re.findall(pattern, body, re.M)
        return sum(int(n) for n in found) if status == 200 and found else None

    def players(self):
        """Players in this node's worlds."""
        return self.metric(rb'^wirequest_players\{world="\d+"\} (\d+)')

    def connections(self):
        """Open TCP connections on this node (the scrape itself is one of them)."""
        return self.metric(rb"^wirequest_connections (\d+)")

    def bot_names(self):
        """Lowercased names of the bots playing on this node, from its own admin answer (`@NODE players` in a
        cluster, where a bare `players` asks every node); None when it does not answer."""
        rc, text = self.admin("--json", *([f"@{self.name}"] if self.cluster else []), "players")
        try:
            players = json.loads(text)["players"] if rc == 0 else None
        except (ValueError, KeyError, TypeError):
            players = None
        if players is None:
            return None
        return {str(p.get("name", "")).lower() for p in players if str(p.get("name", "")).lower().startswith(BOT_PREFIX)}

    def admin(self, *words):
        done = subprocess.run([self.binary, "admin", "--socket", self.socket, *words], capture_output=True,
                              text=True, timeout=20)
        return done.returncode, (done.stdout + done.stderr).strip()

    def stop(self, sig=signal.SIGTERM):
        if self.alive():
            self.process.send_signal(sig)
            try:
                return self.process.wait(8)
            except subprocess.TimeoutExpired:
                self.process.kill()
                return self.process.wait()
        return self.process.returncode if self.process else None


def wait_until(predicate, seconds, poll=0.1):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    return predicate()


def proxy_status(port):
    try:
        status, body = http_get(port, "/status")
        return json.loads(body) if status == 200 else None
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------------------------------------------------------
# Phases


def phase_spread(nodes, http_port, bots, count, cluster):
    started = time.monotonic()
    counts = wait_until(lambda: (lambda c: c if None not in c and sum(c) >= count else None)(
        [n.players() for n in nodes]), 25) or [n.players() for n in nodes]
    took = time.monotonic() - started
    total = sum(c or 0 for c in counts)
    check(f"phase 1: {count} bots through the proxy are all in the game", total == count,
          f"{total} after {took:.1f} s, per node {counts}")
    check("phase 1: the proxy spread them over all three nodes (leastconn)",
          all((c or 0) >= count // 6 for c in counts), f"per node {counts}")
    if not cluster:
        print("SKIP phase 1 cluster-wide /status: plain nodes each report only their own worlds", flush=True)
        return
    status = wait_until(lambda: (lambda s: s if s and len(s) == 3 and sum(s) == count else None)(
        proxy_status(http_port)), 5) or proxy_status(http_port)
    check("phase 1: /status through the proxy lists the cluster's 3 worlds with all the bots",
          status and len(status) == 3 and sum(status) == count, f"{status}")


def gear_up(player, node, world):
    """Loot leather armor the operator spawns next to the player, then walk a few tiles; False on any failure."""
    return player.loot_spawned(node.admin, "leatherarmor", 22, world) and player.walk_away(world)


def phase_shared_character(nodes, world):
    a, b = nodes[0], nodes[1]
    token, name = secrets.token_hex(16), f"Trav{secrets.token_hex(2)}"
    player = Player(name, token)
    first = player.join(a.port)
    geared = first is not None and player.loot_spawned(a.admin, "leatherarmor", 22, world)
    before = player.gear()
    player.close()
    time.sleep(0.5)  # the leaving save commits and the lease is released
    second = Player(name, token)
    started = time.monotonic()
    welcome = second.join(b.port, seconds=15)
    took = time.monotonic() - started
    after = second.gear()
    second.close()
    check("phase 2: a character geared on node A loads on node B with the same HP and gear",
          geared and welcome is not None and after == before and before[1] == 22,
          f"on A {before} (looted: {geared}), on B {after} after {took:.1f} s")


def phase_tls(tls_port):
    started = time.monotonic()
    welcome, detail = tls_hello(tls_port, f"Tls{secrets.token_hex(2)}")
    check("phase 3: wss:// through the proxy's TLS port: HELLO → WELCOME", welcome is not None,
          f"{detail} in {(time.monotonic() - started) * 1000:.0f} ms")


def moved_clients(label, node, http_port, world, disrupt, prefix, clients=3, watch=None):
    """Scripted clients geared on `node`, `disrupt()` applied, then each expected back through the proxy. `watch`
    (a BotWatch) starts with the disruption."""
    players = [Player(f"{prefix}{i}{secrets.token_hex(2)}", secrets.token_hex(16)) for i in range(clients)]
    ready = [p for p in players if p.join(node.port) is not None and gear_up(p, node, world)]
    check(f"{label}: {clients} scripted clients geared and walked on {node.name}", len(ready) == clients,
          f"{len(ready)} ready")
    time.sleep(1.5)  # positions are saved at most once a second while they change
    for p in ready:
        p.follow(http_port)
    if watch:
        watch.start()
    disrupt()
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline and not all(p.rejoined.is_set() for p in ready):
        time.sleep(0.1)
    results = [p.report() for p in ready]
    back = [r for r in results if r["back_after"] is not None and r["back_after"] <= BACK_WITHIN]
    same = [r for r in back if r["gear"] == r["gear_before"] and r["distance"] is not None and r["distance"] <= 3]
    codes = sorted({r["close"] for r in results})
    slowest = max((r["back_after"] for r in back), default=None)
    check(f"{label}: every client of {node.name} plays on another node within 10 s", len(back) == len(ready) > 0,
          f"{len(back)}/{len(ready)} back, slowest {slowest if slowest is None else round(slowest, 2)} s, "
          f"close codes {codes}")
    check(f"{label}: with the same gear and within 3 tiles", len(same) == len(ready) > 0,
          "; ".join(f"{r['name']}: {r['gear_before']}→{r['gear']} moved {r['distance']}" for r in results))
    for p in players:
        p.close()
    return results


def bots_moved(label, watch, bot_log, count, line_before):
    """Every bot the node had plays on another node within BACK_WITHIN s (each node's own player list), and the bots'
    own next line says all `count` are connected, with at least that many more reconnects."""
    names, seen = watch.finish()
    slowest = max(seen.values(), default=None)
    missing = sorted(names - set(seen))
    late = sorted(name for name, t in seen.items() if t > BACK_WITHIN)
    check(f"{label}: every bot on {watch.node.name} plays on another node within {BACK_WITHIN} s",
          names and not missing and not late,
          f"{len(seen)}/{len(names)} seen on {', '.join(n.name for n in watch.others)}, slowest "
          f"{slowest if slowest is None else round(slowest, 2)} s{f', missing {missing[:8]}' if missing else ''}"
          f"{f', late {late[:8]}' if late else ''}")
    line = bot_log.after(watch.started + (slowest or 0), 6)
    before = line_before.reconnects if line_before else 0
    check(f"{label}: the bots' own line then: {count}/{count} connected, reconnects up by at least {len(names)}",
          line and line.connected == count and line.reconnects - before >= len(names) > 0,
          f"before {line_before or 'no line yet (0 reconnects)'}, after {line}")


def phase_drain(nodes, http_port, world, drain_words, bot_log, count):
    node = nodes[0]
    answer = {}

    def drain():
        answer["drain"] = node.admin(*drain_words)

    watch, line_before = BotWatch(node, [n for n in nodes if n is not node]), bot_log.last()
    moved_clients("phase 4 drain", node, http_port, world, drain, "Drn", watch=watch)
    bots_moved("phase 4 drain", watch, bot_log, count, line_before)
    rc, text = answer.get("drain", (None, ""))
    check("phase 4: the drain command is accepted", rc == 0, f"exit {rc}: {text[:200]}")
    check("phase 4: the drained node keeps running", node.alive())
    left = wait_until(lambda: node.players() == 0, 5)
    check("phase 4: the drained node has no players left", left, f"{node.players()} players")
    rc, text = node.admin("drain", "off")
    check("phase 4: drain off takes players again", rc == 0, f"exit {rc}: {text[:200]}")


def phase_kill(nodes, http_port, world, bot_log, count):
    node = nodes[1]
    status = {}

    def kill():
        node.process.send_signal(signal.SIGKILL)
        status["exit"] = node.process.wait(10)

    watch, line_before = BotWatch(node, [n for n in nodes if n is not node]), bot_log.last()
    moved_clients("phase 5 kill -9", node, http_port, world, kill, "Kil", watch=watch)
    bots_moved("phase 5 kill -9", watch, bot_log, count, line_before)
    check("phase 5: node2 was killed", status.get("exit") == -signal.SIGKILL, f"exit {status.get('exit')}")
    check("phase 5: node2 restarts on the same port", node.start())


def phase_redis(nodes, redis, http_port, world):
    """Redis away for 10 s: the nodes go on with what they have."""
    watcher, walker = Player(f"Eye{secrets.token_hex(2)}", secrets.token_hex(16)), None
    node = nodes[2]
    watcher.join(node.port)
    walker = Player(f"Leg{secrets.token_hex(2)}", secrets.token_hex(16))
    walker.join(node.port)
    population = sum(n.players() or 0 for n in nodes)
    redis.stop()
    started = time.monotonic()
    seen = 0
    walks = 0
    while time.monotonic() - started < 10:
        walked = time.monotonic()
        goal = walker.step(world, steps=2)
        walker.drain(0.05)
        if goal:
            walks += 1
            if watcher.sees_move(walker.id, goal, 0.9):
                seen += 1
        time.sleep(max(0, walked + 0.5 - time.monotonic()))  # two tiles at a walker's pace
    during = sum(n.players() or 0 for n in nodes)
    alive = [n.name for n in nodes if n.alive()]
    check("phase 6: Redis stopped 10 s: no node exits", len(alive) == 3, f"running {alive}")
    check("phase 6: the players stay connected", during >= population - 1, f"{population} before, {during} during")
    check("phase 6: a walk on a node is seen by another player there", walks > 0 and seen >= walks - 1,
          f"{seen} of {walks} walks seen")
    watcher.close()
    walker.close()
    restarted = redis.start()
    status = wait_until(lambda: (lambda s: s if s and len(s) == 3 else None)(proxy_status(http_port)), 6)
    check("phase 6: Redis back: /status lists the three nodes' worlds again", restarted and status,
          f"{status or proxy_status(http_port)}")


def browser_python(given):
    """(python of a venv with selenium, or None; why not). `given` (--browser-python) or REPO/.venv-selenium's."""
    python = given or os.path.join(REPO, ".venv-selenium", "bin", "python")
    if not os.path.exists("/usr/bin/chromium") or not os.path.exists("/usr/bin/chromedriver"):
        return None, "no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)"
    try:
        done = subprocess.run([python, "-c", "import selenium"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{python}: {error}"
    if done.returncode != 0:
        return None, f"{python} cannot import selenium"
    return python, ""


def phase_browsers(nodes, tls_port, proxy_dir, binary, out, python, seconds=100):
    """Two Chromiums over wss:// through the proxy, moved by a drain and a kill -9 (.ci/cluster_browser.py, run by
    the venv's python); its PASS/FAIL lines count here. The node it killed is restarted afterwards."""
    command = [python, os.path.join(REPO, ".ci", "cluster_browser.py"), "--binary", binary,
               "--out", os.path.join(out, "browser"), "--tls-port", str(tls_port),
               "--haproxy-socket", os.path.join(proxy_dir, "admin.sock"),
               *[arg for n in nodes for arg in ("--node", f"{n.name},{n.port},{n.socket},{n.process.pid}")]]
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, cwd=REPO)

    def relay():
        for line in child.stdout:
            line = line.rstrip("\n")
            verdict = line.split(" ", 1)
            if verdict[0] in ("PASS", "FAIL") and len(verdict) == 2:
                check(verdict[1], verdict[0] == "PASS")
            else:
                print(f"  {line}", flush=True)

    # A thread reads, so that a browser process left holding the pipe cannot stall the checks.
    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    try:
        code = child.wait(seconds)
    except subprocess.TimeoutExpired:
        child.terminate()  # SIGTERM: it quits its browsers
        try:
            code = child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            code = child.wait()
    reader.join(5)
    check("phase 7: the browser script ends in time", code == 0, f"exit {code} (after {seconds} s it is stopped)")
    for node in nodes:
        if not node.alive():
            code = node.process.returncode
            check(f"phase 7: {node.name} (killed) restarts on the same port", node.start(), f"it had exited {code}")


def phase_end_bots(nodes, bot_log, count):
    """All the bots play at the end, each on one node: the nodes' player lists and the bots' own line."""
    def spread():
        found = [n.bot_names() if n.alive() else None for n in nodes]
        ok = None not in found and sum(len(f) for f in found) == count and len(set().union(*found)) == count
        return found if ok else None

    started = time.monotonic()
    found = wait_until(spread, BACK_WITHIN) or [n.bot_names() for n in nodes]
    took = time.monotonic() - started
    check(f"at the end the nodes have all {count} bots, each on one node",
          None not in found and sum(len(f) for f in found) == count and len(set().union(*found)) == count,
          f"per node {[None if f is None else len(f) for f in found]} after {took:.1f} s")
    line = bot_log.after(time.monotonic(), 6)
    check(f"at the end the bots' own line says {count}/{count} connected", line and line.connected == count,
          f"{line}")


# ------------------------------------------------------------------------------------------------------------------


def phase_duplicate_id(binary, out, cluster_args, first):
    """A fourth process started by mistake with node1's id stops with 69 within 10 s, and node1 stays in the
    directory (its record untouched): two processes with one id would share leases."""
    impostor = Node(binary, out, 9, [*cluster_args, "--node", first.name])
    impostor.start()
    try:
        code = impostor.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        code = None
    check("a second process with node1's id stops with 69", code == 69, f"exit {code}")
    time.sleep(1.2)  # a heartbeat: node1's record must still be there
    rc, text = first.admin("status")
    check("node1 is still in the directory", rc == 0 and "[node1]" in text and "[node2]" in text,
          text.splitlines()[0] if text else f"exit {rc}")
    impostor.stop(signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-cluster-flags", action="store_true")
    parser.add_argument("--phases", help="comma-separated phase numbers (default: all, or 1,3 with plain nodes)")
    parser.add_argument("--bots", type=int, default=60)
    parser.add_argument("--drain-command", default="drain", help="admin words that drain the node (default: drain)")
    parser.add_argument("--browser-python", help="python of a venv with selenium, for phase 7 (then required)")
    args = parser.parse_args()
    cluster = not args.no_cluster_flags
    phases = {int(p) for p in args.phases.split(",")} if args.phases else (set(range(1, 9)) if cluster else {1, 3})
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    binary = os.path.abspath(args.binary)
    started = time.monotonic()
    redis, database, nodes, bots, bot_log = None, None, [], None, None
    proxy_dir = os.path.join(out, "proxy")
    http_port, tls_port = free_port(), free_port()
    try:
        done = subprocess.run(["bash", os.path.join(REPO, ".ci", "proxy.sh"), "check", os.path.join(out, "config")],
                              capture_output=True, text=True, timeout=30)
        check("the shipped haproxy.cfg and nginx.conf are valid (haproxy -c, nginx -t)", done.returncode == 0,
              (done.stdout + done.stderr).strip().splitlines()[-1] if (done.stdout + done.stderr).strip() else "")
        cluster_args = None
        if cluster:
            url = os.environ.get("WIREQUEST_TEST_POSTGRES")
            if not check("WIREQUEST_TEST_POSTGRES names a PostgreSQL", url,
                         "set it (.ci/run does) or pass --no-cluster-flags"):
                return
            database = Database(url)
            ok, text = database.create()
            if not check(f"a fresh database {database.name}", ok, text):
                database = None
                return
            redis = Redis(out)
            if not check("redis-server starts", redis.start(), f"port {redis.port}"):
                return
            cluster_args = ["--cluster", f"redis://127.0.0.1:{redis.port}", "--database", database.url]
        elif 6 in phases:  # plain nodes do not use it, but the phase's walking and watching can be tried
            redis = Redis(out)
            check("redis-server starts", redis.start(), f"port {redis.port}")
        for i in (1, 2, 3):
            node_args = cluster_args and [*cluster_args, "--node", f"node{i}"]
            nodes.append(Node(binary, out, i, node_args))
        up = [n.start() for n in nodes]
        if not check("three nodes listen", all(up), ", ".join(f"{n.name}:{n.port}" for n in nodes)):
            for node in nodes:
                with open(os.path.join(out, f"{node.name}.log"), errors="replace") as f:
                    print(f"--- {node.name}.log (last lines) ---\n" + "".join(f.readlines()[-5:]), end="", flush=True)
            return
        if cluster:
            phase_duplicate_id(binary, out, cluster_args, nodes[0])
        health = "/ready" if cluster else "/status"
        done = subprocess.run(["bash", os.path.join(REPO, ".ci", "proxy.sh"), "start", proxy_dir, str(http_port),
                               str(tls_port), *[f"127.0.0.1:{n.port}" for n in nodes], health],
                              capture_output=True, text=True, timeout=30)
        if not check("HAProxy starts with the shipped configuration", done.returncode == 0,
                     (done.stdout + done.stderr).strip()[-300:]):
            return
        # Two health checks 500 ms apart bring a node up; before that the proxy has no server.
        healthy = wait_until(lambda: proxy_status(http_port) is not None, 5)
        check("the proxy has a node up", healthy, f"after {time.monotonic() - started:.1f} s of setup")

        world = blocked_tiles(MAP)
        # Line-buffered (stdbuf), so that the bots' periodic line is in the log while they run.
        line_buffered = ["stdbuf", "-oL"] if shutil.which("stdbuf") else []
        bots = subprocess.Popen(
            [*line_buffered, binary, "bots", "--url", f"ws://127.0.0.1:{http_port}/", "--count", str(args.bots),
             "--duration", "600", "--ramp", "60", "--behavior", "wander", "--map", MAP, "--name-prefix", "cbot",
             "--warmup", "0"],
            # A fresh log: the checks read the bots' last line, which must not be an earlier run's.
            stdin=subprocess.DEVNULL, stdout=open(os.path.join(out, "bots.log"), "wb"), stderr=subprocess.STDOUT,
            cwd=REPO)
        bot_log = BotLog(os.path.join(out, "bots.log"))
        python, why = browser_python(args.browser_python) if 7 in phases else (None, "")
        steps = [
            (1, lambda: phase_spread(nodes, http_port, bots, args.bots, cluster)),
            (2, lambda: phase_shared_character(nodes, world)),
            (3, lambda: phase_tls(tls_port)),
            (4, lambda: phase_drain(nodes, http_port, world, args.drain_command.split(), bot_log, args.bots)),
            (5, lambda: phase_kill(nodes, http_port, world, bot_log, args.bots)),
            (6, lambda: phase_redis(nodes, redis, http_port, world)),
            (7, lambda: phase_browsers(nodes, tls_port, proxy_dir, binary, out, python)),
        ]
        for number, run in steps:
            if number not in phases:
                print(f"SKIP phase {number}: needs the cluster (--cluster/--database)", flush=True)
                continue
            if number == 6 and not redis:
                print("SKIP phase 6: no Redis with plain nodes", flush=True)
                continue
            if number == 7 and not python:
                if args.browser_python:
                    check("phase 7: a python with selenium and Chromium for the browsers", False, why)
                else:
                    print(f"SKIP phase 7: {why} (--browser-python makes it required)", flush=True)
                continue
            phase_started = time.monotonic()
            try:
                run()
            except Exception as error:  # a phase that breaks is a FAIL, and the others still run
                check(f"phase {number} ran to its end", False, f"{type(error).__name__}: {error}")
            print(f"phase {number}: {time.monotonic() - phase_started:.1f} s", flush=True)
        cluster_outage.run(check, nodes, http_port, world, cluster and 8 in phases)
        phase_end_bots(nodes, bot_log, args.bots)
    finally:
        if bot_log:
            bot_log.stop()
        if bots and bots.poll() is None:
            bots.send_signal(signal.SIGINT)
            try:
                bots.wait(5)
            except subprocess.TimeoutExpired:
                bots.kill()
        subprocess.run(["bash", os.path.join(REPO, ".ci", "proxy.sh"), "stop", proxy_dir], capture_output=True)
        codes = {n.name: n.stop() for n in nodes}
        if nodes:
            check("every node exits 0 on SIGTERM", all(c == 0 for c in codes.values()), f"{codes}")
        if redis:
            redis.stop()
        if database:
            ok, text = database.drop()
            if not ok:
                print(f"warning: could not drop {database.name}: {text}", flush=True)
        print(f"cluster checks: {time.monotonic() - started:.1f} s", flush=True)
        sys.exit(check.finish())  # also after a setup step's FAIL returned early


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
