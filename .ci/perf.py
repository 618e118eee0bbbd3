#!/usr/bin/env python3
"""Performance measurements (issue 15), repeatable from the repository root after `swift build -c release`.

echo  Instructions per echoed message (issue 15: at most 1,200). Strips a copy of .build/release/wirequest to /tmp
      (valgrind 3.19 cannot read the toolchain's DWARF; the symbols stay), runs `wirequest echo` under callgrind,
      drives it with `.build/release/echobench --messages N` (each connection makes exactly N round trips), SIGINTs
      the server and reads callgrind's total Ir. It does this twice, with N and with 1 message per connection, so
      startup, handshakes and shutdown cancel out:

          Ir/message = (Ir(N) - Ir(1)) / (messages(N) - messages(1))

      The gross Ir(N)/messages(N) is printed too.

          python3 .ci/perf.py echo [--connections 100] [--messages 4000] [--size 64]
          python3 .ci/perf.py echo --connections 1 --messages 100000

      For a profile, keep the output file (--keep) and read it with
      `callgrind_annotate --inclusive=yes /tmp/perf-echo-N.out` or `--tree=caller`.

idle  Resident memory an idle WebSocket costs (issue 15: at most 1 MiB for 1,000). For `wirequest echo` and for
      `wirequest serve --data none` (whose sockets get `go` and wait for HELLO; per-address limits off and the HELLO
      timeout raised so they stay), opens --count WebSockets (handshake done, then silent), waits for the server's
      RSS (/proc/PID/statm) to settle, and prints it before, with the sockets open, and after they closed. A few
      connections are opened and closed first, so one-time allocations (the loop's read buffer, first upgrade) are
      not counted.

          python3 .ci/perf.py idle [--count 1000] [--deflate] [--check-kib 1024] [--check-serve-kib N]

world  The world without the network (`worldbench`, no sockets, no bots sharing the box): world CPU-seconds per
       player-second, CPU per delivered message, messages and frames per player-second and heap per player, for 200
       players crowded in the village, 200 fighting, and 2,000 spread over the map; with --callgrind also the
       instructions per player-tick (two runs, 1 s and N s of game time, so setup cancels out).

          python3 .ci/perf.py world [--seconds 20] [--flush-interval 3] [--callgrind]

capacity  `.ci/capacity.py` (bots on the same box) reduced to the server's CPU per player-second and per message
       delivered, frames per player-second, overruns, latency p99 and RSS per player.

          python3 .ci/perf.py capacity [--steps 2000,4000] [--server-args '--flush-rate 50']
"""

import argparse
import base64
import json
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import free_port, wait_for_port  # noqa: E402

PAGE = os.sysconf("SC_PAGESIZE")
RELEASE = ".build/release"


def fail(message):
    print(f"perf.py: {message}", file=sys.stderr)
    sys.exit(1)


# MARK: - echo


def stripped_server():
    """A copy of the release wirequest without DWARF, which valgrind 3.19 cannot parse."""
    source = os.path.join(RELEASE, "wirequest")
    if not os.path.exists(source):
        fail(f"{source} missing: run `swift build -c release` first")
    target = "/tmp/perf-wirequest"
    subprocess.run(["strip", "--strip-debug", source, "-o", target], check=True)
    return target


def callgrind_run(binary, connections, messages, size, out):
    """Runs the echo server under callgrind for one echobench run; returns (total Ir, messages echoed)."""
    port = free_port()
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "echo", "--port", str(port),
         "--log-level", "warning", "--ping-interval", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        if not wait_for_port(port, server, seconds=120):
            fail("the echo server under callgrind did not start")
        bench = subprocess.run(
            [os.path.join(RELEASE, "echobench"), "--url", f"ws://127.0.0.1:{port}/", "--connections",
             str(connections), "--size", str(size), "--in-flight", "1", "--messages", str(messages),
             "--seconds", "3600"],
            capture_output=True, text=True, check=True)
    finally:
        server.send_signal(signal.SIGINT)
        _, log = server.communicate(timeout=300)
    match = re.search(r"messages (\d+)", bench.stdout)
    if not match or f"{connections} of {connections} connections finished" not in bench.stdout:
        fail(f"echobench did not finish: {bench.stdout.strip()}")
    with open(out) as f:
        totals = [line for line in f if line.startswith("totals:") or line.startswith("summary:")]
    if not totals:
        fail(f"no totals in {out}; valgrind said:\n{log}")
    return int(totals[-1].split()[1]), int(match.group(1))


def echo(args):
    binary = stripped_server()
    base_out = f"/tmp/perf-echo-{args.connections}-1.out"
    out = f"/tmp/perf-echo-{args.connections}-{args.messages}.out"
    base_ir, base_messages = callgrind_run(binary, args.connections, 1, args.size, base_out)
    ir, messages = callgrind_run(binary, args.connections, args.messages, args.size, out)
    net = (ir - base_ir) / (messages - base_messages)
    print(f"fixed (1 message per connection): Ir {base_ir:,}, messages {base_messages:,}")
    print(f"run: Ir {ir:,}, messages {messages:,}, gross Ir/message {ir / messages:,.0f}")
    print(f"echo: {args.connections} connections, {args.size} B, in flight 1: Ir/message {net:,.0f}")
    if not args.keep:
        os.remove(base_out)
        os.remove(out)
    if args.check is not None:
        if net > args.check:
            fail(f"{net:,.0f} instructions per echo, over the budget of {args.check:,}")
        print(f"echo check passed: {net:,.0f} ≤ {args.check:,} instructions per echo")


# MARK: - idle


def rss(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def settled_rss(pid, seconds=1.0):
    """RSS once it has not changed for `seconds` (at most 10 s)."""
    deadline = time.monotonic() + 10
    value = rss(pid)
    stable_since = time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - stable_since < seconds:
        time.sleep(0.1)
        now = rss(pid)
        if now != value:
            value, stable_since = now, time.monotonic()
    return value


def open_websockets(port, count, path, deflate):
    """Opens `count` WebSockets and completes their handshakes; returns the sockets, left silent."""
    extension = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" if deflate else ""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n"
            f"{extension}\r\n".encode())
        sockets.append(s)
    # Read every answer (and anything sent right after it, like serve's `go`) without blocking on any one socket.
    selector = selectors.DefaultSelector()
    pending = {}
    for s in sockets:
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ)
        pending[s] = b""
    deadline = time.monotonic() + 30
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            s = key.fileobj
            data = s.recv(65536)
            if not data:
                fail("the server closed a WebSocket during the handshake")
            pending[s] += data
            if b"\r\n\r\n" in pending[s]:
                if not pending[s].startswith(b"HTTP/1.1 101"):
                    fail(f"upgrade refused: {pending[s].splitlines()[0]!r}")
                del pending[s]
                selector.unregister(s)
    if pending:
        fail(f"{len(pending)} handshakes did not complete")
    return sockets


def measure_idle(name, command, port, path, count, deflate):
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        if not wait_for_port(port, server, seconds=30):
            fail(f"{name} did not start")
        for s in open_websockets(port, 20, path, deflate):
            s.close()
        time.sleep(0.5)
        before = settled_rss(server.pid)
        sockets = open_websockets(port, count, path, deflate)
        time.sleep(0.5)
        opened = settled_rss(server.pid)
        if server.poll() is not None:
            fail(f"{name} exited")
        for s in sockets:
            s.close()
        time.sleep(1.0)
        closed = settled_rss(server.pid)
        growth = opened - before
        print(
            f"{name}: RSS {before / 1024:,.0f} KiB, with {count} idle WebSockets {opened / 1024:,.0f} KiB "
            f"(+{growth / 1024:,.0f} KiB, {growth / count:,.0f} B each), after closing {closed / 1024:,.0f} KiB")
        return growth
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def idle(args):
    binary = os.path.join(RELEASE, "wirequest")
    if not os.path.exists(binary):
        fail(f"{binary} missing: run `swift build -c release` first")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.count + 1000), hard))
    port = free_port()
    grown = {}
    grown["echo"] = measure_idle(
        "echo", [binary, "echo", "--port", str(port), "--log-level", "warning"], port, "/", args.count,
        args.deflate)
    port = free_port()
    serve = [
        binary, "serve", "--port", str(port), "--host", "127.0.0.1", "--data", "none", "--admin-socket", "none",
        "--no-console", "--hello-timeout", "600", "--max-connections-per-address", "0", "--upgrades-per-address",
        "0", "--log-level", "warning",
    ]
    grown["serve"] = measure_idle("serve", serve, port, "/", args.count, args.deflate)
    for name, budget in (("echo", args.check_kib), ("serve", args.check_serve_kib)):
        if budget is None:
            continue
        if grown[name] > budget * 1024:
            fail(f"{name}: {args.count} idle WebSockets grew RSS by {grown[name] / 1024:,.0f} KiB, over {budget:,} KiB")
        print(f"idle check passed: {name} grew {grown[name] / 1024:,.0f} KiB ≤ {budget:,} KiB")


# MARK: - world


WORLD_SCENARIOS = [(200, "crowded"), (200, "fight"), (2000, "sparse")]


def worldbench(players, spread, seconds, flush_interval, binary=None, prefix=()):
    command = list(prefix) + [binary or os.path.join(RELEASE, "worldbench"), "--players", str(players), "--spread",
                              spread, "--seconds", str(seconds), "--flush-interval", str(flush_interval), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        fail(f"worldbench failed: {result.stderr.strip()[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def world(args):
    """The world alone, no network: CPU per player-second and per message, and instructions per player-tick."""
    print(f"worldbench, {args.seconds} s of game time, flush every {args.flush_interval} tick(s) (the server's default)")
    print("| players | spread | world CPU per player-second | per message | messages/player/s | frames/player/s "
          "| heap/player | Ir per player-tick |")
    print("|---|---|---|---|---|---|---|---|")
    stripped = None
    if args.callgrind:
        stripped = "/tmp/perf-worldbench"
        shutil.copy(os.path.join(RELEASE, "worldbench"), stripped)
        subprocess.run(["strip", "--strip-debug", stripped], check=True)
    for players, spread in WORLD_SCENARIOS:
        r, _ = worldbench(players, spread, args.seconds, args.flush_interval)
        per_tick = "–"
        if stripped:
            # Two runs, 1 s and N s of game time: the map load, the world's setup and the warm-up cancel out.
            counts = []
            for seconds in (1, args.callgrind_seconds):
                out = f"/tmp/perf-world-{spread}-{players}-{seconds}.out"
                _, stderr = worldbench(players, spread, seconds, args.flush_interval, binary=stripped,
                                       prefix=("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"))
                match = re.search(r"Collected\s*:\s*([\d,]+)", stderr)
                if not match:
                    fail(f"no instruction count from callgrind: {stderr[-300:]}")
                counts.append(int(match.group(1).replace(",", "")))
            ticks = (args.callgrind_seconds - 1) * 50
            per_tick = f"{(counts[1] - counts[0]) / (players * ticks):,.0f}"
        print(f"| {players:,} | {spread} | {r['cpuSecondsPerPlayerSecond'] * 1e6:.1f} µs "
              f"| {r['nanosecondsPerMessage']:.0f} ns | {r['messagesPerPlayerSecond']:.1f} "
              f"| {r['framesPerPlayerSecond']:.1f} | {r['heapBytesPerPlayer']:,.0f} B | {per_tick} |")


# MARK: - capacity


def capacity(args):
    """The capacity run (.ci/capacity.py), reduced to what issue 15 asks: CPU per player-second and per message."""
    out = args.json or "/tmp/perf-capacity.json"
    command = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "capacity.py"),
               "--steps", args.steps, "--json", out] + (["--server-args", args.server_args] if args.server_args else [])
    if subprocess.run(command).returncode != 0:
        fail("capacity.py failed")
    with open(out) as f:
        steps = json.load(f)["steps"]
    print()
    print("| bots | server CPU per player-second | per delivered message | frames/player/s | overruns "
          "| latency p99 | RSS/player |")
    print("|---|---|---|---|---|---|---|")
    for r in steps:
        print(f"| {r['bots']:,} | {r['serverCPUPerPlayerSecondMs']:.3f} ms | {r['serverCPUPerMessageUs']:.2f} µs "
              f"| {r['framesPerPlayerPerSecond']:.1f} | {r['overruns']} | {r['latencyP99Ms']:.1f} ms "
              f"| {r['rssPerPlayerBytes'] / 1024:.1f} KiB |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("echo", help="callgrind instructions per echoed message")
    command.add_argument("--connections", type=int, default=100)
    command.add_argument("--messages", type=int, default=4000, help="round trips per connection")
    command.add_argument("--size", type=int, default=64)
    command.add_argument("--keep", action="store_true", help="keep the callgrind output files in /tmp")
    command.add_argument("--check", type=int, help="fail above this many instructions per echo")
    command.set_defaults(run=echo)
    command = commands.add_parser("idle", help="RSS growth for idle WebSockets on echo and serve")
    command.add_argument("--count", type=int, default=1000)
    command.add_argument("--deflate", action="store_true", help="offer permessage-deflate, as browsers do")
    command.add_argument("--check-kib", type=int, help="fail if echo's RSS grows by more than this")
    command.add_argument("--check-serve-kib", type=int, help="fail if serve's RSS grows by more than this")
    command.set_defaults(run=idle)
    command = commands.add_parser("world", help="the world alone: CPU per player-second, per message, per tick")
    command.add_argument("--seconds", type=int, default=20, help="game time per scenario")
    command.add_argument("--flush-interval", type=int, default=3, help="ticks between flushes (serve's default: 3)")
    command.add_argument("--callgrind", action="store_true", help="also count instructions per player-tick")
    command.add_argument("--callgrind-seconds", type=int, default=6)
    command.set_defaults(run=world)
    command = commands.add_parser("capacity", help="capacity.py's CPU per player-second and per message")
    command.add_argument("--steps", default="2000,4000")
    command.add_argument("--server-args", default="")
    command.add_argument("--json")
    command.set_defaults(run=capacity)
    args = parser.parse_args()
    if shutil.which("valgrind") is None and args.command == "echo":
        fail("valgrind is not installed")
    args.run(args)


if __name__ == "__main__":
    main()
