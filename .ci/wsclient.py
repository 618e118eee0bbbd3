"""A minimal RFC 6455 client on the standard library, for CI's black-box checks."""
import base64
import hashlib
import json
import os
import socket
import struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU seconds of PID (all threads), from /proc/PID/stat (fields 14 and 15 of proc(5))."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def frame_head(opcode, n):
    """A final, masked frame's first bytes for a payload of n bytes (RFC 6455 §5.2), without the masking key."""
    if n < 126:
        return bytes([0x80 | opcode, 0x80 | n])
    if n < 65536:
        return bytes([0x80 | opcode, 0x80 | 126]) + struct.pack(">H", n)
    return bytes([0x80 | opcode, 0x80 | 127]) + struct.pack(">Q", n)


def header(response, name):
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name.lower():
            return value.strip()
    return None


class WebSocket:
    """Blocking client: handshake, masked sends, frame reads (control frames answered or reported)."""

    def __init__(self, port, path="/", timeout=10, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            data += chunk
        head, self.buffer = data.split(b"\r\n\r\n", 1)
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.handshake_ok = head.startswith(b"HTTP/1.1 101") and header(head + b"\r\n\r\n", "Sec-WebSocket-Accept") == expected

    def _need(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk

    def read_frame(self):
        """Returns (opcode, payload)."""
        self._need(2)
        opcode = self.buffer[0] & 0x0F
        length = self.buffer[1] & 0x7F
        offset = 2
        if length == 126:
            self._need(4)
            length = struct.unpack(">H", self.buffer[2:4])[0]
            offset = 4
        elif length == 127:
            self._need(10)
            length = struct.unpack(">Q", self.buffer[2:10])[0]
            offset = 10
        self._need(offset + length)
        payload = self.buffer[offset : offset + length]
        self.buffer = self.buffer[offset + length :]
        return opcode, payload

    def send(self, opcode, payload):
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(frame_head(opcode, len(payload)) + mask + body)

    def send_json(self, value):
        self.send(1, json.dumps(value).encode())

    def read_text(self):
        """The next text message (pings answered); None once the server closes."""
        while True:
            opcode, payload = self.read_frame()
            if opcode == 1:
                return payload.decode()
            if opcode == 9:
                self.send(10, payload)
            elif opcode == 8:
                self.close_code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else None
                return None

    def read_messages(self, until, limit=200):
        """Reads batches and yields each message array until `until(message)` is true; returns all read."""
        seen = []
        for _ in range(limit):
            text = self.read_text()
            if text is None:
                break
            data = json.loads(text)
            batch = data if data and isinstance(data[0], list) else [data]
            seen.extend(batch)
            if any(until(m) for m in batch):
                break
        return seen

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def http_get(port, path):
    """GET `path` from 127.0.0.1:port with a connection of its own: (status, body); status None when the answer is no
    HTTP response."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    try:
        return int(head.split(b" ")[1]), body
    except (IndexError, ValueError):
        return None, body


def wait_for_port(port, process, seconds=10.0):
    """Polls until 127.0.0.1:port accepts TCP; False if `process` exits first or time runs out."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            if process.poll() is not None:
                return False
            time.sleep(0.02)
    return False


class Checks:
    """PASS/FAIL lines and the closing `N passed, M failed` line CI reads."""

    def __init__(self):
        self.results = []

    def __call__(self, name, ok, detail=""):
        self.results.append(bool(ok))
        print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        return bool(ok)

    def finish(self):
        passed = sum(self.results)
        print(f"{passed} passed, {len(self.results) - passed} failed")
        return 0 if passed == len(self.results) else 1
