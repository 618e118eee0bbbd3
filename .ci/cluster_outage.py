"""Phase 8 of .ci/cluster_checks.py: the cluster's PostgreSQL stopped for ~8 s while the game goes on.

The PostgreSQL is the one of WIREQUEST_TEST_POSTGRES (its port is the URL's); WIREQUEST_TEST_POSTGRES_DIR names the
directory `.ci/postgres.sh start DIR PORT` made it in, so that the phase can stop it and start it again (skipped
without it, or a FAIL when WIREQUEST_REQUIRE_SERVICES=1). While it is down:

  - no node exits, and the bots stay connected;
  - a scripted walk on a node is seen by another player there;
  - a new player (a fresh name and token) is refused with close 1013 and a reason that says to try again;
  - two scripted players loot armor (the operator spawns it next to each); one of them then leaves;
  - each node's log says the failure a few times at most, not once per save (the worlds hand over saves every
    tick while players move).

Then PostgreSQL starts again. The player that left comes back at once on another node: that node holds off
taking the expired lease for one TTL after its own reconnection, the first node renews its leases within a second,
writes what it kept (a renewal that works again triggers the commit, without waiting for the back-off's next try)
and lets the character go; the player has its armor. Each node writes what it kept within a few seconds (at the
latest at the back-off's next try: 1 s doubling to 10 s, ~15 s after the stop for an 8 s outage), and the player
that stayed, reconnected to another node afterwards, has its armor too.

Standard library only; `run()` is the one entry point cluster_checks.py calls.
"""
import os
import re
import secrets
import socket
import struct
import subprocess
import time
import urllib.parse

from cluster_clients import ARMORS, Player, open_websocket

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTAGE_SECONDS = 8
MAILARMOR = 23
# Lines a node may log about the outage: the failed commit (again when the error's text changes: refused, reset…),
# the failed lease renewal, audit lines the operator's commands could not store, and the "writes work again" line.
LOG_LINES_ALLOWED = 8


def postgres(command, *words):
    done = subprocess.run(["bash", os.path.join(REPO, ".ci", "postgres.sh"), command, *words],
                          capture_output=True, text=True, timeout=60)
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def newcomer(port):
    """A fresh name and token's HELLO: (close code, reason) of the server's answer, or (None, what happened)."""
    name, token = f"New{secrets.token_hex(2)}", secrets.token_hex(16)
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=8)
    except OSError as error:
        return None, f"connect: {error}"
    try:
        ws = open_websocket(sock, f"127.0.0.1:{port}", [("Cookie", f"wq_token={token}")])
        if ws is None or ws.read_text() != "go":
            return None, "no 'go'"
        ws.send_json([0, name, 21, 60])
        for _ in range(50):
            opcode, payload = ws.read_frame()
            if opcode == 8:
                code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
                return code, payload[2:].decode(errors="replace")
            if opcode == 1 and payload.startswith(b"[1,"):
                return None, f"let in: {payload[:60]!r}"
        return None, "no answer"
    except (OSError, ValueError, ConnectionError) as error:
        return None, f"{type(error).__name__}: {error}"
    finally:
        sock.close()


def log_size(node):
    try:
        return os.path.getsize(os.path.join(node.out, f"{node.name}.log"))
    except OSError:
        return 0


def log_since(node, offset):
    with open(os.path.join(node.out, f"{node.name}.log"), "rb") as f:
        f.seek(offset)
        return f.read().decode(errors="replace").splitlines()


def outage_lines(lines):
    """The lines a storage outage causes by itself (about saves, leases, the database): not the one line per refused
    HELLO ("could not load NAME"), which a player's retries multiply."""
    pattern = re.compile(r"could not|cannot|work again|postgres|database|connection refused", re.I)
    return [line for line in lines if pattern.search(line) and "could not load" not in line]


def run(check, nodes, http_port, world, wanted):
    """Phase 8, if `wanted` (a cluster, and phase 8 asked for or all phases): prints its time like the others."""
    if not wanted:
        return
    started = time.monotonic()
    try:
        phase_postgres(check, nodes, world)
    except Exception as error:  # a phase that breaks is a FAIL, and the run goes on to its cleanup
        check("phase 8 ran to its end", False, f"{type(error).__name__}: {error}")
    print(f"phase 8: {time.monotonic() - started:.1f} s", flush=True)


def phase_postgres(check, nodes, world):
    directory, url = os.environ.get("WIREQUEST_TEST_POSTGRES_DIR"), os.environ.get("WIREQUEST_TEST_POSTGRES", "")
    port = urllib.parse.urlsplit(url).port
    if not directory or not port:
        why = "WIREQUEST_TEST_POSTGRES_DIR (the directory of `.ci/postgres.sh start DIR PORT`) is not set"
        if os.environ.get("WIREQUEST_REQUIRE_SERVICES") == "1":
            check("phase 8: the PostgreSQL to stop is known", False, why)
        else:
            print(f"SKIP phase 8: {why}", flush=True)
        return
    node, other = nodes[0], nodes[1]
    if not node.alive() or not other.alive():
        check("phase 8: node1 and node2 run", False, f"node1 {node.alive()}, node2 {other.alive()}")
        return
    watcher = Player(f"Owl{secrets.token_hex(2)}", secrets.token_hex(16))
    walker = Player(f"Pac{secrets.token_hex(2)}", secrets.token_hex(16))
    looter = Player(f"Gem{secrets.token_hex(2)}", secrets.token_hex(16))
    leaver = Player(f"Ore{secrets.token_hex(2)}", secrets.token_hex(16))
    joined = [p.join(node.port) is not None for p in (watcher, walker, looter, leaver)]
    if not check("phase 8: four scripted players on node1", all(joined), f"{joined}"):
        return
    time.sleep(0.3)  # their leases and first saves are written
    population = sum(n.players() or 0 for n in nodes)
    # Connections, not players in the worlds: a bot killed by a mob is out of its world for the 2 s before it
    # revives, and with 60 bots fighting more than one can be at that moment.
    connected = sum(n.connections() or 0 for n in nodes)
    offsets = [log_size(n) for n in nodes]
    down_at = time.monotonic()
    ok, text = postgres("stop", directory)
    if not check("phase 8: PostgreSQL stops", ok, text[-200:]):
        return
    stopped = time.monotonic()
    try:
        refused = None
        looted = left = False
        left_gear = None
        walks = seen = 0
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            elapsed = time.monotonic() - stopped
            if not looted and elapsed > 1:
                looted = looter.loot_spawned(node.admin, "mailarmor", MAILARMOR, world)
                looted = looted and looter.armor == MAILARMOR
            elif not left and elapsed > 2:
                left = leaver.loot_spawned(node.admin, "mailarmor", MAILARMOR, world) and leaver.armor == MAILARMOR
                left_gear = leaver.gear()
                leaver.close()
            elif refused is None and elapsed > 3:
                refused = newcomer(other.port)
            walked = time.monotonic()
            goal = walker.step(world, steps=2)
            walker.drain(0.05)
            if goal:
                walks += 1
                seen += bool(watcher.sees_move(walker.id, goal, 0.9))
            time.sleep(max(0, walked + 0.5 - time.monotonic()))
        during = sum(n.players() or 0 for n in nodes)
        still_connected = sum(n.connections() or 0 for n in nodes)
        alive = [n.name for n in nodes if n.alive()]
    finally:
        # In the background: the player that left tries to come back while PostgreSQL starts, as a browser would.
        starter = subprocess.Popen(["bash", os.path.join(REPO, ".ci", "postgres.sh"), "start", directory, str(port)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    starting = time.monotonic()
    back = Player(leaver.name, leaver.token)
    welcome = back.join(other.port, seconds=20)
    took = time.monotonic() - starting
    text = starter.communicate(timeout=60)[0].strip()
    ok = starter.returncode == 0
    up_at = time.monotonic()
    check("phase 8: PostgreSQL stopped ~8 s: no node exits", len(alive) == len(nodes), f"running {alive}")
    # One scripted player left on purpose (and HAProxy's health checks come and go).
    check("phase 8: the players stay connected", still_connected >= connected - 2,
          f"{connected} connections before, {still_connected} during; players in the worlds {population} before, "
          f"{during} during")
    check("phase 8: a walk on a node is seen by another player there", walks > 0 and seen >= walks - 1,
          f"{seen} of {walks} walks seen")
    code, reason = refused or (None, "not tried")
    check("phase 8: a new player is refused with 1013 and told to try again",
          code == 1013 and "try again" in reason.lower(), f"close {code} '{reason}'")
    check("phase 8: two players loot armor during the outage, one of them leaves", looted and left,
          f"gear {looter.gear()}, {left_gear if left else leaver.gear()}")
    if not check("phase 8: PostgreSQL starts again", ok, f"{text[-200:]} after {up_at - down_at:.1f} s down"):
        return
    check("phase 8: the player that left during the outage, back at once on another node, has its armor",
          welcome is not None and back.armor == MAILARMOR,
          f"{left_gear if left else None} → {back.gear() if welcome else 'refused'} on {other.name} "
          f"{took:.1f} s after PostgreSQL was asked to start")
    back.close()

    # Every node writes what it kept at its next retry; node1's holds the armor.
    def recovered(n, offset):  # noqa: E306
        return any("work again" in line for line in log_since(n, offset))

    deadline = up_at + 12
    written = {}
    while time.monotonic() < deadline and len(written) < len(nodes):
        for n, offset in zip(nodes, offsets):
            if n.name not in written and recovered(n, offset):
                written[n.name] = round(time.monotonic() - up_at, 1)
        time.sleep(0.1)
    check("phase 8: each node says it writes again within 12 s of PostgreSQL's return (what it kept, or its leases)",
          len(written) == len(nodes), f"seen in the logs by {written} s after the restart")
    gear = looter.gear()
    looter.close()
    walker.close()
    watcher.close()
    again = Player(looter.name, looter.token)
    welcome = again.join(other.port, seconds=12)
    check("phase 8: the player, reconnected to another node, has the armor it looted during the outage",
          welcome is not None and again.armor == MAILARMOR and again.armor in ARMORS,
          f"before {gear}, on {other.name} {again.gear() if welcome else 'refused'}")
    again.close()
    counts = {n.name: outage_lines(log_since(n, offset)) for n, offset in zip(nodes, offsets)}
    worst = max(counts.items(), key=lambda item: len(item[1]))
    check(f"phase 8: the nodes log the outage a few times (≤ {LOG_LINES_ALLOWED} lines each), not per save",
          len(worst[1]) <= LOG_LINES_ALLOWED,
          f"{ {name: len(lines) for name, lines in counts.items()} }; {worst[0]}: "
          + " | ".join(line[-110:] for line in worst[1][:LOG_LINES_ALLOWED + 2]))
