#!/usr/bin/env python3
"""Hostile traffic costs only the sender: issue 13's four harms replayed while honest players play.

    python3 .ci/hostile.py .build/release/wirequest [--port N] [--rss-budget-mb 256] [--serve-arg=--flag ...]

Starts `wirequest serve --data none` (one world of 1,000 so everyone shares it; more flags with --serve-arg) and
`wirequest bots --count 20`. Two honest scripted players (from 127.0.0.2 and .3, so per-address limits tell them
from the attackers; B reads through a 20 KB/s link, a phone) stand in one zone of the map's first starting area and
each sends a MOVE every 250 ms and a CHAT every 3 s; the other's reader timestamps the broadcast: one-way latency.
Then, each after a quiet baseline, one attack at a time, from its own process (.ci/hostile_attacks.py, niced: it
stands in for a machine elsewhere):

1. idle: 1,000 upgraded WebSockets from 127.0.0.1 that never say HELLO (reopened when closed); 3 s in, a new
   player from 127.0.0.4 must get its WELCOME within --join-seconds (retrying when refused); idle-spread: the
   same from 50 addresses (127.0.2.x), which per-address limits cannot tell from players: the slot a WebSocket
   takes at HELLO and the short pre-HELLO timeout must let the newcomer in;
2. pipeline: 20 connections writing 20,000 pipelined GET /metrics each (and some /status and /), not reading
   (every fourth reads slowly);
3. flood: two players next to the honest ones sending 5,000 MOVEs/s each (their own tile and a neighbour);
4. slow: 300 players from 127.0.1.x (10 per address) that say HELLO and never read (1 KB receive buffer), asking
   WHO for the honest players' ids (256 at a time) 4 times a second, while the flood of 3 runs beside them.

Fails when, in any phase, an honest player's latency p99 is over --p99-ms (a message never delivered counts as
10 s; column `late`: 10 s late or never), an honest player is disconnected, the newcomer does not get in, the
server's RSS (VmRSS, sampled 10 times a second) goes over --rss-budget-mb, or the server is not alive at the end.
Prints a table per phase and a final `hostile: PASS` or `hostile: FAIL (...)` line; exit status 1 on failure.
About 2 minutes. Outputs (server log, bots' summary, hostile.json with every number) go to --out.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from game_checks import blocked_tiles  # noqa: E402
from hostile_players import Honest, try_join  # noqa: E402
from wsclient import free_port  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
LOST_MS = 10000.0  # a message never delivered counts as this late


class Monitor(threading.Thread):
    """Samples the server's VmRSS and CPU ticks 10 times a second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def sample(self):
        with open(f"/proc/{self.pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return time.monotonic(), rss, int(fields[11]) + int(fields[12])

    def run(self):
        while not self.stop.is_set():
            try:
                self.samples.append(self.sample())
            except (OSError, StopIteration, ValueError, IndexError):
                pass
            time.sleep(0.1)


def log_times(path, t0_wall, t0_mono):
    """Monotonic times of the server's log lines (their ISO timestamps, mapped through the run's start)."""
    import datetime

    out = []
    with open(path, errors="replace") as f:
        for line in f:
            try:
                wall = datetime.datetime.fromisoformat(line.split(" ", 1)[0].replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
            out.append(t0_mono + wall - t0_wall)
    return out


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]



def near_tiles(blocked, w, center, count):
    """`count` walkable tiles around `center` in its zone (28x12: chat is heard in the speaker's zone only)."""
    cx, cy = center
    cands = sorted(((cx + dx, cy + dy) for dx in range(-4, 5) for dy in range(-3, 4)),
                   key=lambda t: abs(t[0] - cx) + abs(t[1] - cy))
    return [t for t in cands if t[1] * w + t[0] not in blocked and (t[0] // 28, t[1] // 12) == (cx // 28, cy // 12)
            and t[0] >= 0 and t[1] >= 0][:count]


def start_center(path):
    """The middle of the map's first starting checkpoint (where new players appear), or None."""
    with open(path) as f:
        data = json.load(f)
    for cp in data.get("checkpoints", []):  # BrowserQuest's world_server.json
        if cp.get("s") == 1:
            return cp["x"] + cp["w"] // 2, cp["y"] + cp["h"] // 2
    for layer in data.get("layers", []):
        if layer.get("type") == "objectgroup" and layer.get("name", "").lower() == "checkpoints":
            for o in layer["objects"]:
                if (o.get("type") or o.get("class")) == "start":
                    return (int(o["x"] + o.get("width", 16) / 2) // 16, int(o["y"] + o.get("height", 16) / 2) // 16)
    return None


def main():
    # `timeout` in .ci/run sends SIGTERM: leave through `finally`, which stops the server, bots and attackers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--map", default="Maps/world.tmj")
    ap.add_argument("--serve-arg", action="append", default=[], help="extra flag for `wirequest serve` (repeatable)")
    ap.add_argument("--rss-budget-mb", type=float, default=256)
    ap.add_argument("--p99-ms", type=float, default=100)
    ap.add_argument("--join-seconds", type=float, default=5)
    ap.add_argument("--bots", type=int, default=20)
    ap.add_argument("--quiet", type=float, default=5, help="seconds of baseline before each attack")
    ap.add_argument("--attack", type=float, default=15, help="seconds of each attack")
    ap.add_argument("--phases", default="idle,idle-spread,pipeline,flood,slow")
    ap.add_argument("--spread", type=int, default=50, help="addresses of idle-spread's connections")
    ap.add_argument("--idle-count", type=int, default=1000)
    ap.add_argument("--pipeline-conns", type=int, default=20)
    ap.add_argument("--pipeline-requests", type=int, default=20000)
    ap.add_argument("--flood-rate", type=int, default=5000)
    ap.add_argument("--slow-count", type=int, default=300)
    ap.add_argument("--slow-per-address", type=int, default=10)
    ap.add_argument("--slow-link", type=float, default=20, help="KB/s HonestB reads at (a phone); 0: no limit")
    ap.add_argument("--slow-who", type=int, default=256, help="ids per WHO of each slow reader (0: no WHO)")
    ap.add_argument("--slow-who-rate", type=float, default=4, help="WHOs a second of each slow reader")
    ap.add_argument("--slow-flood", type=int, default=1, help="1: the MOVE flood runs beside the slow readers")
    ap.add_argument("--slow-seconds", type=float, default=25, help="seconds of the slow-reader attack")
    ap.add_argument("--center", default="", help="X,Y where the honest players stand (default: the map's first"
                    " starting area, where everyone else appears too)")
    ap.add_argument("--out", default=os.path.join(REPO, ".build", "ci", "hostile"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    port = a.port or free_port()
    w, h, blocked = blocked_tiles(os.path.join(REPO, a.map))
    center = tuple(int(v) for v in a.center.split(",")) if a.center else start_center(os.path.join(REPO, a.map))
    homes = near_tiles(blocked, w, center or (71, 112), 8)
    if len(homes) < 8:
        raise SystemExit(f"too few walkable tiles around {center} for the honest players")
    phases = [p for p in a.phases.split(",") if p]
    t0, t0_wall = time.monotonic(), time.time()

    def say(text):
        print(f"[{time.monotonic() - t0:6.1f} s] {text}", flush=True)

    serve = [os.path.abspath(a.binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data", "none",
             "--admin-socket", "none", "--no-console", "--map", a.map, "--worlds", "1", "--players-per-world",
             "1000"] + a.serve_arg
    server_log = open(os.path.join(a.out, "server.log"), "w")
    server = subprocess.Popen(serve, cwd=REPO, stdin=subprocess.DEVNULL, stdout=server_log, stderr=subprocess.STDOUT)
    say("server: " + " ".join(serve[1:]))
    children, failures, rows = [], [], []
    honest = []
    bots = None
    monitor = Monitor(server.pid)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        if server.poll() is not None:
            print(open(os.path.join(a.out, "server.log")).read()[-3000:])
            print("hostile: FAIL (the server did not start)")
            return 1
        monitor.start()
        # The honest players first: alone in the world they are sure to share it (and its village).
        for i, name in enumerate(("HonestA", "HonestB")):
            p = Honest(name, port, f"127.0.0.{2 + i}", homes[i * 4:i * 4 + 4], say, a.slow_link * 1000 if i else 0)
            honest.append(p)
        for p in honest:
            p.join()
        for p in honest:
            p.peers = [q for q in honest if q is not p]
        for p in honest:
            p.walk_home()
        if not all(p.id for p in honest):
            print("hostile: FAIL (the honest players could not join)")
            return 1
        # The bots play until just after the last quiet window, so they end by themselves and write their summary.
        planned = 5 + sum(a.quiet + (a.slow_seconds if p == "slow" else a.attack) for p in phases) + a.quiet + 4
        bots = subprocess.Popen([os.path.abspath(a.binary), "bots", "--url", f"ws://127.0.0.1:{port}/", "--count",
                                 str(a.bots), "--duration", str(int(planned) + 1), "--ramp", "20", "--map", a.map,
                                 "--seed", "13", "--json", os.path.join(a.out, "bots.json")],
                                cwd=REPO, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.nice(5),
                                stdout=open(os.path.join(a.out, "bots.log"), "w"), stderr=subprocess.STDOUT)
        time.sleep(5)  # the honest players reach their tiles, the bots load the map and arrive
        stop_driving = threading.Event()

        def drive():
            """Each honest player: a MOVE every 250 ms (alternating A and B), a CHAT every 3 s."""
            k = 0
            nxt = time.monotonic()
            while not stop_driving.is_set():
                p = honest[k % 2]
                p.step(chat=(k % 24) in (0, 1))
                k += 1
                nxt += 0.125
                time.sleep(max(0.0, nxt - time.monotonic()))

        driver = threading.Thread(target=drive, daemon=True)
        driver.start()
        ids = ",".join(str(p.id) for p in honest)
        near = f"{homes[0][0]},{homes[0][1]}"
        windows = []  # (label, start, end, attack summaries, extra)

        def attack(kind, seconds, *extra):
            cmd = [sys.executable, os.path.join(HERE, "hostile_attacks.py"), kind, "--port", str(port), "--seconds",
                   str(seconds), *extra]
            # Niced: on CI's two cores the attacker stands in for a machine elsewhere, so it must not take the
            # server's or the honest players' CPU (it still sends all it can whenever a core is free).
            proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    preexec_fn=lambda: os.nice(10))
            children.append(proc)
            return proc

        for phase in phases:
            start = time.monotonic()
            say(f"quiet before {phase}")
            time.sleep(a.quiet)
            windows.append((f"quiet before {phase}", start, time.monotonic(), [], ""))
            start = time.monotonic()
            say(f"attack {phase}")
            extra = ""
            if phase in ("idle", "idle-spread"):
                spread = ["--spread", str(a.spread), "--burst", "100", "--open-rate", "200"] if phase != "idle" else []
                procs = [attack("idle", a.attack, "--count", str(a.idle_count), "--source", "127.0.0.1", *spread)]
                # The newcomer comes once the attacker could hold every connection it wants (spread: 100, then 200/s).
                time.sleep(3 if not spread else min(a.attack - a.join_seconds, 1.5 + (a.idle_count - 100) / 200))
                took, detail = try_join(port, "127.0.0.4", "Newcomer", a.join_seconds)
                extra = f"newcomer: {'in after %.2f s' % took if took is not None else 'kept out'} ({detail})"
                say(extra)
                if took is None:
                    failures.append(f"the newcomer was kept out for {a.join_seconds:g} s during {phase} ({detail})")
            elif phase == "pipeline":
                procs = [attack("pipeline", a.attack, "--conns", str(a.pipeline_conns), "--requests",
                                str(a.pipeline_requests), "--source", "127.0.0.6")]
            elif phase == "flood":
                procs = [attack("flood", a.attack, "--rate", str(a.flood_rate), "--near", near, "--map", a.map,
                                "--source", "127.0.0.5")]
            elif phase == "slow":
                procs = [attack("slow", a.slow_seconds, "--count", str(a.slow_count), "--per-address",
                                str(a.slow_per_address), "--who-ids", ids if a.slow_who else "", "--who-count",
                                str(a.slow_who), "--who-rate", str(a.slow_who_rate))]
                if a.slow_flood:
                    procs.append(attack("flood", a.slow_seconds, "--rate", str(a.flood_rate), "--near", near, "--map",
                                        a.map, "--source", "127.0.0.5"))
            else:
                raise SystemExit(f"unknown phase {phase}")
            summaries = []
            for proc in procs:
                try:
                    out, err = proc.communicate(timeout=a.attack + 30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    out, err = proc.communicate()
                line = out.strip().splitlines()[-1] if out.strip() else ""
                try:
                    summaries.append(json.loads(line))
                except ValueError:
                    summaries.append({"error": (err or out).strip()[-300:]})
            if proc.returncode:
                say(f"attacker {phase} exited {proc.returncode}: {err.strip()[-300:]}")
            windows.append((phase, start, time.monotonic(), summaries, extra))
        start = time.monotonic()
        say("quiet after the attacks")
        time.sleep(a.quiet)
        windows.append(("quiet after", start, time.monotonic(), [], ""))
        stop_driving.set()
        driver.join(2)
        time.sleep(1.0)  # the last broadcasts arrive
        alive = server.poll() is None
        try:
            bots.wait(15)
        except subprocess.TimeoutExpired:
            say("the bots did not end in time")
        monitor.stop.set()
        monitor.join(1)
        for p in honest:
            p.finish()

        # -------------------------------------------------------------------------------------------------------
        print()
        print(f"{'phase':<22} {'latency p50/p99/max ms':>24} {'p99 to A/B':>15} {'n':>5} {'late':>4} {'disc':>4}"
              f" {'peak RSS MB':>11} {'CPU %':>6} {'log':>5}  attack")
        samples = [s for p in honest for s in p.samples]
        logged = log_times(os.path.join(a.out, "server.log"), t0_wall, t0)
        peak_all = 0
        for label, start, end, summaries, extra in windows:
            lat = [ms for (t, ms, _) in samples if start <= t < end]
            lost = sum(1 for (t, ms, _) in samples if start <= t < end and ms >= LOST_MS)
            disc = sum(1 for p in honest for t in p.disconnects if start <= t < end)
            lines = sum(1 for t in logged if start <= t < end)
            mon = [s for s in monitor.samples if start <= s[0] <= end]
            peak = max((s[1] for s in mon), default=0) / 1024
            peak_all = max(peak_all, peak)
            cpu = (100.0 * (mon[-1][2] - mon[0][2]) / os.sysconf("SC_CLK_TCK") / (mon[-1][0] - mon[0][0])
                   if len(mon) > 1 and mon[-1][0] > mon[0][0] else 0.0)
            p50, p99, mx = percentile(lat, 0.5), percentile(lat, 0.99), max(lat) if lat else None
            fmt = (lambda v: "-" if v is None else f"{v:.1f}")
            # Per receiver: B reads through a slow link, so its column shows what queues up for it.
            each = [percentile([ms for (t, ms, _) in p.samples if start <= t < end], 0.99) for p in honest]
            what = "; ".join(json.dumps(s, separators=(",", ":")) for s in summaries) + (" " + extra if extra else "")
            p99s = "/".join(fmt(v) for v in each)
            print(f"{label:<22} {fmt(p50) + ' / ' + fmt(p99) + ' / ' + fmt(mx):>24} {p99s:>15}"
                  f" {len(lat):>5} {lost:>4} {disc:>4} {peak:>11.1f} {cpu:>6.0f} {lines:>5}  {what}")
            rows.append({"phase": label, "p50": p50, "p99": p99, "max": mx, "p99ByReceiver": each, "samples": len(lat),
                         "lost": lost, "disconnects": disc, "peakRSSMB": round(peak, 1), "cpuPercent": round(cpu),
                         "logLines": lines, "attack": summaries, "note": extra})
            if not lat:
                failures.append(f"{label}: no latency samples")
            elif p99 > a.p99_ms:
                failures.append(f"{label}: latency p99 {p99:.0f} ms > {a.p99_ms:g} ms"
                                f"{f' ({lost} 10 s late or never delivered)' if lost else ''}")
            if disc:
                failures.append(f"{label}: {disc} honest disconnect(s)")
        for p in honest:
            for t, why in zip(p.disconnects, p.disconnect_reasons):
                print(f"  {p.name} disconnected at {t - t0:.1f} s: {why}")
        if peak_all > a.rss_budget_mb:
            failures.append(f"peak RSS {peak_all:.0f} MB > budget {a.rss_budget_mb:g} MB")
        if not alive:
            failures.append(f"the server died (exit {server.returncode})")
        try:
            with open(os.path.join(a.out, "bots.json")) as f:
                b = json.load(f)
            print(f"bots ({b['bots']}, not checked): peak connected {b['peakConnected']}, at the end"
                  f" {b['connectedAtEnd']}, disconnects {b['disconnects']}, refusals {b['refusals']}, errors"
                  f" {b['errors']}, latency p99 {b['latencyP99Microseconds'] / 1000:.1f} ms")
        except (OSError, ValueError):
            pass
        with open(os.path.join(a.out, "hostile.json"), "w") as f:
            json.dump({"phases": rows, "failures": failures, "peakRSSMB": round(peak_all, 1)}, f, indent=1)
        print()
        print("hostile: PASS" if not failures else "hostile: FAIL (" + "; ".join(failures) + ")", flush=True)
        return 1 if failures else 0
    finally:
        for p in honest:
            p.closing = True  # the shutdown's 1001 is not a disconnect to report
        for proc in children:
            if proc.poll() is None:
                proc.kill()
        if bots and bots.poll() is None:
            bots.terminate()
            try:
                bots.wait(5)
            except subprocess.TimeoutExpired:
                bots.kill()
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(8)
            except subprocess.TimeoutExpired:
                server.kill()
        for p in honest:
            p.close()


if __name__ == "__main__":
    sys.exit(main())
