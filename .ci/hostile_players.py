"""The honest side of .ci/hostile.py: scripted players that measure one-way latency, and a newcomer joining.

An honest player connects from its own loopback address (127.0.0.x, so per-address limits tell it from the
attackers), says HELLO, walks to its first tile and then, when told, MOVEs around a ring of four tiles or CHATs.
Its peers' reader threads timestamp the broadcasts they receive: a sample is (send time, latency ms, kind).
"""

import base64
import json
import os
import socket
import struct
import threading
import time

from hostile_attacks import messages, parse_frames

LOST_MS = 10000.0
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def connect(port, source, timeout=5.0, rcvbuf=0):
    """(socket, leftover bytes, HTTP status) after an upgrade from `source`; status '101' on success."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((source, 0))
    sock.settimeout(timeout)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            sock.close()
            return None, b"", "closed during handshake"
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    status = head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "?"
    return sock, rest, status


def masked(opcode, payload):
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    n = len(payload)
    head = bytes([0x80 | opcode, 0x80 | n]) if n < 126 else bytes([0x80 | opcode, 0xFE]) + struct.pack(">H", n)
    return head + mask + body


class Honest:
    def __init__(self, name, port, source, tiles, say, link_bytes_per_second=0):
        self.name, self.port, self.source, self.tiles, self.say = name, port, source, tiles, say
        self.link = link_bytes_per_second  # 0: read as fast as the server sends; else a phone on a slow link
        self.id, self.pos, self.sock = None, None, None
        self.peers, self.samples, self.disconnects, self.disconnect_reasons = [], [], [], []
        self.pending = {}  # (kind, sender id, detail) -> [send times]
        self.lock = threading.Lock()
        self.send_lock = threading.Lock()
        self.welcomed = threading.Event()
        self.closing = False
        self.ring = 0
        self.chats = 0
        self.serial = 0
        self._open()

    def _open(self):
        self.serial += 1
        self.welcomed.clear()
        sock, rest, status = connect(self.port, self.source, rcvbuf=16384 if self.link else 0)
        if status != "101":
            raise ConnectionError(f"{self.name}: upgrade answered {status}")
        self.sock = sock
        self.sock.settimeout(None)
        threading.Thread(target=self._read, args=(sock, bytearray(rest)), daemon=True).start()

    def send(self, value):
        data = masked(1, json.dumps(value).encode())
        with self.send_lock:
            try:
                self.sock.sendall(data)
            except OSError:
                pass

    def join(self, timeout=10):
        name = self.name if self.serial == 1 else f"{self.name}{self.serial}"
        self.send([0, name, 21, 60])
        return self.welcomed.wait(timeout)

    def walk_home(self):
        x, y = self.tiles[0]
        self.send([4, x, y])

    def step(self, chat=False):
        """One MOVE around the ring (and a CHAT if asked); the peers expect their broadcasts."""
        if not self.welcomed.is_set():
            return
        now = time.monotonic()
        if chat:
            self.chats += 1
            text = f"{self.name} says {self.chats}"
            for peer in self.peers:
                peer.expect(("chat", self.id, text), now)
            self.send([11, text])
            return
        self.ring = (self.ring + 1) % len(self.tiles)
        x, y = self.tiles[self.ring]
        for peer in self.peers:
            peer.expect(("move", self.id, x, y), now)
        self.send([4, x, y])

    def expect(self, key, at):
        with self.lock:
            self.pending.setdefault(key, []).append(at)

    def _arrived(self, key, now):
        with self.lock:
            times = self.pending.get(key)
            if not times:
                return
            sent = times.pop(0)
        self.samples.append((sent, (now - sent) * 1000.0, key[0]))

    def _read(self, sock, buf):
        reason = "closed"
        try:
            chunk = b""  # frames that came with the 101 first
            while True:
                if chunk is None:
                    chunk = sock.recv(4096 if self.link else 65536)
                    if not chunk:
                        reason = "the server closed the TCP connection"
                        break
                    if self.link:
                        time.sleep(len(chunk) / self.link)
                now = time.monotonic()
                buf += chunk
                chunk = None
                frames, buf = parse_frames(buf)
                done = False
                for op, payload in frames:
                    if op == 8:
                        code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                        reason = f"close {code} {payload[2:].decode(errors='replace')}"
                        done = True
                    elif op == 9:
                        with self.send_lock:
                            sock.sendall(masked(10, payload))
                    elif op == 1:
                        for m in messages(payload):
                            self._message(m, now)
                if done:
                    break
        except OSError as e:
            reason = f"socket error: {e}"
        if self.closing or sock is not self.sock:
            return
        self.disconnects.append(time.monotonic())
        self.disconnect_reasons.append(reason)
        self.say(f"{self.name} disconnected: {reason}")
        # Come back (as a player would reload) so measuring goes on; the disconnect is already a failure.
        time.sleep(1.0)
        try:
            self._open()
            if self.join():
                self.walk_home()
        except OSError as e:
            self.say(f"{self.name} could not come back: {e}")

    def _message(self, m, now):
        code = m[0] if m else None
        if code == 4 and len(m) >= 4:
            self._arrived(("move", m[1], m[2], m[3]), now)
        elif code == 11 and len(m) >= 3:
            self._arrived(("chat", m[1], m[2]), now)
        elif code == 1 and len(m) >= 5:
            self.id, self.pos = m[1], (m[3], m[4])
            self.welcomed.set()

    def finish(self):
        """Counts what never arrived as LOST_MS late."""
        with self.lock:
            for times in self.pending.values():
                self.samples.extend((t, LOST_MS, "lost") for t in times)
            self.pending.clear()

    def close(self):
        self.closing = True
        if self.sock:
            self.sock.close()


def try_join(port, source, name, seconds):
    """(seconds until WELCOME, detail) for a new player retrying for `seconds`; (None, why) if it never got in."""
    start = time.monotonic()
    tries, why = 0, "no attempt"
    while time.monotonic() - start < seconds:
        tries += 1
        sock = None
        try:
            sock, buf, status = connect(port, source, timeout=max(0.2, seconds - (time.monotonic() - start)))
            if status != "101":
                why = f"upgrade answered {status}"
                continue
            sock.sendall(masked(1, json.dumps([0, f"{name}{tries}", 21, 60]).encode()))
            buf = bytearray(buf)
            chunk = b""  # what came with the 101 may already hold frames (a close, at once)
            while time.monotonic() - start < seconds:
                if chunk is None:
                    sock.settimeout(max(0.05, seconds - (time.monotonic() - start)))
                    chunk = sock.recv(65536)
                    if not chunk:
                        why = "closed without a close frame"
                        break
                buf += chunk
                chunk = None
                frames, buf = parse_frames(buf)
                for op, payload in frames:
                    if op == 8:
                        code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
                        why = f"close {code} {payload[2:].decode(errors='replace')}"
                        raise ConnectionError(why)
                    if op == 1 and any(m and m[0] == 1 for m in messages(payload)):
                        return time.monotonic() - start, f"try {tries}"
        except (OSError, ConnectionError) as e:
            why = why if isinstance(e, ConnectionError) else f"{type(e).__name__}: {e}"
        finally:
            if sock:
                sock.close()
        time.sleep(0.25)
    return None, f"{tries} tries, last: {why}"
