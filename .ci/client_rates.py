#!/usr/bin/env python3
"""How hard does our browser client play? Messages per second by type, to size the server's rate limits.

    .venv-selenium/bin/python .ci/client_rates.py .build/release/wirequest [--port N] [--seconds 15] [--json F]

Starts `wirequest serve --data none`, opens the client in headless Chromium, wraps WebSocket.prototype.send so
every client->server message is timestamped with its code, and plays each scenario from a script inside the page
(so Selenium's round trips do not slow it down): frantic clicking (10 clicks/s), holding arrow keys, fighting the
nearest mobs, clicking the nearest mob 10 times a second, chatting every second, long walks across zones, and all of them mixed. Prints, per scenario and
message type, the peak count in any 1 s window and the highest average over any 10 s window. Not a CI step: run it
when the client changes how it talks.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_e2e import browser, free_port, join, js, wait_for  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = {0: "HELLO", 4: "MOVE", 5: "LOOTMOVE", 6: "AGGRO", 7: "ATTACK", 8: "HIT", 9: "HURT", 11: "CHAT", 12: "LOOT",
         15: "TELEPORT", 20: "WHO", 21: "ZONE", 25: "OPEN", 26: "CHECK", 27: "LOGIN", 28: "PASSWORD"}

RECORD = """
if (!window.__rates) {
    window.__rates = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        try { const m = JSON.parse(String(data)); window.__rates.push([performance.now(), m[0], m.length]); } catch (e) {}
        return send.call(this, data);
    };
}"""

# Each scenario is a page script started with arguments[0] = seconds; it stops itself.
SCENARIOS = {
    "click": """
        const end = performance.now() + arguments[0] * 1000;
        const t = setInterval(() => {
            if (performance.now() > end) return clearInterval(t);
            const p = window.__wq.player; if (!p) return;
            for (let i = 0; i < 8; i++)
                if (window.__wq.clickTile(p.x + Math.floor(Math.random() * 15) - 7, p.y + Math.floor(Math.random() * 11) - 5)) break;
        }, 100);""",
    "keys": """
        const end = performance.now() + arguments[0] * 1000;
        const dirs = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
        let held = null;
        const t = setInterval(() => {
            if (held) window.dispatchEvent(new KeyboardEvent('keyup', { key: held }));
            if (performance.now() > end) return clearInterval(t);
            held = dirs[Math.floor(Math.random() * 4)];
            window.dispatchEvent(new KeyboardEvent('keydown', { key: held }));
        }, 1500);""",
    "fight": """
        const end = performance.now() + arguments[0] * 1000;
        const t = setInterval(() => {
            if (performance.now() > end) return clearInterval(t);
            const p = window.__wq.player; if (!p || p.target != null) return;
            const mobs = window.__wq.entities().filter((e) => e.kind >= 2 && e.kind <= 14);
            mobs.sort((a, b) => Math.abs(a.x - p.x) + Math.abs(a.y - p.y) - Math.abs(b.x - p.x) - Math.abs(b.y - p.y));
            if (mobs.length) window.__wq.attack(mobs[0].id);
        }, 100);""",
    "mobclick": """
        const end = performance.now() + arguments[0] * 1000;
        const t = setInterval(() => {
            if (performance.now() > end) return clearInterval(t);
            const p = window.__wq.player; if (!p) return;
            const mobs = window.__wq.entities().filter((e) => e.kind >= 2 && e.kind <= 14);
            mobs.sort((a, b) => Math.abs(a.x - p.x) + Math.abs(a.y - p.y) - Math.abs(b.x - p.x) - Math.abs(b.y - p.y));
            if (mobs.length) window.__wq.clickTile(mobs[0].x, mobs[0].y);
        }, 100);""",
    "chat": """
        const end = performance.now() + arguments[0] * 1000;
        let n = 0;
        const t = setInterval(() => {
            if (performance.now() > end) return clearInterval(t);
            document.getElementById('chat-button').click();
            document.getElementById('chat-input').value = 'line ' + (n++);
            document.getElementById('chat-form').requestSubmit();
        }, 1000);""",
    "explore": """
        const end = performance.now() + arguments[0] * 1000;
        let dir = 0;
        const t = setInterval(() => {
            if (performance.now() > end) return clearInterval(t);
            const p = window.__wq.player; if (!p) return;
            for (let i = 0; i < 20; i++) {
                const d = [[1, 0], [0, 1], [-1, 0], [0, -1]][(dir + i) % 4], r = 14 + Math.floor(Math.random() * 12);
                if (window.__wq.clickTile(p.x + d[0] * r + Math.floor(Math.random() * 5) - 2, p.y + d[1] * r)) { dir = (dir + i + 1) % 4; break; }
            }
        }, 2500);""",
}
SCENARIOS["mixed"] = "\n".join("(function () {%s}).apply(null, arguments);" % s for s in SCENARIOS.values())


def rates(events, start, end):
    """{code: (peak in a 1 s window, highest 10 s average)} over events (t ms, code) in [start, end)."""
    out = {}
    for code in sorted({c for t, c in events if start <= t < end}):
        ts = [t for t, c in events if c == code and start <= t < end]
        peak1 = max(sum(1 for u in ts if t <= u < t + 1000) for t in ts)
        span = min(10000.0, end - start)
        peak10 = max(sum(1 for u in ts if t <= u < t + span) for t in ts) / (span / 1000)
        out[code] = (peak1, round(peak10, 2))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--json")
    ap.add_argument("--only", nargs="*", help="scenarios to play (default: all)")
    args = ap.parse_args()
    port = args.port or free_port()
    log = open("/tmp/client_rates_server.log", "w")
    server = subprocess.Popen([os.path.abspath(args.binary), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--data", "none", "--admin-socket", "none", "--no-console"],
                              cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    d = None
    try:
        time.sleep(1.0)
        d = browser()
        d.set_script_timeout(30)
        base = f"http://127.0.0.1:{port}"
        d.get(base + "/")
        js(d, RECORD)
        if not join(d, base, "rater"):
            print("could not join", file=sys.stderr)
            return 1
        js(d, RECORD)
        results = {}
        for name, script in SCENARIOS.items():
            if args.only and name not in args.only:
                continue
            seconds = args.seconds * (2 if name == "mixed" else 1)
            t0 = js(d, "return performance.now();")
            js(d, script, seconds)
            time.sleep(seconds + 1.5)
            js(d, "for (const k of ['ArrowLeft','ArrowRight','ArrowUp','ArrowDown'])"
                  " window.dispatchEvent(new KeyboardEvent('keyup', { key: k }));")
            t1 = js(d, "return performance.now();")
            if js(d, "return window.__wq.state;") != "playing":  # died: revive for the next scenario
                js(d, "const b = document.getElementById('revive-button'); if (b) b.click();")
                wait_for(lambda: js(d, "return window.__wq.state;") == "playing", 5)
            closed = js(d, "return window.__wq.lastClose;")
            if closed:  # the server's rate limits must never close an honest client
                print(f"{name}: the connection was closed: {closed}", flush=True)
            events = [(t, c) for t, c, _ in js(d, "return window.__rates;")]
            results[name] = rates(events, t0, t1)
            whos = [n for t, c, n in js(d, "return window.__rates;") if c == 20 and t0 <= t < t1]
            print(f"{name} ({seconds:.0f} s):", ", ".join(f"{NAMES.get(c, c)} peak {p}/s sustained {s}/s"
                                                         for c, (p, s) in results[name].items()),
                  f"(WHO sizes {min(whos) - 1}..{max(whos) - 1} ids)" if whos else "", flush=True)
        if args.json:
            with open(args.json, "w") as f:
                json.dump({k: {NAMES.get(c, str(c)): v for c, v in r.items()} for k, r in results.items()}, f, indent=1)
        return 0
    finally:
        if d:
            d.quit()
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
