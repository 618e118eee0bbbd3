#!/usr/bin/env python3
"""Black-box checks of a running `wirequest serve`, as an operator or a hostile client would see it.

Usage: serve_checks.py BINARY [--port N]

Starts BINARY serve on 127.0.0.1, then checks static files, traversal, conditional GET, the WebSocket handshake,
garbage on the port, memory for 1,000 idle WebSocket connections, and that SIGTERM sends close 1001 to every client
and exits 0 within 5 s. Standard library only. Prints one line per check and `N passed, M failed` last.
"""
import os
import random
import resource
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, WebSocket, header, wait_for_port  # noqa: E402

check = Checks()


def http(port, raw, timeout=5):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk


def status_of(response):
    try:
        return int(response.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    binary = sys.argv[1]
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 8765
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    data = tempfile.mkdtemp(prefix="wq-serve-")
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--data", os.path.join(data, "serve.sqlite"), "--admin-socket", os.path.join(data, "admin.sock"),
         # The memory check below holds 1,000 idle WebSockets from 127.0.0.1 for a few seconds: no per-address
         # limits and a long pre-HELLO timeout here (the hostile step checks the defaults that refuse them).
         "--max-connections-per-address", "0", "--upgrades-per-address", "0", "--hello-timeout", "120"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        run_checks(port, server)
    finally:
        if server.poll() is None:
            server.kill()
    sys.exit(check.finish())


def run_checks(port, server):
    index = http(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    with open("Public/index.html", "rb") as f:
        expected = f.read()
    check("GET / serves Public/index.html as text/html", status_of(index) == 200
          and header(index, "Content-Type", ).startswith("text/html") and index.endswith(expected))

    for path in (b"/../Package.swift", b"/%2e%2e/Package.swift", b"/%2E%2E/Package.swift", b"/..%2fPackage.swift"):
        response = http(port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(f"GET {path.decode()} refused", status_of(response) != 200 and b"PackageDescription" not in response,
              str(status_of(response)))

    etag = header(index, "ETag")
    again = http(port, f"GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n".encode())
    check("If-None-Match with the ETag gives 304", status_of(again) == 304)

    health = http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("GET /healthz is 200 ok", status_of(health) == 200 and health.endswith(b"ok\n"))

    ws = WebSocket(port, "/")
    opcode, payload = ws.read_frame()
    check("WebSocket handshake at ws://127.0.0.1:PORT/ and greeting 'go'",
          ws.handshake_ok and opcode == 1 and payload == b"go")
    ws.close()

    # Garbage: random bytes, a never-ending header, a 10 MB request line. Each costs one connection.
    rng = random.Random(6455)
    for i in range(20):
        try:
            http(port, bytes(rng.randrange(256) for _ in range(2048)), timeout=5)
        except OSError:
            pass
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as g:
            g.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            for _ in range(2000):
                g.sendall(b"X-Endless: " + b"y" * 100 + b"\r\n")
    except OSError:
        pass
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as g:
            g.sendall(b"GET /")
            for _ in range(160):
                g.sendall(b"a" * 65536)
    except OSError:
        pass
    health = http(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("server survives random bytes, a never-ending header and a 10 MB request line",
          server.poll() is None and status_of(health) == 200)

    # Memory for 1,000 idle WebSocket connections.
    time.sleep(0.5)
    before = rss_kib(server.pid)
    clients = []
    for _ in range(1000):
        c = WebSocket(port, "/")
        c.read_frame()
        clients.append(c)
    time.sleep(0.5)
    after = rss_kib(server.pid)
    growth = after - before
    check("1,000 idle WebSocket connections grow RSS by at most 8 MiB", growth <= 8 * 1024,
          f"{before} KiB -> {after} KiB, {growth * 1024 / 1000:.0f} bytes per connection")

    # SIGTERM: every client gets close 1001, the process exits 0 within 5 s.
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    codes = []
    for c in clients:
        try:
            opcode, payload = c.read_frame()
            while opcode == 1:  # the game may still be sending batches
                opcode, payload = c.read_frame()
            codes.append(struct.unpack(">H", payload[:2])[0] if opcode == 8 and len(payload) >= 2 else None)
            c.send(8, payload[:2])
        except OSError:
            codes.append(None)
    try:
        code = server.wait(timeout=max(0.1, 5 - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        code = None
    elapsed = time.monotonic() - started
    check("SIGTERM sends close 1001 to every client", codes.count(1001) == len(clients),
          f"{codes.count(1001)}/{len(clients)}")
    check("SIGTERM exits 0 within 5 s", code == 0, f"exit {code} after {elapsed:.2f} s")
    for c in clients:
        c.close()


if __name__ == "__main__":
    main()
