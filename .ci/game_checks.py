#!/usr/bin/env python3
"""Black-box checks of `wirequest serve` speaking BrowserQuest's protocol, on a given map.

Usage: game_checks.py BINARY MAP [--port N]

MAP may be WireQuest's Tiled world (Maps/world.tmj) or BrowserQuest's world_server.json: the server must load
either. The checks play the handshake as a BrowserQuest client does (go, HELLO, WELCOME in the first batch, LIST,
WHO), walk, try a free teleport and a malformed message, and read /status. Prints `N passed, M failed` last.
"""
import base64
import collections
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, WebSocket, http_get, wait_for_port  # noqa: E402

WELCOME, SPAWN, MOVE, POPULATION, LIST, WHO, PROFILE = 1, 2, 4, 17, 19, 20, 30
check = Checks()


def blocked_tiles(path):
    """The map's collision set, computed the way the server documents it (for choosing a legal walk)."""
    with open(path) as f:
        data = json.load(f)
    width, height = data["width"], data["height"]
    if "collisions" in data:  # BrowserQuest's processed server map
        return width, height, set(data["collisions"])
    colliding = set()
    for tileset in data["tilesets"]:
        if "source" in tileset:
            with open(os.path.join(os.path.dirname(path), tileset["source"])) as f:
                ts = json.load(f)
        else:
            ts = tileset
        for tile in ts.get("tiles", []):
            for prop in tile.get("properties", []):
                if prop["name"] in ("c", "collides", "collision") and prop["value"] in (True, 1, "1", "true"):
                    colliding.add(tileset["firstgid"] + tile["id"])
    blocked = set()

    def walk(layers):
        for layer in layers:
            if layer["type"] == "group":
                walk(layer["layers"])
            elif layer["type"] == "tilelayer":
                cells = layer["data"]
                if isinstance(cells, str):
                    raw = base64.b64decode(cells)
                    cells = [int.from_bytes(raw[i : i + 4], "little") for i in range(0, len(raw), 4)]
                for index, gid in enumerate(cells):
                    gid &= 0x1FFFFFFF
                    if gid and (layer["name"] == "blocking" or gid in colliding):
                        blocked.add(index)

    walk(data["layers"])
    return width, height, blocked


def placed_mobs(path):
    """[(kind code, x, y)] of the mobs the map places on fixed tiles (they stand there until provoked)."""
    with open(path) as f:
        data = json.load(f)
    width = data["width"]
    kinds = {"rat": 2, "skeleton": 3, "goblin": 4, "ogre": 5, "spectre": 6, "crab": 7, "bat": 8, "wizard": 9,
             "eye": 10, "snake": 11, "skeleton2": 12, "boss": 13, "deathknight": 14}
    found = []
    if "staticEntities" in data:
        for index, name in data["staticEntities"].items():
            if name in kinds:
                found.append((kinds[name], int(index) % width, int(index) // width))
        return found
    types = {}
    for tileset in data["tilesets"]:
        for tile in tileset.get("tiles", []):
            for prop in tile.get("properties", []):
                if prop["name"] == "type":
                    types[tileset["firstgid"] + tile["id"]] = prop["value"]
    for layer in data["layers"]:
        if layer.get("name") == "entities" and layer["type"] == "tilelayer":
            for index, gid in enumerate(layer["data"]):
                name = types.get(gid & 0x1FFFFFFF)
                if name in kinds:
                    found.append((kinds[name], index % width, index // width))
    return found


def shortest_path(start, goals, width, height, blocked):
    """Breadth-first path (list of tiles, start excluded) to the nearest of `goals`, or None."""
    goals = set(goals)
    previous = {start: None}
    queue = collections.deque([start])
    while queue:
        tile = queue.popleft()
        if tile in goals:
            path = []
            while tile != start:
                path.append(tile)
                tile = previous[tile]
            return path[::-1]
        x, y = tile
        for nxt in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            nx, ny = nxt
            if 0 <= nx < width and 0 <= ny < height and nxt not in previous and ny * width + nx not in blocked:
                previous[nxt] = tile
                queue.append(nxt)
    return None


def walk(ws, path, log):
    """Walks `path` as a client clicking ahead: legs of up to 20 tiles, waiting for each at 120 ms per tile."""
    position = None
    for start in range(0, len(path), 20):
        leg = path[start : start + 20]
        ws.send_json([MOVE, leg[-1][0], leg[-1][1]])
        drain(ws, log, len(leg) * 0.12 + 0.25)
        position = leg[-1]
    return position


def drain(ws, log, seconds):
    """Reads whatever arrives for `seconds`, appending every message to `log`."""
    ws.sock.settimeout(0.1)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            log.extend(ws.read_messages(lambda m: True, limit=1))
        except (socket.timeout, TimeoutError):
            pass
    ws.sock.settimeout(10)


def reachable_goal(start, width, height, blocked, steps=4):
    """A walkable tile `steps` moves away from `start` by breadth-first search, or None."""
    seen = {start: 0}
    queue = collections.deque([start])
    while queue:
        x, y = queue.popleft()
        if seen[(x, y)] == steps:
            return (x, y)
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if 0 <= nx < width and 0 <= ny < height and (nx, ny) not in seen and ny * width + nx not in blocked:
                seen[(nx, ny)] = seen[(x, y)] + 1
                queue.append((nx, ny))
    return None


def join(port, name):
    ws = WebSocket(port)
    go = ws.read_text()
    ws.send_json([0, name, 26, 63])  # claims golden armor and sword: must be ignored
    messages = ws.read_messages(lambda m: m[0] == LIST)
    return ws, go, messages


def main():
    binary, map_path = sys.argv[1], sys.argv[2]
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 8766
    started = time.monotonic()
    data = tempfile.mkdtemp(prefix="wq-game-")  # a fresh database: the names below are new characters
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--map", map_path, "--log-level", "notice",
         "--data", os.path.join(data, "game.sqlite"), "--admin-socket", os.path.join(data, "admin.sock")],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        ready = time.monotonic() - started
        check(f"server loads {os.path.basename(map_path)} and listens in under 1 s", server.poll() is None and ready < 1,
              f"{ready * 1000:.0f} ms")
        if server.poll() is None:
            run_checks(port, map_path)
    finally:
        server.terminate()
        try:
            code = server.wait(timeout=6)
        except subprocess.TimeoutExpired:
            server.kill()
            code = None
        check("SIGTERM exits 0", code == 0, f"exit {code}")
        shutil.rmtree(data, ignore_errors=True)
    sys.exit(check.finish())


def run_checks(port, map_path):
    status, body = http_get(port, "/status")
    counts = json.loads(body)
    check("GET /status is a JSON array of per-world counts", status == 200 and counts == [0] * len(counts) and counts,
          body.decode())

    alice, go, messages = join(port, "Alice<script>alert")
    check("raw 'go' arrives first", go == "go")
    check("WELCOME is the first message of the first batch", messages and messages[0][0] == WELCOME,
          str(messages[:1]))
    welcome = messages[0]
    check("name is cut to 15 characters and HTML-escaped", welcome[2] == "Alice&lt;script&gt;al", welcome[2])
    check("equipment claimed in HELLO is ignored (max HP 80 = cloth armor)", welcome[5] == 80, str(welcome))
    lists = [m for m in messages if m[0] == LIST]
    check("POPULATION and LIST follow", any(m[0] == POPULATION for m in messages) and lists)
    check("PROFILE (WireQuest's) ends the first batch: a new character without a password",
          messages[-1] == [PROFILE, welcome[2], 0, 0], str(messages[-1]))
    listed = lists[0][1:] if lists else []
    if listed:
        alice.send_json([WHO] + listed[:20])
        spawns = alice.read_messages(lambda m: m[0] == SPAWN)
        check("WHO is answered with SPAWN", any(m[0] == SPAWN and m[1] in listed for m in spawns))

    bob, _, bob_messages = join(port, "Bob")
    check("a second player joins", bob_messages and bob_messages[0][0] == WELCOME)
    status, body = http_get(port, "/status")
    check("/status counts both players", sum(json.loads(body)) == 2, body.decode())

    bob_welcome = bob_messages[0]
    bob_id = bob_welcome[1]
    alice.sock.settimeout(1.0)
    try:
        seen = alice.read_messages(lambda m: m[0] == SPAWN and m[1] == bob_id, limit=20)
    except (socket.timeout, TimeoutError):
        seen = []
    neighbours = any(m[0] == SPAWN and m[1] == bob_id for m in seen)
    if map_path.endswith(".tmj"):  # WireQuest's starting areas all share one neighbourhood
        check("a player joining next to another is spawned for it", neighbours, str(seen[:6]))
    if neighbours:
        bob_goal = reachable_goal((bob_welcome[3], bob_welcome[4]), *blocked_tiles(map_path), steps=2)
        bob.send_json([MOVE, bob_goal[0], bob_goal[1]])
        try:
            moves = alice.read_messages(lambda m: m[0] == MOVE and m[1] == bob_id, limit=50)
        except (socket.timeout, TimeoutError):
            moves = []
        check("the other player sees that player walk", [MOVE, bob_id, bob_goal[0], bob_goal[1]] in moves)
    alice.sock.settimeout(10)

    width, height, blocked = blocked_tiles(map_path)
    start = (welcome[3], welcome[4])
    goal = reachable_goal(start, width, height, blocked)
    if goal:
        alice.send_json([MOVE, goal[0], goal[1]])
        alice.sock.settimeout(1.5)
        try:
            corrected = alice.read_messages(lambda m: m[0] == WELCOME, limit=20)
        except (socket.timeout, TimeoutError):
            corrected = []
        alice.sock.settimeout(10)
        check("a legal MOVE is accepted (no correction)", not any(m[0] == WELCOME for m in corrected),
              f"{start} -> {goal}")
    far = next(((x, y) for y in range(height - 2, 0, -1) for x in range(width - 2, 0, -1)
                if y * width + x not in blocked and abs(x - start[0]) + abs(y - start[1]) > 60), None)
    if far:
        alice.send_json([15, far[0], far[1]])
        corrected = alice.read_messages(lambda m: m[0] == WELCOME, limit=50)
        welcomes = [m for m in corrected if m[0] == WELCOME]
        check("a free TELEPORT is refused with a WELCOME correction", welcomes and (welcomes[-1][3], welcomes[-1][4]) != far,
              str(welcomes[-1:]))

    bob.send(1, b"[4, 1")
    closed = ""
    for _ in range(100):  # batches already in flight come first
        closed = bob.read_text()
        if closed is None:
            break
    check("a malformed message closes that connection with 1008", closed is None and bob.close_code == 1008,
          str(getattr(bob, "close_code", None)))
    alice.send_json([11, "still here"])
    heard = alice.read_messages(lambda m: m[0] == 11, limit=20)
    check("the other player is unaffected", any(m[0] == 11 and m[2] == "still here" for m in heard))
    alice.close()
    bob.close()
    combat_checks(port, map_path)


def combat_checks(port, map_path):
    """The combat acceptance: hunt a rat and loot what it drops; stand by an aggressive mob without ever sending
    HURT and die; revive with HELLO."""
    width, height, blocked = blocked_tiles(map_path)
    mobs = placed_mobs(map_path)
    hunter, _, messages = join(port, "Hunter")
    welcome = messages[0]
    start = (welcome[3], welcome[4])
    rats = [(x, y) for kind, x, y in mobs if kind == 2]
    targets = [(x + dx, y + dy) for x, y in rats for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    path = shortest_path(start, targets, width, height, blocked)
    if path is None and "collisions" in json.load(open(map_path)):
        # BrowserQuest's placed rats are all behind doors, which this script does not walk through.
        print("SKIP combat: no placed rat on BrowserQuest's map is reachable without a door", flush=True)
        return
    check("a rat is reachable on foot from the start", path is not None)
    if path is None:
        return
    log = []
    here = walk(hunter, path, log)
    rat_tile = next(r for r in rats if abs(r[0] - here[0]) + abs(r[1] - here[1]) == 1)
    corrections = [m for m in log if m[0] == WELCOME]
    lists = [m for m in log if m[0] == LIST]
    if lists:
        hunter.send_json([WHO] + lists[-1][1:])
    drain(hunter, log, 0.5)
    rat = next((m[1] for m in log if m[0] == SPAWN and m[2] == 2 and (m[3], m[4]) == rat_tile), None)
    check("the rat is spawned for the player next to it", rat is not None,
          f"rat at {rat_tile}, walked to {here}, corrections {corrections[:2]}, lists {len(lists)}, "
          f"rats seen {[m for m in log if m[0] == SPAWN and m[2] == 2][:5]}")
    if rat is None:
        return
    hunter.send_json([7, rat])
    fight = []
    for _ in range(60):
        hunter.send_json([8, rat])
        drain(hunter, fight, 0.85)
        if any(m[0] == 18 for m in fight):
            break
    codes = [m[0] for m in fight]
    check("hitting the rat yields DAMAGE", 16 in codes)
    check("and KILL with the rat's kind", [18, 2] in fight)
    check("and DESPAWN of the rat", [3, rat] in fight)
    drop = next((m for m in fight if m[0] == 14 and m[1] == rat), None)
    if drop:
        check("DROP comes after DESPAWN", fight.index(drop) > fight.index([3, rat]))
        hunter.send_json([5, rat_tile[0], rat_tile[1], drop[2]])
        drain(hunter, fight, 0.6)
        hunter.send_json([12, drop[2]])
        after = []
        drain(hunter, after, 0.5)
        check("looting the drop gives HEALTH, HP or EQUIP", any(m[0] in (10, 13, 23) for m in after),
              f"kind {drop[3]}: {after[:4]}")
    hunter.close()

    victim, _, messages = join(port, "Victim")
    welcome = messages[0]
    start = (welcome[3], welcome[4])
    aggressive = [(x, y) for kind, x, y in mobs if kind in (7, 4)]  # crabs and goblins notice you at 1 tile
    targets = [(x + dx, y + dy) for x, y in aggressive for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    path = shortest_path(start, targets, width, height, blocked)
    check("an aggressive mob is reachable", path is not None)
    if path is None:
        return
    log = []
    walk(victim, path, log)
    # Never sends HURT (or anything else) from here on.
    health = []
    deadline = time.monotonic() + 60
    victim.sock.settimeout(0.5)
    while time.monotonic() < deadline and not (health and health[-1] <= 0):
        try:
            for m in victim.read_messages(lambda m: True, limit=1):
                if m[0] == 10:
                    health.append(m[1])
        except (socket.timeout, TimeoutError):
            pass
    victim.sock.settimeout(10)
    check("a client that never sends HURT still loses HP", health and min(health) < 80, str(health[:8]))
    check("and dies", health and health[-1] == 0, f"last HEALTH {health[-1:] if health else None}")
    victim.send_json([0, "Victim", 21, 60])
    revived = victim.read_messages(lambda m: m[0] == WELCOME, limit=50)
    check("HELLO again revives with full HP", any(m[0] == WELCOME and m[5] == 80 for m in revived))
    victim.close()


if __name__ == "__main__":
    main()
