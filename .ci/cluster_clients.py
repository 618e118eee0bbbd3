"""Scripted players for .ci/cluster_checks.py: a fixed token cookie (the same character everywhere), gear and
position followed from the server's messages, and a browser's reconnection after a node drains or dies. Also what
the bots do when a node goes away: their own periodic line (BotLog) and where the server sees them (BotWatch)."""
import base64
import hashlib
import os
import random
import re
import socket
import ssl
import threading
import time

from game_checks import http_get, reachable_goal  # noqa: F401  (http_get is re-exported to cluster_checks)
from wsclient import GUID, WebSocket, header

WELCOME, MOVE, LOOTMOVE, LOOT, EQUIP, HP, PROFILE = 1, 4, 5, 12, 13, 23, 30
ARMORS, WEAPONS = range(20, 27), range(60, 67)


def open_websocket(sock, host, headers=()):
    """The RFC 6455 handshake on a connected socket (plain or TLS): a wsclient.WebSocket, or None if refused."""
    key = base64.b64encode(os.urandom(16)).decode()
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers)
    sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    if not head.startswith(b"HTTP/1.1 101") or header(head + b"\r\n\r\n", "Sec-WebSocket-Accept") != expected:
        return None
    ws = WebSocket.__new__(WebSocket)
    ws.sock, ws.buffer, ws.handshake_ok = sock, rest, True
    return ws


def tls_hello(port, name):
    """(WELCOME or None, detail) of a player over wss:// to 127.0.0.1:port, the certificate not verified."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        raw = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock = context.wrap_socket(raw, server_hostname="localhost")
        version = sock.version()
        ws = open_websocket(sock, f"localhost:{port}")
        if ws is None:
            return None, f"{version}: upgrade refused"
        go = ws.read_text()
        ws.send_json([0, name, 21, 60])
        messages = ws.read_messages(lambda m: m[0] == WELCOME, limit=20)
        ws.close()
        welcome = next((m for m in messages if m[0] == WELCOME), None)
        return welcome, f"{version}, '{go}', WELCOME {welcome}"
    except (OSError, ssl.SSLError, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"


class Player:
    """One character (name + token) over successive connections; the position it stands on as the server has it."""

    def __init__(self, name, token):
        self.name, self.token = name, token
        self.ws = None
        self.id = None
        self.position = None
        self.max_hp, self.armor, self.weapon = None, 21, 60
        self.rejoined = threading.Event()
        self.result = {"name": name, "close": None, "back_after": None, "gear_before": None, "gear": None,
                       "distance": None}
        self.stopping = False
        self.thread = None

    def gear(self):
        return (self.max_hp, self.armor, self.weapon)

    def note(self, messages):
        for m in messages:
            if m[0] == WELCOME and len(m) > 5:
                if m[1] != self.id:
                    self.armor, self.weapon = 21, 60
                self.id, self.position, self.max_hp = m[1], (m[3], m[4]), m[5]
            elif m[0] == EQUIP and len(m) > 2 and m[1] == self.id:
                if m[2] in ARMORS:
                    self.armor = m[2]
                elif m[2] in WEAPONS:
                    self.weapon = m[2]
            elif m[0] == HP and len(m) > 1:
                self.max_hp = m[1]

    def connect_once(self, port):
        """One connection and HELLO; the first batch read (to PROFILE). The WELCOME, or None."""
        sock = None
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            ws = open_websocket(sock, f"127.0.0.1:{port}", [("Cookie", f"wq_token={self.token}")])
            if ws is None or ws.read_text() != "go":
                sock.close()
                return None
            ws.send_json([0, self.name, 21, 60])
            self.id = None
            messages = ws.read_messages(lambda m: m[0] == PROFILE, limit=50)
        except (OSError, ValueError, IndexError):
            if sock:
                sock.close()
            return None
        welcome = next((m for m in messages if m[0] == WELCOME), None)
        if welcome is None:
            ws.close()
            return None
        self.ws = ws
        self.note(messages)
        return welcome

    def join(self, port, seconds=5):
        """Connects (retrying refusals every 250 ms for up to `seconds`); the WELCOME or None."""
        deadline = time.monotonic() + seconds
        while True:
            welcome = self.connect_once(port)
            if welcome is not None or time.monotonic() >= deadline:
                return welcome
            time.sleep(0.25)

    def drain(self, seconds, until=None):
        """Reads for up to `seconds` (noting gear and corrections); True once `until(message)` held."""
        end = time.monotonic() + seconds
        self.ws.sock.settimeout(0.1)
        try:
            while time.monotonic() < end:
                try:
                    messages = self.ws.read_messages(lambda m: True, limit=1)
                except (socket.timeout, TimeoutError):
                    continue
                self.note(messages)
                if until and any(until(m) for m in messages):
                    return True
        finally:
            self.ws.sock.settimeout(5)
        return False

    def loot_spawned(self, admin, kind_name, kind, world):
        """The operator spawns `kind_name` next to the player (admin(*words) → (rc, text)), who loots it. `world`:
        (width, height, blocked tiles) of the map."""
        width, _, blocked = world
        x, y = self.position
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (2, 0), (0, 2)):
            spot = (x + dx, y + dy)
            if spot[1] * width + spot[0] in blocked:
                continue
            rc, text = admin("spawn", kind_name, str(spot[0]), str(spot[1]))
            if rc != 0 or "#" not in text:
                continue
            item = int(text.split("#", 1)[1].split()[0])
            self.ws.send_json([LOOTMOVE, spot[0], spot[1], item])
            self.drain(0.3 + 0.15 * (abs(dx) + abs(dy)))
            self.position = spot
            self.ws.send_json([LOOT, item])
            return self.drain(3, lambda m: m[0] == EQUIP and m[1] == self.id and m[2] == kind)
        return False

    def step(self, world, steps=3):
        """MOVE to a walkable tile `steps` away; the goal, or None."""
        goal = reachable_goal(self.position, *world, steps=steps)
        if goal is None:
            return None
        self.ws.send_json([MOVE, goal[0], goal[1]])
        self.position = goal
        return goal

    def walk_away(self, world):
        goal = self.step(world)
        self.drain(0.6)
        return goal is not None

    def sees_move(self, mover, goal, seconds):
        return self.drain(seconds, lambda m: m[0] == MOVE and m[1:4] == [mover, goal[0], goal[1]])

    # A browser's life across a node going away: noticed, reconnected through the proxy, compared.

    def follow(self, proxy_port):
        self.result["gear_before"] = self.gear()
        self.before = self.position
        self.thread = threading.Thread(target=self._follow, args=(proxy_port,), daemon=True)
        self.thread.start()

    def _follow(self, proxy_port):
        code = None
        self.ws.sock.settimeout(0.2)
        while not self.stopping:
            try:
                if self.ws.read_text() is None:
                    code = getattr(self.ws, "close_code", 1005)
                    break
            except (socket.timeout, TimeoutError):
                continue
            except (OSError, ConnectionError, ValueError):
                code = 1006
                break
        if self.stopping:
            return
        lost = time.monotonic()
        self.ws.close()
        self.result["close"] = code
        # What net.js does: at once (≤ 300 ms) after 1012/1001, within a second after anything else, then 1 s apart.
        time.sleep(random.uniform(0, 0.3) if code in (1012, 1001) else random.uniform(0.25, 1.0))
        while not self.stopping and time.monotonic() - lost < 12:
            welcome = self.connect_once(proxy_port)
            if welcome is not None:
                self.result["back_after"] = time.monotonic() - lost
                self.result["gear"] = self.gear()
                x, y = self.position
                self.result["distance"] = abs(x - self.before[0]) + abs(y - self.before[1])
                self.rejoined.set()
                return
            time.sleep(1)

    def report(self):
        return dict(self.result)

    def close(self):
        self.stopping = True
        if self.thread:
            self.thread.join(2)
        if self.ws:
            self.ws.close()


# The bots (`wirequest bots`, one process) seen from outside.

BOTS_LINE = re.compile(r"^(\d+)/(\d+) connected, .*reconnects (\d+)")


class BotLine:
    def __init__(self, seen, connected, count, reconnects, text):
        self.seen, self.connected, self.count, self.reconnects, self.text = seen, connected, count, reconnects, text

    def __repr__(self):
        return f"'{self.text}'"


class BotLog:
    """The bots' periodic line (`N/COUNT connected, … reconnects R`, every 5 s), each with the monotonic time it
    appeared in their log (written line-buffered): what the bots count themselves."""

    def __init__(self, path):
        self.path = path
        self.lines = []
        self.lock = threading.Lock()
        self.stopping = False
        self.thread = threading.Thread(target=self._tail, daemon=True)
        self.thread.start()

    def _tail(self):
        offset, partial = 0, b""
        while not self.stopping:
            try:
                with open(self.path, "rb") as f:
                    f.seek(offset)
                    data = f.read()
            except FileNotFoundError:
                data = b""
            offset += len(data)
            *complete, partial = (partial + data).split(b"\n")
            now = time.monotonic()
            for raw in complete:
                text = raw.decode(errors="replace").strip()
                found = BOTS_LINE.match(text)
                if found:
                    with self.lock:
                        self.lines.append(BotLine(now, int(found.group(1)), int(found.group(2)),
                                                  int(found.group(3)), text))
            time.sleep(0.1)

    def last(self):
        with self.lock:
            return self.lines[-1] if self.lines else None

    def after(self, moment, seconds):
        """The first line that appeared after `moment` (monotonic), waiting up to `seconds` for it; or None."""
        end = time.monotonic() + seconds
        while True:
            with self.lock:
                line = next((line for line in self.lines if line.seen > moment), None)
            if line or time.monotonic() >= end:
                return line
            time.sleep(0.1)

    def stop(self):
        self.stopping = True
        self.thread.join(1)


class BotWatch:
    """The bots on a node about to go away (`node.bot_names()`, its own answer), and when each is seen playing on one
    of the others (polled every 200 ms from `start()`, for up to `limit` seconds)."""

    def __init__(self, node, others, limit=12):
        self.node, self.others, self.limit = node, others, limit
        self.names = node.bot_names() or set()
        self.seen = {}
        self.started = None
        self.thread = None

    def start(self):
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while time.monotonic() - self.started < self.limit and len(self.seen) < len(self.names):
            for other in self.others:
                if other.alive():
                    for name in (other.bot_names() or set()) & (self.names - set(self.seen)):
                        self.seen[name] = time.monotonic() - self.started
            time.sleep(0.2)

    def finish(self):
        """(names that were on the node, {name: seconds until seen elsewhere}) once all are back or time is up."""
        if self.thread:
            self.thread.join(self.limit + 5)
        return self.names, dict(self.seen)
