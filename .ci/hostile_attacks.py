#!/usr/bin/env python3
"""The attackers of .ci/hostile.py, each run as its own process so the honest players' threads never wait for them.

    hostile_attacks.py idle     --port P [--count 1000] [--source A | --spread N] [--burst B] [--open-rate R] --seconds S
    hostile_attacks.py pipeline --port P [--conns 20] [--requests 20000] [--source A] --seconds S
    hostile_attacks.py flood    --port P [--clients 2] [--rate 5000] [--near X,Y] [--map M] --seconds S
    hostile_attacks.py slow     --port P [--count 300] [--per-address 10] [--ramp 5] [--who-ids ID,..] --seconds S

idle: keeps COUNT upgraded WebSockets open that never say HELLO, reopening any the server closes (BURST at once,
then at most OPEN_RATE new ones a second), as an attacker repeating the attack would; with --spread N, from N
addresses 127.0.2.x in turn. pipeline: connections writing REQUESTS pipelined GETs
each (/metrics, /status and / static) without reading the answers; every fourth reads 4 KB per 100 ms. flood: CLIENTS
players sending RATE MOVEs a second each (batched into one write per 10 ms), alternating their own tile and a
neighbour, reading what they are sent, reconnecting when closed. slow: COUNT players (PER_ADDRESS per source
address 127.0.1.x, arriving and leaving over RAMP seconds) with a tiny receive buffer that say HELLO and never read again; each sends WHO for WHO_IDS
(repeated to WHO_COUNT ids, 64) WHO_RATE times a second (2). Every attacker prints one JSON line of what it did when it ends.
Standard library only. Sockets are non-blocking under one selector: the attacker never waits for the server.
"""

import argparse
import base64
import collections
import errno
import json
import os
import resource
import selectors
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import frame_head  # noqa: E402

KEY = base64.b64encode(b"hostile-traffic!").decode()


def upgrade_request(port):
    return (f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()


def frame(text, opcode=1):
    """A client frame masked with key 0 (legal, and the payload stays as is: cheap to build in bulk)."""
    data = text.encode() if isinstance(text, str) else text
    return frame_head(opcode, len(data)) + b"\0\0\0\0" + data


def parse_frames(buf):
    """[(opcode, payload)] of the complete server frames at the start of buf, and the rest."""
    out = []
    while len(buf) >= 2:
        n, off = buf[1] & 0x7F, 2
        if n == 126:
            if len(buf) < 4:
                break
            n, off = struct.unpack(">H", buf[2:4])[0], 4
        elif n == 127:
            if len(buf) < 10:
                break
            n, off = struct.unpack(">Q", buf[2:10])[0], 10
        if len(buf) < off + n:
            break
        out.append((buf[0] & 0x0F, bytes(buf[off:off + n])))
        buf = buf[off + n:]
    return out, buf


def messages(payload):
    """The game messages of one text frame (a batch or a single array); [] for `go` and the like."""
    try:
        data = json.loads(payload)
    except ValueError:
        return []
    if not isinstance(data, list) or not data:
        return []
    return data if isinstance(data[0], list) else [data]


class Conn:
    """One non-blocking client socket: connect from `source`, upgrade, then whatever its attack does."""

    def __init__(self, port, source, rcvbuf=0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((source, 0))
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", port))
        self.out = bytearray(upgrade_request(port))
        self.inbuf = bytearray()
        self.upgraded = False
        self.closed = None  # why, once closed
        self.opened = time.monotonic()

    def close(self, why, sel=None):
        if self.closed is None:
            self.closed = why
            if sel:
                try:
                    sel.unregister(self.sock)
                except (KeyError, ValueError):
                    pass
            self.sock.close()

    def flush(self):
        """Writes what it can of self.out; False if the connection failed."""
        try:
            while self.out:
                n = self.sock.send(self.out)
                del self.out[:n]
        except BlockingIOError:
            pass
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.ENOTCONN):
                return True  # still connecting
            return False
        return True

    def read(self, limit=65536):
        """Bytes read now (b"" if nothing), or None once the server closed."""
        try:
            data = self.sock.recv(limit)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError:
            return None
        return data if data else None

    def take_upgrade(self):
        """After reads: 'ok', 'refused' (a non-101 answer) or None while the head is incomplete."""
        if b"\r\n\r\n" not in self.inbuf:
            return None
        head, rest = bytes(self.inbuf).split(b"\r\n\r\n", 1)
        self.inbuf = bytearray(rest)
        self.status = head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "?"
        self.upgraded = head.startswith(b"HTTP/1.1 101")
        return "ok" if self.upgraded else "refused"


def close_code(payload):
    return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005


# ---------------------------------------------------------------------------------------------------------------


def attack_idle(a, end):
    """Upgraded WebSockets that never say HELLO, kept at a.count."""
    sel = selectors.DefaultSelector()
    live, stats = set(), collections.Counter()
    codes, last_open, peak, serial = collections.Counter(), 0.0, 0, 0
    while time.monotonic() < end:
        now = time.monotonic()
        # A first burst, then at most OPEN_RATE new connections a second: reopening is a steady attack.
        budget = max(0, int((now - last_open) * a.open_rate)) if last_open else a.burst or a.count
        if budget:
            last_open = now
        while len(live) < a.count and budget > 0:
            # --spread N: from 127.0.2.1 .. 127.0.2.N in turn, as a botnet would (per-address caps don't see it).
            source = f"127.0.2.{1 + serial % a.spread}" if a.spread else a.source
            serial += 1
            try:
                c = Conn(a.port, source)
            except OSError:
                stats["connect errors"] += 1
                break
            c.flush()
            sel.register(c.sock, selectors.EVENT_READ, c)
            live.add(c)
            stats["opened"] += 1
            budget -= 1
        for key, _ in sel.select(0.01):
            c = key.data
            data = c.read()
            if data is None:
                stats["closed by server" if c.upgraded else "refused (closed before 101)"] += 1
                c.close("eof", sel)
                live.discard(c)
                continue
            c.inbuf += data
            if not c.upgraded:
                r = c.take_upgrade()
                if r == "ok":
                    stats["upgraded"] += 1
                elif r == "refused":
                    stats[f"refused (HTTP {c.status})"] += 1
                    c.close("refused", sel)
                    live.discard(c)
                    continue
            frames, c.inbuf = parse_frames(c.inbuf)
            for op, payload in frames:
                if op == 8:
                    codes[close_code(payload)] += 1
        for c in list(live):
            if not c.upgraded and now - c.opened > 5:
                stats["handshake timeouts"] += 1
                c.close("timeout", sel)
                live.discard(c)
        peak = max(peak, sum(1 for c in live if c.upgraded))
    return dict(stats, peak_upgraded_open=peak, close_codes=dict(codes))


def attack_pipeline(a, end):
    sel = selectors.DefaultSelector()
    paths = ["/metrics"] * a.conns + ["/status"] * max(1, a.conns // 5) + ["/"] * max(1, a.conns // 5)
    conns, stats = [], collections.Counter()
    for i, path in enumerate(paths):
        c = Conn(a.port, a.source, rcvbuf=4096 if i % 4 == 1 else 0)
        c.out = bytearray(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode() * a.requests)
        c.total, c.slow, c.next_read = len(c.out), i % 4 == 1, 0.0
        sel.register(c.sock, selectors.EVENT_WRITE | (selectors.EVENT_READ if i % 4 == 1 else 0), c)
        conns.append(c)
    while time.monotonic() < end and any(c.closed is None for c in conns):
        for key, ev in sel.select(0.05):
            c = key.data
            if ev & selectors.EVENT_WRITE and c.out and not c.flush():
                c.close("write failed", sel)
                continue
            if not c.out and c.closed is None:
                sel.modify(c.sock, selectors.EVENT_READ, c) if c.slow else sel.unregister(c.sock)
        now = time.monotonic()
        for c in conns:
            if c.slow and c.closed is None and now >= c.next_read:
                c.next_read = now + 0.1
                data = c.read(4096)
                if data is None:
                    c.close("eof", sel)
                else:
                    stats["bytes read (slow readers)"] += len(data)
    for c in conns:
        stats["request bytes written"] += c.total - len(c.out)
        stats["requests written"] += (c.total - len(c.out)) * a.requests // c.total
        if c.closed:
            stats[f"closed ({c.closed})"] += 1
        c.close("end")
    return dict(stats, connections=len(conns))


def neighbour(blocked, w, h, x, y):
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        nx, ny = x + dx, y + dy
        if 0 <= nx < w and 0 <= ny < h and ny * w + nx not in blocked:
            return nx, ny
    return x, y


def attack_flood(a, end):
    """Players sending MOVEs far faster than anyone clicks, next to the honest ones."""
    sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from game_checks import blocked_tiles

    w, h, blocked = blocked_tiles(a.map)
    near = tuple(int(v) for v in a.near.split(",")) if a.near else None
    sel = selectors.DefaultSelector()
    stats, codes = collections.Counter(), collections.Counter()
    players, serial = [], 0

    def connect():
        nonlocal serial
        serial += 1
        c = Conn(a.port, a.source)
        c.out += frame(json.dumps([0, f"flood{os.getpid() % 1000}x{serial}", 21, 60]))
        c.flush()
        c.pos, c.batch, c.ready_at, c.sent = None, b"", None, 0
        sel.register(c.sock, selectors.EVENT_READ, c)
        players.append(c)
        stats["connections"] += 1

    for _ in range(a.clients):
        connect()
    per_tick = max(1, a.rate // 100)
    next_tick = time.monotonic()
    while time.monotonic() < end:
        for key, _ in sel.select(max(0.0, next_tick - time.monotonic())):
            c = key.data
            data = c.read()
            if data is None:
                c.close("eof", sel)
                continue
            c.inbuf += data
            if not c.upgraded and c.take_upgrade() is not None and not c.upgraded:
                stats[f"refused (HTTP {c.status})"] += 1
                c.close("refused", sel)
                continue
            frames, c.inbuf = parse_frames(c.inbuf)
            for op, payload in frames:
                if op == 8:
                    codes[close_code(payload)] += 1
                elif op == 1:
                    for m in messages(payload):
                        if m and m[0] == 1:  # WELCOME (or a correction): flood from where the server has us
                            if c.pos is not None:
                                stats["corrections"] += 1
                            c.pos = (m[3], m[4])
                            goal = c.pos
                            if near and c.ready_at is None:
                                goal = neighbour(blocked, w, h, *near)
                                c.out += frame(json.dumps([4, goal[0], goal[1]]))
                                c.ready_at = time.monotonic() + 0.12 * (abs(goal[0] - c.pos[0]) + abs(goal[1] - c.pos[1])) + 1.0
                            else:
                                c.ready_at = c.ready_at or time.monotonic()
                            other = neighbour(blocked, w, h, *goal)
                            pair = frame(json.dumps([4, goal[0], goal[1]])) + frame(json.dumps([4, other[0], other[1]]))
                            c.batch = pair * (per_tick // 2) + (frame(json.dumps([4, goal[0], goal[1]])) if per_tick % 2 else b"")
        now = time.monotonic()
        if now >= next_tick:
            next_tick += 0.01
            for c in players:
                if c.closed is None and c.batch and now >= c.ready_at and len(c.out) < 65536:
                    c.out += c.batch
                    c.sent += per_tick
                if c.closed is None and c.out and not c.flush():
                    c.close("write failed", sel)
            for c in [c for c in players if c.closed is not None]:
                players.remove(c)
                stats["moves queued"] += c.sent
                stats[f"closed ({c.closed})"] += 1
                connect()  # the attacker comes back
    for c in players:
        stats["moves queued"] += c.sent
        c.close("end")
    per_client = stats["moves queued"] / max(1, a.clients) / max(0.001, a.seconds)
    return dict(stats, close_codes=dict(codes), target_rate_per_client=a.rate, moves_per_s_per_client=round(per_client))


def attack_slow(a, end):
    """Players that never read, each asking WHO for ids it already knows."""
    ids = [int(v) for v in a.who_ids.split(",")] if a.who_ids else []
    who = frame(json.dumps([20] + (ids * a.who_count)[:a.who_count])) if ids else b""
    conns, stats = [], collections.Counter()
    start = time.monotonic()
    deadline = start + a.ramp + 5
    # They arrive over `ramp` seconds: the honest players nearby are told of each (SPAWN), and a crowd walking in
    # is not the harm measured here; what they never read is.
    while time.monotonic() < deadline and (len(conns) < a.count or any(
            not c.said_hello and c.closed is None for c in conns)):
        due = a.count if a.ramp <= 0 else min(a.count, int(a.count * (time.monotonic() - start) / a.ramp) + 1)
        while len(conns) < due:
            i = len(conns)
            try:
                c = Conn(a.port, f"127.0.1.{1 + i // a.per_address}", rcvbuf=1024)
            except OSError:
                stats["connect errors"] += 1
                c = None
            if c is None:
                conns.append(None)
                continue
            c.said_hello, c.index = False, i
            conns.append(c)
        for c in conns:
            if c is None or c.said_hello or c.closed:
                continue
            c.flush()
            data = c.read(4096)
            if data is None:
                stats["closed before HELLO"] += 1
                c.close("eof")
                continue
            c.inbuf += data
            r = c.take_upgrade() if not c.upgraded else None
            if r == "refused":
                stats[f"refused (HTTP {c.status})"] += 1
                c.close("refused")
            elif c.upgraded:
                c.out += frame(json.dumps([0, f"slow{c.index}", 21, 60]))
                c.flush()
                c.said_hello = True
                stats["said HELLO"] += 1
        time.sleep(0.005)
    conns = [c for c in conns if c is not None]
    next_who = time.monotonic()
    while time.monotonic() < end - a.ramp:
        time.sleep(0.02)
        now = time.monotonic()
        send_who = who and now >= next_who
        if send_who:
            next_who = now + 1.0 / a.who_rate
        for c in conns:
            if c.closed is None and c.said_hello:
                if send_who and len(c.out) < 4096:
                    c.out += who
                    stats["WHO sent"] += 1
                if c.out and not c.flush():
                    stats["closed (write failed)"] += 1
                    c.close("write failed")
    stats["still open at the end"] = sum(1 for c in conns if c.closed is None and c.said_hello)
    # They leave as they came, over `ramp` seconds: 300 DESPAWNs in one tick are a crowd, not this attack.
    for i, c in enumerate(conns):
        c.close("end")
        time.sleep(a.ramp / max(1, len(conns)))
    return dict(stats)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["idle", "pipeline", "flood", "slow"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--source", default="127.0.0.1")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--conns", type=int, default=20)
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--rate", type=int, default=5000)
    ap.add_argument("--near", default="")
    ap.add_argument("--map", default="Maps/world.tmj")
    ap.add_argument("--per-address", type=int, default=10)
    ap.add_argument("--who-ids", default="")
    ap.add_argument("--ramp", type=float, default=5)
    ap.add_argument("--spread", type=int, default=0)
    ap.add_argument("--burst", type=int, default=0)
    ap.add_argument("--open-rate", type=int, default=500)
    ap.add_argument("--who-count", type=int, default=64)
    ap.add_argument("--who-rate", type=float, default=2)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < 4096:  # 1,000 sockets and more
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard) if hard != resource.RLIM_INFINITY else 4096, hard))
    end = time.monotonic() + a.seconds
    result = globals()[f"attack_{a.kind}"](a, end)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
