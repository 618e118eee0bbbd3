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
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import WebSocket  # noqa: E402

WELCOME, SPAWN, MOVE, POPULATION, LIST, WHO = 1, 2, 4, 17, 19, 20
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


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


def http_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


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
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--map", map_path, "--log-level", "notice"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.02)
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
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if passed == len(results) else 1)


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
    check("POPULATION and LIST follow", any(m[0] == POPULATION for m in messages) and messages[-1][0] == LIST)
    listed = messages[-1][1:]
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


if __name__ == "__main__":
    main()
